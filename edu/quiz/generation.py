"""Quiz items generated from articles' key facts and discussion questions. Plain Python.

`generate(articles)` turns validated content into `Item`s (see `edu/quiz/items.py` for the
item formats). It is deterministic: the same articles
give the same items, with the same ids, in the same order, with the same choices and the same
shuffles, in every run and every process. Every random draw comes from a `random.Random`
seeded with the SHA-256 of the item's id, never from Python's `hash()` or an unseeded draw, and
every pool a draw picks from is in a canonical order (article id, fact id), so the order the
articles or facts arrive in does not change an item's content.

What each fact gives:

- number: a `numeric` item and a `choice` item, the number blanked in the prompt. The wrong
  choices are other numbers of the corpus with the same English unit (the closest first, each
  outside the answer's tolerance and clearly apart from the others), then scaled values of the
  answer (x2, /2, x10, /10, x1.5, ... in a seeded order, rounded to the answer's decimals).
- date: a `choice` item, the year blanked, the wrong years taken from the corpus's other date
  facts within `YEAR_WINDOW` years of the answer, then the answer's year +-1, 2 or 3. An
  article with at least 3 date facts of distinct (comparable) dates also gets an `ordering`.
- entity: a `cloze` item (the answer blanked, whole words, ignoring case) and, when the corpus
  has at least 2 other answers of the same category, a `choice` item among them. An article
  with at least 3 entity facts of a category (distinct answers) gets a `matching` item.
- claim: a `true-false` item showing either the statement or its false variant (seeded).

Each discussion question gives a `sorting` item: put the model arguments for or against.
A fact whose answer cannot be found in its text (content that skipped validation) gives no
gap item rather than a prompt that gives the answer away.
"""

import hashlib
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import format_decimal

from edu.content import pack
from edu.content.numbers import find_number
from edu.content.pack import ENTITY_CATEGORIES, LANGUAGES
from edu.quiz.items import GAP, GENERATOR_VERSION, Item

# The item types `generate` makes (each one's rules: `edu.quiz.types`).
GENERATED_TYPES = ("numeric", "choice", "cloze", "true-false", "ordering", "matching", "sorting")
CHOICES = 4  # choices of a choice item, the right one included (3 at least)
MIN_CHOICES = 3
MATCHING_PAIRS = 5  # at most this many pairs in a matching item
MATCHING_MIN = 3
ORDERING_MIN = 3
ORDERING_MAX = 6  # at most this many facts to put in order
YEAR_WINDOW = 10  # other years of the corpus farther than this from the answer are too easy
YEAR_OFFSETS = (1, -1, 2, -2, 3, -3)
# Scale factors for numeric distractors, as exact decimals (drawn in a seeded order).
SCALES = ("2", "0.5", "10", "0.1", "1.5", "3", "0.25", "5", "0.2", "4")
MIN_SPREAD = 0.05  # two numbers shown as choices differ by more than this (relative)

ORDERING_PROMPT = {
    "fr": "Remettez ces faits dans l’ordre chronologique, du plus ancien au plus récent.",
    "en": "Put these facts in chronological order, from earliest to latest.",
}
MATCHING_PROMPTS = {
    "person": {
        "fr": "Associez chaque fait à la personne concernée.",
        "en": "Match each fact with the person it concerns.",
    },
    "company": {
        "fr": "Associez chaque fait à l’entreprise concernée.",
        "en": "Match each fact with the company it concerns.",
    },
    "organisation": {
        "fr": "Associez chaque fait à l’organisation concernée.",
        "en": "Match each fact with the organisation it concerns.",
    },
    "country": {
        "fr": "Associez chaque fait au pays concerné.",
        "en": "Match each fact with the country it concerns.",
    },
    "place": {
        "fr": "Associez chaque fait au lieu concerné.",
        "en": "Match each fact with the place it concerns.",
    },
    "model": {
        "fr": "Associez chaque fait au modèle d’IA concerné.",
        "en": "Match each fact with the AI model it concerns.",
    },
    "programme": {
        "fr": "Associez chaque fait au programme concerné.",
        "en": "Match each fact with the programme it concerns.",
    },
    "other": {
        "fr": "Associez chaque phrase au terme qui la complète.",
        "en": "Match each sentence with the term that completes it.",
    },
}
assert set(MATCHING_PROMPTS) == set(ENTITY_CATEGORIES)

