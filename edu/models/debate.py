"""Debates held on a discussion question: participants, their contributions, votes and scores."""

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.models.base import Base, created_now
from edu.models.content import Question
from edu.models.people import Learner, new_public_id

if TYPE_CHECKING:  # assignments.py imports this module
    from edu.models.assignments import Assignment

# Join codes avoid characters that are easy to misread on a board: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class Debate(Base):
    """One debate of a question: practised alone, or held by a group that joins with a code.

    A debate a teacher sets a class has no host learner: the class's teacher scores it.
    Otherwise whoever opened a group debate is its host and scores it.
    """

    __tablename__ = "debates"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    code: Mapped[str] = mapped_column(String(8), unique=True, default=new_join_code)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(8))  # solo | group
    # Whoever opened it; kept empty when that learner's data is deleted, so the others' work stays.
    host_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))
    language_class: Mapped[bool] = mapped_column(Boolean, default=False)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[dt.datetime] = created_now()

    question: Mapped[Question] = relationship()
    host: Mapped[Learner | None] = relationship()
    assignment: Mapped["Assignment | None"] = relationship()
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="debate", order_by="Participant.id", cascade="all, delete-orphan"
    )


class Participant(Base):
    __tablename__ = "debate_participants"
    __table_args__ = (UniqueConstraint("debate_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(8))  # for | against
    first_vote: Mapped[str] = mapped_column(String(8))  # the motion, before arguing
    final_vote: Mapped[str | None] = mapped_column(String(8))  # after the closing statement
    # The classmate this participant found most convincing (peer vote, group debates).
    convincing_id: Mapped[int | None] = mapped_column(
        ForeignKey("debate_participants.id", ondelete="SET NULL")
    )
    joined_at: Mapped[dt.datetime] = created_now()

    debate: Mapped[Debate] = relationship(back_populates="participants")
    learner: Mapped[Learner] = relationship()
    contributions: Mapped[list["Contribution"]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )
    scores: Mapped[list["RubricScore"]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )


class Contribution(Base):
    """What a participant wrote for one phase: a draft until submitted, then fixed."""

    __tablename__ = "debate_contributions"
    __table_args__ = (UniqueConstraint("participant_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("debate_participants.id", ondelete="CASCADE")
    )
    phase: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    cited: Mapped[list[str]] = mapped_column(JSON, default=list)  # evidence card (fact) ids
    # The opposing argument a rebuttal answers: "contribution:<id>" or a model argument id.
    target: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2))
    words: Mapped[int] = mapped_column(Integer, default=0)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = created_now()

    participant: Mapped[Participant] = relationship(back_populates="contributions")


class RubricScore(Base):
    """One scorer's level for one participant on one rubric criterion, with who and when."""

    __tablename__ = "debate_scores"
    __table_args__ = (UniqueConstraint("participant_id", "scorer_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("debate_participants.id", ondelete="CASCADE")
    )
    # A learner scores (a host, or themself), or the class's teacher does.
    scorer_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    scorer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(8))  # host (or teacher) | self
    criterion: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    # A scorer's row with some criteria still unset: kept, but not counted until complete.
    draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    scored_at: Mapped[dt.datetime] = created_now()

    participant: Mapped[Participant] = relationship(back_populates="scores")
    scorer: Mapped[Learner | None] = relationship()
