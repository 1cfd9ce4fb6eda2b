"""The current time, taken from this one place, and the school's day.

Everything that stamps or compares a time asks `now()`, so that a test can move the clock
(`move`) and see what a learner sees days later. "Today" is the school's day, in the time
zone of EDU_TIMEZONE (Europe/Paris unless set): a review due "today" is due before the
school's midnight, not UTC's.
"""

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_moved_by = dt.timedelta(0)


def now() -> dt.datetime:
    """The current time, in UTC."""
    return dt.datetime.now(dt.UTC) + _moved_by


def move(by: dt.timedelta) -> None:
    """Move the clock forward (or back) for what follows; tests only."""
    global _moved_by
    _moved_by += by


def reset() -> None:
    global _moved_by
    _moved_by = dt.timedelta(0)


def zone(name: str) -> ZoneInfo:
    """The named time zone; ValueError, saying which, when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"unknown time zone {name!r} (EDU_TIMEZONE): use a name such as Europe/Paris"
        ) from error


def today(in_zone: ZoneInfo, at: dt.datetime | None = None) -> dt.date:
    """The school's date at `at` (now by default)."""
    return (at or now()).astimezone(in_zone).date()


def start_of_today(in_zone: ZoneInfo, at: dt.datetime | None = None) -> dt.datetime:
    """The school's last midnight before `at`, in UTC: what happened since happened today."""
    return start_of_day(today(in_zone, at), in_zone)


def end_of_day(in_zone: ZoneInfo, at: dt.datetime | None = None) -> dt.datetime:
    """The school's next midnight after `at`, in UTC: what is due before it is due today."""
    tomorrow = today(in_zone, at) + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(), tzinfo=in_zone).astimezone(dt.UTC)


def start_of_day(day: dt.date, in_zone: ZoneInfo) -> dt.datetime:
    """The school's midnight that starts `day`, in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=in_zone).astimezone(dt.UTC)
