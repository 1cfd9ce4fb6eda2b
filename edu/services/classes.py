"""Classes in the database: create them, share and renew their code, let pupils join."""

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from edu.accounts import pin_lock
from edu.accounts.names import clean_initial, clean_name, fold_name
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


def normalise_code(code: str) -> str:
    """A class code as stored: no spaces, in capitals, at most 8 characters ("ab c12 3" is
    "ABC123")."""
    return "".join(code[:40].split()).upper()[:8]


def class_by_code(session: Session, code: str) -> SchoolClass | None:
    """The class a code opens, if the code exists and has not expired."""
    code = normalise_code(code)
    if not code:
        return None
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


# A last word that reads as the initial of a surname: "Zoé B.", "zoe b", "Zoé Ber.".
_TRAILING_INITIAL = re.compile(r"^(.+?)\s+([^\W\d_]{1,3}\.|[^\W\d_])$")


def split_name(first_name: str, initial: str = "") -> tuple[str, str]:
    """The first name and the initial as stored, from what was typed: ("Zoé", "B.") from
    "zoé b" or from "Zoé" and "b". Without an initial, a last word of one letter, or of up to
    three letters and a dot, is taken for one. A name typed all in small letters gets capitals."""
    first_name, initial = clean_name(first_name), clean_initial(initial)
    if not initial:
        parts = _TRAILING_INITIAL.match(first_name)
        if parts:
            first_name, initial = parts.group(1), clean_initial(parts.group(2))
    if first_name.islower():  # "zoé" typed on a tablet is shown "Zoé", "marie-anne" "Marie-Anne"
        first_name = re.sub(
            r"(^|[\s\-‐‑'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), first_name
        )
    return first_name[:40], initial


def _full_key(first_name: str, initial: str) -> str:
    """One spelling of the whole display name: "Zoé B." and "zoe b" are both "zoeb"."""
    return fold_name(first_name) + fold_name(initial)


def add_pupil(
    session: Session, school_class: SchoolClass, first_name: str, initial: str | None = None
) -> Pupil | None:
    """A new pupil with a new PIN, or None when the class already has this name (the first
    name and the initial, folded), or the name has nothing visible in it. Without `initial`,
    "Zoé B." is read as the first name "Zoé" and the initial "B."."""
    first_name, initial = split_name(first_name, initial or "")
    if not first_name or not name_key(first_name):
        return None
    pupil = Pupil(
        school_class=school_class,
        first_name=first_name,
        name_key=name_key(first_name),
        initial=initial,
    )
    pupil.learner = Learner(kind="pupil", display_name=pupil.display_name)
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
    # "empty-name" | "name-taken" (a known first name, no PIN) | "initial-taken" (a known first
    # name and initial, no PIN) | "unknown-name" (a PIN, but no pupil has this name) |
    # "wrong-pin" | "locked" (the name just locked, or still is)
    problem: str | None = None
    known: Pupil | None = None  # who a wrong PIN or a lock was about (the audit log), or the
    # pupil whose name is taken
    counted: tuple[Pupil, ...] = ()  # every pupil a wrong PIN counted against


def _candidates(
    session: Session, school_class: SchoolClass, first_name: str, initial: str
) -> list[Pupil]:
    """The pupils the typed name may be: those whose whole name folds to it ("zoe b" is
    "Zoé B."), and, when no initial was typed, every pupil of that first name ("Zoé" may be
    "Zoé" or "Zoé B."). The exact spelling comes first."""
    typed = _full_key(first_name, initial)
    prefixes = {typed[:end] for end in range(1, len(typed) + 1)}
    rows = session.scalars(
        select(Pupil)
        .where(Pupil.class_id == school_class.id, Pupil.name_key.in_(prefixes))
        .order_by(Pupil.id)
    )
    found = [
        pupil
        for pupil in rows
        if _full_key(pupil.first_name, pupil.initial) == typed
        or (not initial and pupil.name_key == name_key(first_name))
    ]
    return sorted(found, key=lambda pupil: _full_key(pupil.first_name, pupil.initial) != typed)


