"""The review queue's pages: what is due, a session of it, and the learner's pace."""

from edu.web.recall.routes import bp

__all__ = ["bp"]
