"""The rules of set work: who may still start or hand in, which side a pupil argues, status.

Plain Python on purpose: the web views and the tests ask the same questions of these functions.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

SIDES = ("for", "against")

PAST_DUE = "past-due"
NO_ATTEMPTS_LEFT = "no-attempts-left"


def _aware(moment: dt.datetime) -> dt.datetime:
    """Databases may hand datetimes back without their zone; ours are always UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def is_past_due(due_at: dt.datetime | None, now: dt.datetime) -> bool:
    return due_at is not None and _aware(now) > _aware(due_at)


def start_refusal(
    *,
    now: dt.datetime,
    due_at: dt.datetime | None,
    attempts_used: int,
    max_attempts: int | None,
) -> str | None:
    """Why a new attempt may not start (a refusal code), or None when it may."""
    if is_past_due(due_at, now):
        return PAST_DUE
    if max_attempts is not None and attempts_used >= max_attempts:
        return NO_ATTEMPTS_LEFT
    return None


def submission_refusal(*, now: dt.datetime, due_at: dt.datetime | None) -> str | None:
    """Why an answer or a contribution may not be handed in any more, or None."""
    return PAST_DUE if is_past_due(due_at, now) else None


def balanced_side(taken: Iterable[str]) -> str:
    """The side with fewer debaters so far; "for" when they are level, so sides alternate."""
    taken = list(taken)
    return "against" if taken.count("for") > taken.count("against") else "for"


NOT_STARTED, IN_PROGRESS, DONE = "not-started", "in-progress", "done"


@dataclass(frozen=True)
class Progress:
    """Where a pupil stands on one piece of set work, as the gradebook shows it."""

    status: str  # not-started | in-progress | done
    late: bool  # the due date passed before it was done: it can no longer be handed in
    score: float | None  # 0..1: the best finished quiz attempt, or the teacher's debate score


def progress(
    *,
    started: bool,
    done: bool,
    score: float | None,
    due_at: dt.datetime | None,
    now: dt.datetime,
) -> Progress:
    status = DONE if done else IN_PROGRESS if started else NOT_STARTED
    return Progress(status, late=not done and is_past_due(due_at, now), score=score)


def end_of_day(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """A due date means the end of that day where the school is, kept in UTC."""
    naive = dt.datetime.combine(day, dt.time(23, 59, 59))
    # pytz zones (Flask-Babel's) must localize; attaching them directly picks an old offset.
    localize = getattr(zone, "localize", None)
    local = localize(naive) if localize else naive.replace(tzinfo=zone)
    return local.astimezone(dt.UTC)
