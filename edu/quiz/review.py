"""What makes a quiz item suspicious, and which items must never share a quiz. Plain Python.

Both the draw and the item checker ask the same questions of an article's items:

- which facts an item asks about (`asked_facts`): every fact it names, whatever its type;
- what would give its answer away (`answer_clues`): the names, numbers and years its facts (or
  its own answer) hold, each in its language;
- what it shows a learner before they answer (`shown_texts`): its prompt and every option.

Two items *conflict* (`conflicts`) when they ask about one fact or when one shows the other's
answer: a quiz never holds both. The checker (`check`) gives each item its `Reason`s, one rule
each; a reason's message is marked with `N_` and translated where it is shown:

- gap grammar: the word before the gap (« l’ », « d’ », « du », « de la », "a", "an", …) does
  not fit every option (the answer of a gap fill, every choice of a choice item);
- reveals: another item's prompt spells out the item's answer for the same thing
  (`Clue.spelled_out_in`: a number with its unit, a year with its date's month; items of one
  fact aside: they never share a quiz anyway). The draw is stricter: it keeps apart any two
  items one of which shows the other's answer at all (`Clue.found_in`), options included;
- ambiguous gap: another entity of the same category among the article's facts fits the gap
  (its own fact says much the same thing, or the prompt says too little to tell them apart);
- duplicate: two items ask the same thing (the same prompt, or the same facts and the same
  answer), unless both are the generator's own (it makes one item of each type per fact);
- too few distractors: a choice item with fewer than three wrong options of the answer's kind
  (the same unit for a number, a year for a date, a name of the same category for an entity);
- long typed answer: a gap fill whose answer is more than three words.
"""

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from babel.dates import get_month_names

from edu.catalog import N_
from edu.content import pack
from edu.content.numbers import find_number
from edu.content.pack import LANGUAGES
from edu.quiz.items import GAP, Item

MIN_WRONG = 3  # a choice item shows at least this many wrong options of the answer's kind
MAX_TYPED_WORDS = 3  # a typed answer longer than this is a spelling test, not a quiz question
# A prompt with fewer words of at least SIGNIFICANT letters (the gap aside) says too little
# to tell two entities of one category apart; another entity's fact that holds at least
# SHARED of the prompt's words says much the same thing.
SIGNIFICANT, FEW_WORDS, SHARED = 4, 3, 0.5

RULES = (
    "gap-grammar",
    "reveals",
    "ambiguous-gap",
    "duplicate",
    "few-distractors",
    "long-answer",
)


@dataclass(frozen=True)
class Reason:
    """Why an item is suspicious: its rule, an English message (msgid) and the values in it."""

    rule: str
    message: str
    values: Mapping[str, str] = field(default_factory=dict)

    def text(self, gettext: Callable[[str], str] = str) -> str:
        """The message in the language `gettext` translates into (English by default)."""
        return gettext(self.message) % dict(self.values)


# -- what an item asks, hides and shows -------------------------------------------------------


def asked_facts(item: Item) -> frozenset[str]:
    """Every fact the item names: two items sharing one are never in the same quiz."""
    return frozenset(item.facts) | ({item.fact} if item.fact else frozenset())


@dataclass(frozen=True)
class Clue:
    """Something that gives an item's answer away when another item shows it."""

    language: str | None  # None: any language (a year)
    shown: str  # as the message shows it
    words: str | None = None
    number: float | None = None
    unit: str | None = None  # a number's unit, in `language`
    month: int | None = None  # a date's month, when it has one

    def found_in(self, text: str, language: str) -> bool:
        """The clue stands in `text` at all: what the draw keeps apart, to be safe."""
        if self.language is not None and language != self.language:
            return False
        if self.number is not None:
            return _has_digit(text) and _writes_number(text, self.number, language)
        return self.pattern is not None and self.pattern.search(_plain(text)) is not None

    def spelled_out_in(self, text: str, language: str) -> bool:
        """The clue stands in `text` for the same thing: what the checker asks an author to
        reword. Stricter than `found_in` for numbers and years only:

        - a number with a unit reveals only when it is written as a number of that unit: the
          unit's first word follows it (`1 %`, `5 dollars`; a plural `s` aside), or, for a
          unit in dollars, a `$` stands before it. A `1` in a model's name (`R1`, `X1`) or a
          `5` in a date (`5 novembre`) stands for something else;
        - a year of a date with a month reveals only when it is written with that month
          (`janvier 2025`, `January 2025`): another event of the same year gives away
          nothing about this one. A year alone (a date without a month) reveals anywhere.
        """
        if not self.found_in(text, language):
            return False
        if self.number is not None and self.unit:
            return _with_unit(text, self.number, self.unit, language)
        if self.month is not None and self.words:
            return _with_month(text, self.words, self.month, language)
        return True

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        words = _plain(self.words or "").strip()
        return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)") if words else None


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _unit_word(word: str) -> str:
    word = _plain(word)
    return word[:-1] if len(word) > 2 and word.endswith("s") else word


