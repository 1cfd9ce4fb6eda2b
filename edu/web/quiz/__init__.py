"""Taking quizzes: start one, answer a question per page, see feedback and results."""

from edu.web.quiz import worksheet  # noqa: F401  (its routes, on the same blueprint)
from edu.web.quiz.routes import bp

__all__ = ["bp"]
