"""Ids from URLs and forms, bounded by what the database holds: a larger one is no id (a 404 or
a form's message), never an overflow in the database driver (a 500)."""

from werkzeug.routing import IntegerConverter, Map

# Every id column is an INTEGER: 32 bits signed on PostgreSQL. SQLite holds 64, but an id
# above this one never exists there either.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """Flask's `int` converter, with at most 10 ASCII digits and MAX_ID as its largest value."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.max = MAX_ID if self.max is None else min(self.max, MAX_ID)


def parse_id(value: object) -> int | None:
    """A form's or query's id as an int the database can compare, or None for anything that is
    not a positive integer up to MAX_ID (empty, signed, a word, 2**64, repeated digits…)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None
