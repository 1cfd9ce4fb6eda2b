"""Structured debates: practise alone or with a group, phase by phase, then vote and score."""

from edu.web.debate.routes import bp

__all__ = ["bp"]
