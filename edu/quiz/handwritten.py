"""Items a teacher writes by hand in a web form: the form's plain values made into an Item.

This is the pure part (no web, no database): `build_item` turns a `Written` (what the form
sends, every value a stripped string) into an `Item` shaped exactly like generated and
authored ones, or into a list of problem codes (`PROBLEMS` explains each in English; the web
layer translates them). `key_for` proposes the item's key from its English prompt.

Multi-line answers hold one entry a line, in French (`lines_fr`) and in English (`lines_en`),
matched line by line: both languages must have the same number of lines (blank lines are
ignored). A line's marker, when the type has one, comes first and must be the same in both
languages:

    choice     `= right answer` (exactly one) or `~ wrong answer`; at least 2 lines
    multiple   like choice, with one or more `=`: each right one weighs 100 / (number right)
               and each wrong one -100 / (number wrong), in percent (Moodle's usual scheme)
    ordering   the entries in the right order, at least 3 lines
    matching   `left -> right` (or `left → right`), at least 3 lines; a right text may serve
               several lines
    sorting    `+ argument for` or `- argument against`, at least one of each

The other types use single values: `truth` ("true" or "false") for true-false, whose prompt
is the statement; `value`, `tolerance` and the units for numeric; `answer_fr`/`answer_en` for
cloze, whose prompts hold the gap `____` once each.

Numbers (`value`, `tolerance`) are written with a point or a comma before the decimals
(`1120.5`, `1120,5`), thousands may be separated by spaces (`1 120,5`), a sign is allowed;
`1,120.5` (both separators) is refused and `1.120` is read as 1.12. The tolerance is
relative, at least 0 and below 1 (0.05 accepts answers within 5 %); `5 %` is read as 0.05.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from edu.catalog import in_each_language
from edu.quiz.authored import VERDICTS
from edu.quiz.generation import numbered_shuffle, rng_for, shuffled_apart
from edu.quiz.items import GAP, Item

HANDWRITTEN_TYPES = (
    "choice",
    "multiple",
    "true-false",
    "numeric",
    "cloze",
    "ordering",
    "matching",
    "sorting",
)

LANGUAGES = ("fr", "en")
MIN_LINES = {"choice": 2, "multiple": 2, "ordering": 3, "matching": 3, "sorting": 2}
ARROWS = ("->", "→")
KEY_PREFIX = "hand"
KEY_WORDS = 6  # at most this many words of the prompt in a key
KEY_LENGTH = 40  # and at most this many characters after the prefix

PROBLEMS = {
    "unknown-type": "The item type is not one the form can write.",
    "prompt-missing": "The question (prompt) is missing in French or in English.",
    "lines-mismatch": "The French and English answers do not have the same number of lines.",
    "too-few-lines": (
        "Too few lines: choices need at least 2, ordering and matching at least 3, "
        "sorting at least one argument for and one against."
    ),
    "line-empty": "A line holds a marker (=, ~, + or -) or an arrow but no text.",
    "duplicate-line": "Two lines of the same language have the same text.",
    "bad-marker": "A choice line does not start with = (the right answer) or ~ (a wrong one).",
    "markers-disagree": "A line is marked differently in French and in English (= / ~ or + / -).",
    "no-right-choice": "No line is marked as right with =.",
    "several-right-choices": (
        "Several lines are marked right with = in a single-answer choice "
        "(use the 'several right answers' type)."
    ),
    "bad-pair": "A matching line is not of the form 'left -> right' (one arrow, text each side).",
    "same-right": "Every matching line has the same right text: there is nothing to match.",
    "bad-side": "A sorting line does not start with + (for) or - (against).",
    "one-sided": "Sorting needs at least one argument for (+) and one against (-).",
    "truth-missing": "Say whether the statement is true or false.",
    "value-missing": "The expected number is missing.",
    "not-a-number": "The expected value is not a number (write e.g. 1120.5 or 1 120,5).",
    "tolerance-not-a-number": "The tolerance is not a number (write e.g. 0.05 or 5 %).",
    "tolerance-out-of-range": "The tolerance is relative: at least 0 and below 1 (0.05 = 5 %).",
    "unit-missing": "The unit is given in one language only: give both or neither.",
    "gap-missing": "A prompt lacks the gap ____ (a gap fill needs it in both languages).",
    "gap-repeated": "A prompt holds the gap ____ more than once.",
    "answer-missing": "The word for the gap is missing in French or in English.",
}


@dataclass(frozen=True)
class Written:
    """What the teacher's form sends: plain strings, already stripped."""

    type: str  # one of HANDWRITTEN_TYPES
    prompt_fr: str
    prompt_en: str
    lines_fr: str = ""  # multi-line answers, one entry a line (see the module docstring)
    lines_en: str = ""
    value: str = ""  # numeric
    tolerance: str = ""
    unit_fr: str = ""
    unit_en: str = ""
    truth: str = ""  # "true" | "false" for true-false
    answer_fr: str = ""  # cloze
    answer_en: str = ""


