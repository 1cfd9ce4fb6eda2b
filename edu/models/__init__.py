"""SQLAlchemy 2.0 typed models, one module per area."""

from edu.models.base import Base
from edu.models.content import Argument, Article, Fact, Question, Theme, article_themes

__all__ = ["Argument", "Article", "Base", "Fact", "Question", "Theme", "article_themes"]
