"""Classes in the database: create them, share and renew their code, let pupils join."""

import datetime as dt
import hmac
from dataclasses import dataclass

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from edu.accounts import pin_lock
from edu.accounts.names import clean_name, fold_name
from edu.models import Learner, Pupil, SchoolClass, User
from edu.models.classes import new_class_code, new_pin
from edu.services import web_sessions


def create_class(session: Session, teacher: User, name: str) -> SchoolClass | None:
    """A new class, or None when its name has nothing visible in it."""
    name = clean_name(name)
    if not name:
        return None
    school_class = SchoolClass(name=name, teacher=teacher)
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
    return fold_name(first_name)


def add_pupil(session: Session, school_class: SchoolClass, first_name: str) -> Pupil | None:
    """A new pupil with a new PIN, or None when the class already has this first name (or
    the name has nothing visible in it)."""
    first_name = clean_name(first_name)
    if not first_name:
        return None
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
    # "empty-name" | "pin-needed" | "wrong-pin" | "locked" (the name just locked, or still is)
    problem: str | None = None
    known: Pupil | None = None  # the pupil a wrong PIN or a lock was about, for the audit log


def join(
    session: Session,
    school_class: SchoolClass,
    first_name: str,
    pin: str,
    now: dt.datetime | None = None,
) -> Joined:
    """A first name new to the class joins it; a known one comes back with its PIN. Wrong PINs
    count against the name, whoever types them: enough of them lock it for a while."""
    now = now or dt.datetime.now(dt.UTC)
    if not clean_name(first_name):
        return Joined(None, problem="empty-name")
    existing = session.scalar(
        select(Pupil).where(
            Pupil.class_id == school_class.id, Pupil.name_key == name_key(first_name)
        )
    )
    if existing is None:
        pupil = add_pupil(session, school_class, first_name)
        return Joined(pupil, new=True) if pupil else Joined(None, problem="pin-needed")
    if pin_lock.is_locked(existing.locked_until, now):
        return Joined(None, problem="locked", known=existing)
    if not pin:
        return Joined(None, problem="pin-needed")
    # One statement each way, on a name not locked right now: guesses sent at the same moment
    # from many computers each count, and none slips past a lock another one just set.
    not_locked = (Pupil.id == existing.id) & (
        Pupil.locked_until.is_(None) | (Pupil.locked_until <= now)
    )
    if not hmac.compare_digest(pin.strip().encode(), existing.pin.encode()):
        counted = session.execute(
            update(Pupil)
            .where(not_locked)
            .values(
                wrong_pins=Pupil.wrong_pins + 1,
                locked_until=case(
                    (
                        Pupil.wrong_pins + 1 >= pin_lock.WRONG_PINS_BEFORE_LOCK,
                        pin_lock.lock_end(now),
                    ),
                    else_=None,
                ),
            )
            .returning(Pupil.wrong_pins)
            .execution_options(synchronize_session=False)  # refreshed below
        ).scalar()
        session.commit()
        session.refresh(existing)
        if counted is None or pin_lock.locks(counted):
            return Joined(None, problem="locked", known=existing)
        return Joined(None, problem="wrong-pin", known=existing)
    opened = session.execute(
        update(Pupil)
        .where(not_locked)
        .values(wrong_pins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not opened:
        session.commit()
        session.refresh(existing)
        return Joined(None, problem="locked", known=existing)
    existing.learner.last_seen_at = now  # coming back counts as activity
    session.commit()
    session.refresh(existing)
    return Joined(existing)


def is_locked(pupil: Pupil, now: dt.datetime | None = None) -> bool:
    return pin_lock.is_locked(pupil.locked_until, now or dt.datetime.now(dt.UTC))


def unlock(session: Session, pupil: Pupil) -> None:
    """The teacher lets the pupil try their PIN again."""
    pupil.wrong_pins, pupil.locked_until = 0, None
    session.commit()


def new_pupil_pin(session: Session, pupil: Pupil) -> str:
    """A new PIN: the old one stops working and every session of the pupil ends."""
    pupil.pin = new_pin()
    pupil.wrong_pins, pupil.locked_until = 0, None
    web_sessions.end_for_learners(session, [pupil.learner_id])
    session.commit()
    return pupil.pin


def sign_out_everywhere(session: Session, pupil: Pupil) -> int:
    """End every session of the pupil, on every computer; how many ended."""
    ended = web_sessions.end_for_learners(session, [pupil.learner_id])
    session.commit()
    return ended