Texts = dict[str, str]  # {"fr": ..., "en": ...}


def generate(articles: Sequence[pack.Article]) -> list[Item]:
    """Every item the articles give, article by article (sorted by id), fact by fact."""
    corpus = _Corpus.of(articles)
    items: list[Item] = []
    for article in sorted(articles, key=lambda a: a.id):
        items.extend(_article_items(article, corpus))
    return items


# -- the corpus: pools of wrong answers, in a canonical order -------------------------------------


@dataclass(frozen=True)
class _Corpus:
    numbers: tuple[tuple[str, pack.Fact], ...]  # (article id, fact), sorted
    entities: tuple[tuple[str, pack.Fact], ...]
    years: tuple[int, ...]  # distinct years of date facts, ascending

    @classmethod
    def of(cls, articles: Sequence[pack.Article]) -> "_Corpus":
        facts = sorted(
            ((article.id, fact) for article in articles for fact in article.facts),
            key=lambda pair: (pair[0], pair[1].id),
        )
        return cls(
            numbers=tuple(pair for pair in facts if pair[1].kind == "number"),
            entities=tuple(pair for pair in facts if pair[1].kind == "entity"),
            years=tuple(sorted({_year(f) for _, f in facts if f.kind == "date"})),
        )


# -- one article ----------------------------------------------------------------------------------


def _article_items(article: pack.Article, corpus: _Corpus) -> list[Item]:
    items: list[Item] = []
    makers: dict[str, Callable[[pack.Article, pack.Fact, _Corpus], list[Item]]] = {
        "number": _number_items,
        "date": _date_items,
        "entity": _entity_items,
        "claim": _claim_items,
    }
    for fact in article.facts:
        maker = makers.get(fact.kind)
        if maker is not None:
            items.extend(maker(article, fact, corpus))
    ordering = _ordering_item(article)
    if ordering is not None:
        items.append(ordering)
    items.extend(_matching_items(article))
    items.extend(_sorting_item(article, question) for question in article.questions)
    return items


def _item(article: pack.Article, source: str, kind: str, **fields: Any) -> Item:
    return Item(
        id=f"{article.id}/{source}/{kind}",
        type=kind,
        article=article.id,
        version=GENERATOR_VERSION,
        **fields,
    )


def _fact_item(article: pack.Article, fact: pack.Fact, kind: str, **fields: Any) -> Item:
    return _item(article, fact.id, kind, fact=fact.id, facts=(fact.id,), **fields)


def _choice_item(
    article: pack.Article,
    fact: pack.Fact,
    prompt: Texts,
    right: Texts,
    wrong: list[Texts],
    rng: random.Random,
) -> Item:
    """A choice item: the right text among the wrong ones, in a seeded order (c1, c2, ...)."""
    texts = [right, *wrong[: CHOICES - 1]]
    order = list(range(len(texts)))
    rng.shuffle(order)
    choices = [{"id": f"c{n}", "text": texts[i]} for n, i in enumerate(order, start=1)]
    return _fact_item(
        article,
        fact,
        "choice",
        prompt=prompt,
        data={"choices": choices},
        answer={"choice": f"c{order.index(0) + 1}"},
    )


# -- numbers --------------------------------------------------------------------------------------


def _number_items(article: pack.Article, fact: pack.Fact, corpus: _Corpus) -> list[Item]:
    value = fact.answer["value"]
    tolerance = fact.answer.get("tolerance") or 0
    unit = fact.answer.get("unit") or None
    prompt = _blanked(fact.text, lambda text, lang: _number_spans(text, value, lang))
    if prompt is None:
        return []
    items = [
        _fact_item(
            article,
            fact,
            "numeric",
            prompt=prompt,
            data={"unit": dict(unit) if unit else None},
            answer={"value": value, "tolerance": tolerance},
        )
    ]
    rng = rng_for(f"{article.id}/{fact.id}/choice")
    wrong = _number_distractors(article, fact, corpus, rng)
    if len(wrong) >= MIN_CHOICES - 1:
        right = _number_text(value, unit)
        items.append(_choice_item(article, fact, prompt, right, wrong, rng))
    return items


