"""The item checker: each rule on small hand-made items, in French and in English; the
`quiz check` command and the review page show the same reasons."""

import dataclasses

import pytest
from sqlalchemy import select

from edu.catalog import gettext_in
from edu.content import pack
from edu.extensions import db
from edu.models import Item as StoredItem
from edu.quiz import review
from edu.quiz.items import Item
from tests.classes_helpers import teacher_client

ENGLISH, FRENCH = {"Accept-Language": "en"}, {"Accept-Language": "fr"}


def fact(slug: str, kind: str, text: tuple[str, str], **answer) -> pack.Fact:
    return pack.Fact(slug, kind, pack.Text(*text), 1, answer)


def person(slug: str, text: tuple[str, str], name: str) -> pack.Fact:
    return fact(slug, "entity", text, fr=name, en=name, category="person")


def cloze(slug: str, prompt: tuple[str, str], answer: tuple[str, str], facts=None) -> Item:
    return Item(
        id=f"a/{slug}/cloze",
        type="cloze",
        article="a",
        prompt={"fr": prompt[0], "en": prompt[1]},
        answer={"fr": answer[0], "en": answer[1]},
        fact=(facts or [slug])[0],
        facts=tuple(facts or [slug]),
    )


def choice(slug: str, prompt: tuple[str, str], options: list[tuple[str, str]], **fields) -> Item:
    """A choice item whose first option is the right one."""
    return Item(
        id=fields.pop("id", f"a/{slug}/choice"),
        type="choice",
        article="a",
        prompt={"fr": prompt[0], "en": prompt[1]},
        answer={"choice": "c1"},
        data={
            "choices": [
                {"id": f"c{n}", "text": {"fr": fr, "en": en}}
                for n, (fr, en) in enumerate(options, 1)
            ]
        },
        fact=slug,
        facts=(slug,),
    )


def rules(items, facts, **options) -> dict[str, list[str]]:
    found = review.check(items, facts, **options)
    return {key: [reason.rule for reason in reasons] for key, reasons in found.items()}


# -- gap grammar --------------------------------------------------------------------------------

ORGS = [
    ("Organisation mondiale du commerce", "World Trade Organization"),
    ("Fonds monétaire international", "International Monetary Fund"),
    ("Union internationale des télécommunications", "International Telecommunication Union"),
    ("Banque mondiale", "World Bank"),
]


def test_an_elided_article_before_the_gap_must_fit_every_option():
    item = choice("org", ("Zhu Min a dirigé l’____.", "Zhu Min ran the ____."), ORGS)
    reasons = review.gap_grammar(item, review.Context([item], {}))
    assert [r.values["option"] for r in reasons] == [
        "Fonds monétaire international",
        "Banque mondiale",
    ]
    assert reasons[0].values["word"] == "l’"
    fits = choice("org", ("Zhu Min a dirigé l’____.", "Zhu Min ran the ____."), ORGS[:1] * 4)
    assert review.gap_grammar(fits, review.Context([fits], {})) == []


@pytest.mark.parametrize(
    "before, option, misfit",
    [
        ("Le directeur du ", "Organisation mondiale", "du"),
        ("La présidente de la ", "Union européenne", "de la"),
        ("Le modèle d’", "Baidu", "d’"),
        ("Le modèle d'", "Alibaba", None),
        ("Le directeur du ", "Fonds monétaire", None),
        ("Il parle de ", "OpenAI", "de"),
        ("Il parle de ", "500 milliards", None),
        ("L’hôte de l’", "Hôtel de ville", None),
    ],
)
def test_french_words_before_the_gap(before, option, misfit):
    item = cloze("x", (before + "____.", "The ____."), (option, "x"))
    reasons = review.gap_grammar(item, review.Context([item], {}))
    assert [r.values["word"] for r in reasons] == ([misfit] if misfit else [])


