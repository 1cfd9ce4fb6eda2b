"""Which items a quiz shows: a seeded draw, so the same attempt always shows the same questions.

A quiz gives nothing away: it never holds two items of one fact (whatever their types: a
matching or an ordering item names every fact it is made of), nor two items of which one shows
the other's answer in its prompt or options (`edu.quiz.review.conflicts` says which).
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass

QUIZ_LENGTH = 10


@dataclass(frozen=True)
class Candidate:
    key: str  # the item's stable key
    type: str
    source: str  # the fact or question it comes from: one item per source in a quiz
    facts: frozenset[str] = frozenset()  # every fact it asks about (qualified by its article)
    conflicts: frozenset[str] = frozenset()  # keys of the items it must never be drawn with


def draw(candidates: Sequence[Candidate], seed: int, size: int = QUIZ_LENGTH) -> list[str]:
    """At most one item per source, mixed types, in a seeded random order; never two items of
    one fact, never two items in conflict."""
    rng = random.Random(seed)
    by_source: dict[str, list[Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: c.key):
        by_source.setdefault(candidate.source, []).append(candidate)
    sources = sorted(by_source)
    rng.shuffle(sources)
    chosen: list[Candidate] = []
    facts: set[str] = set()
    for source in sources:
        if len(chosen) >= size:
            break
        options = list(by_source[source])
        rng.shuffle(options)
        for candidate in options:
            if candidate.facts & facts or any(
                candidate.key in other.conflicts or other.key in candidate.conflicts
                for other in chosen
            ):
                continue
            chosen.append(candidate)
            facts |= candidate.facts
            break
    return [candidate.key for candidate in chosen]


def shuffled(values: Sequence, seed: int, position: int) -> list:
    """The order one attempt shows a question's choices in: fixed for that attempt and place."""
    order = list(values)
    random.Random(seed * 1000 + position).shuffle(order)
    return order