def _number_distractors(
    article: pack.Article, fact: pack.Fact, corpus: _Corpus, rng: random.Random
) -> list[Texts]:
    """Wrong numbers: the corpus's with the same unit, closest first, then scaled answers."""
    value = fact.answer["value"]
    tolerance = fact.answer.get("tolerance") or 0
    unit = fact.answer.get("unit") or None
    shown = [value]
    texts: list[Texts] = []

    def take(candidate: float, candidate_unit: Texts | None) -> None:
        if len(texts) >= CHOICES - 1 or not _acceptable(candidate, value, tolerance, shown):
            return
        text = _number_text(candidate, candidate_unit)
        if any(text[lang] == other[lang] for other in texts for lang in LANGUAGES):
            return
        if any(text[lang] == _number_text(value, unit)[lang] for lang in LANGUAGES):
            return
        shown.append(candidate)
        texts.append(text)

    others = [
        other
        for other_article, other in corpus.numbers
        if (other_article, other.id) != (article.id, fact.id)
        and _english_unit(other) == _english_unit(fact)
    ]
    others.sort(key=lambda other: (_distance(other.answer["value"], value), other.answer["value"]))
    for other in others:
        take(other.answer["value"], other.answer.get("unit") or None)
    scales = list(SCALES)
    rng.shuffle(scales)
    for scale in scales:
        take(_scaled(value, scale), unit)
    step = Decimal(1).scaleb(-_decimals(value))
    for offset in range(1, 10):  # a last resort, for an answer of 0 and the like
        take(_plain(Decimal(repr(value)) + offset * step), unit)
    return texts


def _english_unit(fact: pack.Fact) -> str | None:
    unit = fact.answer.get("unit")
    return unit["en"] if unit else None


def _acceptable(candidate: float, answer: float, tolerance: float, shown: list[float]) -> bool:
    """A wrong number worth showing: wrong for sure, same sign, not close to any shown."""
    if candidate == answer or candidate == 0 or (candidate < 0 <= answer):
        return False
    if answer < 0 < candidate:
        return False
    if abs(candidate - answer) <= tolerance * abs(answer):
        return False
    return all(
        abs(candidate - other) > MIN_SPREAD * max(abs(candidate), abs(other)) for other in shown
    )


def _distance(a: float, b: float) -> float:
    """How far apart two numbers look: the ratio matters, not the difference."""
    if a == 0 or b == 0 or (a < 0) != (b < 0):
        return math.inf
    return abs(math.log(abs(a) / abs(b)))


def _decimals(value: float) -> int:
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _scaled(value: float, scale: str) -> float:
    """`value` times `scale`, rounded to the answer's decimals (or to one significant digit
    when that would round it to 0)."""
    exact = Decimal(repr(value)) * Decimal(scale)
    rounded = exact.quantize(Decimal(1).scaleb(-_decimals(value)), rounding=ROUND_HALF_UP)
    if rounded == 0 and exact != 0:
        rounded = exact.quantize(Decimal(1).scaleb(exact.adjusted()), rounding=ROUND_HALF_UP)
    return _plain(rounded)


def _plain(number: Decimal) -> float:
    return int(number) if number == number.to_integral_value() else float(number)


def _number_text(value: float, unit: Texts | None) -> Texts:
    """The number as each language writes it, with the unit: `1 120 milliards`, `6.58%`."""
    texts = {}
    for lang in LANGUAGES:
        number = format_decimal(value, locale=lang)
        if not unit:
            texts[lang] = number
        elif lang == "en" and unit[lang].startswith("%"):
            texts[lang] = number + unit[lang]
        else:
            texts[lang] = f"{number} {unit[lang]}"
    return texts


def _number_spans(text: str, value: float, lang: str) -> list[tuple[int, int]]:
    """Every place the text writes the number (the validator's rule: `find_number`)."""
    spans, start = [], 0
    while (found := find_number(text[start:], value, lang)) is not None:
        spans.append((start + found[0], start + found[1]))
        start += found[1]
    return spans


# -- dates ----------------------------------------------------------------------------------------


def _year(fact: pack.Fact) -> int:
    return int(str(fact.answer["date"])[:4])


def _year_spans(text: str, year: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\d){year}(?!\d)", text)]


