"""How a typed answer is read, and what scoring it gives: shared by every item type.

Every answer earns a *credit* between 0 and 1 (1 = fully right), rounded to 4 decimals; an
answer that is not fully right never rounds up to 1 (`scored`). An answer that cannot be read
is not scored: `AnswerFormatError` asks the learner to correct it.

Numbers (`parse_number`)
    The learner types a number the way their language writes it:
    - French: `1 120,5`, `1120,5`, `0,05` (comma before the decimals; thousands may be
      separated by an ordinary space, a non-breaking space or a narrow non-breaking space);
    - English: `1,120.5`, `1120.5`, `0.05` (point before the decimals; thousands separated
      by commas; spaces between thousands are accepted too: `1 120.5`).
    Spaces around the number, a sign (`+`, `-` or `−`) and one currency or percent symbol
    (`$`, `€`, `%`) before or after the number are accepted and ignored: `12,5 %` = 12.5.
    Thousands groups must have three digits: `1 12,5` is refused.
    A separator that could mean two things is read the way the learner's language reads it:
    in English `1,120` is one thousand one hundred and twenty.
    In French a point is not a French separator, so `3.5` or `1.120` is refused and the
    learner is asked "did you mean 3,5?" (it may mean 1,12 or 1 120: the learner decides).
    Likewise `3,5` in English is refused with the question "did you mean 3.5?".
    Anything else (letters, `1e3`, `NaN`, several numbers) is "not a number".

Texts (`normalise_text`, `edit_distance`)
    Typed words are compared ignoring accents, capitals, punctuation and spacing; a typo is
    one letter missing, added, changed, or two neighbouring letters swapped.

About Babel (2.18) strict parsing, which `parse_number` wraps:
    - French groups thousands with U+202F (narrow non-breaking space); strict mode refuses a
      plain space or U+00A0 there, so these are turned into the locale's group symbol first.
    - Babel only replaces the locale's own symbols and hands the rest to Python's Decimal:
      French `3.5` silently becomes 3.5 and French `1.120` becomes 1.12; `NaN`, `Infinity`,
      `1e3`, `1_000` and non-Latin digits are accepted in every locale. This module only lets
      through digits and the locale's own separators, so these are refused.
    - Strict mode only checks the grouping when the group symbol appears: English `1,120` is
      1120 (a well-formed group), English `3,5` is refused (a malformed group).
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

ROUNDING = 4  # credits are rounded to this many decimals

SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
SIGNS = {"+": 1, "-": -1, "\u2212": -1}  # \u2212 is the typographic minus sign
SYMBOLS = "$€%"
_BODY = re.compile(r"[0-9 \u00a0\u202f.,]*[0-9][0-9 \u00a0\u202f.,]*")
_SEPARATOR_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u02bc\u00b4`"  # dashes, minus, ʼ ´ `
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ß": "ss"}


class AnswerFormatError(ValueError):
    """An answer that cannot be read: nothing is scored, the learner is asked to correct it.

    `code` names the problem (see `edu.quiz.scoring`); `hint` is data for the message, for
    "wrong-decimal-separator" the number the text would be in the other convention (Decimal).
    """

    def __init__(self, code: str, hint: Any = None, message: str | None = None):
        self.code = code
        self.hint = hint
        super().__init__(message or (code if hint is None else f"{code}: {hint}"))


@dataclass(frozen=True)
class Scored:
    credit: float  # 0..1, rounded to 4 decimals
    correct: bool  # credit == 1
    detail: dict = field(default_factory=dict)  # JSON-ready, for feedback and analysis


def scored(share: float, perfect: bool, detail: dict) -> Scored:
    """The credit for `share` of the answer right: 1 only when `perfect`, never rounded up."""
    credit = round(min(max(float(share), 0.0), 1.0), ROUNDING)
    if perfect:
        credit = 1.0
    elif credit >= 1.0:  # never round an imperfect answer up to full credit
        credit = 1.0 - 10**-ROUNDING
    return Scored(credit=credit, correct=credit == 1.0, detail=detail)


# Numbers ---------------------------------------------------------------------------------


def parse_number(text: str, locale: str) -> Decimal:
    """The number typed in `text`, read the way the `locale` writes numbers.

    Raises AnswerFormatError: "empty", "not-a-number", or "wrong-decimal-separator" with the
    number the text would be in the other convention as `hint`.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        raise AnswerFormatError("empty")
    if not isinstance(text, str):
        raise AnswerFormatError("not-a-number")
    sign, body = _sign_and_body(unicodedata.normalize("NFKC", text))
    if body is None:
        raise AnswerFormatError("not-a-number")
    babel_locale = _locale(locale)
    try:
        return sign * _parse_body(body, babel_locale)
    except NumberFormatError:
        pass
    other = Locale("fr") if get_decimal_symbol(babel_locale) == "." else Locale("en")
    try:
        suggestion = sign * _parse_body(body, other)
    except NumberFormatError:
        raise AnswerFormatError("not-a-number") from None
    raise AnswerFormatError("wrong-decimal-separator", suggestion)


