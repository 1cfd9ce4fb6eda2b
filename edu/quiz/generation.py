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
  choices (`edu.quiz.distractors`) are other numbers of the corpus with the same English unit,
  then round neighbours of the answer, below and above it, written like it.
- date: a `choice` item, the year blanked, the wrong years taken from the corpus's other date
  facts within `YEAR_WINDOW` years of the answer, then years near it, on the answer's side of
  the article's year. An article with at least 3 date facts of distinct (comparable) dates also
  gets an `ordering`.
- entity: a `cloze` item (the answer blanked, whole words, ignoring case; its first letter given
  after the prompt when another name of the article's facts, of the same group, would fit;
  the answer's `also` spellings accepted too) and, when the corpus has at least
  `ENTITY_MIN_WRONG` (3) other answers of the same category (for a person: of the same role),
  a `choice` item among them; the cloze keeps the choice's names as its word bank. An article
  with at least 3 entity facts of a matching group (a category; every person; every kind of
  term) gets a `matching` item.
- the author's own `wrong` options of a number or an entity replace the drawn ones; `wrong: []`
  means no choice item (any option would give the answer away or be arguable).
- claim: a `true-false` item showing either the statement or its false variant (seeded).

Each discussion question gives a `sorting` item: put the model arguments for or against.
A fact whose answer cannot be found in its text (content that skipped validation) gives no
gap item rather than a prompt that gives the answer away.
"""

import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from babel.numbers import format_decimal

from edu.content import pack
from edu.content.numbers import find_number
from edu.content.pack import ENTITY_CATEGORIES, LANGUAGES
from edu.quiz import distractors, gaps
from edu.quiz.items import GAP, GENERATOR_VERSION, Item

# The item types `generate` makes (each one's rules: `edu.quiz.types`).
GENERATED_TYPES = ("numeric", "choice", "cloze", "true-false", "ordering", "matching", "sorting")
CHOICES = 4  # choices of a choice item, the right one included (3 at least)
MIN_CHOICES = 3
# A name is chosen among at least this many wrong names of its category and role, or not at
# all: with two, a pupil guesses.
ENTITY_MIN_WRONG = CHOICES - 1
MATCHING_PAIRS = 5  # at most this many pairs in a matching item
MATCHING_MIN = 3
ORDERING_MIN = 3
ORDERING_MAX = 6  # at most this many facts to put in order
YEAR_WINDOW = distractors.YEAR_WINDOW  # farther years of the corpus are too easy

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
# Matching pairs facts with their answers: persons of every role (a leader, a banker, an
# investor) make one "which person" item together, and kinds of terms too few for a choice
# between them (a chip, a technology, a doctrine) one "which term" item.
MATCHING_GROUPS = {
    **{category: (category,) for category in ENTITY_CATEGORIES if category in MATCHING_PROMPTS},
    "person": pack.PERSON_CATEGORIES,
    "other": pack.TERM_CATEGORIES,
}
assert set(MATCHING_PROMPTS) == set(MATCHING_GROUPS)
assert {c for group in MATCHING_GROUPS.values() for c in group} == set(ENTITY_CATEGORIES)
# The group of each category: names of one group may stand for each other in a gap.
GROUP_OF = {category: name for name, group in MATCHING_GROUPS.items() for category in group}

Texts = dict[str, str]  # {"fr": ..., "en": ...}
T = TypeVar("T")


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
    """A choice item: the right text among the wrong ones, in a seeded order (c1, c2, ...).
    An English "a"/"an" before the gap goes into the choices, each with its own."""
    texts = [right, *wrong[: CHOICES - 1]]
    article_en = gaps.english_article(prompt["en"])
    if article_en is not None:
        prompt = {**prompt, "en": gaps.without_english_article(prompt["en"], article_en)}
        texts = [{**t, "en": gaps.with_english_article(article_en, t["en"])} for t in texts]
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
    chosen = _authors_wrong(fact, rng)
    if chosen is not None:
        wrong = [_number_text(v, None) for v in chosen]
    else:
        wrong = _number_distractors(article, fact, corpus, rng)
    if len(wrong) >= MIN_CHOICES - 1:
        right = _number_text(value, None)
        items.append(_choice_item(article, fact, prompt, right, wrong, rng))
    return items


def _authors_wrong(fact: pack.Fact, rng: random.Random) -> list | None:
    """The wrong options the author chose (`wrong`), as many as a choice item shows, in a
    seeded draw; None when the author chose none and they are drawn. An empty list: the
    author wants no choice item."""
    if "wrong" not in fact.answer:
        return None
    chosen = fact.answer["wrong"]
    return rng.sample(chosen, min(len(chosen), CHOICES - 1))


def _number_distractors(
    article: pack.Article, fact: pack.Fact, corpus: _Corpus, rng: random.Random
) -> list[Texts]:
    """Wrong numbers (`edu.quiz.distractors`): the corpus's with the same unit, then round
    neighbours of the answer, shown bare like the answer: the prompt holds the unit."""
    value = fact.answer["value"]
    unit = fact.answer.get("unit") or None
    others = [
        other.answer["value"]
        for other_article, other in corpus.numbers
        if (other_article, other.id) != (article.id, fact.id)
        and _english_unit(other) == _english_unit(fact)
    ]
    right = _number_text(value, None)
    tolerance = fact.answer.get("tolerance") or 0
    spans = distractors.span_distractors(
        value, tolerance, unit["en"] if unit else "", rng, CHOICES - 1
    )
    if spans is not None:
        return [_number_text(v, None) for v in spans]
    values = distractors.number_distractors(
        value,
        tolerance,
        others,
        rng,
        CHOICES - 1,
        percent=unit is not None and unit["en"].startswith("%"),
        same_text=lambda v: any(_number_text(v, None)[lang] == right[lang] for lang in LANGUAGES),
        worded=[lang for lang in LANGUAGES if unit and unit[lang][:1].isalpha()],
    )
    return [_number_text(v, None) for v in values]


def _english_unit(fact: pack.Fact) -> str | None:
    unit = fact.answer.get("unit")
    return unit["en"] if unit else None


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
    article_year = int(article.source.date[:4]) if article.source.date[:4].isdigit() else None
    years = distractors.year_distractors(year, article_year, corpus.years, rng, CHOICES - 1)
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
    entries, order = numbered_shuffle(in_order, rng)
    return _item(
        article,
        "timeline",
        "ordering",
        prompt=dict(ORDERING_PROMPT),
        data={
            "entries": [{"id": id_, "fact": fact.id, "text": text} for id_, (fact, text) in entries]
        },
        answer={"order": order},
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


def _entity_items(article: pack.Article, fact: pack.Fact, corpus: _Corpus) -> list[Item]:
    """A cloze and a choice item; only the choice when the answer is not one to type (longer
    than `gaps.MAX_TYPED_WORDS` words, or an example where other names fit: « comme ____ »)."""
    prompt = _entity_prompt(fact)
    if prompt is None:
        return []
    answer = {lang: fact.answer[lang] for lang in LANGUAGES}
    rng = rng_for(f"{article.id}/{fact.id}/choice")
    chosen = _authors_wrong(fact, rng)
    if chosen is not None:  # none: no choice is fair
        choice = _choice_item(article, fact, prompt, answer, chosen, rng) if chosen else None
    else:
        pool = _name_pool(fact, prompt, answer, corpus)
        choice = _entity_choice(article, fact, prompt, answer, pool)
    cloze_prompt = prompt
    if _another_fits(article, fact):
        cloze_prompt = {
            lang: gaps.with_first_letter(prompt[lang], answer[lang], lang) for lang in LANGUAGES
        }
    typed_answer: dict[str, Any] = dict(answer)
    if fact.answer.get("also"):
        typed_answer["also"] = list(fact.answer["also"])
    cloze = _fact_item(
        article,
        fact,
        "cloze",
        prompt=cloze_prompt,
        data={"bank": _word_bank(choice)} if choice is not None and choice.prompt == prompt else {},
        answer=typed_answer,
    )
    typed = all(
        gaps.typed_words(answer[lang]) <= gaps.MAX_TYPED_WORDS
        and not gaps.example_gap(prompt[lang], lang)
        for lang in LANGUAGES
    )
    if choice is None:
        return [cloze]
    return [cloze, choice] if typed else [choice]


def _name_pool(
    fact: pack.Fact, prompt: Texts, answer: Texts, corpus: _Corpus
) -> list[tuple[Texts, str]]:
    """The corpus's other names of the fact's category, each with the form it takes in French
    (`gaps.form_of`), in the corpus's order: the wrong options a choice is drawn from."""
    pool: list[tuple[Texts, str]] = []
    for _, other in corpus.entities:
        candidate = {lang: other.answer[lang] for lang in LANGUAGES}
        if (
            other.answer["category"] != fact.answer["category"]
            or pack.same_name(candidate, answer)
            or any(pack.same_name(candidate, kept) for kept, _ in pool)
            # A name the prompt itself mentions is no real alternative.
            or any(_word_spans(prompt[lang], candidate[lang]) for lang in LANGUAGES)
        ):
            continue
        pool.append((candidate, gaps.form_of(other.text.fr, candidate["fr"]) or gaps.BARE))
    return pool


def _word_bank(choice: Item) -> list[Texts]:
    """The choice item's names in alphabetical order: the words a learner may pick from for the
    gap when they ask for a word bank (it gives away no more than the choice). Only where the
    choices are the bare names (no article taken into them)."""
    names = [choice_["text"] for choice_ in choice.data["choices"]]
    return sorted(names, key=lambda name: (name["fr"].casefold(), name["en"].casefold()))


def _another_fits(article: pack.Article, fact: pack.Fact) -> bool:
    """Does another name of the article, of the same group (another person, another company),
    also fit the gap? Then the typed answer is not one for sure: its first letter is given."""
    group = GROUP_OF.get(fact.answer["category"])
    return any(
        other.kind == "entity"
        and other.id != fact.id
        and GROUP_OF.get(other.answer["category"]) == group
        and not pack.same_name(other.answer, fact.answer)
        for other in article.facts
    )


def _entity_choice(
    article: pack.Article,
    fact: pack.Fact,
    prompt: Texts,
    answer: Texts,
    pool: list[tuple[Texts, str]],
) -> Item | None:
    """The choice among names of the same category that fit the words before the gap. When
    too few fit, the French article before the gap goes into the choices (« fondé ____ »:
    « l’Organisation… / le Fonds… »), each name with its own form."""
    rng = rng_for(f"{article.id}/{fact.id}/choice")
    if len(pool) < ENTITY_MIN_WRONG:
        return None
    context = gaps.gap_context(prompt["fr"]) or gaps.NO_CONTEXT
    fitting = [name for name, form in pool if gaps.fits(context, form, name["fr"])]
    if len(fitting) >= ENTITY_MIN_WRONG:
        wrong = rng.sample(fitting, CHOICES - 1)
        return _choice_item(article, fact, prompt, answer, wrong, rng)
    if not context.words:
        return None
    picked = rng.sample(pool, CHOICES - 1)

    def written(name: Texts, form: str) -> Texts:
        french = gaps.with_form(context.preposition, form, name["fr"])
        if context.words[:1].isupper():
            french = french[:1].upper() + french[1:]
        return {**name, "fr": french}

    absorbed = {**prompt, "fr": gaps.absorb(prompt["fr"], context)}
    right = written(answer, context.form)
    wrong = [written(name, form) for name, form in picked]
    return _choice_item(article, fact, absorbed, right, wrong, rng)


def _matching_items(article: pack.Article) -> list[Item]:
    """Per category with enough facts: match blanked facts with their answers."""
    items = []
    for category, group in MATCHING_GROUPS.items():
        chosen: list[tuple[pack.Fact, Texts]] = []
        for fact in article.facts:
            if fact.kind != "entity" or fact.answer["category"] not in group:
                continue
            if any(pack.same_name(fact.answer, other.answer) for other, _ in chosen):
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


SHUFFLE_TRIES = 20


def shuffled_apart(values: list, rng: random.Random) -> list:
    """A seeded shuffle that never leaves the values in their original order, nor (three or
    more of them) in its reverse, which a pupil would spot and simply turn round."""
    original = list(values)
    refused = [original] if len(original) < 3 else [original, original[::-1]]
    order = list(original)
    rng.shuffle(order)
    if len(order) < 3:  # two values: the other order is the only one
        return order if order != original else original[1:] + original[:1]
    for _ in range(SHUFFLE_TRIES):
        if order not in refused:
            return order
        rng.shuffle(order)
    return original[1:] + original[:1]  # a turn round: neither the order nor its reverse


def numbered_shuffle(
    in_order: list[T], rng: random.Random
) -> tuple[list[tuple[str, T]], list[str]]:
    """An ordering's entries, shown shuffled (`shuffled_apart`) and numbered e1, e2… in display
    order so that the page's form hints nothing, with the ids in the right order."""
    shown = shuffled_apart(list(range(len(in_order))), rng)
    numbered = [(f"e{n}", in_order[at]) for n, at in enumerate(shown, start=1)]
    order = [f"e{shown.index(at) + 1}" for at in range(len(in_order))]
    return numbered, order


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