def _with_unit(text: str, value: float, unit: str, language: str) -> bool:
    """`text` writes `value` followed by the first word of `unit` (or `$value`, in dollars)."""
    first = unit.split()[0] if unit.split() else ""
    spaces = re.compile(r"[\s\u00a0\u202f]*")
    rest = text
    while (span := find_number(rest, value, language)) is not None:
        start, end = span
        after = rest[end:]
        after = after[spaces.match(after).end() :]  # type: ignore[union-attr]
        word = re.match(r"%|[^\W\d_]+", after)
        if word is not None and _unit_word(word.group()) == _unit_word(first):
            return True
        if _unit_word(first).startswith("dollar") and rest[:start].rstrip().endswith("$"):
            return True
        rest = rest[end:]
    return False


def _with_month(text: str, year: str, month: int, language: str) -> bool:
    """`text` writes `year` right after the date's month name (a day between them aside)."""
    names = get_month_names("wide", locale=language)
    name = re.escape(_plain(names[month]))
    pattern = rf"(?<!\w){name}(?:\s+\d{{1,2}},?)?\s+{re.escape(year)}(?!\w)"
    return re.search(pattern, _plain(text)) is not None


@lru_cache(maxsize=2**16)
def _writes_number(text: str, value: float, language: str) -> bool:
    """`find_number`, remembered: every draw asks it again of the same texts."""
    return find_number(text, value, language) is not None


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("\u00a0", " ").casefold()


def has_words(text: str, words: str) -> bool:
    """`words` stand in `text` as whole words, ignoring case and the kind of apostrophe."""
    pattern = rf"(?<!\w){re.escape(_plain(words).strip())}(?!\w)"
    return re.search(pattern, _plain(text)) is not None


def _fact_clues(fact: pack.Fact) -> list[Clue]:
    if fact.kind == "entity":
        return [Clue(lang, fact.answer[lang], words=fact.answer[lang]) for lang in LANGUAGES]
    if fact.kind == "number":
        value = fact.answer["value"]
        return [
            Clue(lang, str(value), number=value, unit=_in(fact.answer.get("unit"), lang))
            for lang in LANGUAGES
        ]
    if fact.kind == "date":
        date = str(fact.answer["date"])
        year = date[:4]
        if len(date) >= 7 and date[5:7].isdigit():
            return [Clue(lang, year, words=year, month=int(date[5:7])) for lang in LANGUAGES]
        return [Clue(None, year, words=year)]
    return []  # a claim: its item shows it, there is nothing to hide


def _in(text: Any, language: str) -> str | None:
    """A text's `language` version, when it is a text by language."""
    value = text.get(language) if isinstance(text, dict) else None
    return value if isinstance(value, str) else None


def answer_clues(item: Item, facts: Mapping[str, pack.Fact]) -> list[Clue]:
    """What would give the item's answer away: its facts' names, numbers and years, and for
    a gap fill, a number to type or a hand-written choice, the answer itself."""
    if item.type in ("true-false", "sorting", "essay", "description"):
        return []  # the statement or the arguments are shown: they hide no name or number
    clues = [
        clue
        for slug in sorted(asked_facts(item))
        if slug in facts
        for clue in _fact_clues(facts[slug])
    ]
    if item.type == "cloze":
        clues += [Clue(lang, answer, words=answer) for lang, answer in _typed(item).items()]
    elif item.type == "numeric" and isinstance(item.answer.get("value"), int | float):
        value = item.answer["value"]
        unit = item.data.get("unit")
        clues += [Clue(lang, str(value), number=value, unit=_in(unit, lang)) for lang in LANGUAGES]
    elif item.type == "choice" and not clues:
        right = _right_choice(item)
        if right is not None:
            clues += [Clue(lang, right[lang], words=right[lang]) for lang in LANGUAGES]
    return clues


def _choices(item: Item) -> list[tuple[str, dict[str, str]]]:
    """A choice item's choices (id, texts), those with a text in every language."""
    return [
        (str(choice.get("id")), text)
        for choice in item.data.get("choices") or []
        if isinstance(choice, dict)
        for text in _texts(choice.get("text"))
    ]


