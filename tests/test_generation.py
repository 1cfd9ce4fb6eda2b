"""Quiz item generation (edu/quiz/generation.py), without Flask or a database: on the real
content (every rule of the item formats) and on small synthetic packs (the edge cases)."""

import dataclasses
import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.numbers import parse_decimal

from edu.content import pack
from edu.content.numbers import find_number
from edu.content.reading import read_content
from edu.quiz.generation import GENERATED_TYPES, MATCHING_GROUPS, ORDERING_PROMPT, generate
from edu.quiz.items import GAP, GENERATOR_VERSION, Item

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LANGS = ("fr", "en")
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
GAP_TYPES = ("numeric", "choice", "cloze")


@pytest.fixture(scope="module")
def articles() -> list[pack.Article]:
    content = read_content(CONTENT)
    assert content.ok, content.problems
    return content.articles


@pytest.fixture(scope="module")
def items(articles) -> list[Item]:
    return generate(articles)


def facts_of(articles) -> dict[tuple[str, str], pack.Fact]:
    return {(a.id, f.id): f for a in articles for f in a.facts}


def fact_of(articles, item: Item) -> pack.Fact:
    return facts_of(articles)[(item.article, item.fact)]


def as_json(items: list[Item]) -> str:
    return json.dumps([dataclasses.asdict(i) for i in items], ensure_ascii=False, sort_keys=True)


