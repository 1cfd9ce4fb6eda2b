"""Classes: teachers create them and share a code; pupils join with it and a first name."""

from edu.web.classes import pupils  # noqa: F401  (its views are on bp)
from edu.web.classes.routes import bp

__all__ = ["bp"]