def join(
    session: Session,
    school_class: SchoolClass,
    first_name: str,
    pin: str,
    now: dt.datetime | None = None,
    initial: str = "",
) -> Joined:
    """A name new to the class joins it; a known one comes back with its PIN, however it is
    spelt ("zoe" is "Zoé"). A known name never becomes a new pupil without a new initial. Wrong
    PINs count against the name, whoever types them: enough of them lock it for a while."""
    now = now or dt.datetime.now(dt.UTC)
    first_name, initial = split_name(first_name, initial)
    if not first_name or not name_key(first_name):
        return Joined(None, problem="empty-name")
    pin = pin.strip()
    candidates = _candidates(session, school_class, first_name, initial)
    if not candidates:
        if pin:  # someone coming back, under a name the class does not know: not a new pupil
            return Joined(None, problem="unknown-name")
        pupil = add_pupil(session, school_class, first_name, initial)
        return Joined(pupil, new=True) if pupil else Joined(None, problem="name-taken")
    if not pin:
        problem = "initial-taken" if initial else "name-taken"
        return Joined(None, problem=problem, known=candidates[0])
    open_ones = [pupil for pupil in candidates if not pin_lock.is_locked(pupil.locked_until, now)]
    if not open_ones:
        return Joined(None, problem="locked", known=candidates[0])
    # Compared with every open candidate, so that the time taken says nothing of which matched;
    # a locked pupil's PIN is never compared, so a lock cannot be walked around. Two pupils of
    # one first name sharing a PIN (1 in 10,000): the exact spelling, then the oldest, wins.
    matches = [
        pupil for pupil in open_ones if hmac.compare_digest(pin.encode(), pupil.pin.encode())
    ]
    if matches:
        return _open(session, matches[0], now)
    return _count_wrong_pin(session, candidates, open_ones, now)


def _not_locked(now: dt.datetime):
    return Pupil.locked_until.is_(None) | (Pupil.locked_until <= now)


