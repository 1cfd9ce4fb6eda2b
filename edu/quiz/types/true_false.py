"""True or false: 1 when the learner's "true" / "false" is right, else 0."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import AnswerFormatError, Scored, scored, text_in
from edu.quiz.types.base import (
    Form,
    ItemType,
    Payload,
    Texts,
    both,
    kept,
    one_value,
    value_field,
)

ANSWERS = ("true", "false")


@dataclass(frozen=True, kw_only=True)
class TrueFalsePayload(Payload):
    value: bool  # is the prompt true?
    statement: Texts | None = None  # shown as the right answer: the true statement


class TrueFalse(ItemType[TrueFalsePayload]):
    name = "true-false"
    label = N_("True or false")
    gift_kind = "truefalse"
    imports_gift = True

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> TrueFalsePayload:
        statement = data.get("statement")
        return TrueFalsePayload(
            value=bool(answer["value"]),
            statement=None if statement is None else dict(statement),
            kept=kept(data, "statement"),
        )

    def stored(self, payload: TrueFalsePayload) -> tuple[dict[str, Any], dict[str, Any]]:
        data = dict(payload.kept)
        if payload.statement is not None:
            data["statement"] = dict(payload.statement)
        return data, {"value": payload.value}

    def answer_from_form(self, payload: TrueFalsePayload, form: Form) -> str:
        return one_value(form)

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return value_field(answer)

    def score(self, payload: TrueFalsePayload, answer: Any, locale: str) -> Scored:
        if isinstance(answer, bool):
            chosen = answer
        elif answer in ANSWERS:
            chosen = answer == "true"
        else:
            raise AnswerFormatError("incomplete")
        right = chosen == payload.value
        return scored(1.0 if right else 0.0, right, {"chosen": chosen})

    def right_text(self, payload: TrueFalsePayload, language: str, words: Mapping[str, str]) -> str:
        return text_in(payload.statement, language) if payload.statement else ""

    def given_text(
        self, payload: TrueFalsePayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        return words[answer] if answer in ANSWERS else str(answer)

    def to_gift(self, payload: TrueFalsePayload, prompt: Texts, language: str) -> GiftQuestion:
        statement = text_in(payload.statement or prompt, language)
        value = "true" if payload.value else "false"
        return GiftQuestion(statement, "truefalse", (GiftAnswer(value),))

    def from_gift(self, question: GiftQuestion) -> TrueFalsePayload:
        value = question.answers[0].text == "true"
        return TrueFalsePayload(value=value, statement=both(question.text))

    def answer_key(self, payload: TrueFalsePayload, prompt: Texts) -> dict[str, Any]:
        statement = payload.statement or {}
        wrong_shown = not payload.value and statement != prompt
        return {
            "truth": "true" if payload.value else "false",
            "correction": statement if wrong_shown else None,
        }


TYPE = TrueFalse()
