"""The generator's rules for fair gaps (edu/quiz/gaps.py, edu/quiz/distractors.py), each on
small hand-made facts in French and English."""

import random

import pytest

from edu.content import pack
from edu.quiz import distractors, gaps
from edu.quiz.generation import generate
from edu.quiz.items import GAP


def text(fr: str, en: str) -> pack.Text:
    return pack.Text(fr, en)


def name(fact_id: str, fr: str, en: str, answer_fr: str, answer_en: str, category: str):
    return pack.Fact(
        fact_id, "entity", text(fr, en), 1, {"fr": answer_fr, "en": answer_en, "category": category}
    )


def number(fact_id: str, value, fr: str, en: str, unit=None) -> pack.Fact:
    answer = {"value": value, "tolerance": 0, **({"unit": unit} if unit else {})}
    return pack.Fact(fact_id, "number", text(fr, en), 1, answer)


def date(fact_id: str, value: str, fr: str, en: str) -> pack.Fact:
    return pack.Fact(fact_id, "date", text(fr, en), 1, {"date": value})


def article(article_id: str, *facts: pack.Fact, when: str = "2025-06") -> pack.Article:
    return pack.Article(
        id=article_id,
        source=pack.Source(when, "fr"),
        title=text("Titre", "Title"),
        summary=text("Résumé.", "Summary."),
        level="B2",
        themes=(),
        facts=facts,
    )


def items_of(*articles: pack.Article) -> dict:
    return {item.id: item for item in generate(list(articles))}


def shown(item, lang: str) -> set[str]:
    return {choice["text"][lang] for choice in item.data["choices"]}


def right(item, lang: str) -> str:
    (choice,) = [c for c in item.data["choices"] if c["id"] == item.answer["choice"]]
    return choice["text"][lang]


ORGANISATIONS = (
    name(
        "fund",
        "Il dirige le Fonds monétaire international.",
        "He runs the International Monetary Fund.",
        "Fonds monétaire international",
        "International Monetary Fund",
        "organisation",
    ),
    name(
        "union",
        "Elle rejoint l’Union internationale des télécommunications.",
        "It joins the International Telecommunication Union.",
        "Union internationale des télécommunications",
        "International Telecommunication Union",
        "organisation",
    ),
    name(
        "bank",
        "Il conseille la Banque mondiale.",
        "He advises the World Bank.",
        "Banque mondiale",
        "World Bank",
        "organisation",
    ),
)


# -- grammar around the gap -----------------------------------------------------------------------


def test_a_french_elision_before_the_gap_goes_into_the_choices():
    founded = name(
        "founded",
        "La Chine a fondé l’Organisation mondiale de l’IA.",
        "China founded the World AI Organisation.",
        "Organisation mondiale de l’IA",
        "World AI Organisation",
        "organisation",
    )
    item = items_of(article("one", founded, *ORGANISATIONS))["one/founded/choice"]
    assert item.prompt["fr"] == f"La Chine a fondé {GAP}."
    assert shown(item, "fr") == {
        "l’Organisation mondiale de l’IA",
        "le Fonds monétaire international",
        "l’Union internationale des télécommunications",
        "la Banque mondiale",
    }
    assert "the " + GAP in item.prompt["en"]  # English: "the" fits every option


def test_du_before_the_gap_gives_each_option_its_own_de():
    adviser = name(
        "adviser",
        "Il conseille le directeur du Fonds monétaire international.",
        "He advises the head of the International Monetary Fund.",
        "Fonds monétaire international",
        "International Monetary Fund",
        "organisation",
    )
    others = [f for f in ORGANISATIONS if f.id != "fund"]
    founded = name(
        "founded",
        "Elle a fondé l’Organisation mondiale de l’IA.",
        "She founded the World AI Organisation.",
        "Organisation mondiale de l’IA",
        "World AI Organisation",
        "organisation",
    )
    item = items_of(article("one", adviser, founded, *others))["one/adviser/choice"]
    assert item.prompt["fr"] == f"Il conseille le directeur {GAP}."
    assert right(item, "fr") == "du Fonds monétaire international"
    assert shown(item, "fr") - {right(item, "fr")} == {
        "de l’Organisation mondiale de l’IA",
        "de l’Union internationale des télécommunications",
        "de la Banque mondiale",
    }