def build_item(written: Written, article: str, key: str) -> Item | list[str]:
    """The item `article/key/type` the form describes, or the codes of its problems (PROBLEMS).

    The item is shaped as `edu.quiz.scoring` expects (version 0: written by hand). Entries of
    ordering, matching and sorting items are shown in a seeded order that does not give the
    answer away, numbered in that order like generated items.
    """
    kind = written.type
    if kind not in HANDWRITTEN_TYPES:
        return ["unknown-type"]
    problems: list[str] = []
    prompt = {"fr": written.prompt_fr.strip(), "en": written.prompt_en.strip()}
    if not all(prompt.values()):
        problems.append("prompt-missing")
    item_id = f"{article}/{key}/{kind}"
    built = _BUILDERS[kind](written, prompt, item_id, problems)
    if problems or built is None:
        return list(dict.fromkeys(problems or ["unknown-type"]))
    data, answer = built
    return Item(
        id=item_id,
        type=kind,
        article=article,
        prompt=prompt,
        answer=answer,
        data=data,
        version=0,  # written by hand: no generator
    )


def key_for(prompt_en: str, taken: set[str]) -> str:
    """A key like "hand-who-founded-openai" made from the prompt, not among `taken`."""
    ascii_text = unicodedata.normalize("NFKD", prompt_en).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower())[:KEY_WORDS]:
        longer = f"{slug}-{word}" if slug else word[:KEY_LENGTH]
        if len(longer) > KEY_LENGTH:
            break
        slug = longer
    base = f"{KEY_PREFIX}-{slug or 'item'}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


# -- single values ----------------------------------------------------------------------------

Built = tuple[dict[str, Any], dict[str, Any]] | None  # (data, answer), None when unusable


def _true_false(written: Written, prompt: dict, item_id: str, problems: list[str]) -> Built:
    if written.truth not in ("true", "false"):
        problems.append("truth-missing")
        return None
    value = written.truth == "true"
    # As authored items: the feedback shows the statement when true, "False." otherwise.
    statement = dict(prompt) if value else in_each_language(VERDICTS[False])
    return {"statement": statement}, {"value": value}


def _numeric(written: Written, prompt: dict, item_id: str, problems: list[str]) -> Built:
    gaps = [text.count(GAP) for text in prompt.values()]
    if all(prompt.values()) and any(gaps) and not all(gaps):
        problems.append("gap-missing")  # a gap in one language only
    if any(count > 1 for count in gaps):
        problems.append("gap-repeated")
    value = None
    if not written.value.strip():
        problems.append("value-missing")
    else:
        value = parse_number(written.value)
        if value is None:
            problems.append("not-a-number")
    tolerance = Decimal(0)
    if written.tolerance.strip():
        text = written.tolerance.strip()
        percent = text.endswith("%")
        parsed = parse_number(text[:-1] if percent else text)
        if parsed is None:
            problems.append("tolerance-not-a-number")
        else:
            tolerance = parsed / 100 if percent else parsed
            if not 0 <= tolerance < 1:
                problems.append("tolerance-out-of-range")
    unit = {"fr": written.unit_fr.strip(), "en": written.unit_en.strip()}
    if any(unit.values()) and not all(unit.values()):
        problems.append("unit-missing")
    if value is None:
        return None
    answer = {"value": _plain(value), "tolerance": _plain(tolerance)}
    return {"unit": unit if all(unit.values()) else None}, answer


