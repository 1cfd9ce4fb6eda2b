"""What every quiz item type does, so that a new type is one module in this package and one
template.

A type is named twice: `name` as stored, and `label` as teachers read it (an English msgid
marked with `N_`, translated where it is shown). An item keeps its type's content as two
JSON-ready dicts, `Item.data` (what is shown) and `Item.answer` (what is right), as stored. A
type reads them into its typed payload (`parse`) and writes them back (`stored`); every other
part works on the payload:

- `answer_from_form`: the answer a submitted form gives, in the shape `score` expects;
- `form_fields`: a stored answer as the form fields that would have sent it;
- `score`: the credit an answer earns (each rule is told in its type's module docstring);
- `right_text` / `given_text`: the right answer, and a learner's, in words, on one line;
- `right_list` / `given_list`: the same as a short list (`Listed`) for a type whose answer has
  several parts (an order, pairs, sides), or None where one line says it all;
- `from_gift` / `to_gift`: a Moodle GIFT question into a payload, and a payload out;
- `answer_key`: the right answer in a printed sheet's terms (letters, places, sides);
- `template`: the template whose macros draw the question on a page, on a printed sheet and
  in its answer key (`question`, `sheet`, `key`).
"""

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from edu.gift.parser import BLANK, GiftQuestion
from edu.quiz.answers import AnswerFormatError, Scored, normalise_text, scored, text_in
from edu.quiz.items import GAP, Item
from edu.quiz.selection import shuffled

Texts = dict[str, str]  # {"fr": ..., "en": ...}

LANGUAGES = ("fr", "en")
MAX_ANSWER_LENGTH = 200  # a typed answer is cut to this many characters
MAX_CHOICES = 50  # at most this many ticked boxes are read
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # a printed sheet's choices and right-hand texts
ELLIPSIS = "…"  # a blank shown inside an answer
LINE_LENGTH = 240  # a list entry longer than this is cut at a word, with an ellipsis


class Form(Protocol):
    """A submitted form as werkzeug's MultiDict offers it: a name's value, or all its values."""

    def get(self, key: str, default: str = "") -> str | None: ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class Entry:
    """One choice, fact to place, side of a pair or argument: its id and bilingual text."""

    id: str
    text: Texts
    fact: str | None = None  # the fact it comes from, for generated ordering and matching

    @classmethod
    def parse(cls, stored: Mapping[str, Any]) -> "Entry":
        return cls(id=stored["id"], text=dict(stored["text"]), fact=stored.get("fact"))

    def stored(self) -> dict[str, Any]:
        fact = {} if self.fact is None else {"fact": self.fact}
        return {"id": self.id, **fact, "text": dict(self.text)}


def entries(stored: Iterable[Mapping[str, Any]]) -> tuple[Entry, ...]:
    return tuple(Entry.parse(entry) for entry in stored)


def stored_entries(values: Iterable[Entry]) -> list[dict[str, Any]]:
    return [entry.stored() for entry in values]


@dataclass(frozen=True)
class Line:
    """One entry of an answer shown as a list: a whole text (a fact, an argument, a sentence
    completed with its partner) and, where the text has no blank to complete, its partner."""

    text: str
    partner: str | None = None
    # The fact the text is (blanked where a quiz asks): a page may show that fact whole.
    fact: str | None = None


@dataclass(frozen=True)
class Group:
    """Entries under one heading ("For:"), or under none."""

    lines: tuple[Line, ...]
    label: str | None = None


@dataclass(frozen=True)
class Listed:
    """An answer of several parts as a short list: numbered (an order) or not, in groups."""

    groups: tuple[Group, ...]
    numbered: bool = False


@dataclass(frozen=True, kw_only=True)
class Payload:
    """A type's data and answer, typed. `kept` holds the data the type itself does not read
    (an imported question's GIFT details, its language), so that nothing is lost."""

    kept: dict[str, Any] = field(default_factory=dict)


def kept(data: Mapping[str, Any], *own: str) -> dict[str, Any]:
    """The data keys a type does not read."""
    return {key: value for key, value in data.items() if key not in own}


P = TypeVar("P", bound=Payload)