def test_names_that_fit_after_d_apostrophe_keep_the_prompt():
    companies = [
        name(c.lower(), f"{c} a parlé.", f"{c} spoke.", c, c, "company")
        for c in ("Alibaba", "Anthropic", "OpenAI", "Baidu", "Nvidia", "Lenovo")
    ]
    store = name("store", "L’App Store d’Apple.", "Apple’s App Store.", "Apple", "Apple", "company")
    item = items_of(article("one", store, *companies))["one/store/choice"]
    assert item.prompt["fr"] == f"L’App Store d’{GAP}."
    assert shown(item, "fr") == {"Apple", "Alibaba", "Anthropic", "OpenAI"}  # no « d’Baidu »


def test_too_few_names_that_fit_after_d_apostrophe_take_it_into_the_gap():
    companies = [
        name(c.lower(), f"{c} a parlé.", f"{c} spoke.", c, c, "company")
        for c in ("Baidu", "Nvidia", "Lenovo")
    ]
    store = name("store", "L’App Store d’Apple.", "Apple’s App Store.", "Apple", "Apple", "company")
    item = items_of(article("one", store, *companies))["one/store/choice"]
    assert item.prompt["fr"] == f"L’App Store {GAP}."
    assert shown(item, "fr") == {"d’Apple", "de Baidu", "de Nvidia", "de Lenovo"}


def test_an_english_a_or_an_before_the_gap_goes_into_the_choices():
    def fact(fact_id: str, word: str) -> pack.Fact:
        return name(fact_id, f"C’est {word}.", f"It is a {word}.", word, word, "product")

    facts = [fact("a", "ostrich"), fact("b", "goose"), fact("c", "eagle"), fact("d", "hen")]
    facts[0] = name("a", "C’est autruche.", "It is an ostrich.", "autruche", "ostrich", "product")
    item = items_of(article("one", *facts))["one/b/choice"]
    assert item.prompt["en"] == f"It is {GAP}."
    assert shown(item, "en") == {"a goose", "an ostrich", "an eagle", "a hen"}
    assert gaps.a_or_an("18-month plan") == "an" and gaps.a_or_an("1,000") == "a"


# -- distractors ----------------------------------------------------------------------------------


def test_number_distractors_are_not_multiples_of_the_answer():
    fact = number(
        "cost",
        5.6,
        "Il a coûté 5,6 millions.",
        "It cost 5.6 million.",
        {"fr": "millions", "en": "million"},
    )
    item = items_of(article("one", fact))["one/cost/choice"]
    values = sorted(float(t.replace(",", "")) for t in shown(item, "en"))
    assert 5.6 in values
    wrong = [v for v in values if v != 5.6]
    assert not all((v / 5.6) == round(v / 5.6) or (5.6 / v) == round(5.6 / v) for v in wrong)
    assert any(v < 5.6 for v in wrong) and any(v > 5.6 for v in wrong)  # above and below
    assert all(len(str(v).split(".")[1]) <= 1 for v in wrong)  # written like the answer


def test_the_unit_stands_once_in_the_prompt_not_in_the_choices():
    fact = number(
        "loss",
        589,
        "Nvidia a perdu 589 milliards de dollars.",
        "Nvidia lost 589 billion dollars.",
        {"fr": "milliards de dollars", "en": "billion dollars"},
    )
    item = items_of(article("one", fact))["one/loss/choice"]
    assert item.prompt["fr"] == f"Nvidia a perdu {GAP} milliards de dollars."
    for lang in ("fr", "en"):
        assert not any("milliards" in t or "billion" in t for t in shown(item, lang))


def test_no_absurd_figures_beside_the_answer():
    unit = {"fr": "%", "en": "%"}
    facts = [
        number("growth", 5.4, "Le PIB a crû de 5,4 %.", "GDP grew by 5.4%.", unit),
        number("share", 60, "Une part de 60 %.", "A share of 60%.", unit),
    ]
    items = items_of(article("one", *facts))
    growth = {float(t) for t in shown(items["one/growth/choice"], "en")}
    assert all(2.7 <= v <= 10.8 for v in growth)  # 60 % is too far; no 27 %
    share = {float(t) for t in shown(items["one/share/choice"], "en")}
    assert all(v <= 100 for v in share)
    months = distractors.number_distractors(18, 0, [], random.Random(1), 3)
    assert all(8 <= v <= 40 for v in months)  # never "180 mois"


