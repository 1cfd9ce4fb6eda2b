"""How the app speaks and helps, remembered in the session: language, display, word bank."""

from edu.web.preferences.routes import bp

__all__ = ["bp"]