@pytest.mark.parametrize(
    "before, option, misfit",
    [
        ("It is a ", "open model", "a"),
        ("It is an ", "company", "an"),
        ("It is an ", "open model", None),
        ("It is a ", "US company", None),
        ("It is an ", "FBI inquiry", None),
        ("It is a ", "FBI inquiry", "a"),
        ("It is an ", "hour", None),
        ("It is a ", "2025 model", None),
    ],
)
def test_a_or_an_before_the_gap(before, option, misfit):
    item = cloze("x", ("Le ____.", before + "____."), ("x", option))
    reasons = review.gap_grammar(item, review.Context([item], {}))
    assert [r.values["word"] for r in reasons] == ([misfit] if misfit else [])


# -- reveals --------------------------------------------------------------------------------------

ZHU = person(
    "zhu", ("Zhu Min prévoit cent projets.", "Zhu Min forecasts a hundred projects."), "Zhu Min"
)
ZHU_CLOZE = cloze(
    "zhu", ("____ prévoit cent projets.", "____ forecasts a hundred projects."), ("Zhu Min",) * 2
)


def test_an_answer_in_another_items_prompt_is_revealed():
    named = Item(
        id="a/imf/true-false",
        type="true-false",
        article="a",
        prompt={"fr": "Zhu Min a travaillé au FMI.", "en": "Zhu Min worked at the IMF."},
        answer={"value": True},
        fact="imf",
        facts=("imf",),
    )
    found = review.check([ZHU_CLOZE, named], [ZHU])
    assert [r.rule for r in found[ZHU_CLOZE.id]] == ["reveals"]
    assert found[ZHU_CLOZE.id][0].values == {"answer": "Zhu Min", "other": "a/imf/true-false"}
    assert named.id not in found  # a statement hides nothing


def test_an_answer_among_another_items_options_is_kept_apart_but_not_an_authors_fix():
    """Wrong options are often other answers of the same kind: the draw never puts the two
    items together, and the author's list names only prompts that spell an answer out."""
    options = [("Banque mondiale", "World Bank"), ("Zhu Min", "Zhu Min"), *ORGS[:2]]
    other = choice("bank", ("La ____ prête.", "The ____ lends."), options)
    assert "reveals" not in rules([ZHU_CLOZE, other], [ZHU]).get(ZHU_CLOZE.id, [])
    assert other.id in review.conflicts([ZHU_CLOZE, other], {"zhu": ZHU})[ZHU_CLOZE.id]
    french_only = choice("bank", ("La ____ prête.", "The ____ lends."), [("Zhu Min", "Li Qiang")])
    clue = review.revealed_by(ZHU_CLOZE, french_only, {"zhu": ZHU})
    assert clue is not None and clue.shown == "Zhu Min"  # in its own language only


def test_items_of_one_fact_are_not_said_to_reveal_each_other():
    same = choice("zhu", tuple(ZHU_CLOZE.prompt.values()), [("Zhu Min", "Zhu Min"), *ORGS[:3]])
    assert "reveals" not in rules([ZHU_CLOZE, same], [ZHU]).get(ZHU_CLOZE.id, [])


# -- ambiguous gap --------------------------------------------------------------------------------


def test_another_entity_of_the_category_whose_fact_says_the_same_makes_the_gap_ambiguous():
    yiping = person(
        "huang",
        (
            "Huang Yiping prévoit cent projets chinois.",
            "Huang Yiping forecasts a hundred Chinese projects.",
        ),
        "Huang Yiping",
    )
    found = review.check([ZHU_CLOZE], [ZHU, yiping])
    assert [r.rule for r in found[ZHU_CLOZE.id]] == ["ambiguous-gap"]
    assert found[ZHU_CLOZE.id][0].values == {"name": "Huang Yiping", "fact": "huang"}


