"""Taking quizzes: start one, answer a question per page, see feedback and results."""

from edu.web.quiz.routes import bp

__all__ = ["bp"]