def _open(session: Session, pupil: Pupil, now: dt.datetime) -> Joined:
    # One statement, on a name not locked right now: none slips past a lock another computer
    # has just set.
    opened = session.execute(
        update(Pupil)
        .where((Pupil.id == pupil.id) & _not_locked(now))
        .values(wrong_pins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not opened:
        session.commit()
        session.refresh(pupil)
        return Joined(None, problem="locked", known=pupil, counted=())
    pupil.learner.last_seen_at = now  # coming back counts as activity
    session.commit()
    session.refresh(pupil)
    return Joined(pupil)


def _count_wrong_pin(
    session: Session, candidates: list[Pupil], open_ones: list[Pupil], now: dt.datetime
) -> Joined:
    """A PIN that opens none of the pupils the name may be counts against every one of them
    that is open: the PIN was tried against each, so each has been guessed at once. Counting it
    against one only would give a guesser five tries per Zoé of the class, through "Zoé", on top
    of five through each "Zoé B.". A real Zoé's typo counts against her namesakes too; typing
    her initial narrows it to her. One statement, on names not locked right now: guesses sent at
    the same moment from many computers each count."""
    counted = {
        pupil_id: wrong
        for pupil_id, wrong in session.execute(
            update(Pupil)
            .where(Pupil.id.in_([pupil.id for pupil in open_ones]) & _not_locked(now))
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
            .returning(Pupil.id, Pupil.wrong_pins)
            .execution_options(synchronize_session=False)  # refreshed below
        )
    }
    session.commit()
    for pupil in candidates:
        session.refresh(pupil)
    known = [pupil for pupil in open_ones if pupil.id in counted]
    locked = [pupil for pupil in candidates if pin_lock.is_locked(pupil.locked_until, now)]
    if locked or not known:
        return Joined(None, problem="locked", known=(locked or candidates)[0], counted=tuple(known))
    return Joined(None, problem="wrong-pin", known=known[0], counted=tuple(known))


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


# -- the teacher manages pupils: a class list, a new name, another class ---------------------------
# (edu/services/class_lists.py reads the lists; imported here, not above, to keep this part apart)


@dataclass
class Imported:
    created: list[Pupil]
    already: list[tuple[object, str]]  # (class_lists.Line, the pupil's name in the class)
    refused: list[tuple[object, str]]  # (class_lists.Line, class_lists.problem's reason)
    problem: str | None = None  # "too-many" | "nothing" | "busy": then nothing was done


def import_pupils(session: Session, school_class: SchoolClass, lines: list) -> Imported:
    """New pupils, each with a new PIN, from the lines of a class list. A first name the class
    (or the list) has twice becomes "Zoé B." where the list gives a surname; a bare first name
    the class already has is reported, and so is every line refused, with why. Nothing is cut
    short, and nothing is done when the list is too long or gives no name."""
    from edu.services import class_lists

    if len([line for line in lines if line.text.strip()]) > class_lists.MAX_NAMES:
        return Imported([], [], [], problem="too-many")
    names, refused = class_lists.read(lines)
    if not names and not refused:
        return Imported([], [], [], problem="nothing")
    for _ in range(3):  # a pupil may join while the list is read: read the class again
        created, already = _add_names(session, school_class, names)
        try:
            session.commit()
            return Imported(created, already, refused)
        except IntegrityError:
            session.rollback()
    return Imported([], [], [], problem="busy")


def _add_names(session: Session, school_class: SchoolClass, names: list) -> tuple[list, list]:
    from edu.services import class_lists

    session.refresh(school_class)
    in_class: dict[str, dict[str, Pupil]] = {}
    for pupil in school_class.pupils:
        in_class.setdefault(pupil.name_key, {})[pupil.initial] = pupil
    groups: dict[str, list] = {}
    for name in names:
        groups.setdefault(name_key(name.first_name), []).append(name)
    created, already = [], []
    for key, group in groups.items():
        there = in_class.setdefault(key, {})
        shared = bool(there) or len(group) > 1
        with_surname = [name for name in group if name.surname]
        initials = dict(
            zip(
                map(id, with_surname),
                class_lists.initials([name.surname for name in with_surname]),
                strict=True,
            )
        )
        for name in group:
            initial = initials[id(name)] if name.surname and shared else ""
            known = there.get(initial) or (None if initial else next(iter(there.values()), None))
            if known is not None:  # the same pupil, or a bare first name the class has
                already.append((name.line, known.display_name))
                continue
            pupil = Pupil(
                school_class=school_class,
                first_name=name.first_name,
                name_key=key,
                initial=initial,
            )
            pupil.learner = Learner(kind="pupil", display_name=pupil.display_name)
            session.add(pupil)
            there[initial] = pupil
            created.append(pupil)
    session.flush()
    return created, already


def rename_pupil(session: Session, pupil: Pupil, first_name: str, initial: str) -> str | None:
    """The pupil's new first name and initial; why not ("empty", "too-long", "invisible",
    "characters", "taken": another pupil of the class has this name), or None when done."""
    from edu.accounts.names import clean_initial
    from edu.services import class_lists

    problem = class_lists.problem(first_name) or (
        class_lists.problem(initial, limit=7, letters=False) if initial.strip(" .") else None
    )
    if problem:
        return problem
    first_name, initial = clean_name(first_name), clean_initial(initial)
    key = name_key(first_name)
    clash = session.scalar(
        select(Pupil.id).where(
            Pupil.class_id == pupil.class_id,
            Pupil.name_key == key,
            Pupil.initial == initial,
            Pupil.id != pupil.id,
        )
    )
    if clash is not None:
        return "taken"
    pupil.first_name, pupil.name_key, pupil.initial = first_name, key, initial
    pupil.learner.display_name = pupil.display_name
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return "taken"
    return None


def move_pupil(session: Session, pupil: Pupil, target: SchoolClass) -> str | None:
    """The pupil, with all their work (it is their learner's), into another class; their
    sessions end, so that they join again with the new code. Why not ("same"; "taken": the
    class has a pupil of this name), or None when done."""
    if target.id == pupil.class_id:
        return "same"
    clash = session.scalar(
        select(Pupil.id).where(
            Pupil.class_id == target.id,
            Pupil.name_key == pupil.name_key,
            Pupil.initial == pupil.initial,
        )
    )
    if clash is not None:
        return "taken"
    pupil.school_class = target
    pupil.wrong_pins, pupil.locked_until = 0, None
    web_sessions.end_for_learners(session, [pupil.learner_id])
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return "taken"
    return None
