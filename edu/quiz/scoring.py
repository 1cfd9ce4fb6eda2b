"""How answers are read and scored: the one place where the scoring rules live.

Every answer earns a *credit* between 0 and 1 (1 = fully right). Credits are rounded to
4 decimals; an answer that is not fully right never rounds up to 1. An answer that cannot be
read at all is not scored: the learner is asked to correct it (`AnswerFormatError`, see the
end of this text).

Numbers (numeric items)
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

    The answer is right (credit 1) when it is within the item's tolerance of the expected
    value: the relative error |given - expected| / |expected| is at most the tolerance (for
    an expected value of 0 the error is simply |given|). A tolerance of 0.05 accepts any
    answer within 5 %; without a tolerance only the exact value is right.
    A *near miss* earns half the credit (0.5): an error of at most twice the tolerance, and
    always at least up to 5 %. Any other number earns 0.

Multiple choice (choice items)
    1 for the right choice, 0 for another one (choices imported from Moodle may carry a
    weight in percent: a partly right choice earns that share).

Gap fill (cloze items)
    The typed word is compared with the expected one ignoring accents, capitals,
    punctuation and spacing: `etats-unis` is `États-Unis`, `  ALIBABA ` is `Alibaba`,
    `l'Oréal` is `L’OREAL`. The answer of either language is accepted (1). One typo (one
    letter missing, added, changed, or two neighbouring letters swapped) earns 0.5 when the
    expected answer has at least 5 characters; anything else earns 0.

True or false
    1 when the learner's "true" / "false" is right, else 0.

Ordering (put facts in chronological order)
    Every pair of facts counts: the credit is the share of pairs the learner put in the
    right order relative to each other. With 4 facts there are 6 pairs, so swapping two
    neighbours earns 5/6; the fully reversed order earns 0. Only the exact order earns 1.
    Every fact must be placed exactly once.

Matching
    The credit is the share of facts matched with their right partner (2 of 3 right:
    0.6667). A fact left unmatched counts as wrong.

Sorting (arguments for or against a motion)
    The credit is the share of arguments put on the right side ("for" or "against"). An
    argument left unsorted counts as wrong.

Several right choices (multiple items, as imported from Moodle)
    Each choice carries a weight in percent (negative for a wrong one, as in Moodle); the
    credit is the sum of the weights of the choices ticked, between 0 and 1.

Short answer (short items, as imported from Moodle)
    Several answers may be accepted, each with a weight in percent; the typed text is
    compared as for gap fill (accents, capitals, punctuation and spacing ignored) and `*` in
    an accepted answer stands for any text. The credit is the best weight matched.

Numbers with ranges (numeric items imported from Moodle)
    Instead of one value and a relative tolerance, a numeric item may list ranges, each with
    a weight in percent (`1822:1` is 1821 to 1823); the credit is the best weight of a range
    that holds the number.

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
                               neither "for" nor "against".

About Babel (2.18) strict parsing, which this module wraps:
    - French groups thousands with U+202F (narrow non-breaking space); strict mode refuses a
      plain space or U+00A0 there, so these are turned into the locale's group symbol first.
    - Babel only replaces the locale's own symbols and hands the rest to Python's Decimal:
      French `3.5` silently becomes 3.5 and French `1.120` becomes 1.12; `NaN`, `Infinity`,
      `1e3`, `1_000` and non-Latin digits are accepted in every locale. This module only lets
      through digits and the locale's own separators, so these are refused.
    - Strict mode only checks the grouping when the group symbol appears: English `1,120` is
      1120 (a well-formed group), English `3,5` is refused (a malformed group).
"""

import decimal
import re
import unicodedata
from collections.abc import Iterable, Mapping
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

from edu.quiz.items import GAP, Item

