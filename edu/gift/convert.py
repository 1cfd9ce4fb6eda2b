"""GIFT questions to quiz items and back, so that Moodle quizzes come in and any quiz goes out.

Each item type converts its own questions (`edu.quiz.types`); this module names and keys them.
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
from edu.quiz.answers import text_in
from edu.quiz.items import GAP, Item
from edu.quiz.types import from_gift_kind, item_type
from edu.quiz.types.base import both


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
    kind = from_gift_kind(question.kind)
    text = question.text.replace(BLANK, GAP)
    data, answer = kind.stored(kind.from_gift(question))
    data["gift"] = _kept(question)
    data["language"] = language
    return Item(
        id=f"{article}/{source}/{kind.name}",
        type=kind.name,
        article=article,
        prompt=both(text),
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


# -- quiz items to GIFT ---------------------------------------------------------------------------


def to_question(item: Item, language: str, category: str | None = None) -> GiftQuestion:
    """The GIFT question for a quiz item, in `language`; imported ones as they came in."""
    kept = item.data.get("gift")
    if kept is not None:
        return _as_imported(kept, text_in(item.prompt, language))
    kind = item_type(item.type)
    question = kind.to_gift(kind.read(item), item.prompt, language)
    return dataclasses.replace(question, name=item.id.split("/")[1], category=category)


def _as_imported(kept: dict, text: str) -> GiftQuestion:
    """The imported question with its text as the item's prompt says it now."""
    fields = dict(kept, answers=tuple(GiftAnswer(**answer) for answer in kept["answers"]))
    if kept["blank_at"] is not None:
        text = text.replace(GAP, BLANK, 1)
        fields["blank_at"] = text.find(BLANK)
    fields["text"] = text
    return GiftQuestion(**fields)