def test_an_entity_the_prompt_names_or_that_says_something_else_leaves_the_gap_clear():
    other = person(
        "li",
        ("Li Qiang ouvre le forum de Tianjin.", "Li Qiang opens the Tianjin forum."),
        "Li Qiang",
    )
    assert review.check([ZHU_CLOZE], [ZHU, other]) == {}
    named = cloze(
        "zhu",
        (
            "Selon Huang Yiping, ____ prévoit cent projets.",
            "According to Huang Yiping, ____ forecasts a hundred projects.",
        ),
        ("Zhu Min",) * 2,
    )
    yiping = person(
        "huang",
        ("Huang Yiping prévoit cent projets.", "Huang Yiping forecasts a hundred projects."),
        "Huang Yiping",
    )
    assert review.check([named], [ZHU, yiping]) == {}


def test_a_prompt_that_says_too_little_is_ambiguous_with_any_other_person():
    short = cloze("zhu", ("____ parle.", "____ speaks."), ("Zhu Min",) * 2)
    other = person("li", ("Li Qiang ouvre le forum.", "Li Qiang opens the forum."), "Li Qiang")
    assert rules([short], [ZHU, other]) == {short.id: ["ambiguous-gap"]}


# -- duplicates -----------------------------------------------------------------------------------

STARGATE = fact(
    "stargate-amount",
    "number",
    ("StarGate représente 500 milliards de dollars.", "StarGate stands for 500 billion dollars."),
    value=500,
    unit={"fr": "milliards de dollars", "en": "billion dollars"},
)


def numeric(slug: str, prompt: tuple[str, str], value: float, facts=("stargate-amount",)) -> Item:
    return Item(
        id=f"a/{slug}/numeric",
        type="numeric",
        article="a",
        prompt={"fr": prompt[0], "en": prompt[1]},
        answer={"value": value, "tolerance": 0},
        fact=facts[0],
        facts=facts,
    )


GENERATED = numeric(
    "stargate-amount",
    ("StarGate représente ____ milliards de dollars.", "StarGate stands for ____ billion dollars."),
    500,
)
HAND_WRITTEN = numeric(
    "stargate-total",
    ("Le projet StarGate pèse ____ milliards.", "The StarGate project is worth ____ billion."),
    500,
)


def test_a_hand_written_item_asking_what_a_generated_one_asks_is_a_duplicate():
    found = review.check([GENERATED, HAND_WRITTEN], [STARGATE], generated={GENERATED.id})
    assert [r.rule for r in found[HAND_WRITTEN.id]] == ["duplicate"]
    assert found[HAND_WRITTEN.id][0].values == {"other": GENERATED.id}
    assert [r.rule for r in found[GENERATED.id]] == ["duplicate"]  # the author sees both ends


def test_a_choice_with_the_same_number_is_a_duplicate_and_the_generators_own_pairs_are_not():
    right = ("500 milliards de dollars", "500 billion dollars")
    wrong = [
        ("250 milliards de dollars", "250 billion dollars"),
        ("50 milliards de dollars", "50 billion dollars"),
        ("1 000 milliards de dollars", "1,000 billion dollars"),
    ]
    generated_choice = choice("stargate-amount", tuple(GENERATED.prompt.values()), [right, *wrong])
    generated = {GENERATED.id, generated_choice.id}
    assert rules([GENERATED, generated_choice], [STARGATE], generated=generated) == {}
    found = rules([HAND_WRITTEN, generated_choice], [STARGATE], generated=generated)
    assert found == {HAND_WRITTEN.id: ["duplicate"], generated_choice.id: ["duplicate"]}


def test_another_answer_of_the_same_fact_is_no_duplicate():
    other = numeric("stargate-year", ("Lancé en ____.", "Launched in ____."), 2025)
    assert review.check([GENERATED, other], [STARGATE], generated={GENERATED.id}) == {}


# -- too few distractors --------------------------------------------------------------------------

ALIBABA = fact(
    "qwen",
    "entity",
    ("Qwen est conçu par Alibaba.", "Qwen is built by Alibaba."),
    fr="Alibaba",
    en="Alibaba",
    category="company",
)
NAMES = {"alibaba": "company", "baidu": "company", "tencent": "company", "zhu min": "person"}