ROUNDING = 4  # credits are rounded to this many decimals
EPSILON = Decimal("1e-9")  # slack when comparing an error with the tolerance
NEAR_MISS_FLOOR = Decimal("0.05")  # a near miss is always accepted up to 5 % off
NEAR_MISS_CREDIT = 0.5
TYPO_CREDIT = 0.5
TYPO_MIN_LENGTH = 5  # one typo earns credit only on answers at least this long

SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
SIGNS = {"+": 1, "-": -1, "\u2212": -1}  # \u2212 is the typographic minus sign
SYMBOLS = "$€%"
_BODY = re.compile(r"[0-9 \u00a0\u202f.,]*[0-9][0-9 \u00a0\u202f.,]*")
_SEPARATOR_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u02bc\u00b4`"  # dashes, minus, ʼ ´ `
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ß": "ss"}


class AnswerFormatError(ValueError):
    """An answer that cannot be read: nothing is scored, the learner is asked to correct it.

    `code` names the problem (see the module docstring); `hint` is data for the message, for
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


# Scoring ---------------------------------------------------------------------------------


def score(item: Item, submitted: Any, locale: str) -> Scored:
    """Score one answer to `item`, typed in `locale` (see the rules in the module docstring).

    Raises AnswerFormatError when the answer cannot be read (nothing is scored).
    """
    scorer = _SCORERS.get(item.type)
    if scorer is None:
        raise ValueError(f"unknown item type {item.type!r}")
    return scorer(item, submitted, locale)


def _scored(share: float, perfect: bool, detail: dict) -> Scored:
    credit = round(min(max(float(share), 0.0), 1.0), ROUNDING)
    if perfect:
        credit = 1.0
    elif credit >= 1.0:  # never round an imperfect answer up to full credit
        credit = 1.0 - 10**-ROUNDING
    return Scored(credit=credit, correct=credit == 1.0, detail=detail)


def _score_numeric(item: Item, submitted: Any, locale: str) -> Scored:
    number = parse_number(submitted, locale)
    if "ranges" in item.answer:
        return _score_numeric_ranges(item, number)
    expected = Decimal(str(item.answer["value"]))
    tolerance = Decimal(str(item.answer.get("tolerance") or 0))
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
    return _scored(credit, credit == 1.0, detail)


def _score_numeric_ranges(item: Item, number: Decimal) -> Scored:
    best = 0.0
    for span in item.answer["ranges"]:
        low, high = Decimal(str(span["low"])), Decimal(str(span["high"]))
        if low - EPSILON <= number <= high + EPSILON:
            best = max(best, float(span["weight"]) / 100)
    return _scored(best, best >= 1.0, {"number": str(number)})


def _weights_share(weights: Iterable[float]) -> float:
    return sum(float(weight) for weight in weights) / 100


def _score_multiple(item: Item, submitted: Any, locale: str) -> Scored:
    if submitted is None or submitted == "" or submitted == []:
        raise AnswerFormatError("empty")
    if isinstance(submitted, str):
        submitted = [submitted]
    weights = item.answer["weights"]
    if not all(isinstance(choice, str) and choice in weights for choice in submitted):
        raise AnswerFormatError("incomplete")
    chosen = sorted(set(submitted))
    share = _weights_share(weights[choice] for choice in chosen)
    best = _weights_share(weight for weight in weights.values() if float(weight) > 0)
    return _scored(share, share >= min(best, 1.0) and share > 0, {"chosen": chosen})


def _matches_pattern(given: str, accepted: str) -> bool:
    """Moodle's short-answer `*` wildcard, on normalised texts."""
    parts = [normalise_text(part) for part in accepted.split("*")]
    if len(parts) == 1:
        return given == parts[0]
    pattern = ".*".join(re.escape(part) for part in parts)
    return re.fullmatch(pattern, given) is not None


