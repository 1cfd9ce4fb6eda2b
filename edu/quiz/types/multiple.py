"""Several right choices (as imported from Moodle): tick every right one.

Each choice carries a weight in percent (negative for a wrong one, as in Moodle); the credit
is the sum of the weights of the choices ticked, between 0 and 1.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import AnswerFormatError, Scored, scored, text_in
from edu.quiz.types.base import (
    MAX_CHOICES,
    Entry,
    Form,
    ItemType,
    Payload,
    Texts,
    entries,
    kept,
    stored_entries,
)
from edu.quiz.types.choice import gift_choices, lettered


@dataclass(frozen=True, kw_only=True)
class MultiplePayload(Payload):
    choices: tuple[Entry, ...]
    weights: dict[str, float]  # by choice id, in percent: negative for a wrong choice

    @property
    def right(self) -> set[str]:
        return {key for key, weight in self.weights.items() if float(weight) > 0}


class Multiple(ItemType[MultiplePayload]):
    name = "multiple"
    label = N_("Multiple choice, several right answers")
    gift_kind = "multiple"
    imports_gift = True
    shuffled = ("choices",)

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> MultiplePayload:
        return MultiplePayload(
            choices=entries(data["choices"]),
            weights=dict(answer["weights"]),
            kept=kept(data, "choices"),
        )

    def stored(self, payload: MultiplePayload) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {**payload.kept, "choices": stored_entries(payload.choices)}
        return data, {"weights": dict(payload.weights)}

    def answer_from_form(self, payload: MultiplePayload, form: Form) -> list[str]:
        chosen = [value for value in form.getlist("answer") if value][:MAX_CHOICES]
        if not chosen:
            raise AnswerFormatError("empty")
        return chosen

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return {} if answer is None else {"answer": answer}

    def score(self, payload: MultiplePayload, answer: Any, locale: str) -> Scored:
        if answer is None or answer == "" or answer == []:
            raise AnswerFormatError("empty")
        if isinstance(answer, str):
            answer = [answer]
        weights = payload.weights
        if not all(isinstance(choice, str) and choice in weights for choice in answer):
            raise AnswerFormatError("incomplete")
        chosen = sorted(set(answer))
        share = _share(weights[choice] for choice in chosen)
        best = _share(weight for weight in weights.values() if float(weight) > 0)
        return scored(share, share >= min(best, 1.0) and share > 0, {"chosen": chosen})

    def right_text(self, payload: MultiplePayload, language: str, words: Mapping[str, str]) -> str:
        return _ticked_text(payload, payload.right, language)

    def given_text(
        self, payload: MultiplePayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        ticked = set(answer if isinstance(answer, list) else [answer])
        return _ticked_text(payload, ticked, language)

    def to_gift(self, payload: MultiplePayload, prompt: Texts, language: str) -> GiftQuestion:
        answers = tuple(
            GiftAnswer(text_in(choice.text, language), weight=payload.weights[choice.id])
            for choice in payload.choices
        )
        return GiftQuestion(text_in(prompt, language), "multiple", answers)

    def from_gift(self, question: GiftQuestion) -> MultiplePayload:
        weights = {f"c{n}": answer.weight for n, answer in enumerate(question.answers, start=1)}
        return MultiplePayload(choices=gift_choices(question), weights=weights)

    def answer_key(self, payload: MultiplePayload, prompt: Texts) -> dict[str, Any]:
        return {"letters": lettered(payload.choices, payload.right)}


def _share(weights: Iterable[float]) -> float:
    return sum(float(weight) for weight in weights) / 100


def _ticked_text(payload: MultiplePayload, ticked: set[str], language: str) -> str:
    return "; ".join(
        text_in(choice.text, language) for choice in payload.choices if choice.id in ticked
    )


TYPE = Multiple()
