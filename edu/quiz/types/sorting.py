"""Sorting: put each argument on its side of the motion, for or against.

The credit is the share of arguments put on the right side. An argument left unsorted counts
as wrong.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import Scored, text_in
from edu.quiz.types.base import (
    Entry,
    Form,
    Group,
    ItemType,
    Line,
    Listed,
    Payload,
    Texts,
    answered,
    chosen_by_entry,
    clause,
    entries,
    fields_by_entry,
    kept,
    scored_by_entry,
    shortened,
    stored_entries,
    unblanked,
)
from edu.quiz.words import words_in

SIDES = ("for", "against")


@dataclass(frozen=True, kw_only=True)
class SortingPayload(Payload):
    entries: tuple[Entry, ...]  # the arguments, in the order they are shown
    sides: dict[str, str]  # argument id: "for" or "against"


class Sorting(ItemType[SortingPayload]):
    name = "sorting"
    label = N_("Sort arguments for and against")
    gift_kind = "matching"  # each argument matched with its side

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> SortingPayload:
        return SortingPayload(
            entries=entries(data["entries"]),
            sides=dict(answer["sides"]),
            kept=kept(data, "entries"),
        )

    def stored(self, payload: SortingPayload) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {**payload.kept, "entries": stored_entries(payload.entries)}
        return data, {"sides": dict(payload.sides)}

    def answer_from_form(self, payload: SortingPayload, form: Form) -> dict[str, str]:
        return chosen_by_entry(form, "side", payload.entries)

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return fields_by_entry(answer, "side")

    def score(self, payload: SortingPayload, answer: Any, locale: str) -> Scored:
        ids = [entry.id for entry in payload.entries]
        given = answered(answer, set(ids), set(SIDES))
        results = {entry_id: given.get(entry_id) == payload.sides[entry_id] for entry_id in ids}
        return scored_by_entry(results, "entries")

    def right_text(self, payload: SortingPayload, language: str, words: Mapping[str, str]) -> str:
        return _sides_text(payload, payload.sides, language, words)

    def given_text(
        self, payload: SortingPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        if not isinstance(answer, Mapping):
            return str(answer)
        return _sides_text(payload, answer, language, words)

    def right_list(
        self, payload: SortingPayload, language: str, words: Mapping[str, str]
    ) -> Listed:
        return Listed(_side_groups(payload, payload.sides, language, words))

    def given_list(
        self, payload: SortingPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> Listed | None:
        if not isinstance(answer, Mapping):
            return None
        return Listed(_side_groups(payload, answer, language, words))

    def to_gift(self, payload: SortingPayload, prompt: Texts, language: str) -> GiftQuestion:
        names = words_in(language)
        pairs = tuple(
            GiftAnswer(text_in(entry.text, language), match=names[payload.sides[entry.id]])
            for entry in payload.entries
        )
        return GiftQuestion(text_in(prompt, language), "matching", pairs)

    def answer_key(self, payload: SortingPayload, prompt: Texts) -> dict[str, Any]:
        return {"sides": [(entry, payload.sides.get(entry.id)) for entry in payload.entries]}


def _label(word: str, language: str) -> str:
    """`For: ` in English, `Pour : ` in French (no-break space before the colon)."""
    return f"{word}\u00a0: " if language == "fr" else f"{word}: "


def _side_groups(
    payload: SortingPayload, sides: Mapping[str, str], language: str, words: Mapping[str, str]
) -> tuple[Group, ...]:
    """The arguments grouped by side, "For:" then "Against:" (each shown, even empty), then
    those left unsorted (only when there are some)."""
    groups: dict[str, list[Line]] = {"for": [], "against": [], "unsorted": []}
    for entry in payload.entries:
        side = sides.get(entry.id)
        groups[side if side in SIDES else "unsorted"].append(
            Line(shortened(unblanked(text_in(entry.text, language))))
        )
    return tuple(
        Group(tuple(lines), _label(words[side], language).rstrip())
        for side, lines in groups.items()
        if lines or side != "unsorted"
    )


def _sides_text(
    payload: SortingPayload, sides: Mapping[str, str], language: str, words: Mapping[str, str]
) -> str:
    """The arguments grouped by side on one line: "For: …; … / Against: …"."""
    return " / ".join(
        f"{group.label} " + ("; ".join(clause(line.text) for line in group.lines) or "—")
        for group in _side_groups(payload, sides, language, words)
    )


TYPE = Sorting()
