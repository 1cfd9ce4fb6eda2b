"""The interface language and the content display mode, remembered in the session."""

from edu.web.preferences.routes import bp

__all__ = ["bp"]
