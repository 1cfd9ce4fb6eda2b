"""SQLAlchemy 2.0 typed models, one module per area."""

from edu.models.assignments import Assignment, Extension, ScoreOverride
from edu.models.audit import AuditEvent
from edu.models.base import Base, index_foreign_keys
from edu.models.classes import Pupil, SchoolClass
from edu.models.content import Argument, Article, Fact, Question, Theme, article_themes
from edu.models.debate import Contribution, Debate, Participant, RubricScore
from edu.models.drafts import ArticleDraft
from edu.models.people import Learner, User
from edu.models.quiz import Attempt, Item, ItemVersion, Response
from edu.models.recall import ReviewCard, ReviewLog
from edu.models.sessions import WebSession

index_foreign_keys(Base.metadata)  # once every table is defined

__all__ = [
    "Argument",
    "Article",
    "ArticleDraft",
    "Assignment",
    "Attempt",
    "AuditEvent",
    "Base",
    "Contribution",
    "Debate",
    "Extension",
    "Fact",
    "Item",
    "ItemVersion",
    "Learner",
    "Participant",
    "Pupil",
    "Question",
    "Response",
    "ReviewCard",
    "ReviewLog",
    "RubricScore",
    "SchoolClass",
    "ScoreOverride",
    "Theme",
    "User",
    "WebSession",
    "article_themes",
]
