"""People who use Agora: learners (guests now, pupils and self-study learners) and users."""

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.models.base import Base, created_now


def new_public_id() -> str:
    return uuid.uuid4().hex


class Learner(Base):
    """A learner. `kind`: how they are known (a guest session now; accounts and pupils later)."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    kind: Mapped[str] = mapped_column(String(16), default="guest")
    display_name: Mapped[str | None] = mapped_column(String(80))
    # How many facts met in quizzes may enter the review queue each day.
    new_per_day: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    created_at: Mapped[dt.datetime] = created_now()
    last_seen_at: Mapped[dt.datetime] = created_now()


class User(Base):
    """Someone who signs in with a username and a password: a teacher or a self-study learner.

    Pupils never need one: they join a class with its code and a first name.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)  # stored casefolded
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))  # teacher | learner | admin
    # A self-study learner's record of quizzes and debates (a guest's, kept on sign-up).
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[dt.datetime] = created_now()
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    learner: Mapped[Learner | None] = relationship()