def test_a_choice_needs_three_wrong_options_of_the_answers_category():
    prompt = ("Qwen est conçu par ____.", "Qwen is built by ____.")
    companies = choice("qwen", prompt, [("Alibaba",) * 2, ("Baidu",) * 2, ("Tencent",) * 2])
    found = review.check([companies], [ALIBABA], names=NAMES)
    assert [r.rule for r in found[companies.id]] == ["few-distractors"]
    assert found[companies.id][0].values == {"found": "2", "least": "3"}
    mixed = choice(
        "qwen", prompt, [("Alibaba",) * 2, ("Baidu",) * 2, ("Tencent",) * 2, ("Zhu Min",) * 2]
    )
    assert rules([mixed], [ALIBABA], names=NAMES) == {mixed.id: ["few-distractors"]}
    assert review.check([mixed], [ALIBABA], names={**NAMES, "zhu min": "company"}) == {}


def test_the_authors_own_wrong_options_count_as_of_the_answers_kind():
    """Names the corpus does not know (no fact names Lenovo or Dell) count when the author
    chose them as the fact's wrong options; other unknown names still do not."""
    prompt = ("Qwen est conçu par ____.", "Qwen is built by ____.")
    options = [("Alibaba",) * 2, ("Lenovo",) * 2, ("Dell",) * 2, ("Samsung",) * 2]
    item = choice("qwen", prompt, options)
    assert rules([item], [ALIBABA], names=NAMES) == {item.id: ["few-distractors"]}
    chosen = [{"fr": n, "en": n} for n in ("Lenovo", "Dell", "Samsung")]
    vouched = pack.Fact("qwen", "entity", ALIBABA.text, 1, {**ALIBABA.answer, "wrong": chosen})
    assert review.check([item], [vouched], names=NAMES) == {}


def test_number_options_count_when_they_have_the_unit():
    right = ("500 milliards de dollars", "500 billion dollars")
    plain = choice(
        "stargate-amount",
        tuple(GENERATED.prompt.values()),
        [right, ("250", "250"), ("50", "50"), ("5", "5")],
    )
    assert rules([plain], [STARGATE]) == {plain.id: ["few-distractors"]}


# -- long typed answers ---------------------------------------------------------------------------


def test_a_typed_answer_of_more_than_three_words_is_too_long():
    org = fact("org", "entity", ("x", "x"), fr="x", en="x", category="organisation")
    long = cloze(
        "org",
        ("Elle a fondé l’____.", "She founded the ____."),
        ("Organisation mondiale pour la coopération", "World AI Cooperation Organisation"),
    )
    found = review.check([long], [org])
    assert [r.rule for r in found[long.id]] == ["long-answer"]
    assert found[long.id][0].values["answer"] == "Organisation mondiale pour la coopération"
    three = cloze(
        "org",
        ("Elle a fondé l’____.", "She founded the ____."),
        ("Union des nations", "Union of Nations"),
    )
    assert review.check([three], [org]) == {}


def test_every_reason_reads_in_french():
    reasons = [r for rs in review.check([GENERATED, HAND_WRITTEN], [STARGATE]).values() for r in rs]
    french = reasons[0].text(lambda text: gettext_in("fr", text))
    assert french != reasons[0].text() and "\u00a0:" in french


# -- the command and the review page --------------------------------------------------------------


def name_zhu_min_again(app) -> None:
    """Put Zhu Min's name back in zhu-imf-role's prompt, as an author's edit could."""
    with app.app_context():
        item = db.session.scalar(
            select(StoredItem).where(StoredItem.key == "hundred-deepseeks/zhu-imf-role/cloze")
        )
        version = item.current
        version.prompt = {
            "fr": version.prompt["fr"].replace("L’ancien banquier central", "Zhu Min"),
            "en": version.prompt["en"].replace("The former central banker", "Zhu Min"),
        }
        db.session.commit()


def test_the_five_packs_pass_quiz_check(runner):
    result = runner.invoke(args=["quiz", "check"])
    assert result.exit_code == 0, result.output
    assert "no suspicious item in 5 articles" in result.output