@pytest.mark.parametrize(
    ("year", "side"), [("2018", "past"), ("2025", "past"), ("2026", "ahead"), ("2033", "ahead")]
)
def test_years_stay_on_the_answers_side_of_the_article(year, side):
    fact = date("when", year, f"Cela date de {year}.", f"It dates from {year}.")
    others = [date(f"d{y}", str(y), f"En {y}.", f"In {y}.") for y in (2022, 2024, 2026, 2033)]
    item = items_of(article("one", fact, *others, when="2025-08"))["one/when/choice"]
    wrong = {int(t) for t in shown(item, "en")} - {int(year)}
    assert len(wrong) == 3
    if side == "past":
        assert all(y <= 2025 for y in wrong)
    else:
        assert all(y > 2025 for y in wrong)


def test_terms_of_other_kinds_are_no_wrong_choices_but_match_together():
    chip = name(
        "chip", "Les puces H100 de Nvidia.", "Nvidia’s H100 chips.", "H100", "H100", "product"
    )
    network = name(
        "net", "Des normes telles que la 5G.", "Standards such as 5G.", "5G", "5G", "technology"
    )
    doctrine = name(
        "doc",
        "La Chine soutient la souveraineté.",
        "China backs sovereignty.",
        "souveraineté",
        "sovereignty",
        "policy",
    )
    items = items_of(article("one", chip, network, doctrine))
    assert not [key for key in items if key.endswith("/choice")]
    assert "one/match-other/matching" in items


# -- one answer per gap ---------------------------------------------------------------------------


def test_an_example_gap_is_chosen_not_typed():
    facts = [
        name(
            "giants",
            "De grands groupes comme Baidu, Tencent ou Huawei.",
            "Giants such as Baidu, Tencent and Huawei.",
            "Baidu",
            "Baidu",
            "company",
        ),
        *[
            name(c.lower(), f"{c} a parlé.", f"{c} spoke.", c, c, "company")
            for c in ("Nvidia", "Lenovo", "Google")
        ],
    ]
    items = items_of(article("one", *facts))
    assert "one/giants/choice" in items and "one/giants/cloze" not in items
    assert "one/nvidia/cloze" in items
    assert gaps.example_gap(f"Des puces vendues par des groupes comme {GAP}.", "fr")
    assert gaps.example_gap(f"Chips sold by firms such as {GAP}.", "en")
    assert not gaps.example_gap(f"Le modèle est conçu par {GAP}.", "fr")


def test_an_answer_longer_than_three_words_is_chosen_not_typed():
    long = name(
        "long",
        "Elle rejoint l’Organisation mondiale de l’IA.",
        "It joins the World AI Cooperation Organization.",
        "Organisation mondiale de l’IA",
        "World AI Cooperation Organization",
        "organisation",
    )
    items = items_of(article("one", long, *ORGANISATIONS))
    assert "one/long/choice" in items and "one/long/cloze" not in items
    assert "one/bank/cloze" in items  # two words: typed


def test_an_answer_with_no_choice_to_make_is_still_typed():
    lonely = name(
        "alone",
        "Il rejoint l’Organisation mondiale de l’IA.",
        "He joins the World AI Cooperation Organization.",
        "Organisation mondiale de l’IA",
        "World AI Cooperation Organization",
        "organisation",
    )
    assert "one/alone/cloze" in items_of(article("one", lonely))


# -- persons of one role --------------------------------------------------------------------------


def person(fact_id: str, who: str, role: str, fr: str = "a parlé", en: str = "spoke"):
    return name(fact_id, f"{who} {fr}.", f"{who} {en}.", who, who, role)


