"""Sign up, sign in and sign out: teachers and self-study learners, with a password."""

from edu.web.accounts.routes import bp

__all__ = ["bp"]
