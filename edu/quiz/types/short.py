"""Short answer (as imported from Moodle): type one of the accepted answers.

Several answers may be accepted, each with a weight in percent; the typed text is compared as
for gap fill (accents, capitals, punctuation and spacing ignored) and `*` in an accepted
answer stands for any text. The credit is the best weight matched.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import Scored, normalise_text, scored, text_in
from edu.quiz.types.base import (
    Form,
    ItemType,
    Payload,
    Texts,
    kept,
    missing_word,
    one_value,
    typed_text,
    value_field,
)


@dataclass(frozen=True)
class Accepted:
    text: str  # may hold `*`, any text
    weight: float  # in percent


@dataclass(frozen=True, kw_only=True)
class ShortPayload(Payload):
    accepted: tuple[Accepted, ...]


class Short(ItemType[ShortPayload]):
    name = "short"
    label = N_("A short answer to type")
    gift_kind = "shortanswer"
    imports_gift = True

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> ShortPayload:
        accepted = tuple(Accepted(each["text"], each["weight"]) for each in answer["accepted"])
        return ShortPayload(accepted=accepted, kept=kept(data))

    def stored(self, payload: ShortPayload) -> tuple[dict[str, Any], dict[str, Any]]:
        accepted = [{"text": each.text, "weight": each.weight} for each in payload.accepted]
        return dict(payload.kept), {"accepted": accepted}

    def answer_from_form(self, payload: ShortPayload, form: Form) -> str:
        return one_value(form)

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return value_field(answer)

    def score(self, payload: ShortPayload, answer: Any, locale: str) -> Scored:
        given = typed_text(answer)
        best, matched = 0.0, None
        for accepted in payload.accepted:
            weight = float(accepted.weight) / 100
            if weight > best and _matches_pattern(given, accepted.text):
                best, matched = weight, accepted.text
        return scored(best, best >= 1.0, {"normalised": given, "matched": matched})

    def right_text(self, payload: ShortPayload, language: str, words: Mapping[str, str]) -> str:
        return max(payload.accepted, key=lambda accepted: float(accepted.weight)).text

    def given_text(
        self, payload: ShortPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        return str(answer)

    def to_gift(self, payload: ShortPayload, prompt: Texts, language: str) -> GiftQuestion:
        answers = tuple(GiftAnswer(each.text, weight=each.weight) for each in payload.accepted)
        text, at = missing_word(text_in(prompt, language))
        return GiftQuestion(text, "shortanswer", answers, blank_at=at)

    def from_gift(self, question: GiftQuestion) -> ShortPayload:
        return ShortPayload(
            accepted=tuple(Accepted(answer.text, answer.weight) for answer in question.answers)
        )


def _matches_pattern(given: str, accepted: str) -> bool:
    """Moodle's short-answer `*` wildcard, on normalised texts."""
    parts = [normalise_text(part) for part in accepted.split("*")]
    if len(parts) == 1:
        return given == parts[0]
    pattern = ".*".join(re.escape(part) for part in parts)
    return re.fullmatch(pattern, given) is not None


TYPE = Short()