def words_in(text: str, words: str) -> bool:
    """The validator's rule: whole words, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(words.casefold())}(?!\w)", text.casefold()) is not None


def year_in(text: str, year: str) -> bool:
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


def shown_number(text: str, lang: str) -> float:
    """The number a choice shows, its unit left out: `1 120 milliards` -> 1120."""
    number = re.match(r"[\d\u202f.,]*\d", text)
    assert number, text
    return float(parse_decimal(number.group(), locale=lang, strict=True))


def assert_gap_removes_answer(prompt: dict, fact: pack.Fact) -> None:
    """GAP once in each language, and the answer gone."""
    for lang in LANGS:
        text = prompt[lang]
        assert text.count(GAP) == 1, (fact.id, lang, text)
        if fact.kind == "number":
            assert find_number(text, fact.answer["value"], lang) is None, (fact.id, text)
        elif fact.kind == "date":
            assert not year_in(text, str(fact.answer["date"])[:4]), (fact.id, text)
        else:
            assert not words_in(text, fact.answer[lang]), (fact.id, text)


# -- the real content -----------------------------------------------------------------------------


def test_every_fact_gives_an_item(articles, items):
    covered = {(i.article, f) for i in items for f in i.facts}
    for article in articles:
        for fact in article.facts:
            assert (article.id, fact.id) in covered, fact.id
            own = [i for i in items if i.article == article.id and i.fact == fact.id]
            assert own, f"{article.id}/{fact.id} has no item of its own"


def dated_article() -> pack.Article:
    """Three dated events: none of the five packs tells as many in its body (their footnotes'
    dates are no events), so their timeline is written by hand, and this one is generated."""
    return article(
        "dated",
        date("sputnik", "1957-10", "En octobre 1957, Spoutnik est lancé.", "Sputnik flew in 1957."),
        date(
            "stargate", "2025-01-21", "Le 21 janvier 2025, StarGate.", "StarGate, 21 January 2025."
        ),
        date("summit", "2025-02", "En février 2025, un sommet.", "A summit in February 2025."),
    )


def test_every_item_type_occurs(articles, items):
    made = {i.type for i in [*items, *generate([dated_article()])]}
    assert set(GENERATED_TYPES) == made


def test_ids_are_unique_and_name_article_source_type(articles, items):
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids))
    article_ids = {a.id for a in articles}
    for item in items:
        match = re.fullmatch(rf"({SLUG})/({SLUG})/({'|'.join(GENERATED_TYPES)})", item.id)
        assert match, item.id
        article, source, kind = match.groups()
        assert article == item.article and article in article_ids
        assert kind == item.type
        assert item.version == GENERATOR_VERSION
        if item.fact is not None:
            assert source == item.fact and item.facts == (item.fact,)
        elif item.question is not None:
            assert source == item.question
        assert item.facts, item.id


def test_items_are_json_ready(items):
    for item in items:
        for part in (item.prompt, item.data, item.answer):
            assert json.loads(json.dumps(part)) == part, item.id
        assert set(item.prompt) == set(LANGS) and all(item.prompt.values()), item.id


def test_generation_is_deterministic(articles, items):
    again = generate(articles)
    assert again == items
    assert generate(list(reversed(articles))) == items  # the order given does not matter


@pytest.mark.parametrize("hash_seed", ["0", "12345"])
def test_generation_is_the_same_in_another_process(items, hash_seed):
    script = (
        "import dataclasses, json\n"
        "from edu.content.reading import read_content\n"
        "from edu.quiz.generation import generate\n"
        f"items = generate(read_content({str(CONTENT)!r}).articles)\n"
        "print(json.dumps([dataclasses.asdict(i) for i in items], ensure_ascii=False,"
        " sort_keys=True))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert result.stdout.strip() == as_json(items)


def test_choice_items(articles, items):
    choices = [i for i in items if i.type == "choice"]
    assert choices
    for item in choices:
        shown = item.data["choices"]
        assert 3 <= len(shown) <= 4, item.id
        assert [c["id"] for c in shown] == [f"c{n}" for n in range(1, len(shown) + 1)]
        right = [c for c in shown if c["id"] == item.answer["choice"]]
        assert len(right) == 1, item.id
        for lang in LANGS:
            texts = [c["text"][lang].casefold() for c in shown]
            assert len(set(texts)) == len(texts), (item.id, texts)
        fact = fact_of(articles, item)
        if fact.kind == "entity":
            # The French choice may carry the article the gap took in (« le Fonds… »).
            assert right[0]["text"]["en"] == fact.answer["en"], item.id
            assert right[0]["text"]["fr"].endswith(fact.answer["fr"]), item.id
        elif fact.kind == "date":
            assert right[0]["text"] == {lang: str(fact.answer["date"])[:4] for lang in LANGS}
        else:
            for lang in LANGS:
                shown = right[0]["text"][lang]
                assert shown_number(shown, lang) == pytest.approx(fact.answer["value"]), item.id
                # The unit stands once, in the prompt: the choices are bare numbers.
                assert re.fullmatch(r"[\d\u202f.,]+", shown), (item.id, shown)
    # The right answer is not always in the same place.
    assert len(Counter(i.answer["choice"] for i in choices)) >= 3


def test_entity_choices_are_of_the_same_category(articles, items):
    answers = {}
    for fact in facts_of(articles).values():
        if fact.kind == "entity":
            for lang in LANGS:
                answers.setdefault((lang, fact.answer[lang]), set()).add(fact.answer["category"])
    for item in items:
        if item.type != "choice":
            continue
        fact = fact_of(articles, item)
        if fact.kind == "entity" and "wrong" in fact.answer:
            # The author chose the wrong options: those and the answer, nothing else.
            chosen = [fact.answer[lang] for lang in LANGS] + [
                name[lang] for name in fact.answer["wrong"] for lang in LANGS
            ]
            assert {c["text"]["en"] for c in item.data["choices"]} <= set(chosen)
        elif fact.kind == "entity":
            for choice in item.data["choices"]:
                for lang in LANGS:
                    shown = choice["text"][lang]
                    # Without the French article the gap may have taken in.
                    names = {name for (language, name) in answers if language == lang}
                    name = max((n for n in names if shown.endswith(n)), key=len)
                    assert shown[: -len(name)] in (
                        "",
                        "le ",
                        "la ",
                        "l’",
                        "les ",
                        "du ",
                        "de la ",
                        "de l’",
                        "des ",
                        "de ",
                        "d’",
                        "au ",
                        "à la ",
                        "à l’",
                        "aux ",
                        "à ",
                    )
                    assert fact.answer["category"] in answers[(lang, name)]


def test_number_distractors_are_outside_the_tolerance(articles, items):
    for item in items:
        if item.type != "choice":
            continue
        fact = fact_of(articles, item)
        if fact.kind != "number":
            continue
        value, tolerance = fact.answer["value"], fact.answer["tolerance"]
        for choice in item.data["choices"]:
            if choice["id"] == item.answer["choice"]:
                continue
            for lang in LANGS:
                shown = shown_number(choice["text"][lang], lang)
                assert shown >= 0, item.id
                assert abs(shown - value) > tolerance * abs(value), (item.id, shown)


def test_gap_prompts(articles, items):
    for item in items:
        if item.type in GAP_TYPES:
            assert_gap_removes_answer(item.prompt, fact_of(articles, item))


def test_numeric_and_cloze_answers(articles, items):
    by_id = {item.id: item for item in items}
    for item in items:
        fact = fact_of(articles, item) if item.fact else None
        if item.type == "numeric":
            assert item.answer == {
                "value": fact.answer["value"],
                "tolerance": fact.answer["tolerance"],
            }
            assert item.data == {"unit": fact.answer.get("unit")}
        elif item.type == "cloze":
            assert fact.kind == "entity"
            also = {"also": fact.answer["also"]} if fact.answer.get("also") else {}
            assert item.answer == {**{lang: fact.answer[lang] for lang in LANGS}, **also}
            # The word bank, when there is one, is the choice item's names, the answer among them.
            choice = by_id.get(item.id.replace("/cloze", "/choice"))
            if "bank" in item.data:
                assert item.data["bank"] == sorted(
                    (c["text"] for c in choice.data["choices"]), key=lambda t: t["fr"].casefold()
                )
                assert {lang: fact.answer[lang] for lang in LANGS} in item.data["bank"]
            else:
                assert item.data == {}


def test_number_and_entity_facts_give_their_items(articles, items):
    kinds = {(i.article, i.fact): set() for i in items if i.fact}
    for item in items:
        if item.fact:
            kinds[(item.article, item.fact)].add(item.type)
    for (article, fact_id), fact in facts_of(articles).items():
        expected = {
            "number": {"numeric", "choice"},
            "date": {"choice"},
            "entity": {"cloze", "choice"},
            "claim": {"true-false"},
        }[fact.kind]
        if fact.kind == "entity":  # a long answer or an example is chosen, not typed
            assert expected & kinds[(article, fact_id)], (article, fact_id)
        else:
            assert expected <= kinds[(article, fact_id)], (article, fact_id)


def test_true_false_items(articles, items):
    values = []
    for item in items:
        if item.type != "true-false":
            continue
        fact = fact_of(articles, item)
        assert fact.kind == "claim"
        assert item.data == {"statement": fact.text.as_dict()}
        shown = fact.text.as_dict() if item.answer["value"] else fact.answer["false"]
        assert item.prompt == shown
        values.append(item.answer["value"])
    assert set(values) == {True, False}


def test_ordering_items(articles, items):
    articles = [*articles, dated_article()]
    orderings = [i for i in [*items, *generate(articles[-1:])] if i.type == "ordering"]
    assert orderings
    facts = facts_of(articles)
    for item in orderings:
        assert item.id == f"{item.article}/timeline/ordering"
        assert item.prompt == ORDERING_PROMPT
        entries = item.data["entries"]
        fact_of = {e["id"]: e["fact"] for e in entries}
        order = item.answer["order"]
        assert len(order) >= 3 and len(set(order)) == len(order)
        assert [e["id"] for e in entries] == [f"e{n}" for n in range(1, len(entries) + 1)]
        assert sorted(order) == sorted(fact_of)
        assert sorted(fact_of.values()) == sorted(item.facts)
        assert [e["id"] for e in entries] != order  # shuffled
        dates = [str(facts[(item.article, fact_of[key])].answer["date"]) for key in order]
        assert dates == sorted(dates)
        for earlier, later in itertools.pairwise(dates):
            assert not later.startswith(earlier), dates  # told apart: no `2025` then `2025-08`
        for entry in entries:
            assert_gap_removes_answer(entry["text"], facts[(item.article, entry["fact"])])


def test_matching_items(articles, items):
    matchings = [i for i in items if i.type == "matching"]
    assert matchings
    facts = facts_of(articles)
    for item in matchings:
        group = item.id.split("/")[1].removeprefix("match-")
        assert group in MATCHING_GROUPS
        left, right, pairs = item.data["left"], item.data["right"], item.answer["pairs"]
        assert 3 <= len(left) <= 5
        right_fact = {entry["id"]: entry["fact"] for entry in right}
        assert {key: right_fact[value] for key, value in pairs.items()} == {
            entry["id"]: entry["fact"] for entry in left
        }
        assert sorted(right_fact.values()) == sorted(item.facts)
        assert all(entry["id"] != entry["fact"] for entry in left + right)  # ids tell nothing
        answers = []
        for entry in right:
            fact = facts[(item.article, entry["fact"])]
            assert fact.kind == "entity" and fact.answer["category"] in MATCHING_GROUPS[group]
            assert entry["text"] == {lang: fact.answer[lang] for lang in LANGS}
            answers.append(fact.answer["en"].casefold())
        assert len(set(answers)) == len(answers)
        for entry in left:
            assert_gap_removes_answer(entry["text"], facts[(item.article, entry["fact"])])
        assert set(item.prompt) == set(LANGS)


def test_sorting_items(articles, items):
    sortings = {i.id: i for i in items if i.type == "sorting"}
    for article in articles:
        for question in article.questions:
            item = sortings.pop(f"{article.id}/{question.id}/sorting")
            assert item.question == question.id and item.fact is None
            assert item.prompt == question.motion.as_dict()
            assert item.facts == question.facts
            expected = [
                (side, argument.text.as_dict())
                for side, arguments in (
                    ("for", question.arguments_for),
                    ("against", question.arguments_against),
                )
                for argument in arguments
            ]
            entries = item.data["entries"]
            sides = item.answer["sides"]
            assert [e["id"] for e in entries] == [f"a{n}" for n in range(1, len(entries) + 1)]
            shown = [(sides[e["id"]], e["text"]) for e in entries]
            assert sorted(shown, key=str) == sorted(expected, key=str)
            assert shown != expected  # shuffled
    assert not sortings


# -- synthetic packs ------------------------------------------------------------------------------


def text(fr: str, en: str) -> pack.Text:
    return pack.Text(fr, en)


def entity(fact_id: str, name: str, category: str, where: str = "") -> pack.Fact:
    return pack.Fact(
        fact_id,
        "entity",
        text(f"{name} {where}a parlé.", f"{name} {where}spoke."),
        1,
        {"fr": name, "en": name, "category": category},
    )


def number(fact_id: str, value, fr: str, en: str, unit=None, tolerance=0) -> pack.Fact:
    answer = {"value": value, "tolerance": tolerance}
    if unit:
        answer["unit"] = unit
    return pack.Fact(fact_id, "number", text(fr, en), 1, answer)


def date(fact_id: str, value: str, fr: str, en: str) -> pack.Fact:
    return pack.Fact(fact_id, "date", text(fr, en), 1, {"date": value})


def article(article_id: str, *facts: pack.Fact) -> pack.Article:
    return pack.Article(
        id=article_id,
        source=pack.Source("2025-01", "fr"),
        title=text("Titre", "Title"),
        summary=text("Résumé.", "Summary."),
        level="B2",
        themes=(),
        facts=facts,
    )


def by_id(items: list[Item]) -> dict[str, Item]:
    return {i.id: i for i in items}


def test_a_category_with_one_other_answer_gives_a_cloze_but_no_choice():
    items = by_id(
        generate(
            [
                article("one", entity("a", "Shanghai", "place"), entity("b", "Alibaba", "company")),
                article("two", entity("c", "Tianjin", "place"), entity("d", "Baidu", "company")),
            ]
        )
    )
    assert "one/a/cloze" in items and "two/c/cloze" in items
    assert not [key for key in items if key.endswith("/choice")]


def test_entity_choices_never_repeat_the_answer():
    # The same answer elsewhere (other case, other fact) is never a wrong choice.
    items = by_id(
        generate(
            [
                article(
                    "one",
                    entity("a", "DeepSeek", "company"),
                    entity("b", "Deepseek", "company", "encore "),
                    entity("c", "Alibaba", "company"),
                ),
                article("two", entity("d", "Baidu", "company"), entity("e", "Lenovo", "company")),
            ]
        )
    )
    choice = items["one/a/choice"]
    names = [c["text"]["en"].casefold() for c in choice.data["choices"]]
    assert names.count("deepseek") == 1 and len(names) == 4
    assert sorted(names) == ["alibaba", "baidu", "deepseek", "lenovo"]


def test_a_name_the_prompt_mentions_is_no_wrong_choice():
    fact = pack.Fact(
        "rivals",
        "entity",
        text("OpenAI et Google rivalisent.", "OpenAI and Google compete."),
        1,
        {"fr": "Google", "en": "Google", "category": "company"},
    )
    items = by_id(
        generate(
            [
                article(
                    "one",
                    fact,
                    entity("a", "OpenAI", "company"),
                    entity("b", "Baidu", "company"),
                    entity("c", "Lenovo", "company"),
                    entity("d", "Nvidia", "company"),
                )
            ]
        )
    )
    names = {c["text"]["en"] for c in items["one/rivals/choice"].data["choices"]}
    assert names == {"Google", "Baidu", "Lenovo", "Nvidia"}


@pytest.mark.parametrize("space", [" ", "\u202f", "\u00a0"])
def test_a_french_number_with_any_space_is_blanked(tmp_path, space):
    (tmp_path / "themes.yaml").write_text('markets: {fr: "Marchés", en: "Markets"}\n', "utf-8")
    (tmp_path / "loss.yaml").write_text(
        f"""\
