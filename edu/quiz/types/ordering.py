"""Ordering: put facts in chronological order.

Every pair of facts counts: the credit is the share of pairs the learner put in the right
order relative to each other. With 4 facts there are 6 pairs, so swapping two neighbours earns
5/6; the fully reversed order earns 0. Only the exact order earns 1. Every fact must be placed
exactly once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import AnswerFormatError, Scored, scored, text_in
from edu.quiz.items import GAP
from edu.quiz.types.base import (
    ELLIPSIS,
    Entry,
    Form,
    Group,
    ItemType,
    Line,
    Listed,
    Payload,
    Texts,
    clause,
    entries,
    kept,
    shortened,
    stored_entries,
    unblanked,
)

MAX_PLACE = 2**31 - 1  # a place beyond this is not one a form offers


@dataclass(frozen=True, kw_only=True)
class OrderingPayload(Payload):
    entries: tuple[Entry, ...]  # in the order they are shown
    order: tuple[str, ...]  # the entries' ids, earliest first


class Ordering(ItemType[OrderingPayload]):
    name = "ordering"
    label = N_("Put in order")
    gift_kind = "matching"  # each fact matched with its place

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> OrderingPayload:
        return OrderingPayload(
            entries=entries(data["entries"]),
            order=tuple(answer["order"]),
            kept=kept(data, "entries"),
        )

    def stored(self, payload: OrderingPayload) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {**payload.kept, "entries": stored_entries(payload.entries)}
        return data, {"order": list(payload.order)}

    def answer_from_form(self, payload: OrderingPayload, form: Form) -> list[str]:
        places = {}
        for entry in payload.entries:
            place = _place(form.get(f"position-{entry.id}", ""))
            if place is None:
                raise AnswerFormatError("incomplete")
            places[entry.id] = place
        if len(set(places.values())) != len(places):
            raise AnswerFormatError("duplicate-positions")
        return sorted(places, key=lambda entry_id: places[entry_id])

    def form_fields(self, answer: Any) -> dict[str, Any]:
        if isinstance(answer, str):
            return {"answer": answer}
        if not isinstance(answer, list):
            return {}
        return {f"position-{entry}": str(place) for place, entry in enumerate(answer, start=1)}

    def score(self, payload: OrderingPayload, answer: Any, locale: str) -> Scored:
        if answer is None:
            raise AnswerFormatError("empty")
        if isinstance(answer, str | bytes | Mapping) or not isinstance(answer, Iterable):
            raise AnswerFormatError("incomplete")
        submitted = list(answer)
        if not submitted:
            raise AnswerFormatError("empty")
        order = list(payload.order)
        if not all(isinstance(entry_id, str) for entry_id in submitted) or sorted(
            submitted
        ) != sorted(order):
            raise AnswerFormatError("incomplete")  # each entry placed exactly once
        rank = {entry_id: index for index, entry_id in enumerate(order)}
        n = len(submitted)
        pairs = n * (n - 1) // 2
        concordant = sum(
            1 for i in range(n) for j in range(i + 1, n) if rank[submitted[i]] < rank[submitted[j]]
        )
        detail = {
            "concordant": concordant,
            "pairs": pairs,
            "placed": {entry_id: entry_id == order[i] for i, entry_id in enumerate(submitted)},
        }
        return scored(concordant / pairs if pairs else 1.0, submitted == order, detail)

    def right_text(self, payload: OrderingPayload, language: str, words: Mapping[str, str]) -> str:
        return _order_text(payload, payload.order, language)

    def given_text(
        self, payload: OrderingPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        return _order_text(payload, answer, language) if isinstance(answer, list) else str(answer)

    def right_list(
        self, payload: OrderingPayload, language: str, words: Mapping[str, str]
    ) -> Listed:
        return _order_list(payload, payload.order, language)

    def given_list(
        self, payload: OrderingPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> Listed | None:
        if not isinstance(answer, list):
            return None
        return _order_list(payload, answer, language)

    def to_gift(self, payload: OrderingPayload, prompt: Texts, language: str) -> GiftQuestion:
        place = {key: n for n, key in enumerate(payload.order, start=1)}
        pairs = tuple(
            GiftAnswer(
                text_in(entry.text, language).replace(GAP, ELLIPSIS), match=str(place[entry.id])
            )
            for entry in payload.entries
        )
        return GiftQuestion(text_in(prompt, language), "matching", pairs)

    def answer_key(self, payload: OrderingPayload, prompt: Texts) -> dict[str, Any]:
        by_id = {entry.id: entry for entry in payload.entries}
        return {"order": [by_id[entry_id] for entry_id in payload.order if entry_id in by_id]}


def _place(value: str | None) -> int | None:
    """A place chosen in the form, or None for anything but a whole number from 1."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_PLACE else None


def _order_lines(payload: OrderingPayload, order: Iterable[str], language: str) -> list[Line]:
    """The facts in `order`, earliest first (anything but a known id is left out)."""
    by_id = {entry.id: entry for entry in payload.entries}
    placed = [by_id[key] for key in order if isinstance(key, str) and key in by_id]
    return [
        Line(shortened(unblanked(text_in(entry.text, language))), fact=entry.fact)
        for entry in placed
    ]


def _order_list(payload: OrderingPayload, order: Iterable[str], language: str) -> Listed:
    """The facts in order, numbered: "1. …", "2. …"."""
    return Listed((Group(tuple(_order_lines(payload, order, language))),), numbered=True)


def _order_text(payload: OrderingPayload, order: Iterable[str], language: str) -> str:
    """The facts in order on one line: "A → B → C"."""
    return " → ".join(clause(line.text) for line in _order_lines(payload, order, language))


TYPE = Ordering()
