"""GIFT questions to quiz items and back, so that Moodle quizzes come in and any quiz goes out.

Imported questions keep everything GIFT says about them (name, category, formats, feedback) in
the item's `data["gift"]`, so exporting them writes the same questions back. Their text is in
one language only: it fills both languages until a teacher translates it (`data["language"]`
names the language it was written in).
"""

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from edu.gift.parser import BLANK, GiftAnswer, GiftQuestion
from edu.quiz.items import GAP, NOT_ASKED, Item

ITEM_TYPE = {
    "multichoice": "choice",
    "multiple": "multiple",
    "truefalse": "true-false",
    "shortanswer": "short",
    "matching": "matching",
    "numerical": "numeric",
    "essay": "essay",
    "description": "description",
}
LANGUAGES = ("fr", "en")


def _both(text: str) -> dict[str, str]:
    return {language: text for language in LANGUAGES}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "question"


def to_items(questions: Iterable[GiftQuestion], article: str, language: str) -> list[Item]:
    """Quiz items for an article from GIFT questions, keyed by the question's name or place."""
    items, taken = [], set()
    for number, question in enumerate(questions, start=1):
        # Unnamed questions are known by their text, so that a second file adds to the first.
        digest = hashlib.sha1(f"{question.kind}\n{question.text}".encode()).hexdigest()[:10]
        key = _slug(question.name) if question.name else f"q-{digest}"
        while key in taken:
            key = f"{key}-{number}"
        taken.add(key)
        items.append(to_item(question, article, f"gift-{key}", language))
    return items


def to_item(question: GiftQuestion, article: str, source: str, language: str) -> Item:
    kind = ITEM_TYPE[question.kind]
    text = question.text.replace(BLANK, GAP)
    data, answer = _content(question)
    data["gift"] = _kept(question)
    data["language"] = language
    return Item(
        id=f"{article}/{source}/{kind}",
        type=kind,
        article=article,
        prompt=_both(text),
        answer=answer,
        data=data,
        version=0,
    )


_QUESTION_FIELDS = tuple(f.name for f in dataclasses.fields(GiftQuestion) if f.name != "line")
_ANSWER_FIELDS = tuple(f.name for f in dataclasses.fields(GiftAnswer))


def _kept(question: GiftQuestion) -> dict:
    """What GIFT says beyond the quiz item, for a faithful export (shallow: asdict's deep copies
    of these plain values were most of the cost of converting a large file)."""
    kept = {name: getattr(question, name) for name in _QUESTION_FIELDS}
    kept["answers"] = [
        {name: getattr(answer, name) for name in _ANSWER_FIELDS} for answer in question.answers
    ]
    return kept


def _choices(answers: tuple[GiftAnswer, ...]) -> list[dict]:
    return [{"id": f"c{n}", "text": _both(a.text)} for n, a in enumerate(answers, start=1)]


def _content(question: GiftQuestion) -> tuple[dict, dict]:
    answers = question.answers
    if question.kind == "multichoice":
        weights = {f"c{n}": a.weight for n, a in enumerate(answers, start=1)}
        right = max(weights, key=weights.__getitem__)
        return {"choices": _choices(answers)}, {"choice": right, "weights": weights}
    if question.kind == "multiple":
        weights = {f"c{n}": a.weight for n, a in enumerate(answers, start=1)}
        return {"choices": _choices(answers)}, {"weights": weights}
    if question.kind == "truefalse":
        value = answers[0].text == "true"
        return {"statement": _both(question.text)}, {"value": value}
    if question.kind == "shortanswer":
        return {}, {"accepted": [{"text": a.text, "weight": a.weight} for a in answers]}
    if question.kind == "matching":
        left = [a for a in answers if a.text]
        rights = list(dict.fromkeys(_right_side(a) for a in answers))
        right_id = {text: f"r{n}" for n, text in enumerate(rights, start=1)}
        data = {
            "left": [{"id": f"l{n}", "text": _both(a.text)} for n, a in enumerate(left, start=1)],
            "right": [{"id": right_id[text], "text": _both(text)} for text in rights],
        }
        pairs = {f"l{n}": right_id[_right_side(a)] for n, a in enumerate(left, start=1)}
        return data, {"pairs": pairs}
    if question.kind == "numerical":
        ranges = [_range(a) for a in answers if a.value is not None or a.low is not None]
        best = max(ranges, key=lambda span: span["weight"])
        return {}, {"ranges": ranges, "value": (best["low"] + best["high"]) / 2}
    return {}, {}  # essay, description: nothing to score


def _right_side(answer: GiftAnswer) -> str:
    if answer.match is None:
        raise ValueError(f"matching pair {answer.text!r} has no right side")
    return answer.match


def _range(answer: GiftAnswer) -> dict:
    if answer.low is not None and answer.high is not None:
        return {"low": answer.low, "high": answer.high, "weight": answer.weight}
    if answer.value is None:
        raise ValueError(f"numerical answer {answer.text!r} has neither a value nor a full range")
    tolerance = answer.tolerance or 0
    low, high = answer.value - tolerance, answer.value + tolerance
    return {"low": low, "high": high, "weight": answer.weight}