class ItemType(ABC, Generic[P]):
    """One kind of quiz item; the registry (`edu.quiz.types`) holds one instance of each."""

    name: ClassVar[str]  # as stored in `Item.type`
    label: ClassVar[str]  # as teachers read it: an English msgid marked with `N_`
    gift_kind: ClassVar[str]  # the GIFT question kind it is exported as
    imports_gift: ClassVar[bool] = False  # GIFT questions of `gift_kind` become this type
    asked: ClassVar[bool] = True  # drawn into quizzes (essays and descriptions are not)
    shuffled: ClassVar[tuple[str, ...]] = ()  # payload lists each attempt shows in its order
    shuffled_on_sheet: ClassVar[tuple[str, ...]] = ()  # ...and those a printed sheet shuffles

    @property
    def template(self) -> str:
        """The template with its `question`, `sheet` and `key` macros."""
        return f"quiz/types/{self.name}.html"

    def read(self, item: Item) -> P:
        return self.parse(item.data, item.answer)

    @abstractmethod
    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> P:
        """The payload of a stored item's `data` and `answer`."""

    @abstractmethod
    def stored(self, payload: P) -> tuple[dict[str, Any], dict[str, Any]]:
        """The payload as an item's `data` and `answer`, JSON-ready."""

    @abstractmethod
    def answer_from_form(self, payload: P, form: Form) -> Any:
        """The learner's answer as the form sent it, in the shape `score` takes.

        Raises AnswerFormatError when nothing (or not every part) was answered."""

    @abstractmethod
    def form_fields(self, answer: Any) -> dict[str, Any]:
        """A stored answer as the form fields that would have sent it, to show it back."""

    @abstractmethod
    def score(self, payload: P, answer: Any, locale: str) -> Scored:
        """What an answer typed in `locale` earns. Raises AnswerFormatError when the answer
        cannot be read (nothing is scored)."""

    @abstractmethod
    def right_text(self, payload: P, language: str, words: Mapping[str, str]) -> str:
        """The right answer in words, in `language`; `words` are the answer words in it."""

    @abstractmethod
    def given_text(self, payload: P, answer: Any, language: str, words: Mapping[str, str]) -> str:
        """A learner's stored answer in words; an answer of an unexpected shape as stored."""

    def right_list(self, payload: P, language: str, words: Mapping[str, str]) -> Listed | None:
        """The right answer as a short list; None for an answer one line says (the default)."""
        return None

    def given_list(
        self, payload: P, answer: Any, language: str, words: Mapping[str, str]
    ) -> Listed | None:
        """A learner's stored answer as a short list; None when one line says it, or when the
        answer has an unexpected shape (then `given_text` shows it as stored)."""
        return None

    @abstractmethod
    def to_gift(self, payload: P, prompt: Texts, language: str) -> GiftQuestion:
        """The GIFT question for the payload, in `language` (no name or category yet)."""

    def from_gift(self, question: GiftQuestion) -> P:
        """The payload of a GIFT question of this type's `gift_kind` (when `imports_gift`)."""
        raise ValueError(f"GIFT questions never become {self.name} items")

    def answer_key(self, payload: P, prompt: Texts) -> dict[str, Any]:
        """The right answer in a printed sheet's terms, beside its text; nothing by default."""
        return {}

    def in_page_order(self, payload: P, seed: int, position: int, *, sheet: bool = False) -> P:
        """The payload with its lists in the order one attempt or sheet shows them."""
        keys = self.shuffled + (self.shuffled_on_sheet if sheet else ())
        reordered: dict[str, Any] = {
            key: tuple(shuffled(getattr(payload, key), seed, position)) for key in keys
        }
        return dataclasses.replace(payload, **reordered)


# -- helpers the types share ----------------------------------------------------------------------


def one_value(form: Form) -> str:
    """The single typed or chosen value of a form, cut to MAX_ANSWER_LENGTH."""
    value = (form.get("answer", "") or "").strip()
    if not value:
        raise AnswerFormatError("empty")
    return value[:MAX_ANSWER_LENGTH]


def value_field(answer: Any) -> dict[str, Any]:
    """A single stored value as the form's `answer` field."""
    return {"answer": answer} if isinstance(answer, str) else {}


def chosen_by_entry(form: Form, prefix: str, values: Iterable[Entry]) -> dict[str, str]:
    """The values chosen for each entry (`prefix-<id>` fields), blank ones left out."""
    chosen = {entry.id: form.get(f"{prefix}-{entry.id}", "") or "" for entry in values}
    chosen = {key: value for key, value in chosen.items() if value}
    if not chosen:
        raise AnswerFormatError("empty")
    return chosen


