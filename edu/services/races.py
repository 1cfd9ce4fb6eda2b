"""Writes two requests may make at the same moment (a double click, two tabs): the first wins."""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

T = TypeVar("T")


def first_write_wins(session: Session, write: Callable[[], T], lost: Callable[[], T]) -> T:
    """`write` (which inserts a row a unique constraint guards) in a savepoint. When another
    request inserted the same row first, only this write is undone, not the rest of the
    request's work, and `lost` says what the row that won gives."""
    try:
        with session.begin_nested():  # flushed on leaving: a lost race fails here
            return write()
    except IntegrityError:
        return lost()