def _sign_and_body(text: str) -> tuple[int, str | None]:
    """Split off the sign and one currency/percent symbol; None when no number shape is left."""
    rest = text.strip(SPACES + "\t\r\n")
    sign, symbols = 0, 0
    changed = True
    while changed and rest:
        changed = False
        if rest[-1] in SYMBOLS:
            rest, symbols, changed = rest[:-1].rstrip(), symbols + 1, True
        if rest and rest[0] in SYMBOLS:
            rest, symbols, changed = rest[1:].lstrip(), symbols + 1, True
        if rest and rest[0] in SIGNS and not sign:
            sign, rest, changed = SIGNS[rest[0]], rest[1:].lstrip(), True
    if symbols > 1 or not _BODY.fullmatch(rest):
        return 1, None
    return sign or 1, rest


def _parse_body(body: str, locale: Locale) -> Decimal:
    """Babel's strict parse of an unsigned number, refusing what Babel lets through wrongly."""
    group, decimal_symbol = get_group_symbol(locale), get_decimal_symbol(locale)
    body = re.sub(f"[{SPACES}]", group, body)
    if any(char in ".," and char not in (group, decimal_symbol) for char in body):
        # Babel would hand e.g. French "3.5" to Decimal, which reads the point as decimals.
        raise NumberFormatError(f"{body!r} uses a separator foreign to {locale}")
    return parse_decimal(body, locale, strict=True)


def _locale(locale: str) -> Locale:
    try:
        return Locale.parse(str(locale).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError) as error:
        raise ValueError(f"unknown locale {locale!r}") from error


def with_unit(value: Any, unit: str, language: str) -> str:
    """A number and its unit the way `language` writes them: `5.4%` and `5,4 %` (as Babel
    writes percentages), `1,120.5 billion dollars`, every decimal kept."""
    number = format_decimal(Decimal(str(value)), locale=language, decimal_quantization=False)
    if not unit:
        return number
    if unit.startswith("%"):
        pattern = _locale(language).percent_formats[None].pattern
        before = pattern[pattern.index("%") - 1 : pattern.index("%")] if "%" in pattern else ""
        return number + (before if before.isspace() else "") + unit
    return f"{number} {unit}"


# Texts -----------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """The text ignoring accents, case, punctuation and spacing: "États-Unis" -> "etats unis".

    Punctuation (apostrophes, quotes, hyphens and dashes included) counts as a space; runs
    of spaces count as one; ligatures are spelt out (œ -> oe, æ -> ae, ß -> ss).
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    chars = []
    for char in text:
        if unicodedata.combining(char):
            continue
        category = unicodedata.category(char)
        if category == "Cf":  # invisible formatting: soft hyphen, zero-width space...
            continue
        if char in _SEPARATOR_LIKE or category[0] in "PZC":
            chars.append(" ")
        else:
            chars.append(_LIGATURES.get(char, char))
    return " ".join("".join(chars).split())


def edit_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
    substitutions and swaps of two neighbouring characters each count as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def language_of(locale: str) -> str:
    """The language of a locale: "fr_FR" and "fr-FR" are "fr"."""
    return str(locale).replace("-", "_").split("_")[0].lower()


def text_in(texts: Mapping[str, str], language: str) -> str:
    """A bilingual text in `language`, else in the first language it has."""
    return texts.get(language) or next(iter(texts.values()), "")
