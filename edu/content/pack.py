"""The content of one article once validated: plain immutable values, no I/O."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("fr", "en")
FACT_KINDS = ("number", "date", "entity", "claim")
ENTITY_CATEGORIES = (
    # Persons, by role: a wrong choice is a person of the same role only.
    "leader",  # a head of state or government: Emmanuel Macron, Li Qiang
    "official",  # a central banker, an adviser, a public official: Zhu Min
    "business",  # a company head, an entrepreneur, an investor: Sam Altman
    "thinker",  # a historical or intellectual figure: Sun Tzu
    "company",
    "organisation",
    "country",
    "place",
    "model",
    "programme",
    "product",  # a product: a chip, a device
    "technology",  # a technology or a technical standard: 5G
    "policy",  # a doctrine or a policy: internet sovereignty
)
# Persons of every role: wrong choices come from the same role only, but they make one
# matching item together ("which person").
PERSON_CATEGORIES = ("leader", "official", "business", "thinker")
# Categories of terms rather than names: wrong choices come from the same category only, but
# they make one matching item together.
TERM_CATEGORIES = ("product", "technology", "policy")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
SIDES = ("for", "against")
GAP = "____"  # marks the blank in a gap-fill prompt, in both languages
THEMES_FILE = "themes.yaml"  # beside the article files, maps each theme id to its name


def same_name(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    """Two names ({"fr", "en"}) that are the same in either language, ignoring case: one
    entity's answer and another's, or a wrong option that is the answer."""
    return any(a[lang].casefold() == b[lang].casefold() for lang in LANGUAGES)


@dataclass(frozen=True)
class Text:
    fr: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"fr": self.fr, "en": self.en}


@dataclass(frozen=True)
class Fact:
    id: str
    kind: str
    text: Text
    where: int
    # Kind-specific answer data, as plain JSON-ready values (see content/README.md).
    answer: dict[str, Any]


@dataclass(frozen=True)
class Argument:
    text: Text
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    motion: Text
    facts: tuple[str, ...]
    arguments_for: tuple[Argument, ...]
    arguments_against: tuple[Argument, ...]
    where: int | None = None


@dataclass(frozen=True)
class Source:
    date: str
    language: str
    publication: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Article:
    id: str
    source: Source
    title: Text
    summary: Text
    level: str
    themes: tuple[str, ...]
    facts: tuple[Fact, ...]
    questions: tuple[Question, ...] = field(default=())
    items: tuple["AuthoredItem", ...] = field(default=())


AUTHORED_ITEM_TYPES = ("choice", "true-false", "numeric", "cloze", "ordering")


@dataclass(frozen=True)
class AuthoredItem:
    """A quiz item written by hand beside the generated ones (see content/README.md)."""

    id: str
    type: str
    prompt: Text
    facts: tuple[str, ...]
    # choice: {"choices": [{"text": Text-dict, "correct": bool}]}; true-false: {"value": bool};
    # numeric: {"value", "tolerance", "unit"}; cloze: {"fr", "en"};
    # ordering: {"order": [Text-dict, ...]}, the events earliest first
    answer: dict[str, Any]


@dataclass(frozen=True)
class Theme:
    id: str
    name: Text
