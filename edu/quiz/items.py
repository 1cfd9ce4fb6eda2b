"""What a quiz item is: plain, JSON-ready data shared by generation, scoring and storage."""

from dataclasses import dataclass, field
from typing import Any

from edu.content.pack import GAP as GAP  # authored prompts hold the gap too: content defines it

GENERATOR_VERSION = 3  # 2: grammar around the gap, fairer distractors, one answer per gap;
# 3: the author's wrong options and other spellings, spans of time, the word bank

# The item types themselves are in `edu.quiz.types`, one module each; a quiz never draws these
# (imported from Moodle, kept so that an exported file loses nothing).
NOT_ASKED = ("essay", "description")


@dataclass(frozen=True)
class Item:
    """One quiz item. `id` is stable: `article/source/type` (source: a fact, question or group).

    `prompt` is {"fr": ..., "en": ...}; `data` holds the type's choices/entries and `answer`
    the right answer, both as its type reads them (`edu.quiz.types`, one module per type).
    """

    id: str
    type: str
    article: str
    prompt: dict[str, str]
    answer: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)
    fact: str | None = None  # the fact it comes from, for the evidence shown after answering
    facts: tuple[str, ...] = ()  # every fact it involves (ordering and matching have several)
    question: str | None = None  # the discussion question, for sorting items
    version: int = GENERATOR_VERSION