def _right_choice(item: Item) -> dict[str, str] | None:
    right = item.answer.get("choice")
    return next((text for id_, text in _choices(item) if id_ == right), None)


def _typed(item: Item) -> dict[str, str]:
    """A gap fill's answer, by language."""
    return {lang: item.answer[lang] for lang in LANGUAGES if isinstance(item.answer.get(lang), str)}


def _texts(value: Any) -> Iterable[dict[str, str]]:
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) for lang in LANGUAGES):
        yield value


def shown_texts(item: Item) -> dict[str, list[str]]:
    """Everything a learner sees of the item before answering, by language."""
    texts = list(_texts(item.prompt))
    for part in ("choices", "entries", "left", "right"):
        for entry in item.data.get(part) or []:
            if isinstance(entry, dict):
                texts.extend(_texts(entry.get("text")))
    return {lang: [text[lang] for text in texts] for lang in LANGUAGES}


def prompt_texts(item: Item) -> dict[str, list[str]]:
    """The item's prompt alone, by language."""
    texts = list(_texts(item.prompt))
    return {lang: [text[lang] for text in texts] for lang in LANGUAGES}


def revealed_by(
    item: Item, other: Item, facts: Mapping[str, pack.Fact], *, options: bool = True
) -> Clue | None:
    """The clue to `item`'s answer that `other` shows, if any; with `options` off, only one
    its prompt spells out for the same thing (`Clue.spelled_out_in`): what an author rewords."""
    shown = shown_texts(other) if options else prompt_texts(other)
    for clue in answer_clues(item, facts):
        for lang in LANGUAGES:
            found = clue.found_in if options else clue.spelled_out_in
            if any(found(text, lang) for text in shown[lang]):
                return clue
    return None


def conflicts(items: Sequence[Item], facts: Mapping[str, pack.Fact]) -> dict[str, frozenset[str]]:
    """For each item (by id), the items of its article it must never share a quiz with: those
    of one of its facts, those that show its answer and those whose answer it shows."""
    clues = {item.id: answer_clues(item, facts) for item in items}
    shown = {
        item.id: {lang: "\n".join(texts) for lang, texts in shown_texts(item).items()}
        for item in items
    }
    asked = {item.id: asked_facts(item) for item in items}
    result: dict[str, set[str]] = {item.id: set() for item in items}
    for item in items:
        for other in items:
            if other.id == item.id or other.article != item.article or other.id in result[item.id]:
                continue
            if asked[item.id] & asked[other.id] or any(
                clue.found_in(shown[other.id][lang], lang)
                for clue in clues[item.id]
                for lang in LANGUAGES
            ):
                result[item.id].add(other.id)
                result[other.id].add(item.id)
    return {key: frozenset(keys) for key, keys in result.items()}


