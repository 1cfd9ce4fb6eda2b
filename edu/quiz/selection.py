"""Which items a quiz shows: a seeded draw, so the same attempt always shows the same questions."""

import random
from collections.abc import Sequence
from dataclasses import dataclass

QUIZ_LENGTH = 10


@dataclass(frozen=True)
class Candidate:
    key: str  # the item's stable key
    type: str
    source: str  # the fact or question it comes from: one item per source in a quiz


def draw(candidates: Sequence[Candidate], seed: int, size: int = QUIZ_LENGTH) -> list[str]:
    """At most one item per source, mixed types, in a seeded random order."""
    rng = random.Random(seed)
    by_source: dict[str, list[Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: c.key):
        by_source.setdefault(candidate.source, []).append(candidate)
    sources = sorted(by_source)
    rng.shuffle(sources)
    chosen = [rng.choice(by_source[source]) for source in sources[:size]]
    return [candidate.key for candidate in chosen]


def shuffled(values: Sequence, seed: int, position: int) -> list:
    """The order one attempt shows a question's choices in: fixed for that attempt and place."""
    order = list(values)
    random.Random(seed * 1000 + position).shuffle(order)
    return order