def _score_short(item: Item, submitted: Any, locale: str) -> Scored:
    if not isinstance(submitted, str):
        raise AnswerFormatError("empty" if submitted is None else "incomplete")
    given = normalise_text(submitted)
    if not given:
        raise AnswerFormatError("empty")
    best, matched = 0.0, None
    for accepted in item.answer["accepted"]:
        weight = float(accepted["weight"]) / 100
        if weight > best and _matches_pattern(given, accepted["text"]):
            best, matched = weight, accepted["text"]
    return _scored(best, best >= 1.0, {"normalised": given, "matched": matched})


def _score_choice(item: Item, submitted: Any, locale: str) -> Scored:
    if submitted is None or submitted == "":
        raise AnswerFormatError("empty")
    ids = {choice["id"] for choice in item.data["choices"]}
    if not isinstance(submitted, str) or submitted not in ids:
        raise AnswerFormatError("incomplete")
    right = submitted == item.answer["choice"]
    weights = item.answer.get("weights")  # Moodle's partly right choices, in percent
    share = float(weights[submitted]) / 100 if weights else float(right)
    return _scored(share, right, {"chosen": submitted})


def _score_cloze(item: Item, submitted: Any, locale: str) -> Scored:
    if not isinstance(submitted, str):
        raise AnswerFormatError("empty" if submitted is None else "incomplete")
    given = normalise_text(submitted)
    if not given:
        raise AnswerFormatError("empty")
    best, matched, typo = 0.0, None, False
    for language in sorted(item.answer):
        expected = normalise_text(str(item.answer[language]))
        if given == expected:
            best, matched, typo = 1.0, language, False
            break
        one_typo = len(expected) >= TYPO_MIN_LENGTH and edit_distance(given, expected) == 1
        if one_typo and best < TYPO_CREDIT:
            best, matched, typo = TYPO_CREDIT, language, True
    detail = {"normalised": given, "matched": matched, "typo": typo}
    return _scored(best, best == 1.0, detail)


def _score_true_false(item: Item, submitted: Any, locale: str) -> Scored:
    if isinstance(submitted, bool):
        chosen = submitted
    elif submitted in ("true", "false"):
        chosen = submitted == "true"
    else:
        raise AnswerFormatError("incomplete")
    right = chosen == bool(item.answer["value"])
    return _scored(1.0 if right else 0.0, right, {"chosen": chosen})


def _score_ordering(item: Item, submitted: Any, locale: str) -> Scored:
    if submitted is None:
        raise AnswerFormatError("empty")
    if isinstance(submitted, str | bytes | Mapping) or not isinstance(submitted, Iterable):
        raise AnswerFormatError("incomplete")
    submitted = list(submitted)
    if not submitted:
        raise AnswerFormatError("empty")
    order = list(item.answer["order"])
    if not all(isinstance(entry_id, str) for entry_id in submitted) or sorted(submitted) != sorted(
        order
    ):
        raise AnswerFormatError("incomplete")  # each entry placed exactly once
    rank = {entry_id: index for index, entry_id in enumerate(order)}
    n = len(submitted)
    pairs = n * (n - 1) // 2
    concordant = sum(
        1 for i in range(n) for j in range(i + 1, n) if rank[submitted[i]] < rank[submitted[j]]
    )
    perfect = submitted == order
    detail = {
        "concordant": concordant,
        "pairs": pairs,
        "placed": {entry_id: entry_id == order[i] for i, entry_id in enumerate(submitted)},
    }
    return _scored(concordant / pairs if pairs else 1.0, perfect, detail)


def _answered(submitted: Any, known: set[str], allowed_values=None) -> dict[str, str]:
    """The answered entries of a dict answer; blank values count as unanswered."""
    if submitted is None:
        raise AnswerFormatError("empty")
    if not isinstance(submitted, Mapping):
        raise AnswerFormatError("incomplete")
    answered = {key: value for key, value in submitted.items() if value not in (None, "")}
    if not answered:
        raise AnswerFormatError("empty")
    for key, value in answered.items():
        if key not in known or not isinstance(value, str):
            raise AnswerFormatError("incomplete")
        if allowed_values is not None and value not in allowed_values:
            raise AnswerFormatError("incomplete")
    return answered


