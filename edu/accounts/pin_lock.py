"""How many wrong PINs a pupil's name takes before it locks, and for how long.

Counted per pupil, whatever the address, so that neither one computer nor a hundred can try
the 10,000 PINs of one name; the class, behind one school address, is never locked as a whole.
From the fifth wrong PIN on, every wrong PIN locks the name again: once a lock ends, a guesser
gets one try per lock, not five.
"""

import datetime as dt

WRONG_PINS_BEFORE_LOCK = 5
LOCK_MINUTES = 15


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    if locked_until is None:
        return False
    if locked_until.tzinfo is None:  # SQLite hands back naive UTC
        locked_until = locked_until.replace(tzinfo=dt.UTC)
    return now < locked_until


def lock_end(now: dt.datetime) -> dt.datetime:
    """When a lock that starts now ends."""
    return now + dt.timedelta(minutes=LOCK_MINUTES)


def locks(wrong_pins: int) -> bool:
    """Whether this many wrong PINs in a row lock the name."""
    return wrong_pins >= WRONG_PINS_BEFORE_LOCK
