"""Set work: teachers assign quizzes and debates to a class and follow them in a gradebook."""

from edu.web.assignments.routes import bp

__all__ = ["bp"]
