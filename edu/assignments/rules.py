"""The rules of set work: who may still start or hand in, which side a pupil argues, status.

Plain Python on purpose: the web views and the tests ask the same questions of these functions.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

SIDES = ("for", "against")

PAST_DUE = "past-due"
NO_ATTEMPTS_LEFT = "no-attempts-left"
CLOSED = "closed"  # the teacher closed the work
# The pupil has moved to another class: work set to the old one is no longer theirs to do.
OTHER_CLASS = "other-class"


def aware(moment: dt.datetime) -> dt.datetime:
    """Databases may hand datetimes back without their zone; ours are always UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def is_past_due(due_at: dt.datetime | None, now: dt.datetime) -> bool:
    return due_at is not None and aware(now) > aware(due_at)


def effective_due(
    due_at: dt.datetime | None, extended_to: dt.datetime | None
) -> dt.datetime | None:
    """The due date that holds for one pupil: their extension when they have one, never earlier
    than the class's (the class's date may have moved past it since), none when the work has no
    due date at all."""
    if due_at is None:
        return None
    if extended_to is None:
        return due_at
    return max(aware(due_at), aware(extended_to))


def start_refusal(
    *,
    now: dt.datetime,
    due_at: dt.datetime | None,
    attempts_used: int,
    max_attempts: int | None,
    closed_at: dt.datetime | None = None,
) -> str | None:
    """Why a new attempt may not start (a refusal code), or None when it may. `due_at` is the
    pupil's effective due date (see effective_due)."""
    refusal = submission_refusal(now=now, due_at=due_at, closed_at=closed_at)
    if refusal is not None:
        return refusal
    if max_attempts is not None and attempts_used >= max_attempts:
        return NO_ATTEMPTS_LEFT
    return None


def submission_refusal(
    *, now: dt.datetime, due_at: dt.datetime | None, closed_at: dt.datetime | None = None
) -> str | None:
    """Why an answer or a contribution may not be handed in any more, or None."""
    if closed_at is not None:
        return CLOSED
    return PAST_DUE if is_past_due(due_at, now) else None


def attempts_used(*, finished: int, unfinished: int, past_due: bool) -> int:
    """The attempts that count against the limit: the finished ones. An unfinished attempt is
    resumed rather than replaced, so it only counts once the due date has passed (it can then
    never be finished)."""
    return finished + (unfinished if past_due else 0)


# -- changing set work -----------------------------------------------------------------------------

DUE_IN_THE_PAST = "due-in-the-past"
NO_CLASS_DUE_DATE = "no-class-due-date"
NOT_AFTER_CLASS_DUE = "not-after-class-due"
NEW_DUE_NEEDED = "new-due-needed"
SCORE_OUT_OF_RANGE = "score-out-of-range"
COMMENT_NEEDED = "comment-needed"

MAX_COMMENT = 1000


def today(now: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The date it is where the school is."""
    return aware(now).astimezone(zone).date()


def due_date_refusal(
    day: dt.date | None, *, now: dt.datetime, zone: dt.tzinfo, current: dt.datetime | None = None
) -> str | None:
    """Why a due date typed by the teacher is refused: a day already over where the school is.
    Keeping the date the work already has (`current`) is no new choice, so it is let through."""
    if day is None or day >= today(now, zone):
        return None
    if current is not None and today(current, zone) == day:
        return None
    return DUE_IN_THE_PAST


def extension_refusal(
    day: dt.date, *, class_due: dt.datetime | None, now: dt.datetime, zone: dt.tzinfo
) -> str | None:
    """Why one pupil's own due date is refused: the work has no due date, the day is over, or it
    is not later than the class's due date."""
    if class_due is None:
        return NO_CLASS_DUE_DATE
    if day < today(now, zone):
        return DUE_IN_THE_PAST
    if end_of_day(day, zone) <= aware(class_due):
        return NOT_AFTER_CLASS_DUE
    return None


def reopen_refusal(
    *, due_at: dt.datetime | None, new_day: dt.date | None, no_due: bool, now: dt.datetime, zone
) -> str | None:
    """Reopening work whose due date has passed needs a new due date (not over), or none."""
    if new_day is not None:
        return due_date_refusal(new_day, now=now, zone=zone)
    if is_past_due(due_at, now) and not no_due:
        return NEW_DUE_NEEDED
    return None


def override_refusal(percent, comment: str) -> str | None:
    """A teacher's score is a percentage from 0 to 100, given with a reason."""
    if percent is None or not 0 <= percent <= 100:
        return SCORE_OUT_OF_RANGE
    if not comment.strip():
        return COMMENT_NEEDED
    return None


def balanced_side(taken: Iterable[str]) -> str:
    """The side with fewer debaters so far; "for" when they are level, so sides alternate."""
    taken = list(taken)
    return "against" if taken.count("for") > taken.count("against") else "for"


NOT_STARTED, IN_PROGRESS, DONE = "not-started", "in-progress", "done"


@dataclass(frozen=True)
class Progress:
    """Where a pupil stands on one piece of set work, as the gradebook shows it."""

    status: str  # not-started | in-progress | done
    late: bool  # the (effective) due date passed before it was done: it can no longer be done
    score: float | None  # 0..1, the effective score: the teacher's override if any, else computed
    computed_score: float | None = None  # the best finished quiz attempt, or the debate score
    overridden: bool = False  # `score` is the teacher's, not the computed one
    comment: str | None = None  # the teacher's reason for the override
    extended_to: dt.datetime | None = None  # the pupil's own due date, when extended
    due_at: dt.datetime | None = None  # the due date that holds for this pupil
    closed: bool = False  # the teacher closed the work
    attempts_used: int = 0  # quizzes: attempts counted against the limit
    past_due: bool = False  # the due date that holds for this pupil has passed

    @property
    def open(self) -> bool:
        """The pupil may still start, continue or hand it in (attempts aside)."""
        return not self.closed and not self.past_due


def progress(
    *,
    started: bool,
    done: bool,
    score: float | None,
    due_at: dt.datetime | None,
    now: dt.datetime,
    extended_to: dt.datetime | None = None,
    override: float | None = None,
    comment: str | None = None,
    closed_at: dt.datetime | None = None,
    attempts_used: int = 0,
) -> Progress:
    """`due_at` is the class's due date; the pupil's extension (`extended_to`) moves it for them;
    the teacher's `override` replaces the computed `score`, which is kept beside it."""
    status = DONE if done else IN_PROGRESS if started else NOT_STARTED
    due = effective_due(due_at, extended_to)
    past = is_past_due(due, now)
    return Progress(
        status,
        late=not done and past,
        score=override if override is not None else score,
        computed_score=score,
        overridden=override is not None,
        comment=comment if override is not None else None,
        extended_to=extended_to
        if extended_to is not None and due_at is not None and aware(extended_to) > aware(due_at)
        else None,
        due_at=due,
        closed=closed_at is not None,
        attempts_used=attempts_used,
        past_due=past,
    )


def end_of_day(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """A due date means the end of that day where the school is, kept in UTC."""
    naive = dt.datetime.combine(day, dt.time(23, 59, 59))
    # pytz zones (Flask-Babel's) must localize; attaching them directly picks an old offset.
    localize = getattr(zone, "localize", None)
    local = localize(naive) if localize else naive.replace(tzinfo=zone)
    return local.astimezone(dt.UTC)