def test_a_person_is_chosen_among_persons_of_the_same_role():
    facts = [
        person("altman", "Sam Altman", "business", "a salué R1", "praised R1"),
        *[person(w.split()[-1].lower(), w, "business") for w in ("Elon Musk", "Marc Andreessen")],
        person("smati", "Rafik Smati", "business"),
        person("zhu", "Zhu Min", "official"),
        person("sun", "Sun Tzu", "thinker"),
        person("macron", "Emmanuel Macron", "leader"),
    ]
    items = items_of(article("one", *facts))
    assert shown(items["one/altman/choice"], "en") == {
        "Sam Altman",
        "Elon Musk",
        "Marc Andreessen",
        "Rafik Smati",
    }
    assert shown(items["one/altman/choice"], "fr") == shown(items["one/altman/choice"], "en")
    # Every person still answers "which person" together.
    matching = items["one/match-person/matching"]
    assert {"Sun Tzu", "Zhu Min", "Emmanuel Macron"} & {
        entry["text"]["en"] for entry in matching.data["right"]
    }


def test_no_choice_among_fewer_than_three_wrong_names():
    bankers = [
        person("zhu", "Zhu Min", "official"),
        person("huang", "Huang Yiping", "official"),
        person("babinet", "Gilles Babinet", "official"),
    ]
    others = [person("sun", "Sun Tzu", "thinker"), person("altman", "Sam Altman", "business")]
    items = items_of(article("one", *bankers, *others))
    assert not [key for key in items if key.endswith("/choice")]  # two bankers are not enough
    assert "one/zhu/cloze" in items
    items = items_of(article("one", *bankers, person("kuroda", "Haruhiko Kuroda", "official")))
    assert "one/zhu/choice" in items


# -- a gap another name of the article fits -------------------------------------------------------


def test_a_gap_another_name_of_the_article_fits_gives_the_first_letter():
    praised = person("altman", "Sam Altman", "business", "a salué R1", "praised R1")
    musk = person("musk", "Elon Musk", "leader", "doute", "has doubts")  # a person of any role
    baidu = name("x", "Baidu.", "Baidu.", "Baidu", "Baidu", "company")
    items = items_of(article("one", praised, musk, baidu))
    assert items["one/altman/cloze"].prompt == {
        "fr": f"{GAP} a salué R1. (initiale\u00a0: S)",
        "en": f"{GAP} praised R1. (first letter: S)",
    }
    assert items["one/x/cloze"].prompt["en"] == f"{GAP}."  # the only company: no letter
    assert items_of(article("one", praised))["one/altman/cloze"].prompt["fr"] == (
        f"{GAP} a salué R1."
    )
    states = name(
        "us", "Les États-Unis.", "The United States.", "États-Unis", "United States", "country"
    )
    china = name("cn", "La Chine.", "China.", "Chine", "China", "country")
    assert items_of(article("one", states, china))["one/us/cloze"].prompt == {
        "fr": f"Les {GAP}. (initiale\u00a0: É)",
        "en": f"The {GAP}. (first letter: U)",
    }


# -- the author's own options, other spellings, spans of time ---------------------------------


def with_answer(fact: pack.Fact, **extra) -> pack.Fact:
    return pack.Fact(fact.id, fact.kind, fact.text, fact.where, {**fact.answer, **extra})


COMPANIES = [
    name(slug, f"{who} a parlé.", f"{who} spoke.", who, who, "company")
    for slug, who in (("baidu", "Baidu"), ("tencent", "Tencent"), ("huawei", "Huawei"))
]
OWNER = name(
    "owner",
    "DeepSeek appartient à High-Flyer, un fonds spéculatif.",
    "DeepSeek is owned by High-Flyer, a hedge fund.",
    "High-Flyer",
    "High-Flyer",
    "company",
)


def test_the_authors_wrong_names_replace_the_drawn_ones():
    chosen = [{"fr": n, "en": n} for n in ("Citadel", "Bridgewater", "Millennium")]
    items = items_of(article("one", with_answer(OWNER, wrong=chosen), *COMPANIES))
    assert shown(items["one/owner/choice"], "en") == {
        "High-Flyer",
        "Citadel",
        "Bridgewater",
        "Millennium",
    }
    assert right(items["one/owner/choice"], "fr") == "High-Flyer"
    # Without them, the corpus's companies are drawn, and fit no hedge fund.
    drawn = items_of(article("one", OWNER, *COMPANIES))["one/owner/choice"]
    assert shown(drawn, "en") == {"High-Flyer", "Baidu", "Tencent", "Huawei"}


