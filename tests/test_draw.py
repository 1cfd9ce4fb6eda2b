"""The draw gives nothing away: never two items of one fact, never an answer another item shows."""

import re

import pytest
from sqlalchemy import select

from edu.content import pack
from edu.content.numbers import find_number
from edu.models import Article, Fact, ItemVersion
from edu.quiz import review
from edu.quiz.items import Item
from edu.quiz.selection import Candidate, draw
from edu.services import quizzes

ARTICLES = (
    "deepseek-shock",
    "global-ai-race",
    "hundred-deepseeks",
    "open-source-statecraft",
    "sun-tzu-open-source",
)
ATTEMPTS = 200


def fact(slug: str, kind: str, text_fr: str, text_en: str, **answer) -> pack.Fact:
    return pack.Fact(slug, kind, pack.Text(text_fr, text_en), 1, answer)


def item(slug: str, kind: str, prompt: tuple[str, str], facts=(), **fields) -> Item:
    return Item(
        id=f"a/{slug}/{kind}",
        type=kind,
        article="a",
        prompt={"fr": prompt[0], "en": prompt[1]},
        answer=fields.pop("answer", {}),
        data=fields.pop("data", {}),
        fact=facts[0] if len(facts) == 1 else None,
        facts=tuple(facts),
    )


ZHU = fact(
    "zhu-forecast",
    "entity",
    "Zhu Min prévoit plus de cent projets.",
    "Zhu Min forecasts more than a hundred projects.",
    fr="Zhu Min",
    en="Zhu Min",
    category="person",
)
STARGATE = fact(
    "stargate-amount",
    "number",
    "StarGate représente 500 milliards de dollars.",
    "StarGate stands for 500 billion dollars.",
    value=500,
)
FACTS = {f.id: f for f in (ZHU, STARGATE)}
ZHU_CLOZE = item(
    "zhu-forecast",
    "cloze",
    ("____ prévoit plus de cent projets.", "____ forecasts more than a hundred projects."),
    ["zhu-forecast"],
    answer={"fr": "Zhu Min", "en": "Zhu Min"},
)
ZHU_NAMED = item(
    "zhu-role",
    "true-false",
    ("Zhu Min a été directeur général adjoint du FMI.", "Zhu Min was deputy head of the IMF."),
    ["zhu-role"],
    answer={"value": True},
)
STARGATE_NUMERIC = item(
    "stargate-amount",
    "numeric",
    ("StarGate représente ____ milliards de dollars.", "StarGate stands for ____ billion dollars."),
    ["stargate-amount"],
    answer={"value": 500, "tolerance": 0},
)
NVIDIA_CHOICE = item(
    "nvidia-loss",
    "choice",
    ("Nvidia a perdu ____ en un jour.", "Nvidia lost ____ in a day."),
    ["nvidia-loss"],
    answer={"choice": "c1"},
    data={
        "choices": [
            {"id": "c1", "text": {"fr": "589 milliards", "en": "589 billion"}},
            {"id": "c2", "text": {"fr": "500 milliards", "en": "500 billion"}},
        ]
    },
)
MATCHING = item(
    "match-person",
    "matching",
    ("Associez chaque fait à la personne.", "Match each fact with the person."),
    ["zhu-forecast", "other-fact"],
)


# -- the draw itself, on hand-made candidates ---------------------------------------------------


def test_the_draw_never_takes_two_items_of_one_fact_whatever_their_type():
    candidates = [
        Candidate("a/f1/cloze", "cloze", "f1", frozenset({"f1"})),
        Candidate("a/match/matching", "matching", "match", frozenset({"f1", "f2"})),
        Candidate("a/f2/choice", "choice", "f2", frozenset({"f2"})),
        Candidate("a/hand/choice", "choice", "hand", frozenset({"f2"})),  # written by hand
        Candidate("a/f3/true-false", "true-false", "f3", frozenset({"f3"})),
    ]
    seen = set()
    for seed in range(ATTEMPTS):
        keys = draw(candidates, seed)
        facts = [f for c in candidates if c.key in keys for f in c.facts]
        assert len(facts) == len(set(facts)), keys
        seen.update(keys)
    assert seen == {c.key for c in candidates}  # every item still gets its turn


def test_the_draw_never_takes_two_items_in_conflict():
    candidates = [
        Candidate("a/f1/cloze", "cloze", "f1", frozenset({"f1"}), frozenset({"a/f2/true-false"})),
        Candidate("a/f2/true-false", "true-false", "f2", frozenset({"f2"}), frozenset()),
        Candidate("a/f3/numeric", "numeric", "f3", frozenset({"f3"}), frozenset()),
    ]
    for seed in range(ATTEMPTS):
        keys = draw(candidates, seed)
        assert not {"a/f1/cloze", "a/f2/true-false"} <= set(keys)
        assert len(keys) == 2  # the one left out is the one in conflict


