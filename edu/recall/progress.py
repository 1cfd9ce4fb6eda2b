"""A learner's progress over time: answers per day, share right per week, facts held.

Plain Python over plain values: the days and weeks are the school's (a `tzinfo` given), a fact
is held while its chance of recall stays above 90 %, which in FSRS is exactly while fewer
whole days than its stability have passed since its last review.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from edu.recall.scheduling import FULL_CREDIT

DAYS_SHOWN = 14
WEEKS_SHOWN = 8


def _local_day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date()


def answers_per_day(
    answered: Iterable[dt.datetime], today: dt.date, zone: dt.tzinfo, days: int = DAYS_SHOWN
) -> list[tuple[dt.date, int]]:
    """How many answers were given on each of the last `days` school days, today last."""
    shown = [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
    counts = dict.fromkeys(shown, 0)
    for moment in answered:
        day = _local_day(moment, zone)
        if day in counts:
            counts[day] += 1
    return list(counts.items())


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts the day's week (weeks run Monday to Sunday, as at school)."""
    return day - dt.timedelta(days=day.weekday())


def share_right_per_week(
    answers: Iterable[tuple[dt.datetime, float]],
    today: dt.date,
    zone: dt.tzinfo,
    weeks: int = WEEKS_SHOWN,
) -> list[tuple[dt.date, float | None]]:
    """For each of the last `weeks` weeks (by their Monday, this week last), the share of the
    answers given that week that earned full credit; None for a week with no answer."""
    mondays = [week_of(today) - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    right = dict.fromkeys(mondays, 0)
    given = dict.fromkeys(mondays, 0)
    for moment, credit in answers:
        monday = week_of(_local_day(moment, zone))
        if monday in given:
            given[monday] += 1
            right[monday] += credit >= FULL_CREDIT
    return [
        (monday, right[monday] / given[monday] if given[monday] else None) for monday in mondays
    ]


def is_held(stability: float | None, last_review: dt.datetime | None, now: dt.datetime) -> bool:
    """Recall above 90 % now: fewer whole days since the last review than the stability."""
    if stability is None or last_review is None:
        return False
    if last_review.tzinfo is None:
        last_review = last_review.replace(tzinfo=dt.UTC)
    return (now - last_review).days < stability


@dataclass(frozen=True)
class Held:
    """Facts of one group (an article, a theme): how many the learner has cards for, and how
    many of those they hold now."""

    key: str
    held: int
    cards: int


def held_by_group(
    cards: Sequence[tuple[Sequence[str], float | None, dt.datetime | None]], now: dt.datetime
) -> list[Held]:
    """`cards`: each card's groups (its article, or its article's themes), stability and last
    review. Groups in the order first met."""
    held: dict[str, int] = {}
    total: dict[str, int] = {}
    for groups, stability, last_review in cards:
        now_held = is_held(stability, last_review, now)
        for group in groups:
            total[group] = total.get(group, 0) + 1
            held[group] = held.get(group, 0) + now_held
    return [Held(group, held[group], total[group]) for group in total]
