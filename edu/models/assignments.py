"""Work a teacher sets a class: a quiz on an article or a debate on a question, maybe due."""

import datetime as dt

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.models.base import Base, created_now
from edu.models.classes import Pupil, SchoolClass
from edu.models.content import Article, Fact, Question
from edu.models.people import User, new_public_id

# The facts a review set as work asks (each pupil gets an item of each).
assignment_facts = Table(
    "assignment_facts",
    Base.metadata,
    Column("assignment_id", ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True),
    Column("fact_id", ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True),
)


class Assignment(Base):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # quiz | debate | review (of chosen facts)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    max_attempts: Mapped[int | None] = mapped_column(Integer)  # quizzes; empty: no limit
    feedback: Mapped[str] = mapped_column(String(8), default="each")  # each | end
    # Set when the teacher closes the work before (or without) a due date; reopening clears it.
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_now()

    school_class: Mapped[SchoolClass] = relationship(back_populates="assignments")
    article: Mapped[Article | None] = relationship()
    question: Mapped[Question | None] = relationship()
    facts: Mapped[list[Fact]] = relationship(secondary=assignment_facts, order_by=Fact.id)
    extensions: Mapped[list["Extension"]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )
    overrides: Mapped[list["ScoreOverride"]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )

    @property
    def graded_like_quiz(self) -> bool:
        """A quiz, or a review of chosen facts: attempts, a score, a limit on attempts."""
        return self.kind in {"quiz", "review"}


class Extension(Base):
    """One pupil's own, later due date for one piece of set work."""

    __tablename__ = "assignment_extensions"
    __table_args__ = (UniqueConstraint("assignment_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_now()

    assignment: Mapped[Assignment] = relationship(back_populates="extensions")
    pupil: Mapped[Pupil] = relationship()
    granted_by: Mapped[User | None] = relationship()


class ScoreOverride(Base):
    """The teacher's score for one pupil's work, with why; the computed score is kept beside it."""

    __tablename__ = "score_overrides"
    __table_args__ = (UniqueConstraint("assignment_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)  # 0..1
    comment: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[dt.datetime] = created_now()

    assignment: Mapped[Assignment] = relationship(back_populates="overrides")
    pupil: Mapped[Pupil] = relationship()
    set_by: Mapped[User | None] = relationship()