def _date_items(article: pack.Article, fact: pack.Fact, corpus: _Corpus) -> list[Item]:
    year = _year(fact)
    prompt = _blanked(fact.text, lambda text, lang: _year_spans(text, year))
    if prompt is None:
        return []
    rng = rng_for(f"{article.id}/{fact.id}/choice")
    near = [y for y in corpus.years if y != year and abs(y - year) <= YEAR_WINDOW]
    years = rng.sample(near, min(CHOICES - 1, len(near)))
    offsets = list(YEAR_OFFSETS)
    rng.shuffle(offsets)
    for offset in offsets:
        if len(years) < CHOICES - 1 and year + offset not in years:
            years.append(year + offset)
    wrong = [{lang: str(y) for lang in LANGUAGES} for y in years]
    right = {lang: str(year) for lang in LANGUAGES}
    return [_choice_item(article, fact, prompt, right, wrong, rng)]


def _ordering_item(article: pack.Article) -> Item | None:
    """Put the article's dated facts in order (only dates that can be told apart: never `2025`
    beside `2025-08`), their years blanked."""
    chosen: list[tuple[pack.Fact, Texts]] = []
    for fact in article.facts:
        if fact.kind != "date":
            continue
        date = str(fact.answer["date"])
        if any(_overlapping(date, str(other.answer["date"])) for other, _ in chosen):
            continue
        year = _year(fact)
        # _blanked calls the function at once: it sees this turn's year.
        text = _blanked(fact.text, lambda text, lang: _year_spans(text, year))  # noqa: B023
        if text is not None:
            chosen.append((fact, text))
    if len(chosen) < ORDERING_MIN:
        return None
    item_id = f"{article.id}/timeline/ordering"
    rng = rng_for(item_id)
    if len(chosen) > ORDERING_MAX:
        keep = set(rng.sample(range(len(chosen)), ORDERING_MAX))
        chosen = [pair for index, pair in enumerate(chosen) if index in keep]
    in_order = sorted(chosen, key=lambda pair: str(pair[0].answer["date"]))
    entries = shuffled_apart(in_order, rng)
    return _item(
        article,
        "timeline",
        "ordering",
        prompt=dict(ORDERING_PROMPT),
        # Entry ids are numbered in display order: the page's form must not hint at the answer.
        data={
            "entries": [
                {"id": f"e{n}", "fact": fact.id, "text": text}
                for n, (fact, text) in enumerate(entries, 1)
            ]
        },
        answer={"order": [f"e{entries.index(pair) + 1}" for pair in in_order]},
        facts=tuple(fact.id for fact, _ in chosen),
    )


def _overlapping(a: str, b: str) -> bool:
    """Dates that cannot be put in order: equal, or one within the other (`2025`, `2025-08`)."""
    return a.startswith(b) or b.startswith(a)


# -- entities -------------------------------------------------------------------------------------


