"""Wrong numbers and years a pupil has to think about. Plain Python, deterministic (the caller
gives a seeded `random.Random`).

Numbers: first the corpus's other figures of the same unit within `CORPUS_RATIO` of the answer
(the closest first), then neighbours of the answer: drawn below and above it in turn (never
all on one side when both are open), each within `NEIGHBOUR_BELOW`..`NEIGHBOUR_ABOVE` times
it, written like the answer (as many decimals, or as many significant digits: `5,6` gives
`3,9` or `7,2`, `500` gives `400`), never the multiples `11,2 / 16,8 / 22,4` whose common
base is the answer. A percentage stays at most 100 and within `PERCENT_RATIO` of the answer
(no growth rate of 27 % beside 5,4 %).

A word unit agrees with every option: French writes « 1 dollar » but « 3 dollars » (the plural
from 2 on), English "1 hour" but "0.5 hours" (the plural but for 1), so a wrong number never
takes the other form of the unit than the answer (`same_form`): « ____ dollars » offers no `1`.

Spans of time (hours, days, weeks, months, years): the values people say (`12`, `24`, `48`
hours; `6`, `12`, `18`, `24` months), the nearest to the answer on both sides, never
`29 heures` or `38 mois`.

Years: never after the article's year for something that already happened, nor in or before
it for something still ahead; the corpus's years within `YEAR_WINDOW` first, then the nearest.
"""

import math
import random
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

CORPUS_RATIO = 3.0  # a figure of the corpus more than 3 times bigger or smaller is too easy
PERCENT_RATIO = 2.0
NEIGHBOUR_BELOW = (0.45, 0.85)
NEIGHBOUR_ABOVE = (1.2, 2.2)
MIN_SPREAD = 0.05  # two numbers shown as choices differ by more than this (relative)
NEIGHBOUR_TRIES = 40
# The spans of time people name, by English unit: a wrong span is one of these.
SPANS = {
    "hours": (1, 2, 3, 6, 8, 12, 24, 36, 48, 72),
    "days": (1, 2, 3, 5, 7, 10, 14, 30, 60, 90),
    "weeks": (1, 2, 3, 4, 6, 8, 12, 26, 52),
    "months": (3, 6, 9, 12, 18, 24, 36, 48, 60),
    "years": (1, 2, 3, 5, 10, 15, 20, 25, 30, 50, 100),
}
YEAR_WINDOW = 10
YEAR_OFFSETS = (1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 7, -7)


def plural_in(value: float, language: str) -> bool:
    """Does the unit after `value` take its plural in `language`?"""
    return abs(value) >= 2 if language == "fr" else abs(value) != 1


def same_form(candidate: float, answer: float, languages: Iterable[str]) -> bool:
    """The unit takes the same form after both numbers, in each language that writes one."""
    return all(plural_in(candidate, lang) == plural_in(answer, lang) for lang in languages)


def acceptable(candidate: float, answer: float, tolerance: float, shown: Sequence[float]) -> bool:
    """A wrong number worth showing: wrong for sure, same sign, not close to any shown."""
    if candidate == answer or candidate == 0 or (candidate < 0 <= answer):
        return False
    if answer < 0 < candidate:
        return False
    if abs(candidate - answer) <= tolerance * abs(answer):
        return False
    return all(
        abs(candidate - other) > MIN_SPREAD * max(abs(candidate), abs(other)) for other in shown
    )


def plausible(candidate: float, answer: float, percent: bool) -> bool:
    """Not absurd beside the answer: same order of magnitude; a percentage within reason."""
    if answer == 0 or candidate == 0:
        return True
    ratio = abs(candidate / answer)
    if percent:
        return candidate <= 100 and 1 / PERCENT_RATIO <= ratio <= PERCENT_RATIO
    return 1 / CORPUS_RATIO <= ratio <= CORPUS_RATIO


def distance(a: float, b: float) -> float:
    """How far apart two numbers look: the ratio matters, not the difference."""
    if a == 0 or b == 0 or (a < 0) != (b < 0):
        return math.inf
    return abs(math.log(abs(a) / abs(b)))


def decimals(value: float) -> int:
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def significant_digits(value: float) -> int:
    digits = Decimal(repr(value)).normalize().as_tuple().digits
    return max(1, len(digits))


