"""Gap fill: type the word the prompt's gap `____` stands for.

The typed word is compared with the expected one ignoring accents, capitals, punctuation and
spacing: `etats-unis` is `États-Unis`, `  ALIBABA ` is `Alibaba`, `l'Oréal` is `L’OREAL`. The
answer of either language is accepted (1), and so is any of its other spellings (`also`: « FMI »
for « Fonds monétaire international »). One typo (one letter missing, added, changed, or
two neighbouring letters swapped) earns 0.5 when the expected answer has at least 5
characters; anything else earns 0.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import (
    Scored,
    edit_distance,
    normalise_text,
    scored,
    text_in,
)
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

TYPO_CREDIT = 0.5
TYPO_MIN_LENGTH = 5  # one typo earns credit only on answers at least this long


@dataclass(frozen=True, kw_only=True)
class ClozePayload(Payload):
    answers: Texts  # the word for the gap, in each language
    also: tuple[str, ...] = ()  # other spellings accepted (an acronym), in any language


class Cloze(ItemType[ClozePayload]):
    name = "cloze"
    label = N_("A word for the gap")
    gift_kind = "shortanswer"  # a missing word: it comes back as a short answer

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> ClozePayload:
        answers = {key: value for key, value in answer.items() if key != "also"}
        also = tuple(str(name) for name in answer.get("also") or ())
        return ClozePayload(answers=answers, also=also, kept=kept(data))

    def stored(self, payload: ClozePayload) -> tuple[dict[str, Any], dict[str, Any]]:
        also = {"also": list(payload.also)} if payload.also else {}
        return dict(payload.kept), {**payload.answers, **also}

    def answer_from_form(self, payload: ClozePayload, form: Form) -> str:
        return one_value(form)

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return value_field(answer)

    def score(self, payload: ClozePayload, answer: Any, locale: str) -> Scored:
        given = typed_text(answer)
        best, matched, typo = 0.0, None, False
        accepted = [(language, payload.answers[language]) for language in sorted(payload.answers)]
        accepted += [("also", name) for name in payload.also]
        for language, word in accepted:
            expected = normalise_text(str(word))
            if given == expected:
                best, matched, typo = 1.0, language, False
                break
            one_typo = len(expected) >= TYPO_MIN_LENGTH and edit_distance(given, expected) == 1
            if one_typo and best < TYPO_CREDIT:
                best, matched, typo = TYPO_CREDIT, language, True
        detail = {"normalised": given, "matched": matched, "typo": typo}
        return scored(best, best == 1.0, detail)

    def right_text(self, payload: ClozePayload, language: str, words: Mapping[str, str]) -> str:
        return text_in(payload.answers, language)

    def given_text(
        self, payload: ClozePayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        return str(answer)

    def to_gift(self, payload: ClozePayload, prompt: Texts, language: str) -> GiftQuestion:
        text, at = missing_word(text_in(prompt, language))
        accepted = list(
            dict.fromkeys([payload.answers[language], *payload.answers.values(), *payload.also])
        )
        answers = tuple(GiftAnswer(word) for word in accepted)
        return GiftQuestion(text, "shortanswer", answers, blank_at=at)


TYPE = Cloze()
