"""Classes in the database: create them, share and renew their code, let pupils join."""

import datetime as dt
import hmac
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session, selectinload

from edu import clock, policies
from edu.accounts import pin_lock
from edu.accounts.names import clean_initial, clean_name, fold_name
from edu.models import Learner, Pupil, SchoolClass, User
from edu.models.classes import new_class_code, new_pin
from edu.services import web_sessions
from edu.services.races import first_write_wins

if TYPE_CHECKING:  # imported where it is used, below, to keep the class lists apart
    from edu.services.class_lists import Line


def create_class(session: Session, teacher: User, name: str) -> SchoolClass | None:
    """A new class, or None when its name has nothing visible in it."""
    name = clean_name(name)
    if not name:
        return None
    school_class = SchoolClass(name=name, teacher=teacher)
    session.add(school_class)
    session.flush()
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
    """The class, only if this teacher may manage it: any other teacher gets nothing."""
    school_class = session.scalar(
        select(SchoolClass)
        .where(SchoolClass.public_id == public_id)
        .options(selectinload(SchoolClass.pupils))
    )
    if school_class is None or not policies.can_manage_class(teacher, school_class):
        return None
    return school_class


def renew_code(session: Session, school_class: SchoolClass, days: int | None) -> None:
    """A new join code (the old one stops working), valid for `days` or until renewed."""
    school_class.join_code = new_class_code()
    school_class.code_expires_at = clock.now() + dt.timedelta(days=days) if days else None
    session.flush()


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
        if expires < clock.now():
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
    if not fold_name(initial):
        initial = ""  # "-." or "'." tells nobody apart: no initial
    return first_name[:40], initial


def typed_name_key(first_name: str, initial: str = "") -> tuple[str, str]:
    """Whom a join form's name and initial are about, as the throttle counts them: the same
    pair the class's pupils are matched by ("Zoé B." and "zoe" + "b" are one; "Anna" is not
    "Ann A.")."""
    return _full_key(*split_name(first_name, initial))


def _full_key(first_name: str, initial: str) -> tuple[str, str]:
    """One spelling of the whole display name: "Zoé B." and "zoe b" are both ("zoe", "b").
    The first name and the initial stay apart: "Ann A." is ("ann", "a"), never "Anna"."""
    return fold_name(first_name), fold_name(initial)


def _same_name(
    session: Session, class_id: int, first_name: str, initial: str, but: int | None = None
) -> Pupil | None:
    """The pupil of the class (other than `but`) whose first name and initial fold as these
    do: "Zoé B." is "zoe" and "b", "Zoé BER." is "Zoé Ber."."""
    first_key, initial_key = _full_key(first_name, initial)
    rows = session.scalars(
        select(Pupil)
        .where(Pupil.class_id == class_id, Pupil.name_key == first_key, Pupil.id != (but or 0))
        .order_by(Pupil.id)
    )
    return next((pupil for pupil in rows if fold_name(pupil.initial) == initial_key), None)


def add_pupil(
    session: Session, school_class: SchoolClass, first_name: str, initial: str | None = None
) -> Pupil | None:
    """A new pupil with a new PIN, or None when the class already has this name (the first
    name and the initial, folded), or the name has nothing visible in it. Without `initial`,
    "Zoé B." is read as the first name "Zoé" and the initial "B."."""
    first_name, initial = split_name(first_name, initial or "")
    if not first_name or not name_key(first_name):
        return None
    if _same_name(session, school_class.id, first_name, initial) is not None:
        return None

    def write() -> Pupil:
        pupil = Pupil(
            school_class=school_class,
            first_name=first_name,
            name_key=name_key(first_name),
            initial=initial,
        )
        pupil.learner = Learner(kind="pupil", display_name=pupil.display_name)
        session.add(pupil)
        return pupil

    return first_write_wins(session, write, lost=lambda: None)  # the name was just taken


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
    """The pupils the typed name may be: those whose first name and initial fold to the typed
    ones ("zoe" and "b" are "Zoé B."), and, when no initial was typed, every pupil of that
    first name ("Zoé" may be "Zoé" or "Zoé B."). The first name is compared whole, on its own:
    "Anna" is not "Ann A.". The exact spelling comes first."""
    typed = _full_key(first_name, initial)
    rows = session.scalars(
        select(Pupil)
        .where(Pupil.class_id == school_class.id, Pupil.name_key == typed[0])
        .order_by(Pupil.id)
    )
    found = [
        pupil
        for pupil in rows
        if not initial or _full_key(pupil.first_name, pupil.initial) == typed
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
    now = now or clock.now()
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
    ).rowcount  # type: ignore[attr-defined]  # a CursorResult: DML
    if not opened:
        session.refresh(pupil)
        return Joined(None, problem="locked", known=pupil, counted=())
    pupil.learner.last_seen_at = now  # coming back counts as activity
    session.flush()
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
    for pupil in candidates:
        session.refresh(pupil)
    known = [pupil for pupil in open_ones if pupil.id in counted]
    locked = [pupil for pupil in candidates if pin_lock.is_locked(pupil.locked_until, now)]
    if locked or not known:
        return Joined(None, problem="locked", known=(locked or candidates)[0], counted=tuple(known))
    return Joined(None, problem="wrong-pin", known=known[0], counted=tuple(known))


