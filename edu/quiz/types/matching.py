"""Matching: match each left-hand text with its partner on the right.

The credit is the share of texts matched with their right partner (2 of 3 right: 0.6667). A
text left unmatched counts as wrong.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import Scored, text_in
from edu.quiz.items import GAP
from edu.quiz.types.base import (
    ELLIPSIS,
    LETTERS,
    Entry,
    Form,
    Group,
    ItemType,
    Line,
    Listed,
    Payload,
    Texts,
    answered,
    both,
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


@dataclass(frozen=True, kw_only=True)
class MatchingPayload(Payload):
    left: tuple[Entry, ...]
    right: tuple[Entry, ...]  # a right-hand text may partner several, or none (a distractor)
    pairs: dict[str, str]  # left id: right id


class Matching(ItemType[MatchingPayload]):
    name = "matching"
    label = N_("Match the pairs")
    gift_kind = "matching"
    imports_gift = True
    shuffled_on_sheet = ("right",)

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> MatchingPayload:
        return MatchingPayload(
            left=entries(data["left"]),
            right=entries(data["right"]),
            pairs=dict(answer["pairs"]),
            kept=kept(data, "left", "right"),
        )

    def stored(self, payload: MatchingPayload) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {
            **payload.kept,
            "left": stored_entries(payload.left),
            "right": stored_entries(payload.right),
        }
        return data, {"pairs": dict(payload.pairs)}

    def answer_from_form(self, payload: MatchingPayload, form: Form) -> dict[str, str]:
        return chosen_by_entry(form, "match", payload.left)

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return fields_by_entry(answer, "match")

    def score(self, payload: MatchingPayload, answer: Any, locale: str) -> Scored:
        left = [entry.id for entry in payload.left]
        given = answered(answer, set(left), {entry.id for entry in payload.right})
        results = {left_id: given.get(left_id) == payload.pairs[left_id] for left_id in left}
        return scored_by_entry(results, "pairs")

    def right_text(self, payload: MatchingPayload, language: str, words: Mapping[str, str]) -> str:
        return _pairs_text(payload, payload.pairs, language, words)

    def given_text(
        self, payload: MatchingPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        if not isinstance(answer, Mapping):
            return str(answer)
        return _pairs_text(payload, answer, language, words)

    def right_list(
        self, payload: MatchingPayload, language: str, words: Mapping[str, str]
    ) -> Listed:
        return Listed((Group(tuple(_pairs_lines(payload, payload.pairs, language, words))),))

    def given_list(
        self, payload: MatchingPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> Listed | None:
        if not isinstance(answer, Mapping):
            return None
        return Listed((Group(tuple(_pairs_lines(payload, answer, language, words))),))

    def to_gift(self, payload: MatchingPayload, prompt: Texts, language: str) -> GiftQuestion:
        rights = {entry.id: text_in(entry.text, language) for entry in payload.right}
        pairs = [
            GiftAnswer(
                text_in(entry.text, language).replace(GAP, ELLIPSIS),
                match=rights[payload.pairs[entry.id]],
            )
            for entry in payload.left
        ]
        used = set(payload.pairs.values())
        pairs += [GiftAnswer("", match=text) for key, text in rights.items() if key not in used]
        return GiftQuestion(text_in(prompt, language), "matching", tuple(pairs))

    def from_gift(self, question: GiftQuestion) -> MatchingPayload:
        left = [answer for answer in question.answers if answer.text]
        rights = list(dict.fromkeys(_right_side(answer) for answer in question.answers))
        right_id = {text: f"r{n}" for n, text in enumerate(rights, start=1)}
        return MatchingPayload(
            left=tuple(Entry(f"l{n}", both(a.text)) for n, a in enumerate(left, start=1)),
            right=tuple(Entry(right_id[text], both(text)) for text in rights),
            pairs={f"l{n}": right_id[_right_side(a)] for n, a in enumerate(left, start=1)},
        )

    def answer_key(self, payload: MatchingPayload, prompt: Texts) -> dict[str, Any]:
        letters = {entry.id: LETTERS[i % 26] for i, entry in enumerate(payload.right)}
        texts = {entry.id: entry.text for entry in payload.right}
        return {
            "pairs": [
                (
                    index,
                    letters.get(payload.pairs.get(entry.id) or "", "–"),
                    texts.get(payload.pairs.get(entry.id) or ""),
                )
                for index, entry in enumerate(payload.left, start=1)
            ]
        }


def _right_side(answer: GiftAnswer) -> str:
    if answer.match is None:
        raise ValueError(f"matching pair {answer.text!r} has no right side")
    return answer.match


def _pairs_lines(
    payload: MatchingPayload, pairs: Mapping[str, str], language: str, words: Mapping[str, str]
) -> list[Line]:
    """Each left-hand text with its partner: the sentence completed where its blank is
    ("Qwen-turbo is developed by Alibaba"), else the text and its partner ("Qwen", "Alibaba");
    a text left unmatched with "no answer"."""
    rights = {entry.id: text_in(entry.text, language) for entry in payload.right}
    lines = []
    for entry in payload.left:
        left = text_in(entry.text, language)
        chosen = pairs.get(entry.id)
        partner = rights.get(chosen) if isinstance(chosen, str) else None
        if partner is None:
            lines.append(Line(shortened(unblanked(left)), words["unanswered"]))
        elif GAP in left:
            lines.append(Line(shortened(unblanked(left.replace(GAP, partner, 1)))))
        else:
            lines.append(Line(shortened(left), partner))
    return lines


def _pairs_text(
    payload: MatchingPayload, pairs: Mapping[str, str], language: str, words: Mapping[str, str]
) -> str:
    """The pairs on one line: "Qwen-turbo is developed by Alibaba; DeepSeek → High-Flyer"."""
    return "; ".join(
        clause(line.text) if line.partner is None else f"{clause(line.text)} → {line.partner}"
        for line in _pairs_lines(payload, pairs, language, words)
    )


TYPE = Matching()