def _cloze(written: Written, prompt: dict, item_id: str, problems: list[str]) -> Built:
    for text in prompt.values():
        if text and GAP not in text:
            problems.append("gap-missing")
        if text.count(GAP) > 1:
            problems.append("gap-repeated")
    answer = {"fr": written.answer_fr.strip(), "en": written.answer_en.strip()}
    if not all(answer.values()):
        problems.append("answer-missing")
    return {}, answer


_NUMBER = re.compile(
    r"(?P<sign>[+\-\u2212]?)\s*"
    r"(?P<whole>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
    r"(?:[.,](?P<decimals>\d+))?"
)


def parse_number(text: str) -> Decimal | None:
    """The number in `text` (`1120.5`, `1120,5`, `1 120,5`, `-3`), or None if it is not one."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    whole = re.sub(r"\D", "", match["whole"])
    digits = f"{whole}.{match['decimals']}" if match["decimals"] else whole
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    return -number if match["sign"] in ("-", "\u2212") else number


def _plain(number: Decimal) -> int | float:
    """A JSON-ready number: an int when whole (500, not 500.0)."""
    return int(number) if number == number.to_integral_value() else float(number)


# -- multi-line answers -----------------------------------------------------------------------


def _lines(written: Written, kind: str, problems: list[str]) -> list[tuple[str, str]] | None:
    """The answer's lines paired across languages, or None when they cannot be paired."""
    lines = {
        lang: [line.strip() for line in text.splitlines() if line.strip()]
        for lang, text in (("fr", written.lines_fr), ("en", written.lines_en))
    }
    if len(lines["fr"]) != len(lines["en"]):
        problems.append("lines-mismatch")
        if min(len(lines["fr"]), len(lines["en"])) < MIN_LINES[kind]:
            problems.append("too-few-lines")
        return None
    if len(lines["fr"]) < MIN_LINES[kind]:
        problems.append("too-few-lines")
    return list(zip(lines["fr"], lines["en"], strict=True))


def _marked(
    pairs: list[tuple[str, str]], markers: str, bad: str, problems: list[str]
) -> list[tuple[str, dict[str, str]]]:
    """Each line's marker (one of `markers`, the same in both languages) and its texts."""
    result = []
    for fr, en in pairs:
        if fr[0] not in markers or en[0] not in markers:
            problems.append(bad)
            continue
        if fr[0] != en[0]:
            problems.append("markers-disagree")
            continue
        result.append((fr[0], {"fr": fr[1:].strip(), "en": en[1:].strip()}))
    return result


def _check_texts(texts: list[dict[str, str]], problems: list[str]) -> None:
    """Every text given, and no two alike in one language."""
    if not all(all(text.values()) for text in texts):
        problems.append("line-empty")
    for lang in LANGUAGES:
        seen = [" ".join(text[lang].casefold().split()) for text in texts if text[lang]]
        if len(seen) != len(set(seen)):
            problems.append("duplicate-line")


def _choices(written: Written, prompt: dict, item_id: str, problems: list[str]) -> Built:
    pairs = _lines(written, written.type, problems)
    if pairs is None:
        return None
    marked = _marked(pairs, "=~", "bad-marker", problems)
    _check_texts([text for _, text in marked], problems)
    right = [n for n, (marker, _) in enumerate(marked, start=1) if marker == "="]
    if not right and len(marked) == len(pairs):
        problems.append("no-right-choice")
    if written.type == "choice" and len(right) > 1:
        problems.append("several-right-choices")
    if problems:
        return None
    choices = [{"id": f"c{n}", "text": text} for n, (_, text) in enumerate(marked, start=1)]
    if written.type == "choice":
        return {"choices": choices}, {"choice": f"c{right[0]}"}
    wrong = len(marked) - len(right)
    weights = {
        f"c{n}": round(100 / len(right), 5) if marker == "=" else round(-100 / wrong, 5)
        for n, (marker, _) in enumerate(marked, start=1)
    }
    return {"choices": choices}, {"weights": weights}