# -- quiz items to GIFT ---------------------------------------------------------------------------


def to_question(item: Item, language: str, category: str | None = None) -> GiftQuestion:
    """The GIFT question for a quiz item, in `language`; imported ones as they came in."""
    text = _text(item.prompt, language)
    kept = item.data.get("gift")
    if kept is not None:
        return _as_imported(kept, text)
    name = item.id.split("/")[1]
    question = _generated(item, text, language)
    return dataclasses.replace(question, name=name, category=category)


def _text(bilingual: dict, language: str) -> str:
    return bilingual.get(language) or next(iter(bilingual.values()), "")


def _as_imported(kept: dict, text: str) -> GiftQuestion:
    """The imported question with its text as the item's prompt says it now."""
    fields = dict(kept, answers=tuple(GiftAnswer(**answer) for answer in kept["answers"]))
    if kept["blank_at"] is not None:
        text = text.replace(GAP, BLANK, 1)
        fields["blank_at"] = text.find(BLANK)
    fields["text"] = text
    return GiftQuestion(**fields)


def _missing_word(text: str) -> tuple[str, int | None]:
    """A gap-fill prompt as a GIFT missing-word text; a gap at the very end becomes a plain
    question, since GIFT needs some text after an inline answer block."""
    if GAP not in text:
        return text, None
    text = text.replace(GAP, BLANK, 1)
    at = text.find(BLANK)
    if not text[at + len(BLANK) :].strip():
        return text[:at].rstrip(), None
    return text, at


def _generated(item: Item, text: str, language: str) -> GiftQuestion:
    data, answer = item.data, item.answer
    if item.type == "choice":
        weights = answer.get("weights") or {
            c["id"]: 100.0 if c["id"] == answer["choice"] else 0.0 for c in data["choices"]
        }
        answers = tuple(
            GiftAnswer(_text(c["text"], language), weight=weights[c["id"]]) for c in data["choices"]
        )
        return GiftQuestion(text, "multichoice", answers)
    if item.type == "multiple":
        answers = tuple(
            GiftAnswer(_text(c["text"], language), weight=answer["weights"][c["id"]])
            for c in data["choices"]
        )
        return GiftQuestion(text, "multiple", answers)
    if item.type == "true-false":
        statement = _text(data.get("statement") or item.prompt, language)
        value = "true" if answer["value"] else "false"
        return GiftQuestion(statement, "truefalse", (GiftAnswer(value),))
    if item.type == "cloze":
        text, at = _missing_word(text)
        accepted = list(dict.fromkeys([answer[language], *answer.values()]))
        return GiftQuestion(
            text, "shortanswer", tuple(GiftAnswer(a) for a in accepted), blank_at=at
        )
    if item.type == "short":
        answers = tuple(GiftAnswer(a["text"], weight=a["weight"]) for a in answer["accepted"])
        text, at = _missing_word(text)
        return GiftQuestion(text, "shortanswer", answers, blank_at=at)
    if item.type == "numeric":
        return _numerical(item, text, language)
    if item.type in ("matching", "sorting", "ordering"):
        return GiftQuestion(text, "matching", _pairs(item, language))
    return GiftQuestion(text, item.type if item.type in NOT_ASKED else "description")


def _numerical(item: Item, text: str, language: str) -> GiftQuestion:
    answer = item.answer
    if "ranges" in answer:
        answers = tuple(
            GiftAnswer(
                f"{span['low']}..{span['high']}",
                weight=span["weight"],
                low=span["low"],
                high=span["high"],
            )
            for span in answer["ranges"]
        )
    else:
        value = float(answer["value"])
        tolerance = abs(value) * float(answer.get("tolerance") or 0)
        answers = (GiftAnswer(f"{value}:{tolerance}", value=value, tolerance=tolerance),)
    unit = item.data.get("unit") or answer.get("unit")
    if unit:
        text = f"{text} ({_text(unit, language)})"
    return GiftQuestion(text, "numerical", answers)


SIDE_NAMES = {
    "fr": {"for": "Pour", "against": "Contre"},
    "en": {"for": "For", "against": "Against"},
}


def _pairs(item: Item, language: str) -> tuple[GiftAnswer, ...]:
    data, answer = item.data, item.answer
    if item.type == "matching":
        rights = {entry["id"]: _text(entry["text"], language) for entry in data["right"]}
        pairs = [
            GiftAnswer(
                _text(e["text"], language).replace(GAP, "…"), match=rights[answer["pairs"][e["id"]]]
            )
            for e in data["left"]
        ]
        used = set(answer["pairs"].values())
        pairs += [GiftAnswer("", match=text) for key, text in rights.items() if key not in used]
        return tuple(pairs)
    if item.type == "sorting":
        names = SIDE_NAMES.get(language, SIDE_NAMES["en"])
        return tuple(
            GiftAnswer(_text(e["text"], language), match=names[answer["sides"][e["id"]]])
            for e in data["entries"]
        )
    place = {key: n for n, key in enumerate(answer["order"], start=1)}
    return tuple(
        GiftAnswer(_text(e["text"], language).replace(GAP, "…"), match=str(place[e["id"]]))
        for e in data["entries"]
    )
