"""SQLAlchemy 2.0 typed models, one module per area."""

from edu.models.base import Base
from edu.models.content import Argument, Article, Fact, Question, Theme, article_themes
from edu.models.people import Learner
from edu.models.quiz import Attempt, Item, ItemVersion, Response

__all__ = [
    "Argument",
    "Article",
    "Attempt",
    "Base",
    "Fact",
    "Item",
    "ItemVersion",
    "Learner",
    "Question",
    "Response",
    "Theme",
    "article_themes",
]