def _ordering(written: Written, prompt: dict, item_id: str, problems: list[str]) -> Built:
    pairs = _lines(written, "ordering", problems)
    if pairs is None:
        return None
    in_order = [{"fr": fr, "en": en} for fr, en in pairs]
    _check_texts(in_order, problems)
    if problems:
        return None
    entries, order = numbered_shuffle(in_order, rng_for(item_id))
    return {"entries": [{"id": id_, "text": text} for id_, text in entries]}, {"order": order}


def _split_pair(line: str) -> tuple[str, str] | None:
    for arrow in ARROWS:
        line = line.replace(arrow, ARROWS[0])
    parts = line.split(ARROWS[0])
    if len(parts) != 2:
        return None
    return parts[0].strip(), parts[1].strip()


def _matching(written: Written, prompt: dict, item_id: str, problems: list[str]) -> Built:
    pairs = _lines(written, "matching", problems)
    if pairs is None:
        return None
    lefts: list[dict[str, str]] = []
    rights: list[dict[str, str]] = []
    for fr, en in pairs:
        fr_pair, en_pair = _split_pair(fr), _split_pair(en)
        if fr_pair is None or en_pair is None:
            problems.append("bad-pair")
            continue
        split = {"fr": fr_pair, "en": en_pair}
        lefts.append({lang: split[lang][0] for lang in LANGUAGES})
        rights.append({lang: split[lang][1] for lang in LANGUAGES})
    _check_texts(lefts, problems)
    # One right text may serve several lines: it is offered once.
    distinct = list({(right["fr"], right["en"]): right for right in rights}.values())
    _check_texts(distinct, problems)
    if len(distinct) == 1 and len(rights) == len(pairs):
        problems.append("same-right")
    if problems:
        return None
    shown = shuffled_apart(distinct, rng_for(item_id))
    right_id = {(right["fr"], right["en"]): f"r{n}" for n, right in enumerate(shown, start=1)}
    data = {
        "left": [{"id": f"l{n}", "text": left} for n, left in enumerate(lefts, start=1)],
        "right": [{"id": f"r{n}", "text": right} for n, right in enumerate(shown, start=1)],
    }
    answer = {
        f"l{n}": right_id[(right["fr"], right["en"])] for n, right in enumerate(rights, start=1)
    }
    return data, {"pairs": answer}


def _sorting(written: Written, prompt: dict, item_id: str, problems: list[str]) -> Built:
    pairs = _lines(written, "sorting", problems)
    if pairs is None:
        return None
    marked = _marked(pairs, "+-", "bad-side", problems)
    _check_texts([text for _, text in marked], problems)
    if len(marked) == len(pairs) and {marker for marker, _ in marked} != {"+", "-"}:
        problems.append("one-sided")
    if problems:
        return None
    # Entry ids numbered in display order, so neither the ids nor the order give the sides away.
    shown = shuffled_apart(marked, rng_for(item_id))
    entries = [{"id": f"a{n}", "text": text} for n, (_, text) in enumerate(shown, start=1)]
    sides = {
        f"a{n}": "for" if marker == "+" else "against" for n, (marker, _) in enumerate(shown, 1)
    }
    return {"entries": entries}, {"sides": sides}


_BUILDERS = {
    "choice": _choices,
    "multiple": _choices,
    "true-false": _true_false,
    "numeric": _numeric,
    "cloze": _cloze,
    "ordering": _ordering,
    "matching": _matching,
    "sorting": _sorting,
}
