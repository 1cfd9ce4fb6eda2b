"""Authoring tools for teachers: the article editor, content packs and Moodle GIFT files."""

from edu.web.authoring import draft_routes  # noqa: F401  (its routes join the blueprint)
from edu.web.authoring.routes import bp

__all__ = ["bp"]