def fields_by_entry(answer: Any, prefix: str) -> dict[str, Any]:
    """A stored answer by entry as the `prefix-<id>` fields that sent it (`chosen_by_entry`
    read back); an answer stored as text stands in the `answer` field."""
    if isinstance(answer, str):
        return {"answer": answer}
    if not isinstance(answer, Mapping):
        return {}
    return {f"{prefix}-{key}": value for key, value in answer.items()}


def scored_by_entry(results: Mapping[str, bool], key: str) -> Scored:
    """The share of entries placed right; full credit only when every one is."""
    right, total = sum(results.values()), len(results)
    return scored(
        right / total, right == total, {key: dict(results), "right": right, "total": total}
    )


def typed_text(answer: Any) -> str:
    """A typed answer, normalised for comparing; refused when it is missing or blank."""
    if not isinstance(answer, str):
        raise AnswerFormatError("empty" if answer is None else "incomplete")
    given = normalise_text(answer)
    if not given:
        raise AnswerFormatError("empty")
    return given


def answered(submitted: Any, known: set[str], allowed_values: set[str]) -> dict[str, str]:
    """The answered entries of a dict answer; blank values count as unanswered."""
    if submitted is None:
        raise AnswerFormatError("empty")
    if not isinstance(submitted, Mapping):
        raise AnswerFormatError("incomplete")
    given = {key: value for key, value in submitted.items() if value not in (None, "")}
    if not given:
        raise AnswerFormatError("empty")
    for key, value in given.items():
        if key not in known or not isinstance(value, str) or value not in allowed_values:
            raise AnswerFormatError("incomplete")
    return given


def unblanked(text: str) -> str:
    return text.replace(GAP, ELLIPSIS)


def clause(text: str) -> str:
    """A sentence as one part of a list joined with `;`: no final full stop."""
    text = text.strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def shortened(text: str, limit: int = LINE_LENGTH) -> str:
    """A text as one entry of a list: whole, or when very long cut at a word, with `…`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + ELLIPSIS


def both(text: str) -> Texts:
    """An imported text, in one language, filling both until a teacher translates it."""
    return {language: text for language in LANGUAGES}


def missing_word(text: str) -> tuple[str, int | None]:
    """A gap-fill prompt as a GIFT missing-word text; a gap at the very end becomes a plain
    question, since GIFT needs some text after an inline answer block."""
    if GAP not in text:
        return text, None
    text = text.replace(GAP, BLANK, 1)
    at = text.find(BLANK)
    if not text[at + len(BLANK) :].strip():
        return text[:at].rstrip(), None
    return text, at


@dataclass(frozen=True, kw_only=True)
class NotAskedPayload(Payload):
    """Nothing to answer: the question's text is the item's prompt."""


class NotAskedType(ItemType[NotAskedPayload]):
    """A GIFT question a quiz never asks (open questions belong in a debate), kept so that an
    exported file loses nothing."""

    asked = False
    imports_gift = True

    def parse(self, data: Mapping[str, Any], answer: Mapping[str, Any]) -> NotAskedPayload:
        return NotAskedPayload(kept=dict(data))

    def stored(self, payload: NotAskedPayload) -> tuple[dict[str, Any], dict[str, Any]]:
        return dict(payload.kept), {}

    def answer_from_form(self, payload: NotAskedPayload, form: Form) -> Any:
        raise ValueError(f"{self.name} items are not asked in quizzes")

    def form_fields(self, answer: Any) -> dict[str, Any]:
        return value_field(answer)

    def score(self, payload: NotAskedPayload, answer: Any, locale: str) -> Scored:
        raise ValueError(f"{self.name} items are not scored")

    def right_text(self, payload: NotAskedPayload, language: str, words: Mapping[str, str]) -> str:
        return ""

    def given_text(
        self, payload: NotAskedPayload, answer: Any, language: str, words: Mapping[str, str]
    ) -> str:
        return str(answer)

    def to_gift(self, payload: NotAskedPayload, prompt: Texts, language: str) -> GiftQuestion:
        return GiftQuestion(text_in(prompt, language), self.gift_kind)

    def from_gift(self, question: GiftQuestion) -> NotAskedPayload:
        return NotAskedPayload()