def is_locked(pupil: Pupil, now: dt.datetime | None = None) -> bool:
    return pin_lock.is_locked(pupil.locked_until, now or clock.now())


def unlock(session: Session, pupil: Pupil) -> None:
    """The teacher lets the pupil try their PIN again."""
    pupil.wrong_pins, pupil.locked_until = 0, None
    session.flush()


def new_pupil_pin(session: Session, pupil: Pupil) -> str:
    """A new PIN: the old one stops working and every session of the pupil ends."""
    pupil.pin = new_pin()
    pupil.wrong_pins, pupil.locked_until = 0, None
    web_sessions.end_for_learners(session, [pupil.learner_id])
    session.flush()
    return pupil.pin


def sign_out_everywhere(session: Session, pupil: Pupil) -> int:
    """End every session of the pupil, on every computer; how many ended."""
    ended = web_sessions.end_for_learners(session, [pupil.learner_id])
    session.flush()
    return ended


# -- the teacher manages pupils: a class list, a new name, another class ---------------------------
# (edu/services/class_lists.py reads the lists; imported here, not above, to keep this part apart)


@dataclass
class Imported:
    created: list[Pupil]
    already: list[tuple["Line", str]]  # (the line, the pupil's name in the class)
    refused: list[tuple["Line", str]]  # (the line, class_lists.problem's reason)
    problem: str | None = None  # "too-many" | "nothing" | "busy": then nothing was done
    # (the line, the new pupil, the names of the pupils already in the class whose initial it
    # would have had): a longer initial told them apart
    told_apart: list[tuple["Line", Pupil, list[str]]] = field(default_factory=list)


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
        added = first_write_wins(
            session, lambda: _add_names(session, school_class, names), lost=lambda: None
        )
        if added is not None:
            created, already, told_apart = added
            return Imported(created, already, refused, told_apart=told_apart)
    return Imported([], [], [], problem="busy")


# How a list line finds its pupil, so that importing the same list again adds nobody (the
# surname is never stored: only what the import made of it, the initial, is there to go by).
# For the lines of one first name ("Zoé"), the list gives each surname the shortest initial
# that tells it apart from the list's other surnames ("B.", "Ber.", "Bernar2."), or, for a
# line alone with its first name in the list, no initial when the class has no other Zoé and
# one letter when it has. A surnamed line is then:
#  0. the pupil whose initial is the whole surname ("Zoé Li." is "Zoé Li"), before all;
#  1. a pupil of the class with no initial, when the line is alone with its first name in the
#     list (such a line, imported into a class without Zoé, became "Zoé");
#  2. the pupil with exactly the list's initial, when the list has other lines of the first
#     name (the list itself gave her that initial: "Zoé Bernard" and "Zoé Martin" are "Zoé B."
#     and "Zoé M." again); for a line alone in the list, the class's "Zoé B." may be anybody
#     whose surname starts with a B ("Zoé Bonnet"), so she is a different pupil;
#  3. else the pupil holding the first of the longer initials an import would have tried
#     next ("Be.", "Ber."… "Bernar2."), all those before it being taken: an import lengthens
#     an initial only to tell a new pupil apart, so the first one held is the one it made;
#  4. else a new pupil, with the first of these initials that is free, and the pupils whose
#     initial she would have had are reported: "told apart from Zoé B.".
# A pupil is found by one line only: two lines of one list never make one pupil, unless they
# are the same name twice. A line without a surname is the class's pupil of that first name
# (with no initial if there is one) that no surnamed line found, else a new pupil.
# The limit: the same list again adds nobody, a part of it may (the class's "Zoé B." and a
# lone "Zoé Bernard" cannot be told to be one pupil, so she is told apart and reported).