def _score_matching(item: Item, submitted: Any, locale: str) -> Scored:
    left = [entry["id"] for entry in item.data["left"]]
    right_ids = {entry["id"] for entry in item.data["right"]}
    answered = _answered(submitted, set(left), right_ids)
    pairs = item.answer["pairs"]
    results = {left_id: answered.get(left_id) == pairs[left_id] for left_id in left}
    right = sum(results.values())
    detail = {"pairs": results, "right": right, "total": len(left)}
    return _scored(right / len(left), right == len(left), detail)


def _score_sorting(item: Item, submitted: Any, locale: str) -> Scored:
    entries = [entry["id"] for entry in item.data["entries"]]
    answered = _answered(submitted, set(entries), {"for", "against"})
    sides = item.answer["sides"]
    results = {entry_id: answered.get(entry_id) == sides[entry_id] for entry_id in entries}
    right = sum(results.values())
    detail = {"entries": results, "right": right, "total": len(entries)}
    return _scored(right / len(entries), right == len(entries), detail)


_SCORERS = {
    "numeric": _score_numeric,
    "choice": _score_choice,
    "cloze": _score_cloze,
    "true-false": _score_true_false,
    "ordering": _score_ordering,
    "matching": _score_matching,
    "sorting": _score_sorting,
    "multiple": _score_multiple,
    "short": _score_short,
}


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

# The few words the answers are written with; the web pages pass their translated ones.
WORDS = {
    "fr": {
        "true": "Vrai",
        "false": "Faux",
        "for": "Pour",
        "against": "Contre",
        "unsorted": "Non classé",
        "unanswered": "sans réponse",
    },
    "en": {
        "true": "True",
        "false": "False",
        "for": "For",
        "against": "Against",
        "unsorted": "Not sorted",
        "unanswered": "no answer",
    },
}
ELLIPSIS = "…"  # a blank shown inside an answer


def display_answer(item: Item, language: str) -> str:
    """The right answer of `item`, written for feedback in `language` ("fr" or "en")."""
    lang = _language(language)
    text = _texts_in(lang)
    if item.type == "numeric" and "ranges" in item.answer:
        best = max(item.answer["ranges"], key=lambda span: float(span["weight"]))
        low, high = (
            format_decimal(Decimal(str(best[end])), locale=lang, decimal_quantization=False)
            for end in ("low", "high")
        )
        return low if low == high else f"{low} – {high}"
    if item.type == "multiple":
        right = {key for key, weight in item.answer["weights"].items() if float(weight) > 0}
        return "; ".join(text(c["text"]) for c in item.data["choices"] if c["id"] in right)
    if item.type == "short":
        best = max(item.answer["accepted"], key=lambda accepted: float(accepted["weight"]))
        return best["text"]
    if item.type in ("description", "essay"):
        return ""
    if item.type == "numeric":
        unit = item.data.get("unit") or item.answer.get("unit")
        return with_unit(item.answer["value"], text(unit) if unit else "", lang)
    if item.type == "choice":
        chosen = item.answer["choice"]
        return next(text(c["text"]) for c in item.data["choices"] if c["id"] == chosen)
    if item.type == "cloze":
        return text(item.answer)
    if item.type == "true-false":
        return text(item.data["statement"])
    if item.type == "ordering":
        return _order_text(item, item.answer["order"], lang)
    if item.type == "matching":
        return _pairs_text(item, item.answer["pairs"], lang, _words(lang))
    if item.type == "sorting":
        return _sides_text(item, item.answer["sides"], lang, _words(lang))
    raise ValueError(f"unknown item type {item.type!r}")


