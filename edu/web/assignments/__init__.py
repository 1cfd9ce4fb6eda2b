"""Set work: teachers assign quizzes, debates and reviews to a class and follow them in a
gradebook."""

from edu.web.assignments import forgetting  # noqa: F401  (its routes, on the same blueprint)
from edu.web.assignments.routes import bp

__all__ = ["bp"]