# -- the checker's rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the rules know besides the item: its article's items and facts, the corpus's
    entity names (casefolded, with their category) and which items the generator made."""

    items: Sequence[Item]
    facts: Mapping[str, pack.Fact]
    names: Mapping[str, str] = field(default_factory=dict)
    generated: Collection[str] = ()


def _before_gap(prompt: str) -> str:
    return prompt.split(GAP, 1)[0] if GAP in prompt else ""


_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
ELIDED = ("l'", "d'", "qu'", "j'", "n'", "s'")  # « l’____ »: a vowel (or a mute h) follows
FULL = ("du", "de la", "de", "le", "la", "au", "que")  # « du ____ »: no vowel follows
# Letters whose English name starts with a vowel sound: "an FBI", "an MoU", "a US company".
VOWEL_LETTERS = "aefhilmnorsx"


def _french_misfit(before: str, option: str) -> str | None:
    """The word before the gap when `option` does not fit after it, else None."""
    text = _plain(before).rstrip(" ")
    first = _plain(option).lstrip()[:1]
    if not first:
        return None
    for word in ELIDED:
        if text.endswith(word) and (len(text) == len(word) or not text[-len(word) - 1].isalpha()):
            fits = first in _VOWELS or first == "h"
            return None if fits else before.rstrip()[-len(word) :]
    if not before.endswith((" ", "\u00a0")):
        return None
    for word in FULL:
        if re.search(rf"(?<!\w){word}$", text):
            return None if first not in _VOWELS else before.rstrip()[-len(word) :]
    return None


def _english_misfit(before: str, option: str) -> str | None:
    match = re.search(r"(?<!\w)(an?)\s+$", before, re.IGNORECASE)
    option = option.lstrip()
    if match is None or not option or not option[0].isalpha():
        return None
    article = match.group(1).casefold()
    acronym = re.match(r"[A-Z]{2,}\b", option) is not None
    first = option[0].casefold()
    if acronym:
        vowel = first in VOWEL_LETTERS
    elif first in "uh":
        return None  # "a union", "an umbrella", "an hour", "a house": either may be right
    else:
        vowel = first in "aeio"
    return match.group(1) if (article == "an") != vowel else None


def _options(item: Item) -> dict[str, list[str]]:
    """The words a gap may be filled with, by language."""
    if item.type == "cloze":
        return {lang: [answer] for lang, answer in _typed(item).items()}
    if item.type in ("choice", "multiple"):
        choices = _choices(item)
        return {lang: [text[lang] for _, text in choices] for lang in LANGUAGES}
    return {}


def gap_grammar(item: Item, context: Context) -> list[Reason]:
    reasons = []
    for lang, options in _options(item).items():
        before = _before_gap(item.prompt.get(lang, ""))
        if not before:
            continue
        misfit = _french_misfit if lang == "fr" else _english_misfit
        for option in options:
            word = misfit(before, option)
            if word is not None:
                reasons.append(
                    Reason(
                        "gap-grammar",
                        N_("The word before the gap (%(word)s) does not fit “%(option)s”."),
                        {"word": word, "option": option},
                    )
                )
    return reasons


def reveals(item: Item, context: Context) -> list[Reason]:
    reasons = []
    for other in context.items:
        if other.id == item.id or asked_facts(item) & asked_facts(other):
            continue
        # Wrong options are often other answers of the same kind: the draw keeps such items
        # apart. What an author can reword is a prompt that spells out another item's answer.
        clue = revealed_by(item, other, context.facts, options=False)
        if clue is not None:
            reasons.append(
                Reason(
                    "reveals",
                    N_("Its answer (%(answer)s) stands in another item: %(other)s."),
                    {"answer": clue.shown, "other": other.id},
                )
            )
    return reasons


def _significant(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", _plain(text.replace(GAP, " "))) if len(word) >= 4}


def ambiguous_gap(item: Item, context: Context) -> list[Reason]:
    if item.type not in ("cloze", "choice") or item.fact is None:
        return []
    fact = context.facts.get(item.fact)
    if (
        fact is None
        or fact.kind != "entity"
        or not all(GAP in item.prompt.get(lang, "") for lang in LANGUAGES)
    ):
        return []
    reasons = []
    for other in context.facts.values():
        if (
            other.kind != "entity"
            or other.id == fact.id
            or other.answer["category"] != fact.answer["category"]
            or any(_plain(other.answer[la]) == _plain(fact.answer[la]) for la in LANGUAGES)
        ):
            continue
        fits = True
        for lang in LANGUAGES:
            prompt, name = item.prompt[lang], other.answer[lang]
            before = _before_gap(prompt)
            misfit = _french_misfit if lang == "fr" else _english_misfit
            words = _significant(prompt)
            shared = words & _significant(getattr(other.text, lang))
            if (
                has_words(prompt, name)  # the prompt names it: it is not the answer
                or misfit(before, name) is not None
                or (len(words) >= FEW_WORDS and len(shared) < SHARED * len(words))
            ):
                fits = False
        if fits:
            reasons.append(
                Reason(
                    "ambiguous-gap",
                    N_("Another answer fits the gap: %(name)s (%(fact)s)."),
                    {"name": other.answer["en"], "fact": other.id},
                )
            )
    return reasons


def _answer_keys(item: Item, facts: Mapping[str, pack.Fact]) -> set[str]:
    """The item's right answer, in comparable forms."""
    if item.type == "numeric" and "value" in item.answer:
        return {f"number:{float(item.answer['value'])}"}
    if item.type == "cloze":
        return {f"text:{_plain(answer)}" for answer in _typed(item).values()}
    if item.type == "choice":
        right = _right_choice(item)
        if right is None:
            return set()
        for slug in asked_facts(item):
            fact = facts.get(slug)
            if fact is not None and fact.kind == "number":
                value = fact.answer["value"]
                if all(find_number(right[lang], value, lang) for lang in LANGUAGES):
                    return {f"number:{float(value)}"}
        return {f"text:{_plain(right[lang])}" for lang in LANGUAGES}
    return set()


