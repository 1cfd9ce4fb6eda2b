"""Numbers in text, written the way each language writes them: what the checker looks for in
a fact's text and what quiz generation cuts out of it."""

import re

from babel.numbers import format_decimal, get_decimal_symbol


def number_spellings(value: float, language: str) -> set[str]:
    """The ways a number is written in a language: `1 120,5` in French, `1,120.5` in English."""
    spellings = {
        format_decimal(value, locale=language, group_separator=grouped, decimal_quantization=False)
        for grouped in (True, False)
    }
    return {_normalise_spaces(s) for s in spellings}


def _normalise_spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def find_number(text: str, value: float, language: str) -> tuple[int, int] | None:
    """Where `text` writes `value` the way `language` writes numbers, or None.

    The span (start, end) is in `text` itself, trailing decimal zeros included (`5,00` for 5).
    Only the number as a whole counts, not a piece of a bigger one (`120` in `1 120`); any run
    of spaces (ordinary, no-break, narrow no-break) counts as one space. The first occurrence
    wins (the longest, when two spellings start at the same place).
    """
    normalised, starts = _normalise_spaces_mapped(text)
    found = None
    for spelling in sorted(number_spellings(value, language)):
        match = _number_pattern(spelling, language).search(normalised)
        if match and (found is None or (match.start(), -match.end()) < (found[0], -found[1])):
            found = (match.start(), match.end())
    if found is None:
        return None
    return starts[found[0]], starts[found[1]]


def _normalise_spaces_mapped(text: str) -> tuple[str, list[int]]:
    """`_normalise_spaces(text)`, with where each of its characters starts in `text`.

    The list has one more entry than the string: the end of `text`, for spans ending there.
    """
    chars: list[str] = []
    starts: list[int] = []
    for index, char in enumerate(text):
        if _SPACE.match(char):
            if chars and chars[-1] == " " and _SPACE.match(text[index - 1]):
                continue
            char = " "
        chars.append(char)
        starts.append(index)
    starts.append(len(text))
    return "".join(chars), starts


_SPACE = re.compile(r"[\s\u00a0\u202f]")


def _number_pattern(spelling: str, language: str) -> re.Pattern:
    """This spelling as a whole number, in text whose spaces are normalised."""
    decimal = get_decimal_symbol(language)
    # Trailing zeros are the same number: `5` matches `5,00` and `2,5` matches `2,50`.
    zeros = "0*" if decimal in spelling else rf"(?:{re.escape(decimal)}0+)?"
    return re.compile(rf"(?<![\d.,])(?<!\d ){re.escape(spelling)}{zeros}(?!\d|[.,]\d| \d{{3}})")
