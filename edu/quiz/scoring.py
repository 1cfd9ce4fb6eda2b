"""How answers are scored: each item type's rule, applied through the type registry.

Every answer earns a *credit* between 0 and 1 (1 = fully right). Credits are rounded to
4 decimals; an answer that is not fully right never rounds up to 1. An answer that cannot be
read at all is not scored: the learner is asked to correct it (`AnswerFormatError`, see the
end of this text).

The rule of each item type is told in its module's docstring, in `edu/quiz/types/`:
numbers (`numeric`: within the tolerance, half credit for a near miss, or Moodle's ranges),
one right choice (`choice`), several (`multiple`), gap fill (`cloze`: accents, capitals,
punctuation and spacing ignored, half credit for one typo), `short` answers (Moodle's weighted
answers and `*` wildcard), `true-false`, `ordering` (the share of pairs in the right order),
`matching` and `sorting` (the share of right partners or sides). How numbers and words are
read, in the learner's locale, is told in `edu/quiz/answers.py`.

Quiz score
    The score of an attempt is the mean of its credits (0 to 1), shown as a percentage
    rounded half up (0.125 -> 13 %).

Answers that cannot be read (`AnswerFormatError.code`)
    "empty"                    nothing was answered at all;
    "not-a-number"             the text is not a number;
    "wrong-decimal-separator"  the number is written the other language's way; `hint` holds
                               the number it would then be (a Decimal, for "did you mean ...?");
    "incomplete"               an unknown choice or fact, an order that does not place each
                               fact once, a true/false answer that is neither, a side that is
                               neither "for" nor "against";
    "duplicate-positions"      (a form only) two facts given the same place in an order.
"""

import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from edu.quiz.answers import (
    AnswerFormatError,
    Scored,
    edit_distance,
    language_of,
    normalise_text,
    parse_number,
    with_unit,
)
from edu.quiz.items import Item
from edu.quiz.types import ITEM_TYPES, item_type
from edu.quiz.types.base import Listed
from edu.quiz.words import words_in

__all__ = [
    "AnswerFormatError",
    "Listed",
    "Scored",
    "as_percent",
    "attempt_score",
    "display_answer",
    "display_given",
    "edit_distance",
    "normalise_text",
    "parse_number",
    "score",
    "shown_answer",
    "shown_given",
    "with_unit",
]


def score(item: Item, submitted: Any, locale: str) -> Scored:
    """Score one answer to `item`, typed in `locale` (see the rules in the module docstring).

    Raises AnswerFormatError when the answer cannot be read (nothing is scored), ValueError
    for an item of an unknown type or one that is never scored.
    """
    kind = item_type(item.type)
    return kind.score(kind.read(item), submitted, locale)


def attempt_score(credits: Iterable[float]) -> float:
    """The mean credit of an attempt's answers, 0..1 (0 when nothing was answered)."""
    values = [float(credit) for credit in credits]
    if any(not 0.0 <= value <= 1.0 for value in values):
        raise ValueError("credits are between 0 and 1")
    return sum(values) / len(values) if values else 0.0


def as_percent(score: float) -> int:
    """A 0..1 score as a whole percentage, rounded half up: 0.125 -> 13."""
    percent = (Decimal(str(score)) * 100).quantize(Decimal(1), rounding=decimal.ROUND_HALF_UP)
    return min(max(int(percent), 0), 100)


# Feedback --------------------------------------------------------------------------------


def display_answer(item: Item, language: str) -> str:
    """The right answer of `item`, written for feedback in `language` ("fr" or "en")."""
    lang = language_of(language)
    kind = item_type(item.type)
    return kind.right_text(kind.read(item), lang, words_in(lang))


def display_given(
    item: Item, answer: Any, language: str, words: Mapping[str, str] | None = None
) -> str:
    """A learner's stored answer to `item` in words, in `language`: the choice's text, the
    facts in the learner's order, each sentence completed with the partner the learner chose,
    the arguments grouped by side. `words` replaces some answer words (`edu.quiz.words`).
    An answer of an unexpected shape is shown as it was stored, never refused."""
    lang = language_of(language)
    kind = ITEM_TYPES.get(item.type)
    if answer is None:
        return ""
    if kind is None:
        return str(answer)
    try:
        return kind.given_text(kind.read(item), answer, lang, {**words_in(lang), **(words or {})})
    except (KeyError, TypeError, AttributeError):
        return str(answer)


def shown_answer(item: Item, language: str) -> Listed | str:
    """The right answer of `item` as a page shows it: a short list for an answer of several
    parts (an order, pairs, sides), else the words of `display_answer`."""
    lang = language_of(language)
    kind = item_type(item.type)
    listed = kind.right_list(kind.read(item), lang, words_in(lang))
    return display_answer(item, lang) if listed is None else listed


def shown_given(
    item: Item, answer: Any, language: str, words: Mapping[str, str] | None = None
) -> Listed | str:
    """A learner's stored answer as a page shows it: a short list, or the words of
    `display_given` (an answer of an unexpected shape as stored, never refused)."""
    lang = language_of(language)
    kind = ITEM_TYPES.get(item.type)
    if answer is not None and kind is not None:
        try:
            listed = kind.given_list(
                kind.read(item), answer, lang, {**words_in(lang), **(words or {})}
            )
        except (KeyError, TypeError, AttributeError):
            listed = None
        if listed is not None:
            return listed
    return display_given(item, answer, lang, words)