def test_quiz_check_lists_each_suspicious_item_with_its_reason_and_fails(app, runner):
    name_zhu_min_again(app)
    result = runner.invoke(args=["quiz", "check", "--article", "hundred-deepseeks"])
    assert result.exit_code == 1
    assert (
        "hundred-deepseeks/zhu-min/cloze: reveals: Its answer (Zhu Min) stands in another "
        "item: hundred-deepseeks/zhu-imf-role/cloze." in result.output
    )


def test_quiz_check_of_an_unknown_article_is_an_error_not_a_traceback(runner):
    result = runner.invoke(args=["quiz", "check", "--article", "no-such-article"])
    assert result.exit_code != 0 and "no article 'no-such-article' is loaded" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_quiz_check_of_nothing_passes(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["quiz", "check"])
    assert result.exit_code == 0, result.output


def test_the_review_page_shows_each_items_reasons(app):
    name_zhu_min_again(app)
    teacher = teacher_client(app)
    with app.app_context():
        item = db.session.scalar(
            select(StoredItem).where(StoredItem.key == "hundred-deepseeks/zhu-min/cloze")
        )
        clean = db.session.scalar(
            select(StoredItem).where(StoredItem.key == "hundred-deepseeks/gdp-q1/numeric")
        )
    page = teacher.get("/authoring/articles/hundred-deepseeks/items", headers=ENGLISH)
    text = page.get_data(as_text=True)
    assert f'id="reasons-{item.id}"' in text
    assert (
        "Its answer (Zhu Min) stands in another item: hundred-deepseeks/zhu-imf-role/cloze." in text
    )
    assert f'id="reasons-{clean.id}"' not in text
    french = teacher.get("/authoring/articles/hundred-deepseeks/items", headers=FRENCH)
    assert french.status_code == 200
    assert (
        "Sa réponse (Zhu Min) figure dans une autre question\u00a0: "
        "hundred-deepseeks/zhu-imf-role/cloze." in french.get_data(as_text=True)
    )


def test_items_of_odd_shapes_are_checked_without_an_error():
    odd = [
        Item(
            "a/x/choice",
            "choice",
            "a",
            {"fr": "Le ____.", "en": "A ____."},
            {"choice": "c9"},
            {"choices": [{"id": "c1"}, {"id": "c2", "text": {"fr": "x"}}, "c3"]},
        ),
        Item("a/y/cloze", "cloze", "a", {"fr": "L’____.", "en": "An ____."}, {"fr": None}),
        Item("a/z/numeric", "numeric", "a", {"fr": "____", "en": "____"}, {}, facts=("gone",)),
    ]
    found = rules(odd, [ZHU])
    assert found == {"a/x/choice": ["few-distractors"]}


def test_bare_number_options_count_when_the_unit_stands_in_the_prompt():
    """The generator writes the unit once, in the prompt: bare options, the right one too."""
    bare = choice(
        "stargate-amount",
        (
            "StarGate représente ____ milliards de dollars.",
            "StarGate stands for ____ billion dollars.",
        ),
        [("500", "500"), ("250", "250"), ("50", "50"), ("1 000", "1,000")],
    )
    assert rules([bare], [STARGATE]) == {}


# -- numbers and years that stand for something else -------------------------------------------

COST = fact(
    "cost",
    "number",
    ("Ernie coûte 1 % du prix de GPT.", "Ernie costs 1% of GPT's price."),
    value=1,
    unit={"fr": "% du prix", "en": "% of the price"},
)
COST_NUMERIC = Item(
    id="a/cost/numeric",
    type="numeric",
    article="a",
    prompt={"fr": "Ernie coûte ____ % du prix de GPT.", "en": "Ernie costs ____% of GPT's price."},
    answer={"value": 1, "tolerance": 0},
    data={"unit": {"fr": "% du prix", "en": "% of the price"}},
    fact="cost",
    facts=("cost",),
)