def rounded_like(candidate: float, answer: float) -> float:
    """`candidate` written like `answer`: as many decimals when it has some (`524,7` gives
    `283,6`), else as many significant digits (`500` gives `400`, `18` gives `24`)."""
    if candidate == 0:
        return 0
    exact = Decimal(repr(candidate))
    if decimals(answer):
        quantum = -decimals(answer)
    else:
        quantum = max(0, exact.adjusted() - significant_digits(answer) + 1)
    rounded = exact.quantize(Decimal(1).scaleb(quantum), rounding=ROUND_HALF_UP)
    return plain(rounded)


def plain(number: Decimal) -> float:
    return int(number) if number == number.to_integral_value() else float(number)


def neighbours(answer: float, rng: random.Random, percent: bool) -> Iterable[float]:
    """Round values near the answer, below and above in turn (seeded)."""
    sides = [NEIGHBOUR_BELOW, NEIGHBOUR_ABOVE]
    rng.shuffle(sides)
    for turn in range(NEIGHBOUR_TRIES):
        low, high = sides[turn % 2]
        candidate = rounded_like(answer * rng.uniform(low, high), answer)
        if plausible(candidate, answer, percent):
            yield candidate


def number_distractors(
    answer: float,
    tolerance: float,
    corpus: Sequence[float],
    rng: random.Random,
    count: int,
    percent: bool = False,
    same_text: Callable[[float], bool] = lambda value: False,
    worded: Iterable[str] = (),
) -> list[float]:
    """Up to `count` wrong numbers: the corpus's (the closest first), then neighbours; the
    unit written as a word in the `worded` languages takes the answer's form after each."""
    shown = [answer]
    wrong: list[float] = []
    worded = tuple(worded)

    def take(candidate: float) -> None:
        if (
            len(wrong) < count
            and acceptable(candidate, answer, tolerance, shown)
            and same_form(candidate, answer, worded)
            and not same_text(candidate)
        ):
            shown.append(candidate)
            wrong.append(candidate)

    near = [v for v in corpus if plausible(v, answer, percent)]
    for value in sorted(near, key=lambda v: (distance(v, answer), v)):
        # Never all of them: a neighbour keeps the right answer from being the middle one.
        if len(wrong) < count - 1:
            take(value)
    above = sum(v > answer for v in wrong)
    for value in neighbours(answer, rng, percent):
        # The last one goes to the side with none yet, when it can.
        last = bool(wrong) and len(wrong) == count - 1 and above in (0, len(wrong))
        if last and (value > answer) == (above > 0):
            continue
        before = len(wrong)
        take(value)
        if len(wrong) > before:
            above += value > answer
    step = Decimal(1).scaleb(-decimals(answer))
    for offset in range(1, 10):  # a last resort, for an answer of 0 and the like
        take(plain(Decimal(repr(answer)) + offset * step))
    return wrong


def span_distractors(
    answer: float, tolerance: float, unit: str, rng: random.Random, count: int
) -> list[float] | None:
    """Up to `count` wrong spans of time, the said values nearest the answer on both sides
    (seeded when two are as near), the unit in the answer's form; None when `unit` (English)
    is not a span of time."""
    scale = SPANS.get(unit.strip().casefold())
    if scale is None:
        return None
    shown = [answer]
    fair = [
        v
        for v in scale
        if acceptable(v, answer, tolerance, shown) and same_form(v, answer, ("fr", "en"))
    ]
    below = [v for v in fair if v < answer]
    above = [v for v in fair if v > answer]
    below.sort(key=lambda v: distance(v, answer))
    above.sort(key=lambda v: distance(v, answer))
    sides = [below, above]
    rng.shuffle(sides)
    wrong: list[float] = []
    while len(wrong) < count and (sides[0] or sides[1]):
        for side in sides:
            if side and len(wrong) < count:
                wrong.append(side.pop(0))
    return wrong


def year_distractors(
    year: int, article_year: int | None, corpus: Sequence[int], rng: random.Random, count: int
) -> list[int]:
    """Up to `count` wrong years on the answer's side of the article's year."""

    def allowed(candidate: int) -> bool:
        if candidate == year or candidate <= 0:
            return False
        if article_year is None:
            return True
        return candidate <= article_year if year <= article_year else candidate > article_year

    near = [y for y in corpus if allowed(y) and abs(y - year) <= YEAR_WINDOW]
    years = rng.sample(near, min(count, len(near)))
    offsets = list(YEAR_OFFSETS)
    # The nearest first, in a seeded order within each distance.
    rng.shuffle(offsets)
    offsets.sort(key=abs)
    for offset in offsets:
        if len(years) < count and allowed(year + offset) and year + offset not in years:
            years.append(year + offset)
    return years