def _add_names(session: Session, school_class: SchoolClass, names: list) -> tuple[list, list, list]:
    from edu.services import class_lists

    session.refresh(school_class)
    in_class: dict[str, list[Pupil]] = {}
    for pupil in sorted(school_class.pupils, key=lambda pupil: pupil.id):
        in_class.setdefault(pupil.name_key, []).append(pupil)
    groups: dict[str, list] = {}
    for name in names:
        groups.setdefault(name_key(name.first_name), []).append(name)
    created, already, told_apart = [], [], []

    def new_pupil(name, initial: str) -> Pupil:
        pupil = Pupil(
            school_class=school_class,
            first_name=name.first_name,
            name_key=name_key(name.first_name),
            initial=initial,
        )
        pupil.learner = Learner(kind="pupil", display_name=pupil.display_name)
        session.add(pupil)
        created.append((name.line.number, pupil))
        return pupil

    for key, group in groups.items():
        existing = in_class.get(key, [])
        holders = {fold_name(pupil.initial): pupil for pupil in existing}  # then the new ones
        found: set[int] = set()  # ids of the pupils of the class a line of the list found
        alone = len(group) == 1
        surnamed = [name for name in group if name.surname]
        if alone and not existing:
            wanted = {id(surnamed[0]): ""} if surnamed else {}
        else:
            wanted = dict(
                zip(
                    map(id, surnamed),
                    class_lists.initials([name.surname for name in surnamed]),
                    strict=True,
                )
            )
        by_surname: dict[str, Pupil] = {}  # a surname twice in the list: one pupil
        for name in surnamed:
            folded = fold_name(name.surname)
            if folded in by_surname:
                already.append((name.line, by_surname[folded].display_name))
                continue
            whole = holders.get(folded) if len(folded) <= class_lists.MAX_INITIAL else None
            bare = holders.get("")
            if whole is not None and whole.id is not None and whole.id not in found:
                pupil = whole  # her initial is the whole surname: "Zoé Li." is "Zoé Li"
            elif alone and bare is not None and bare.id is not None and bare.id not in found:
                pupil = bare  # rule 1
            else:
                pupil, passed = _place(name, wanted[id(name)], holders, found, alone)
                if pupil is None:  # rule 4
                    pupil = new_pupil(name, passed.pop())
                    holders[fold_name(pupil.initial)] = pupil
                    if passed:
                        told_apart.append((name.line, pupil, passed))
            by_surname[folded] = pupil
            if pupil.id is not None:
                found.add(pupil.id)
                already.append((name.line, pupil.display_name))
        made_bare = None
        for name in group:
            if name.surname:
                continue
            unfound = [pupil for pupil in existing if pupil.id not in found]
            known = next((pupil for pupil in unfound if not pupil.initial), None)
            known = known or (unfound[0] if unfound else made_bare)
            if known is not None:  # the same pupil, or a bare first name the class has
                already.append((name.line, known.display_name))
                continue
            made_bare = new_pupil(name, "")
            holders[""] = made_bare
    session.flush()
    created.sort(key=lambda pair: pair[0])
    already.sort(key=lambda pair: pair[0].number)
    return [pupil for _, pupil in created], already, told_apart


def _place(name, wanted: str, holders: dict, found: set, alone: bool):
    """The pupil of the class a surnamed line is, by rules 2 and 3 above; else (None, the
    names of the pupils already in the class it was told apart from + the initial to take)."""
    from edu.services import class_lists

    passed: list[str] = []
    longer = (
        initial
        for initial in class_lists.longer_initials(name.surname, wanted)
        if fold_name(initial) != fold_name(wanted)
    )
    for number, initial in enumerate(itertools.chain([wanted], longer)):
        holder = holders.get(fold_name(initial))
        if holder is None:
            return None, [*passed, initial]
        mine = number > 0 or not alone
        if holder.id is not None and holder.id not in found and mine:
            return holder, []
        if holder.id is not None:  # a pupil of the class: reported; a new one of this list is not
            passed.append(holder.display_name)
    raise AssertionError("longer_initials never ends")


def rename_pupil(session: Session, pupil: Pupil, first_name: str, initial: str) -> str | None:
    """The pupil's new first name and initial; why not ("empty", "too-long", "invisible",
    "characters", "no-letters", "initial": an initial without a letter or digit, "taken":
    another pupil of the class has this name, folded as joining folds it), or None when
    done."""
    from edu.services import class_lists

    problem = class_lists.problem(first_name) or (
        class_lists.problem(initial, limit=7, letters=False) if initial.strip(" .") else None
    )
    if problem:
        return problem
    first_name, initial = clean_name(first_name), clean_initial(initial)
    if not name_key(first_name):
        return "no-letters"
    if initial and not fold_name(initial):
        return "initial"  # "-." would tell nobody apart from the pupil without an initial
    if _same_name(session, pupil.class_id, first_name, initial, but=pupil.id) is not None:
        return "taken"

    def write() -> None:
        pupil.first_name, pupil.name_key = first_name, name_key(first_name)
        pupil.initial = initial
        pupil.learner.display_name = pupil.display_name

    return first_write_wins(session, write, lost=lambda: "taken")


def move_pupil(session: Session, pupil: Pupil, target: SchoolClass) -> str | None:
    """The pupil, with all their work (it is their learner's), into another class; their
    sessions end, so that they join again with the new code. Why not ("same"; "taken": the
    class has a pupil of this name), or None when done."""
    if target.id == pupil.class_id:
        return "same"
    if _same_name(session, target.id, pupil.first_name, pupil.initial) is not None:
        return "taken"

    def write() -> None:
        pupil.school_class = target
        pupil.wrong_pins, pupil.locked_until = 0, None
        web_sessions.end_for_learners(session, [pupil.learner_id])

    return first_write_wins(session, write, lost=lambda: "taken")
