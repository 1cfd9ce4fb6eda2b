"""Administration: the audit log, for administrators only."""

from edu.web.admin.routes import bp

__all__ = ["bp"]
