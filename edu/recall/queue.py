"""What a review session asks, in which order, and with which item of each fact."""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

SESSION_SIZE = 20  # cards in one review session, as a lesson's starter or a bus ride
DEFAULT_NEW_PER_DAY = 10
MOST_NEW_PER_DAY = 200


@dataclass(frozen=True)
class Due:
    """A card due for review: `new` when the review queue has never asked it (a fact met only
    in a quiz so far)."""

    card_id: int
    due: dt.datetime
    new: bool


def new_allowed(per_day: int, started_today: int) -> int:
    """How many facts may still enter the queue today, at the learner's pace."""
    return max(0, per_day - started_today)


def session_cards(due: Sequence[Due], *, new_allowed: int, size: int = SESSION_SIZE) -> list[int]:
    """The cards of a session: those the queue already asks, most overdue first, then facts
    new to it, the longest waiting first and no more than today's allowance; `size` at most.
    Reviews come first so that a learner who does a few a day never lets them pile up."""
    known = sorted(
        (card for card in due if not card.new), key=lambda card: (card.due, card.card_id)
    )
    new = sorted((card for card in due if card.new), key=lambda card: (card.due, card.card_id))
    chosen = known[:size] + new[: max(0, min(new_allowed, size - len(known)))]
    return [card.card_id for card in chosen]


@dataclass(frozen=True)
class Choice:
    """An item that asks the card's fact."""

    item_id: int
    type: str


def pick_item(candidates: Sequence[Choice], asked: Sequence[Choice], seed: int) -> Choice | None:
    """The item to ask a fact with: one never asked for it if there is one, else the one asked
    longest ago; among equals, of another type than the last one asked, then drawn by `seed`.
    `asked` is what the card was asked with, the latest first. So the learner recalls the
    fact, not the item: gap-fill, then choice, then true/false, …"""
    if not candidates:
        return None
    last_asked = {choice.item_id: place for place, choice in reversed(list(enumerate(asked)))}
    last_type = asked[0].type if asked else None
    shuffled = list(candidates)
    random.Random(seed).shuffle(shuffled)

    def rank(choice: Choice) -> tuple[int, int]:
        # Never asked: -1 (first). Asked: minus its place, so the longest ago comes first.
        asked_at = last_asked.get(choice.item_id)
        freshness = -len(asked) - 1 if asked_at is None else -asked_at
        return (freshness, 1 if choice.type == last_type else 0)

    return min(shuffled, key=rank)