def display_given(
    item: Item, answer: Any, language: str, words: Mapping[str, str] | None = None
) -> str:
    """A learner's stored answer to `item` in words, in `language`: the choice's text, the
    facts in the learner's order, each sentence completed with the partner the learner chose,
    the arguments grouped by side. `words` replaces `WORDS` (the page's translations).
    An answer of an unexpected shape is shown as it was stored, never refused."""
    lang = _language(language)
    words = {**_words(lang), **(words or {})}
    text = _texts_in(lang)
    if answer is None:
        return ""
    try:
        if item.type == "choice":
            chosen = next((c for c in item.data["choices"] if c["id"] == answer), None)
            return text(chosen["text"]) if chosen else str(answer)
        if item.type == "multiple":
            ticked = set(answer if isinstance(answer, list) else [answer])
            return "; ".join(text(c["text"]) for c in item.data["choices"] if c["id"] in ticked)
        if item.type == "true-false" and answer in ("true", "false"):
            return words[answer]
        if item.type == "ordering" and isinstance(answer, list):
            return _order_text(item, answer, lang)
        if item.type == "matching" and isinstance(answer, Mapping):
            return _pairs_text(item, answer, lang, words)
        if item.type == "sorting" and isinstance(answer, Mapping):
            return _sides_text(item, answer, lang, words)
    except (KeyError, TypeError, AttributeError):
        pass
    return str(answer)


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


def _texts_in(lang: str):
    def text(value: Mapping[str, str]) -> str:
        return value.get(lang) or next(iter(value.values()), "")

    return text


def _words(lang: str) -> dict[str, str]:
    return dict(WORDS.get(lang, WORDS["en"]))


def _label(word: str, lang: str) -> str:
    """`For: ` in English, `Pour : ` in French (no-break space before the colon)."""
    return f"{word}\u00a0: " if lang == "fr" else f"{word}: "


def _unblanked(text: str) -> str:
    return text.replace(GAP, ELLIPSIS)


def _clause(text: str) -> str:
    """A sentence as one part of a list joined with `;`: no final full stop."""
    text = text.strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _order_text(item: Item, order: Iterable[str], lang: str) -> str:
    text = _texts_in(lang)
    texts = {entry["id"]: _unblanked(text(entry["text"])) for entry in item.data["entries"]}
    return " → ".join(_clause(texts[entry_id]) for entry_id in order if entry_id in texts)


def _pairs_text(item: Item, pairs: Mapping[str, str], lang: str, words: Mapping[str, str]) -> str:
    """Each left-hand text with its partner: the sentence completed where its blank is
    ("Qwen-turbo is developed by Alibaba"), else "Qwen → Alibaba"."""
    text = _texts_in(lang)
    rights = {entry["id"]: text(entry["text"]) for entry in item.data["right"]}
    parts = []
    for entry in item.data["left"]:
        left = text(entry["text"])
        partner = rights.get(pairs.get(entry["id"]) or "")
        if partner is None:
            parts.append(f"{_clause(_unblanked(left))} → {words['unanswered']}")
        elif GAP in left:
            parts.append(_clause(_unblanked(left.replace(GAP, partner, 1))))
        else:
            parts.append(f"{_clause(left)} → {partner}")
    return "; ".join(parts)


def _sides_text(item: Item, sides: Mapping[str, str], lang: str, words: Mapping[str, str]) -> str:
    """The arguments grouped by side: "For: …; … / Against: …" (and those left unsorted)."""
    text = _texts_in(lang)
    groups: dict[str, list[str]] = {"for": [], "against": [], "unsorted": []}
    for entry in item.data["entries"]:
        side = sides.get(entry["id"])
        groups[side if side in ("for", "against") else "unsorted"].append(
            _clause(_unblanked(text(entry["text"])))
        )
    parts = [
        _label(words[side], lang) + ("; ".join(texts) or "—")
        for side, texts in groups.items()
        if texts or side != "unsorted"
    ]
    return " / ".join(parts)


def _language(language: str) -> str:
    return str(language).replace("-", "_").split("_")[0].lower()