def duplicate(item: Item, context: Context) -> list[Reason]:
    reasons = []
    prompt = {lang: _plain(item.prompt.get(lang, "")) for lang in LANGUAGES}
    answers = _answer_keys(item, context.facts)
    for other in context.items:
        if other.id == item.id or (item.id in context.generated and other.id in context.generated):
            continue
        same_prompt = all(prompt[lang] == _plain(other.prompt.get(lang, "")) for lang in LANGUAGES)
        same_answer = bool(
            asked_facts(item) & asked_facts(other) and answers & _answer_keys(other, context.facts)
        )
        if same_prompt or same_answer:
            reasons.append(
                Reason(
                    "duplicate",
                    N_("It asks the same thing as another item: %(other)s."),
                    {"other": other.id},
                )
            )
    return reasons


_YEAR = re.compile(r"^\d{4}$")


def _bare(text: str) -> bool:
    """A number written without its unit (which then stands once, in the prompt)."""
    return not re.search(r"[^\W\d_]", text)


def _of_kind(
    text: dict[str, str],
    fact: pack.Fact | None,
    names: Mapping[str, str],
    right: dict[str, str] | None = None,
) -> bool:
    """A wrong option of the answer's kind: a number written like the right one (both with the
    unit, or both bare), a year, a name of the category (when the corpus's names are known);
    anything, when the item has no such fact."""
    if fact is None or fact.kind == "claim":
        return True
    if fact.kind == "date":
        return all(_YEAR.match(text[lang].strip()) for lang in LANGUAGES)
    if fact.kind == "number":
        unit = (fact.answer.get("unit") or {}).get("en")  # French writes "dollar" after 0,05
        bare = _bare(text["en"])
        if right is not None and bare != _bare(right["en"]):
            return False  # one option written unlike the others gives itself away
        return bool(re.search(r"\d", text["en"])) and (
            bare or not unit or _plain(unit) in _plain(text["en"])
        )
    if any(_same_text(text, chosen) for chosen in fact.answer.get("wrong") or ()):
        return True  # a wrong option the author chose: of the answer's kind on their word
    return all(names.get(_plain(text[lang])) == fact.answer["category"] for lang in LANGUAGES)


def _same_text(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    return all(_plain(a[lang]) == _plain(b[lang]) for lang in LANGUAGES)


def few_distractors(item: Item, context: Context) -> list[Reason]:
    if item.type != "choice":
        return []
    right = item.answer.get("choice")
    fact = context.facts.get(item.fact) if item.fact else None
    answer = _right_choice(item)
    if (
        fact is not None
        and fact.kind == "entity"
        and (answer is None or _plain(answer["en"]) not in context.names)
    ):
        fact = None  # it asks something else than the entity: any wrong option will do
    wrong = [
        id_
        for id_, text in _choices(item)
        if id_ != right and _of_kind(text, fact, context.names, answer)
    ]
    if len(wrong) >= MIN_WRONG:
        return []
    return [
        Reason(
            "few-distractors",
            N_("Too few wrong options of the answer’s kind: %(found)s (at least %(least)s)."),
            {"found": str(len(wrong)), "least": str(MIN_WRONG)},
        )
    ]


def long_answer(item: Item, context: Context) -> list[Reason]:
    if item.type != "cloze":
        return []
    for lang in LANGUAGES:
        answer = item.answer.get(lang)
        if isinstance(answer, str) and len(answer.split()) > MAX_TYPED_WORDS:
            return [
                Reason(
                    "long-answer",
                    N_("The answer to type has more than %(most)s words: “%(answer)s”."),
                    {"most": str(MAX_TYPED_WORDS), "answer": answer},
                )
            ]
    return []


CHECKS: tuple[Callable[[Item, Context], list[Reason]], ...] = (
    gap_grammar,
    reveals,
    ambiguous_gap,
    duplicate,
    few_distractors,
    long_answer,
)


def entity_names(facts: Iterable[pack.Fact]) -> dict[str, str]:
    """Every entity answer of the facts (casefolded, in both languages) with its category: the
    corpus's, for a choice item's wrong options."""
    return {
        _plain(fact.answer[lang]): fact.answer["category"]
        for fact in facts
        if fact.kind == "entity"
        for lang in LANGUAGES
    }


def check(
    items: Sequence[Item],
    facts: Iterable[pack.Fact],
    *,
    names: Mapping[str, str] | None = None,
    generated: Collection[str] = (),
) -> dict[str, list[Reason]]:
    """The reasons of every suspicious item of one article (by item id); the others are left
    out. `generated`: the ids of the items the generator made."""
    context = Context(items, {fact.id: fact for fact in facts}, names or {}, generated)
    found: dict[str, list[Reason]] = {}
    for item in items:
        reasons = [reason for rule in CHECKS for reason in rule(item, context)]
        if reasons:
            found[item.id] = reasons
    return found
