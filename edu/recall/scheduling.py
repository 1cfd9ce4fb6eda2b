"""One learner's memory of one fact, and how an answer moves it: FSRS through `fsrs`.

A card's state is kept as plain values (`Memory`), the columns of its row; `fsrs.Card` is made
from them for each review and read back. The scheduler is FSRS's default model with 90 %
desired retention and without fuzzing: the dates a learner and a teacher see can be
recomputed from the review log, and tests compare them with what `fsrs` itself gives.
"""

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State

DESIRED_RETENTION = 0.9
HELD = 0.9  # a fact is "held" while the chance of recalling it stays above this
FULL_CREDIT = 0.999  # credits are floats: 1.0 can arrive as 0.9999…

_SCHEDULER = Scheduler(desired_retention=DESIRED_RETENTION, enable_fuzzing=False)


class Phase(IntEnum):
    """fsrs's card states, as stored."""

    LEARNING = State.Learning.value
    REVIEW = State.Review.value
    RELEARNING = State.Relearning.value


@dataclass(frozen=True)
class Memory:
    """What the scheduler knows of a learner's memory of a fact (all times in UTC)."""

    phase: Phase
    step: int | None  # the learning or relearning step; None in the review phase
    stability: float | None  # days for the chance of recall to fall to 90 %
    difficulty: float | None  # 1 (easy) to 10 (hard)
    due: dt.datetime
    last_review: dt.datetime | None


def rating_for(credit: float, sure: bool = False) -> Rating:
    """Nothing right: Again; part right: Hard; all right: Good, or Easy when the learner said
    they were sure."""
    if credit <= 0:
        return Rating.Again
    if credit < FULL_CREDIT:
        return Rating.Hard
    return Rating.Easy if sure else Rating.Good


def new_memory(now: dt.datetime) -> Memory:
    """A fact never reviewed: due at once, in the first learning step."""
    return Memory(Phase.LEARNING, 0, None, None, _utc(now), None)


def review(memory: Memory, rating: Rating, when: dt.datetime) -> Memory:
    """The memory after an answer rated `rating` at `when`."""
    card, _ = _SCHEDULER.review_card(_card(memory), rating, review_datetime=_utc(when))
    return Memory(
        phase=Phase(card.state.value),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def retrievability(memory: Memory, when: dt.datetime) -> float:
    """The chance, 0 to 1, that the learner recalls the fact at `when` (0 if never reviewed)."""
    return _SCHEDULER.get_card_retrievability(_card(memory), current_datetime=_utc(when))


# FSRS's forgetting curve, R = (1 + FACTOR · t / S) ** DECAY, with t in whole days since the
# last review and S the stability: the scheduler's own constants, derived as fsrs derives them.
_DECAY = -_SCHEDULER.parameters[20]
_FACTOR = 0.9 ** (1 / _DECAY) - 1


def recall_chance(
    stability: float | None, last_review: dt.datetime | None, when: dt.datetime
) -> float:
    """`retrievability` from the two values it depends on, without making an fsrs card: a
    class's thousands of cards are read at once (a card each cost ten times more)."""
    if stability is None or last_review is None:
        return 0.0
    days = max(0, (_utc(when) - _utc(last_review)).days)
    return float((1 + _FACTOR * days / stability) ** _DECAY)


def _card(memory: Memory) -> Card:
    # card_id given: without one, fsrs stamps the time and sleeps a millisecond.
    return Card(
        card_id=1,
        state=State(int(memory.phase)),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=_utc(memory.due),
        last_review=_utc(memory.last_review) if memory.last_review else None,
    )


def _utc(when: dt.datetime) -> dt.datetime:
    """fsrs wants timezone.utc itself; SQLite gives naive UTC datetimes back."""
    if when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)
