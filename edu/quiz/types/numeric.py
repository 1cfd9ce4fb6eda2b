"""A number to type, the way the learner's language writes it (`1 120,5` or `1,120.5`).

The answer is right (credit 1) when it is within the item's tolerance of the expected value:
the relative error |given - expected| / |expected| is at most the tolerance (for an expected
value of 0 the error is simply |given|). A tolerance of 0.05 accepts any answer within 5 %;
without a tolerance only the exact value is right. A *near miss* earns half the credit (0.5):
an error of at most twice the tolerance, and always at least up to 5 %. Any other number
earns 0. How numbers are read is told in `edu.quiz.answers`.

Numbers with ranges (imported from Moodle): instead of one value and a relative tolerance,
the item lists ranges, each with a weight in percent (`1822:1` is 1821 to 1823); the credit
is the best weight of a range that holds the number.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from edu.catalog import N_
from edu.gift.parser import GiftAnswer, GiftQuestion
from edu.quiz.answers import Scored, parse_number, scored, text_in, with_unit
from edu.quiz.types.base import (
    Form,
    ItemType,
    Payload,
    Texts,
    kept,
    one_value,
    value_field,
)

EPSILON = Decimal("1e-9")  # slack when comparing an error with the tolerance
NEAR_MISS_FLOOR = Decimal("0.05")  # a near miss is always accepted up to 5 % off
NEAR_MISS_CREDIT = 0.5


@dataclass(frozen=True)
class Range:
    """Numbers from `low` to `high` earn `weight` percent (Moodle's numerical answers)."""

    low: float
    high: float
    weight: float


@dataclass(frozen=True, kw_only=True)
class NumericPayload(Payload):
    value: float | None = None  # the expected number (with ranges: the best range's middle)
    tolerance: float | None = None  # relative: 0.05 accepts 5 % off
    unit: Texts | None = None
    ranges: tuple[Range, ...] | None = None


class Numeric(ItemType[NumericPayload]):
    name = "numeric"
    label = N_("A number to type")
    gift_kind = "numerical"
    imports_gift = True

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> NumericPayload:
        ranges = answer.get("ranges")
        unit = data.get("unit") or answer.get("unit")  # older items kept it with the answer
        return NumericPayload(
            value=answer.get("value"),
            tolerance=answer.get("tolerance"),
            unit=dict(unit) if unit else None,
            ranges=None
            if ranges is None
            else tuple(Range(span["low"], span["high"], span["weight"]) for span in ranges),
            kept=kept(data, "unit"),
        )

    def stored(self, payload: NumericPayload) -> tuple[dict[str, Any], dict[str, Any]]:
        data = dict(payload.kept)
        if payload.unit is not None:
            data["unit"] = dict(payload.unit)
        answer: dict[str, Any] = {}
        if payload.ranges is not None:
            answer["ranges"] = [
                {"low": span.low, "high": span.high, "weight": span.weight}
                for span in payload.ranges
            ]
        if payload.value is not None:
            answer["value"] = payload.value
        if payload.tolerance is not None:
            answer["tolerance"] = payload.tolerance
        return data, answer

    def answer_from_form(self, payload: NumericPayload, form: Form) -> str:
        return one_value(form)

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return value_field(answer)

    def score(self, payload: NumericPayload, answer: Any, locale: str) -> Scored:
        number = parse_number(answer, locale)
        if payload.ranges is not None:
            return _score_ranges(payload.ranges, number)
        expected = Decimal(str(payload.value))
        tolerance = Decimal(str(payload.tolerance or 0))
        relative = expected != 0
        error = abs(number - expected) / abs(expected) if relative else abs(number)
        if error <= tolerance + EPSILON:
            credit = 1.0
        elif error <= max(2 * tolerance, NEAR_MISS_FLOOR) + EPSILON:
            credit = NEAR_MISS_CREDIT
        else:
            credit = 0.0
        detail = {
            "number": str(number),
            "error": round(float(error), 6),
            "relative": relative,
            "near_miss": credit == NEAR_MISS_CREDIT,
        }
        return scored(credit, credit == 1.0, detail)

    def right_text(self, payload: NumericPayload, language: str, words: Mapping[str, str]) -> str:
        if payload.ranges is not None:
            best = max(payload.ranges, key=lambda span: float(span.weight))
            low, high = (
                format_decimal(Decimal(str(end)), locale=language, decimal_quantization=False)
                for end in (best.low, best.high)
            )
            return low if low == high else f"{low} – {high}"
        unit = text_in(payload.unit, language) if payload.unit else ""
        return with_unit(payload.value, unit, language)

    def given_text(
        self, payload: NumericPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        return str(answer)

    def to_gift(self, payload: NumericPayload, prompt: Texts, language: str) -> GiftQuestion:
        text = text_in(prompt, language)
        if payload.ranges is not None:
            answers = tuple(
                GiftAnswer(
                    f"{span.low}..{span.high}", weight=span.weight, low=span.low, high=span.high
                )
                for span in payload.ranges
            )
        else:
            value = float(payload.value or 0)
            tolerance = abs(value) * float(payload.tolerance or 0)
            answers = (GiftAnswer(f"{value}:{tolerance}", value=value, tolerance=tolerance),)
        if payload.unit:
            text = f"{text} ({text_in(payload.unit, language)})"
        return GiftQuestion(text, "numerical", answers)

    def from_gift(self, question: GiftQuestion) -> NumericPayload:
        ranges = [
            _range(answer)
            for answer in question.answers
            if answer.value is not None or answer.low is not None
        ]
        best = max(ranges, key=lambda span: span.weight)
        return NumericPayload(ranges=tuple(ranges), value=(best.low + best.high) / 2)


def _score_ranges(ranges: tuple[Range, ...], number: Decimal) -> Scored:
    best = 0.0
    for span in ranges:
        low, high = Decimal(str(span.low)), Decimal(str(span.high))
        if low - EPSILON <= number <= high + EPSILON:
            best = max(best, float(span.weight) / 100)
    return scored(best, best >= 1.0, {"number": str(number)})


def _range(answer: GiftAnswer) -> Range:
    if answer.low is not None and answer.high is not None:
        return Range(answer.low, answer.high, answer.weight)
    if answer.value is None:
        raise ValueError(f"numerical answer {answer.text!r} has neither a value nor a full range")
    tolerance = answer.tolerance or 0
    return Range(answer.value - tolerance, answer.value + tolerance, answer.weight)


TYPE = Numeric()