def statement(slug: str, text: tuple[str, str]) -> Item:
    return Item(
        id=f"a/{slug}/true-false",
        type="true-false",
        article="a",
        prompt={"fr": text[0], "en": text[1]},
        answer={"value": True},
        fact=slug,
        facts=(slug,),
    )


@pytest.mark.parametrize(
    ("text", "reveals"),
    [
        (("Le modèle R1 est gratuit.", "The R1 model is free."), False),
        (("Le 1 mai, Ernie X1 sort.", "On 1 May, Ernie X1 comes out."), False),
        (("Il ne coûte que 1 % du prix.", "It costs a mere 1% of the price."), True),
    ],
)
def test_a_number_reveals_only_with_its_unit(text, reveals):
    """A `1` in a model's name or a date is not the share of a price: only `1 %` is."""
    for lang, other in zip(("fr", "en"), text, strict=True):
        one_language = statement("other", (other, other))
        found = review.revealed_by(COST_NUMERIC, one_language, {"cost": COST}, options=False)
        assert (found is not None) == reveals, (lang, other)
    # the draw still keeps any item writing the number apart from it
    named = statement("other", text)
    assert named.id in review.conflicts([COST_NUMERIC, named], {"cost": COST})[COST_NUMERIC.id]


def test_a_number_in_dollars_reveals_after_a_dollar_sign():
    price = fact(
        "price",
        "number",
        ("GPT coûte 5,00 dollars.", "GPT costs $5.00."),
        value=5.0,
        unit={"fr": "dollars", "en": "dollars"},
    )
    ask = cloze("price", ("GPT coûte ____ dollars.", "GPT costs $____."), ("5", "5"))
    ask = dataclasses.replace(
        ask,
        id="a/price/numeric",
        type="numeric",
        answer={"value": 5.0},
        data={"unit": price.answer["unit"]},
    )
    dated = statement("xi", ("Le 5 novembre 2018, Xi parle.", "On 5 November 2018, Xi speaks."))
    priced = statement("gpt", ("GPT vaut 5 dollars.", "GPT is worth $5."))
    assert "reveals" not in rules([ask, dated], [price]).get(ask.id, [])
    assert rules([ask, priced], [price])[ask.id] == ["reveals"]


JANUARY = fact(
    "shock",
    "date",
    ("DeepSeek frappe en janvier 2025.", "DeepSeek strikes in January 2025."),
    date="2025-01",
)
JANUARY_CHOICE = choice(
    "shock",
    ("DeepSeek frappe en janvier ____.", "DeepSeek strikes in January ____."),
    [("2025", "2025"), ("2024", "2024"), ("2022", "2022"), ("2018", "2018")],
)


@pytest.mark.parametrize(
    ("text", "reveals"),
    [
        (("En février 2025, DeepSeek grimpe.", "In February 2025, DeepSeek climbs."), False),
        (("Les géants dépensent en 2025.", "The giants spend in 2025."), False),
        (("Dès janvier 2025, tout change.", "From January 2025, all changes."), True),
        (("Le 27 janvier 2025, Nvidia chute.", "On January 27, 2025, Nvidia falls."), True),
    ],
)
def test_a_year_reveals_a_date_only_with_its_month(text, reveals):
    """Another event of the same year says nothing of this one's year; the same month does."""
    for lang, other in zip(("fr", "en"), text, strict=True):
        one_language = statement("other", (other, other))
        found = review.revealed_by(JANUARY_CHOICE, one_language, {"shock": JANUARY}, options=False)
        assert (found is not None) == reveals, (lang, other)


def test_a_year_alone_reveals_a_date_of_that_year_anywhere():
    year_only = fact(
        "vote", "date", ("Le vote a lieu en 2024.", "The vote is in 2024."), date="2024"
    )
    ask = choice("vote", ("Le vote a lieu en ____.", "The vote is in ____."), [("2024", "2024")])
    other = statement("other", ("En 2024, tout change.", "In 2024, all changes."))
    assert review.revealed_by(ask, other, {"vote": year_only}, options=False) is not None
