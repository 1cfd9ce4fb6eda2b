"""Quiz items (versioned), attempts and responses: what each learner answered, and its credit."""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.models.base import Base, created_now
from edu.models.content import Article, Theme
from edu.models.people import Learner, new_public_id


class Item(Base):
    """A quiz item, known by its stable key `article/source/type`; its content lives in versions."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16), default="generated")  # generated | authored
    status: Mapped[str] = mapped_column(
        String(16), default="published"
    )  # draft | published | rejected
    # The fact or question it comes from (slugs within the article), for evidence and selection.
    source: Mapped[str] = mapped_column(String(100))

    article: Mapped[Article] = relationship()
    versions: Mapped[list["ItemVersion"]] = relationship(
        back_populates="item", order_by="ItemVersion.number", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> "ItemVersion":
        return self.versions[-1]


class ItemVersion(Base):
    """One wording of an item. Responses point here, so editing an item never rewrites results."""

    __tablename__ = "item_versions"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    generator_version: Mapped[int | None] = mapped_column(Integer)
    prompt: Mapped[dict[str, str]] = mapped_column(JSON)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    facts: Mapped[list[str]] = mapped_column(JSON)  # slugs of the facts it rests on
    created_at: Mapped[dt.datetime] = created_now()

    item: Mapped[Item] = relationship(back_populates="versions")


class Attempt(Base):
    """One learner taking one quiz: the drawn items are fixed at the start, so reloads agree."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    # Set when the quiz was set by a teacher; free practice has none and is not graded.
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    # quiz: an article's or a theme's; review: due facts from the review queue; mistakes: the
    # facts just missed in another attempt, practised at once.
    kind: Mapped[str] = mapped_column(String(8), default="quiz", server_default="quiz")
    seed: Mapped[int] = mapped_column(Integer)
    feedback: Mapped[str] = mapped_column(String(8), default="each")  # each | end
    plan: Mapped[list[int]] = mapped_column(JSON)  # item version ids, in the order shown
    started_at: Mapped[dt.datetime] = created_now()
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    score: Mapped[float | None] = mapped_column(Float)  # 0..1, set when finished

    learner: Mapped[Learner] = relationship()
    article: Mapped[Article | None] = relationship()
    theme: Mapped[Theme | None] = relationship()
    responses: Mapped[list["Response"]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan"
    )


class Response(Base):
    """One answer, kept as given; one per question of an attempt (a replay changes nothing)."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 1-based place in the attempt's plan
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"))
    answer: Mapped[Any] = mapped_column(JSON)  # exactly what the learner submitted
    locale: Mapped[str] = mapped_column(String(5))
    credit: Mapped[float] = mapped_column(Float)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    time_taken_ms: Mapped[int | None] = mapped_column(Integer)
    # The learner's "I was sure" (True), if they said so: a right answer then counts as easy.
    sure: Mapped[bool | None] = mapped_column(Boolean)
    answered_at: Mapped[dt.datetime] = created_now()

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    item_version: Mapped[ItemVersion] = relationship()
