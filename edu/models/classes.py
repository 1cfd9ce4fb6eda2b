"""Classes: a teacher's group of pupils, who join with a code and a first name, never an e-mail."""

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.accounts.names import name_sort_key
from edu.models.base import Base, created_now
from edu.models.debate import CODE_ALPHABET
from edu.models.people import Learner, User, new_public_id

if TYPE_CHECKING:  # assignments.py imports this module
    from edu.models.assignments import Assignment


def new_class_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def new_pin() -> str:
    return f"{secrets.randbelow(10_000):04d}"


class SchoolClass(Base):
    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(80))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    join_code: Mapped[str] = mapped_column(String(8), unique=True, default=new_class_code)
    code_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_now()

    teacher: Mapped[User] = relationship()
    pupils: Mapped[list["Pupil"]] = relationship(
        back_populates="school_class", order_by="Pupil.first_name", cascade="all, delete-orphan"
    )
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="school_class",
        order_by="Assignment.created_at.desc(), Assignment.id.desc()",
        cascade="all, delete-orphan",
    )

    @property
    def pupils_by_name(self) -> list["Pupil"]:
        """The pupils as people read a list: accents folded, "Élève2" before "Élève10"."""
        return sorted(self.pupils, key=lambda pupil: name_sort_key(pupil.display_name))


class Pupil(Base):
    """A pupil of a class: a first name and a short PIN that brings them back to their work.

    The PIN is kept readable so that the teacher can print login cards; it only opens this
    pupil's own work, and join attempts are rate-limited.
    """

    __tablename__ = "pupils"
    __table_args__ = (UniqueConstraint("class_id", "name_key", "initial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), unique=True
    )
    first_name: Mapped[str] = mapped_column(String(40))
    # Folded (case, accents, spaces), so that "zoe" finds "Zoé" again.
    name_key: Mapped[str] = mapped_column(String(40))
    # Tells apart two pupils of one class who share a first name ("Zoé B."); the teacher edits it.
    initial: Mapped[str] = mapped_column(String(8), default="", server_default="")
    pin: Mapped[str] = mapped_column(String(4), default=new_pin)
    # Wrong PINs in a row, whatever the address; enough of them lock the name for a while.
    wrong_pins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_now()

    school_class: Mapped[SchoolClass] = relationship(back_populates="pupils")
    learner: Mapped[Learner] = relationship()

    @property
    def display_name(self) -> str:
        """The name shown everywhere: the first name, and the initial when there is one."""
        return f"{self.first_name} {self.initial}" if self.initial else self.first_name