def _word_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Where `words` stand in `text` as whole words, ignoring case (the validator's rule)."""
    pattern = rf"(?<!\w){re.escape(words.strip())}(?!\w)"
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def _entity_prompt(fact: pack.Fact) -> Texts | None:
    return _blanked(fact.text, lambda text, lang: _word_spans(text, fact.answer[lang]))


def _same_answer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two entity answers that are the same in either language (ignoring case)."""
    return any(a[lang].casefold() == b[lang].casefold() for lang in LANGUAGES)


def _entity_items(article: pack.Article, fact: pack.Fact, corpus: _Corpus) -> list[Item]:
    prompt = _entity_prompt(fact)
    if prompt is None:
        return []
    answer = {lang: fact.answer[lang] for lang in LANGUAGES}
    items = [_fact_item(article, fact, "cloze", prompt=prompt, data={}, answer=answer)]
    pool: list[Texts] = []
    for _, other in corpus.entities:
        candidate = {lang: other.answer[lang] for lang in LANGUAGES}
        if (
            other.answer["category"] != fact.answer["category"]
            or _same_answer(candidate, answer)
            or any(_same_answer(candidate, kept) for kept in pool)
            # A name the prompt itself mentions is no real alternative.
            or any(_word_spans(prompt[lang], candidate[lang]) for lang in LANGUAGES)
        ):
            continue
        pool.append(candidate)
    if len(pool) >= MIN_CHOICES - 1:
        rng = rng_for(f"{article.id}/{fact.id}/choice")
        wrong = rng.sample(pool, min(CHOICES - 1, len(pool)))
        items.append(_choice_item(article, fact, prompt, answer, wrong, rng))
    return items


def _matching_items(article: pack.Article) -> list[Item]:
    """Per category with enough facts: match blanked facts with their answers."""
    items = []
    for category in ENTITY_CATEGORIES:
        chosen: list[tuple[pack.Fact, Texts]] = []
        for fact in article.facts:
            if fact.kind != "entity" or fact.answer["category"] != category:
                continue
            if any(_same_answer(fact.answer, other.answer) for other, _ in chosen):
                continue
            prompt = _entity_prompt(fact)
            if prompt is not None:
                chosen.append((fact, prompt))
        if len(chosen) < MATCHING_MIN:
            continue
        source = f"match-{category}"
        rng = rng_for(f"{article.id}/{source}/matching")
        if len(chosen) > MATCHING_PAIRS:
            keep = set(rng.sample(range(len(chosen)), MATCHING_PAIRS))
            chosen = [pair for index, pair in enumerate(chosen) if index in keep]
        right = shuffled_apart([fact for fact, _ in chosen], rng)
        items.append(
            _item(
                article,
                source,
                "matching",
                prompt=dict(MATCHING_PROMPTS[category]),
                # Ids numbered in display order, so the form says nothing about the pairs.
                data={
                    "left": [
                        {"id": f"l{n}", "fact": fact.id, "text": text}
                        for n, (fact, text) in enumerate(chosen, 1)
                    ],
                    "right": [
                        {
                            "id": f"r{n}",
                            "fact": fact.id,
                            "text": {lang: fact.answer[lang] for lang in LANGUAGES},
                        }
                        for n, fact in enumerate(right, 1)
                    ],
                },
                answer={
                    "pairs": {
                        f"l{n}": f"r{right.index(fact) + 1}"
                        for n, (fact, _) in enumerate(chosen, 1)
                    }
                },
                facts=tuple(fact.id for fact, _ in chosen),
            )
        )
    return items


# -- claims and questions -------------------------------------------------------------------------


def _claim_items(article: pack.Article, fact: pack.Fact, corpus: _Corpus) -> list[Item]:
    item_id = f"{article.id}/{fact.id}/true-false"
    shown_true = rng_for(item_id).random() < 0.5
    statement = fact.text.as_dict()
    false = {lang: fact.answer["false"][lang] for lang in LANGUAGES}
    return [
        _fact_item(
            article,
            fact,
            "true-false",
            prompt=statement if shown_true else false,
            data={"statement": dict(statement)},
            answer={"value": shown_true},
        )
    ]


def _sorting_item(article: pack.Article, question: pack.Question) -> Item:
    arguments = [
        (f"{side}-{index}", side, argument)
        for side, side_arguments in (
            ("for", question.arguments_for),
            ("against", question.arguments_against),
        )
        for index, argument in enumerate(side_arguments)
    ]
    rng = rng_for(f"{article.id}/{question.id}/sorting")
    entries = shuffled_apart(arguments, rng)
    return _item(
        article,
        question.id,
        "sorting",
        prompt=question.motion.as_dict(),
        # Entry ids numbered in display order: "for-0" in the form would give the side away.
        data={
            "entries": [
                {"id": f"a{n}", "text": arg.text.as_dict()}
                for n, (_, _, arg) in enumerate(entries, 1)
            ]
        },
        answer={"sides": {f"a{n}": side for n, (_, side, _) in enumerate(entries, 1)}},
        facts=tuple(question.facts),
        question=question.id,
    )


# -- helpers --------------------------------------------------------------------------------------


def rng_for(key: str) -> random.Random:
    """A random generator that depends on `key` only, in every process."""
    return random.Random(int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest(), "big"))


def shuffled_apart(values: list, rng: random.Random) -> list:
    """A seeded shuffle that never leaves the values in their original order."""
    order = list(values)
    rng.shuffle(order)
    if len(order) > 1 and order == list(values):
        order = order[1:] + order[:1]
    return order


def _blanked(
    text: pack.Text, spans_of: Callable[[str, str], list[tuple[int, int]]]
) -> Texts | None:
    """The text with every place of the answer replaced by GAP; None if a language lacks it."""
    result = {}
    for lang in LANGUAGES:
        original = getattr(text, lang)
        spans = spans_of(original, lang)
        if not spans:
            return None
        for start, end in sorted(spans, reverse=True):
            original = original[:start] + GAP + original[end:]
        result[lang] = original
    return result