id: loss
source: {{date: "2025-01", language: fr}}
title: {{fr: "Perte", en: "Loss"}}
summary: {{fr: "Un résumé.", en: "A summary."}}
level: B2
themes: [markets]
facts:
  - id: tech-loss
    kind: number
    text:
      fr: "Le secteur a perdu 1{space}120 milliards de dollars."
      en: "The sector lost 1,120 billion dollars."
    answer: {{value: 1120, unit: {{fr: "milliards de dollars", en: "billion dollars"}}}}
    where: 1
""",
        "utf-8",
    )
    content = read_content(tmp_path)
    assert content.ok, content.problems
    items = by_id(generate(content.articles))
    expected = {
        "fr": f"Le secteur a perdu {GAP} milliards de dollars.",
        "en": f"The sector lost {GAP} billion dollars.",
    }
    assert items["loss/tech-loss/numeric"].prompt == expected
    assert items["loss/tech-loss/choice"].prompt == expected


def test_find_number_gives_the_span_in_the_original_text():
    assert find_number("Il a perdu 1\u202f120 milliards.", 1120, "fr") == (11, 16)
    assert find_number("Il a perdu 1  120 milliards.", 1120, "fr") == (11, 17)
    assert find_number("Il a perdu 1 120 milliards.", 120, "fr") is None  # a piece of a number
    assert find_number("Il coûte 5,00 dollars.", 5.0, "fr") == (9, 13)  # trailing zeros too
    assert find_number("It costs $5.00 a token.", 5, "en") == (10, 14)
    assert find_number("From 2.34% to 6.58%.", 6.58, "en") == (14, 18)
    assert find_number("Lost 1,120 billion.", 1120, "en") == (5, 10)
    assert find_number("Lost 1120 billion.", 1120, "en") == (5, 9)
    assert find_number("No number here.", 3, "en") is None


def test_scaled_distractors_without_other_numbers_of_the_unit():
    facts = [
        number("share", 1, "Pour 1 % du coût.", "For 1% of the cost.", {"fr": "%", "en": "%"}),
        number("price", 0.05, "Il coûte 0,05 dollar.", "It costs $0.05."),
        number("days", 24, "En 24 heures.", "In 24 hours.", tolerance=0.5),
        number("none", 0, "Il reste 0 puce.", "There are 0 chips left."),
    ]
    items = by_id(generate([article("one", *facts)]))
    for fact in facts:
        item = items[f"one/{fact.id}/choice"]
        value, tolerance = fact.answer["value"], fact.answer["tolerance"]
        assert len(item.data["choices"]) == 4
        shown = [
            shown_number(c["text"]["en"], "en")
            for c in item.data["choices"]
            if c["id"] != item.answer["choice"]
        ]
        assert len(set(shown)) == 3
        for wrong in shown:
            assert wrong >= 0 and wrong != value
            assert abs(wrong - value) > tolerance * abs(value)
    # The prompt holds the unit: the choices are bare numbers, written like the answer.
    assert not items["one/share/choice"].data["choices"][0]["text"]["en"].endswith("%")


def test_numbers_of_the_same_unit_come_first():
    unit = {"fr": "milliards", "en": "billion"}
    facts = [
        number("a", 500, "Il a 500 milliards.", "It has 500 billion.", unit),
        number("b", 590, "Il a 590 milliards.", "It has 590 billion.", unit, 0.02),
        number("c", 589, "Il a 589 milliards.", "It has 589 billion.", unit),
        number("d", 1120, "Il a 1 120 milliards.", "It has 1,120 billion.", unit),
    ]
    items = by_id(generate([article("one", *facts)]))
    shown = {c["text"]["en"] for c in items["one/b/choice"].data["choices"]}
    # 589 is within 590's tolerance: never a wrong choice for it.
    assert {"500", "1,120", "590"} <= shown
    assert "589" not in shown


def test_date_choices_and_ordering():
    facts = [
        date("a", "2025-08", "Publié en août 2025.", "Published in August 2025."),
        date("b", "2018-11-05", "Le 5 novembre 2018.", "On 5 November 2018."),
        date("c", "2025", "En 2025, tout change.", "In 2025, everything changes."),
        date("d", "2022-10", "En octobre 2022.", "In October 2022."),
    ]
    items = by_id(generate([article("one", *facts)]))
    ordering = items["one/timeline/ordering"]
    # `2025` cannot be put before or after `2025-08`: it is left out.
    fact_of = {entry["id"]: entry["fact"] for entry in ordering.data["entries"]}
    assert [fact_of[key] for key in ordering.answer["order"]] == ["b", "d", "a"]
    assert ordering.data["entries"][0]["text"]["en"].count(GAP) == 1
    choice = items["one/b/choice"]
    years = [int(c["text"]["en"]) for c in choice.data["choices"]]
    assert len(set(years)) == 4 and 2018 in years
    assert all(abs(year - 2018) <= 10 for year in years)  # 2025 is too far to tempt anyone


def test_two_date_facts_give_no_ordering():
    items = by_id(
        generate(
            [
                article(
                    "one",
                    date("a", "2025-08", "En août 2025.", "In August 2025."),
                    date("b", "2018", "En 2018.", "In 2018."),
                )
            ]
        )
    )
    assert "one/timeline/ordering" not in items


def test_matching_keeps_at_most_five_distinct_answers():
    people = ["Sam Altman", "Elon Musk", "Marc Andreessen", "Rafik Smati", "Li Qiang", "Zhu Min"]
    roles = ["business", "business", "business", "business", "leader", "official"]
    facts = [
        entity(f"p{n}", name, role)
        for n, (name, role) in enumerate(zip(people, roles, strict=True))
    ]
    facts.append(entity("again", "Li Qiang", "leader", "encore "))
    facts += [entity("x", "Baidu", "company"), entity("y", "Apple", "company")]
    items = by_id(generate([article("one", *facts)]))
    matching = items["one/match-person/matching"]
    assert len(matching.data["left"]) == 5
    names = [e["text"]["en"] for e in matching.data["right"]]
    assert len(set(names)) == 5
    assert matching.prompt["en"] == "Match each fact with the person it concerns."
    assert "one/match-company/matching" not in items  # only two companies


def test_claims_show_true_and_false_statements():
    claims = [
        pack.Fact(
            f"claim-{n}",
            "claim",
            text(f"Vrai {n}.", f"True {n}."),
            1,
            {"false": {"fr": f"Faux {n}.", "en": f"False {n}."}},
        )
        for n in range(12)
    ]
    items = generate([article("one", *claims)])
    assert {i.answer["value"] for i in items} == {True, False}
    for item in items:
        n = item.fact.removeprefix("claim-")
        assert item.prompt["en"] == (f"True {n}." if item.answer["value"] else f"False {n}.")
