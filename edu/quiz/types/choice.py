"""Multiple choice, one right answer: 1 for the right choice, 0 for another one.

Choices imported from Moodle may carry a weight in percent: a partly right choice earns that
share.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import AnswerFormatError, Scored, scored, text_in
from edu.quiz.types.base import (
    LETTERS,
    Entry,
    Form,
    ItemType,
    Payload,
    Texts,
    both,
    entries,
    kept,
    one_value,
    stored_entries,
    value_field,
)


@dataclass(frozen=True, kw_only=True)
class ChoicePayload(Payload):
    choices: tuple[Entry, ...]
    right: str  # the right choice's id
    weights: dict[str, float] | None = None  # Moodle's partly right choices, in percent


class Choice(ItemType[ChoicePayload]):
    name = "choice"
    label = N_("Multiple choice, one right answer")
    gift_kind = "multichoice"
    imports_gift = True
    shuffled = ("choices",)

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> ChoicePayload:
        weights = answer.get("weights")
        return ChoicePayload(
            choices=entries(data["choices"]),
            right=answer["choice"],
            weights=None if weights is None else dict(weights),
            kept=kept(data, "choices"),
        )

    def stored(self, payload: ChoicePayload) -> tuple[dict[str, Any], dict[str, Any]]:
        answer: dict[str, Any] = {"choice": payload.right}
        if payload.weights is not None:
            answer["weights"] = dict(payload.weights)
        return {**payload.kept, "choices": stored_entries(payload.choices)}, answer

    def answer_from_form(self, payload: ChoicePayload, form: Form) -> str:
        return one_value(form)

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return value_field(answer)

    def score(self, payload: ChoicePayload, answer: Any, locale: str) -> Scored:
        if answer is None or answer == "":
            raise AnswerFormatError("empty")
        ids = {choice.id for choice in payload.choices}
        if not isinstance(answer, str) or answer not in ids:
            raise AnswerFormatError("incomplete")
        right = answer == payload.right
        share = float(payload.weights[answer]) / 100 if payload.weights else float(right)
        return scored(share, right, {"chosen": answer})

    def right_text(self, payload: ChoicePayload, language: str, words: Mapping[str, str]) -> str:
        return next(
            text_in(choice.text, language)
            for choice in payload.choices
            if choice.id == payload.right
        )

    def given_text(
        self, payload: ChoicePayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        chosen = next((choice for choice in payload.choices if choice.id == answer), None)
        return text_in(chosen.text, language) if chosen else str(answer)

    def to_gift(self, payload: ChoicePayload, prompt: Texts, language: str) -> GiftQuestion:
        weights = payload.weights or {
            choice.id: 100.0 if choice.id == payload.right else 0.0 for choice in payload.choices
        }
        answers = tuple(
            GiftAnswer(text_in(choice.text, language), weight=weights[choice.id])
            for choice in payload.choices
        )
        return GiftQuestion(text_in(prompt, language), "multichoice", answers)

    def from_gift(self, question: GiftQuestion) -> ChoicePayload:
        weights = {f"c{n}": answer.weight for n, answer in enumerate(question.answers, start=1)}
        return ChoicePayload(
            choices=gift_choices(question),
            right=max(weights, key=lambda key: weights[key]),
            weights=weights,
        )

    def answer_key(self, payload: ChoicePayload, prompt: Texts) -> dict[str, Any]:
        return {"letters": lettered(payload.choices, {payload.right})}


def gift_choices(question: GiftQuestion) -> tuple[Entry, ...]:
    """A GIFT question's answers as choices c1, c2..."""
    return tuple(
        Entry(f"c{n}", both(answer.text)) for n, answer in enumerate(question.answers, start=1)
    )


def lettered(choices: tuple[Entry, ...], right: set[str]) -> list[tuple[str, Texts]]:
    """The right choices with the letters a printed sheet shows them with."""
    return [
        (LETTERS[index % 26], choice.text)
        for index, choice in enumerate(choices)
        if choice.id in right
    ]


TYPE = Choice()
