"""How many wrong PINs a pupil's name takes before it locks, and for how long.

Counted per pupil, whatever the address, so that neither one computer nor a hundred can try
the 10,000 PINs of one name; the class, behind one school address, is never locked as a whole.
"""

import datetime as dt
from dataclasses import dataclass

WRONG_PINS_BEFORE_LOCK = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class PinState:
    wrong_pins: int
    locked_until: dt.datetime | None


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    if locked_until is None:
        return False
    if locked_until.tzinfo is None:  # SQLite hands back naive UTC
        locked_until = locked_until.replace(tzinfo=dt.UTC)
    return now < locked_until


def after_wrong_pin(wrong_pins: int, now: dt.datetime) -> PinState:
    """One more wrong PIN. From the fifth on, every wrong PIN locks the name again: after a
    lock ends, a guesser gets one try per lock, not five."""
    wrong_pins += 1
    if wrong_pins >= WRONG_PINS_BEFORE_LOCK:
        return PinState(wrong_pins, now + dt.timedelta(minutes=LOCK_MINUTES))
    return PinState(wrong_pins, None)


def after_right_pin() -> PinState:
    return PinState(0, None)
