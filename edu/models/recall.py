"""Spaced repetition: a learner's card for each fact they met, and the log of its reviews."""

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.models.base import Base, created_now
from edu.models.content import Fact
from edu.models.quiz import Item


class ReviewCard(Base):
    """What the scheduler knows of one learner's memory of one fact.

    A card is for a fact (every item generated from it asks it), or, for an item that rests on
    no fact (hand-written or imported), for that item alone: exactly one of the two is set.
    """

    __tablename__ = "review_cards"
    __table_args__ = (
        UniqueConstraint("learner_id", "fact_id"),
        UniqueConstraint("learner_id", "item_id"),
        CheckConstraint("(fact_id IS NULL) <> (item_id IS NULL)", name="fact_or_item"),
        Index("ix_review_cards_learner_id_due", "learner_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    phase: Mapped[int] = mapped_column(SmallInteger)  # fsrs State: learning, review, relearning
    step: Mapped[int | None] = mapped_column(SmallInteger)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_review: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)  # forgotten after the first answer
    # When the review queue first asked it; None: met in quizzes only, new to the queue.
    queued_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_now()

    fact: Mapped[Fact | None] = relationship()
    item: Mapped[Item | None] = relationship()


class ReviewLog(Base):
    """One answer that moved a card: its rating and the date it set, to replay or audit."""

    __tablename__ = "review_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("review_cards.id", ondelete="CASCADE"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    # The item that asked it, so that the next review asks with another.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    rating: Mapped[int] = mapped_column(SmallInteger)  # fsrs Rating: 1 again … 4 easy
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    due_after: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    duration_ms: Mapped[int | None] = mapped_column(Integer)

    card: Mapped[ReviewCard] = relationship()