# -- which items conflict -------------------------------------------------------------------------


def test_a_name_another_item_shows_conflicts_with_the_gap_it_fills():
    found = review.conflicts([ZHU_CLOZE, ZHU_NAMED], FACTS)
    assert found[ZHU_CLOZE.id] == {ZHU_NAMED.id}
    assert found[ZHU_NAMED.id] == {ZHU_CLOZE.id}
    assert review.revealed_by(ZHU_CLOZE, ZHU_NAMED, FACTS).shown == "Zhu Min"


def test_a_number_among_another_items_options_conflicts_with_the_number_to_type():
    found = review.conflicts([STARGATE_NUMERIC, NVIDIA_CHOICE], FACTS)
    assert found[STARGATE_NUMERIC.id] == {NVIDIA_CHOICE.id}


def test_items_of_one_fact_conflict_and_unrelated_items_do_not():
    found = review.conflicts([ZHU_CLOZE, MATCHING, STARGATE_NUMERIC], FACTS)
    assert found[ZHU_CLOZE.id] == {MATCHING.id}  # the matching names the same fact
    assert found[STARGATE_NUMERIC.id] == frozenset()


def test_a_name_as_part_of_another_word_gives_nothing_away():
    other = item("x", "true-false", ("Les Zhu Ming sont là.", "The Zhu Ming are here."), ["x"])
    assert review.conflicts([ZHU_CLOZE, other], FACTS)[ZHU_CLOZE.id] == frozenset()


# -- the five packs: 200 attempts per article -------------------------------------------------


@pytest.fixture
def session(loaded_session):
    """The five packs loaded and their items generated, once per run (see conftest)."""
    return loaded_session


def _answers(version: ItemVersion, facts: dict[str, Fact]) -> list[tuple[str, str | float]]:
    """What gives the item's answer away, written out again here: names, numbers, years."""
    if version.item.type in ("true-false", "sorting"):
        return []
    found: list[tuple[str, str | float]] = []
    for slug in version.facts:
        row = facts[slug]
        if row.kind == "entity":
            found += [("fr", row.answer["fr"]), ("en", row.answer["en"])]
        elif row.kind == "number":
            found += [("fr", float(row.answer["value"])), ("en", float(row.answer["value"]))]
        elif row.kind == "date":
            found += [(lang, str(row.answer["date"])[:4]) for lang in ("fr", "en")]
    if version.item.type == "cloze":
        found += [("fr", version.answer["fr"]), ("en", version.answer["en"])]
    return found


def _shown(version: ItemVersion, lang: str) -> str:
    texts = [version.prompt[lang]]
    for part in ("choices", "entries", "left", "right"):
        texts += [entry["text"][lang] for entry in version.data.get(part) or []]
    return "\n".join(texts).replace("’", "'")


def _stands_in(answer: str | float, text: str, lang: str) -> bool:
    if isinstance(answer, float):
        return find_number(text, answer, lang) is not None
    words = re.escape(answer.replace("’", "'"))
    return re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


@pytest.mark.parametrize("slug", ARTICLES)
def test_no_draw_of_an_article_asks_a_fact_twice_or_gives_an_answer_away(session, slug):
    article = session.scalar(select(Article).where(Article.slug == slug))
    facts = {row.slug: row for row in session.scalars(select(Fact).where(Fact.article == article))}
    pool, candidates = quizzes.quiz_candidates(session, article=article)
    assert quizzes.draw_plan(session, article=article, seed=11) == [
        pool[key].current.id for key in draw(candidates, 11)
    ]
    lengths = []
    for seed in range(ATTEMPTS):
        versions = [pool[key].current for key in draw(candidates, seed)]
        lengths.append(len(versions))
        asked = [slug for version in versions for slug in version.facts]
        assert len(asked) == len(set(asked)), (seed, [v.item.key for v in versions])
        for version in versions:
            for other in versions:
                if other is version:
                    continue
                for lang, answer in _answers(version, facts):
                    assert not _stands_in(answer, _shown(other, lang), lang), (
                        seed,
                        version.item.key,
                        other.item.key,
                        answer,
                    )
    assert min(lengths) >= 8 and sum(lengths) >= 9.5 * ATTEMPTS  # still a full quiz
