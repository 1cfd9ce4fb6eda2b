"""Classes in the database: create them, share and renew their code, let pupils join."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from edu.models import Learner, Pupil, SchoolClass, User
from edu.models.classes import new_class_code


def create_class(session: Session, teacher: User, name: str) -> SchoolClass:
    school_class = SchoolClass(name=name.strip(), teacher=teacher)
    session.add(school_class)
    session.commit()
    return school_class


def teacher_classes(session: Session, teacher: User) -> list[SchoolClass]:
    return list(
        session.scalars(
            select(SchoolClass)
            .where(SchoolClass.teacher_id == teacher.id)
            .options(selectinload(SchoolClass.pupils))
            .order_by(SchoolClass.name)
        )
    )


def teacher_class(session: Session, teacher: User, public_id: str) -> SchoolClass | None:
    """The class, only if it is this teacher's: any other teacher gets nothing."""
    return session.scalar(
        select(SchoolClass)
        .where(SchoolClass.public_id == public_id, SchoolClass.teacher_id == teacher.id)
        .options(selectinload(SchoolClass.pupils))
    )


def renew_code(session: Session, school_class: SchoolClass, days: int | None) -> None:
    """A new join code (the old one stops working), valid for `days` or until renewed."""
    school_class.join_code = new_class_code()
    school_class.code_expires_at = (
        dt.datetime.now(dt.UTC) + dt.timedelta(days=days) if days else None
    )
    session.commit()


def class_by_code(session: Session, code: str) -> SchoolClass | None:
    """The class a code opens, if the code exists and has not expired."""
    code = "".join(code.split()).upper()[:8]
    school_class = session.scalar(select(SchoolClass).where(SchoolClass.join_code == code))
    if school_class is None:
        return None
    expires = school_class.code_expires_at
    if expires is not None:
        expires = expires if expires.tzinfo else expires.replace(tzinfo=dt.UTC)
        if expires < dt.datetime.now(dt.UTC):
            return None
    return school_class


def name_key(first_name: str) -> str:
    return " ".join(first_name.split()).casefold()


def add_pupil(session: Session, school_class: SchoolClass, first_name: str) -> Pupil | None:
    """A new pupil with a new PIN, or None when the class already has this first name."""
    first_name = " ".join(first_name.split())
    pupil = Pupil(
        school_class=school_class,
        learner=Learner(kind="pupil", display_name=first_name),
        first_name=first_name,
        name_key=name_key(first_name),
    )
    session.add(pupil)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return pupil


@dataclass(frozen=True)
class Joined:
    pupil: Pupil | None
    new: bool = False  # a new pupil: show them their PIN
    problem: str | None = None  # "pin-needed" | "wrong-pin"


def join(session: Session, school_class: SchoolClass, first_name: str, pin: str) -> Joined:
    """A first name new to the class joins it; a known one comes back with its PIN."""
    existing = session.scalar(
        select(Pupil).where(
            Pupil.class_id == school_class.id, Pupil.name_key == name_key(first_name)
        )
    )
    if existing is None:
        pupil = add_pupil(session, school_class, first_name)
        return Joined(pupil, new=True) if pupil else Joined(None, problem="pin-needed")
    if not pin:
        return Joined(None, problem="pin-needed")
    if pin.strip() != existing.pin:
        return Joined(None, problem="wrong-pin")
    existing.learner.last_seen_at = dt.datetime.now(dt.UTC)  # coming back counts as activity
    session.commit()
    return Joined(existing)