def test_no_wrong_names_means_no_choice_item_and_no_word_bank():
    items = items_of(article("one", with_answer(OWNER, wrong=[]), *COMPANIES))
    assert "one/owner/choice" not in items
    assert items["one/owner/cloze"].data == {}  # a bank would be the choice again


def test_a_gap_fill_keeps_its_choice_names_as_a_word_bank():
    items = items_of(article("one", OWNER, *COMPANIES))
    bank = items["one/owner/cloze"].data["bank"]
    assert [n["en"] for n in bank] == ["Baidu", "High-Flyer", "Huawei", "Tencent"]  # a to z


def test_other_spellings_are_accepted_when_typed():
    from edu.quiz.scoring import score

    fund = with_answer(ORGANISATIONS[0], also=["FMI", "IMF"])
    cloze = items_of(article("one", fund))["one/fund/cloze"]
    assert cloze.answer["also"] == ["FMI", "IMF"]
    for typed in ("fmi", "IMF", "Fonds monétaire international", "international monetary fund"):
        assert score(cloze, typed, "en").credit == 1.0, typed
    assert score(cloze, "OMC", "fr").credit == 0.0


def test_the_authors_wrong_figures_replace_the_drawn_ones():
    unit = {"fr": "%", "en": "%"}
    forecast = number(
        "forecast",
        4.5,
        "La croissance retombe à 4,5\u00a0%, sous l’objectif de 5\u00a0%.",
        "Growth slows to 4.5%, below the 5% target.",
        unit,
    )
    items = items_of(article("one", with_answer(forecast, wrong=[3.8, 4.2, 4.8])))
    assert shown(items["one/forecast/choice"], "fr") == {"4,5", "3,8", "4,2", "4,8"}
    assert "one/forecast/numeric" in items
    assert "one/forecast/choice" not in items_of(article("one", with_answer(forecast, wrong=[])))


@pytest.mark.parametrize(
    ("value", "fr", "en", "said"),
    [
        (24, "heures", "hours", {12, 36, 48, 8, 6, 72}),
        (18, "mois", "months", {9, 12, 24, 36}),
    ],
)
def test_a_span_of_time_gets_the_spans_people_say(value, fr, en, said):
    fact = number(
        "span",
        value,
        f"Il a suffi de {value} {fr}.",
        f"It took {value} {en}.",
        {"fr": fr, "en": en},
    )
    wrong = {int(t) for t in shown(items_of(article("one", fact))["one/span/choice"], "en")}
    wrong.discard(value)
    assert len(wrong) == 3 and wrong <= said  # never 29 hours nor 38 months
    assert min(wrong) < value < max(wrong)  # above and below


def test_a_worded_unit_keeps_the_answers_form_after_every_option():
    price = number(
        "price",
        3,
        "Le modèle coûte 3 dollars par million de jetons.",
        "The model costs 3 dollars per million tokens.",
        {"fr": "dollars par million de jetons", "en": "dollars per million tokens"},
    )
    cheap = number(
        "cheap",
        0.28,
        "Il coûte 0,28 dollar par million de jetons.",
        "It costs 0.28 dollars per million tokens.",
        {"fr": "dollar par million de jetons", "en": "dollars per million tokens"},
    )
    for seed in ("one", "two", "three", "four", "five"):
        items = items_of(article(seed, price, cheap))
        # « 1 dollars » would give itself away; « 2,5 dollar » too.
        assert all(float(t) >= 2 for t in shown(items[f"{seed}/price/choice"], "en")), seed
        assert all(float(t) < 2 for t in shown(items[f"{seed}/cheap/choice"], "en")), seed


def test_an_order_to_restore_is_never_shown_in_order_nor_backwards():
    from edu.quiz.generation import shuffled_apart

    for seed in range(300):
        for size in (3, 4, 5):
            values = list(range(size))
            shown = shuffled_apart(values, random.Random(seed))
            assert sorted(shown) == values
            assert shown not in (values, values[::-1]), (seed, size, shown)
    assert shuffled_apart([1, 2], random.Random(0)) == [2, 1]
