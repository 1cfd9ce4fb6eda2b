"""The scoring rules (each type's in edu/quiz/types, applied by edu/quiz/scoring.py), on items
built by hand after the quiz item formats."""

import json
from decimal import Decimal

import pytest

from edu.quiz.items import GAP, Item
from edu.quiz.scoring import (
    AnswerFormatError,
    Scored,
    as_percent,
    attempt_score,
    display_answer,
    edit_distance,
    normalise_text,
    parse_number,
    score,
)


def t(fr, en=None):
    return {"fr": fr, "en": fr if en is None else en}


def numeric(value=589, tolerance=0.05, unit=None):
    return Item(
        id="a/f1/numeric",
        type="numeric",
        article="a",
        prompt=t(f"Nvidia a perdu {GAP} milliards.", f"Nvidia lost {GAP} billion."),
        answer={"value": value, "tolerance": tolerance},
        data={"unit": unit},
        fact="f1",
        facts=("f1",),
    )


CHOICE = Item(
    id="a/f1/choice",
    type="choice",
    article="a",
    prompt=t(f"Fondée en {GAP}.", f"Founded in {GAP}."),
    answer={"choice": "c3"},
    data={
        "choices": [
            {"id": "c1", "text": t("2019")},
            {"id": "c2", "text": t("2021")},
            {"id": "c3", "text": t("2023")},
            {"id": "c4", "text": t("2025")},
        ]
    },
)

CLOZE = Item(
    id="a/f2/cloze",
    type="cloze",
    article="a",
    prompt=t(f"{GAP} a réagi.", f"{GAP} reacted."),
    answer=t("États-Unis", "United States"),
)

ALIBABA = Item(
    id="a/f3/cloze", type="cloze", article="a", prompt=t(f"{GAP} a réagi."), answer=t("Alibaba")
)

SHORT = Item(id="a/f4/cloze", type="cloze", article="a", prompt=t(GAP), answer=t("Meta"))


def true_false(value):
    return Item(
        id="a/f5/true-false",
        type="true-false",
        article="a",
        prompt=t("Le modèle a coûté 6 millions.", "The model cost 6 million."),
        answer={"value": value},
        data={"statement": t("Le modèle a coûté 6 millions.", "The model cost 6 million.")},
    )


ORDERING = Item(
    id="a/group/ordering",
    type="ordering",
    article="a",
    prompt=t("Remettez ces faits dans l'ordre.", "Put these facts in order."),
    answer={"order": ["f1", "f2", "f3", "f4"]},
    data={
        "entries": [
            {"id": "f3", "text": t(f"C en {GAP}", f"C in {GAP}")},
            {"id": "f1", "text": t(f"A en {GAP}", f"A in {GAP}")},
            {"id": "f4", "text": t(f"D en {GAP}", f"D in {GAP}")},
            {"id": "f2", "text": t(f"B en {GAP}", f"B in {GAP}")},
        ]
    },
    facts=("f1", "f2", "f3", "f4"),
)

MATCHING = Item(
    id="a/group/matching",
    type="matching",
    article="a",
    prompt=t("Associez chaque fait à son acteur.", "Match each fact with its actor."),
    answer={"pairs": {"f1": "f1", "f2": "f2", "f3": "f3"}},
    data={
        "left": [
            {"id": "f1", "text": t(f"{GAP} a publié R1", f"{GAP} released R1")},
            {"id": "f2", "text": t(f"{GAP} a perdu 589 milliards", f"{GAP} lost 589 billion")},
            {"id": "f3", "text": t(f"{GAP} a réagi", f"{GAP} reacted")},
        ],
        "right": [
            {"id": "f3", "text": t("Les États-Unis", "The United States")},
            {"id": "f1", "text": t("DeepSeek")},
            {"id": "f2", "text": t("Nvidia")},
        ],
    },
    facts=("f1", "f2", "f3"),
)

SORTING = Item(
    id="a/q1/sorting",
    type="sorting",
    article="a",
    prompt=t("L'open source est une arme.", "Open source is a weapon."),
    answer={
        "sides": {"for-0": "for", "for-1": "for", "against-0": "against", "against-1": "against"}
    },
    data={
        "entries": [
            {"id": "against-1", "text": t("C'est du partage", "It is sharing")},
            {"id": "for-0", "text": t("Cela crée une dépendance", "It creates dependence")},
            {"id": "against-0", "text": t("Tout le monde en profite", "Everyone benefits")},
            {"id": "for-1", "text": t("Cela fixe les normes", "It sets the standards")},
        ]
    },
    question="q1",
)


def error_of(call, *args):
    with pytest.raises(AnswerFormatError) as caught:
        call(*args)
    return caught.value


# Reading numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("1 120,5", "fr", "1120.5"),  # plain space
        ("1\u00a0120,5", "fr", "1120.5"),  # no-break space
        ("1\u202f120,5", "fr", "1120.5"),  # narrow no-break space, Babel's own
        ("1120,5", "fr", "1120.5"),
        ("0,05", "fr", "0.05"),
        ("  12 345 678,9 ", "fr", "12345678.9"),
        ("1,120", "fr", "1.12"),  # the French decimal comma
        ("1,120.5", "en", "1120.5"),
        ("1120.5", "en", "1120.5"),
        ("0.05", "en", "0.05"),
        ("1,120", "en", "1120"),  # English thousands, as Babel's strict mode reads it
        ("1 120.5", "en", "1120.5"),  # spaces are turned into the English group symbol
        ("1,234,567", "en", "1234567"),
        ("1 120,5", "fr_FR", "1120.5"),
        ("1 120,5", "fr_CA", "1120.5"),  # fr_CA groups with U+00A0
        ("3.5", "en-US", "3.5"),
    ],
)
def test_parse_number_in_each_convention(text, locale, expected):
    assert parse_number(text, locale) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("-3,5", "fr", "-3.5"),
        ("+3,5", "fr", "3.5"),
        ("\u22123,5", "fr", "-3.5"),  # typographic minus sign
        ("- 2", "en", "-2"),
        ("12,5 %", "fr", "12.5"),
        ("12.5%", "en", "12.5"),
        ("$1,120.50", "en", "1120.50"),
        ("-$5", "en", "-5"),
        ("$-5", "en", "-5"),
        ("1 120,5 €", "fr", "1120.5"),
        ("€ 3,5", "fr", "3.5"),
        ("\uff11\uff12", "en", "12"),  # full-width digits, as some keyboards type them
    ],
)
def test_parse_number_ignores_signs_and_symbols(text, locale, expected):
    assert parse_number(text, locale) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "locale", "suggestion"),
    [
        ("3,5", "en", "3.5"),
        ("-3,5", "en", "-3.5"),
        ("1 120,5", "en", "1120.5"),
        ("3.5", "fr", "3.5"),
        ("1,120.5", "fr", "1120.5"),
        ("1.120", "fr", "1.120"),  # Babel alone would silently read 1.12 here
    ],
)
def test_the_other_convention_is_refused_with_a_suggestion(text, locale, suggestion):
    error = error_of(parse_number, text, locale)
    assert error.code == "wrong-decimal-separator"
    assert error.hint == Decimal(suggestion)
    assert isinstance(error.hint, Decimal)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("abc", "en"),
        ("abc", "fr"),
        ("1e3", "en"),  # Babel alone accepts these four
        ("NaN", "fr"),
        ("Infinity", "en"),
        ("1_000", "fr"),
        ("1 12,5", "fr"),  # a thousands group of two digits
        ("1.120,5", "en"),
        ("3,5,1", "fr"),
        ("$5%", "en"),
        ("-", "en"),
        ("%", "fr"),
        ("--5", "en"),
        ("5 ans", "fr"),
    ],
)
def test_not_a_number(text, locale):
    error = error_of(parse_number, text, locale)
    assert error.code == "not-a-number"
    assert error.hint is None


@pytest.mark.parametrize("text", ["", "   ", "\u00a0\t"])
def test_empty_number(text):
    assert error_of(parse_number, text, "fr").code == "empty"


def test_error_str_names_the_code_and_hint():
    assert str(AnswerFormatError("empty")) == "empty"
    assert str(AnswerFormatError("wrong-decimal-separator", Decimal("3.5"))) == (
        "wrong-decimal-separator: 3.5"
    )


# Numeric items ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "locale", "credit"),
    [
        ("589", "en", 1.0),  # exact
        ("600", "en", 1.0),  # 1.9 % off
        ("560", "en", 1.0),  # 4.9 % off
        ("618,45", "fr", 1.0),  # exactly 5 % off: the tolerance itself
        ("618.5", "en", 0.5),  # 5.01 % off: a near miss (up to 2 x 5 % = 10 %)
        ("640", "en", 0.5),  # 8.7 % off
        ("530,1", "fr", 0.5),  # exactly 10 % off
        ("530", "fr", 0.0),  # 10.02 % off
        ("648", "en", 0.0),  # 10.02 % off
        ("1 000", "fr", 0.0),  # far
        ("-589", "en", 0.0),
    ],
)
def test_numeric_tolerance_and_near_miss(typed, locale, credit):
    result = score(numeric(589, 0.05), typed, locale)
    assert result.credit == credit
    assert result.correct is (credit == 1.0)
    assert result.detail["number"] == str(parse_number(typed, locale))
    assert result.detail["near_miss"] is (credit == 0.5)


def test_numeric_near_miss_is_at_least_five_percent():
    item = numeric(1120, 0.01)  # near miss up to max(2 %, 5 %) = 5 %
    assert score(item, "1 131", "fr").credit == 1.0  # 0.98 % off
    assert score(item, "1 150", "fr").credit == 0.5  # 2.7 % off
    assert score(item, "1 176", "fr").credit == 0.5  # 5 % off
    assert score(item, "1 177", "fr").credit == 0.0  # 5.09 % off


def test_numeric_without_tolerance_wants_the_exact_value():
    item = numeric(2023, 0)
    assert score(item, "2023", "en").credit == 1.0
    assert score(item, "2024", "en").credit == 0.5  # 0.05 % off: still a near miss
    assert score(item, "2200", "en").credit == 0.0


def test_numeric_float_values_and_tolerance_do_not_suffer_from_rounding():
    item = numeric(0.1, 0.1)
    assert score(item, "0,11", "fr").credit == 1.0  # exactly 10 % off
    assert score(item, "0,12", "fr").credit == 0.5


def test_numeric_zero_value_uses_the_absolute_error():
    item = numeric(0, 0.01)
    zero = score(item, "0", "en")
    assert (zero.credit, zero.detail["relative"], zero.detail["error"]) == (1.0, False, 0.0)
    assert score(item, "-0.01", "en").credit == 1.0
    assert score(item, "0.04", "en").credit == 0.5
    assert score(item, "0.2", "en").credit == 0.0


def test_numeric_reads_the_learners_locale_and_scores_nothing_it_cannot_read():
    item = numeric(1120.5, 0)
    assert score(item, "1 120,5", "fr").credit == 1.0
    assert score(item, "1,120.5", "en").credit == 1.0
    assert error_of(score, item, "1120,5", "en").code == "wrong-decimal-separator"
    assert error_of(score, item, "1120.5", "fr").code == "wrong-decimal-separator"
    assert error_of(score, item, "beaucoup", "fr").code == "not-a-number"
    assert error_of(score, item, "", "fr").code == "empty"


# Choice, true-false ----------------------------------------------------------------------


def test_choice():
    right = score(CHOICE, "c3", "fr")
    assert (right.credit, right.correct, right.detail) == (1.0, True, {"chosen": "c3"})
    wrong = score(CHOICE, "c1", "fr")
    assert (wrong.credit, wrong.correct) == (0.0, False)
    assert error_of(score, CHOICE, "c9", "fr").code == "incomplete"
    assert error_of(score, CHOICE, "2023", "fr").code == "incomplete"


@pytest.mark.parametrize(
    ("value", "submitted", "credit"),
    [(True, "true", 1.0), (True, "false", 0.0), (False, "false", 1.0), (False, "true", 0.0)],
)
def test_true_false(value, submitted, credit):
    result = score(true_false(value), submitted, "en")
    assert result.credit == credit
    assert result.correct is (credit == 1.0)


@pytest.mark.parametrize("submitted", ["vrai", "yes", "", None, "True"])
def test_true_false_needs_true_or_false(submitted):
    assert error_of(score, true_false(True), submitted, "fr").code == "incomplete"


# Cloze -----------------------------------------------------------------------------------


def test_normalise_text():
    assert normalise_text("États-Unis") == "etats unis"
    assert normalise_text("etats-unis") == normalise_text("  ETATS   UNIS ")
    assert normalise_text("  ALIBABA ") == "alibaba"
    assert normalise_text("l'Oréal") == normalise_text("L’OREAL") == "l oreal"
    assert normalise_text("« Cœur » — vaillant…") == "coeur vaillant"
    assert normalise_text("Straße") == "strasse"
    assert normalise_text("Ali\u00adbaba") == "alibaba"  # soft hyphen
    assert normalise_text("Coca‑Cola") == "coca cola"  # non-breaking hyphen


@pytest.mark.parametrize(
    ("item", "typed", "credit", "matched"),
    [
        (CLOZE, "États-Unis", 1.0, "fr"),
        (CLOZE, "etats-unis", 1.0, "fr"),
        (CLOZE, "ETATS UNIS", 1.0, "fr"),
        (CLOZE, "united states", 1.0, "en"),  # the other language's answer
        (ALIBABA, "  ALIBABA ", 1.0, "en"),
        (ALIBABA, "Alibaab", 0.5, "en"),  # two neighbouring letters swapped
        (ALIBABA, "Alibba", 0.5, "en"),  # a letter missing
        (CLOZE, "etats-unus", 0.5, "fr"),  # a letter changed
        (CLOZE, "united statess", 0.5, "en"),  # a letter added
        (ALIBABA, "Alibob", 0.0, None),  # two typos
        (SHORT, "Meto", 0.0, None),  # one typo, but the answer is too short
        (SHORT, "META", 1.0, "en"),
        (CLOZE, "France", 0.0, None),
    ],
)
def test_cloze(item, typed, credit, matched):
    result = score(item, typed, "fr")
    assert result.credit == credit
    assert result.correct is (credit == 1.0)
    assert result.detail["matched"] == matched
    assert result.detail["typo"] is (credit == 0.5)


@pytest.mark.parametrize("typed", ["", "   ", " - ' "])
def test_cloze_empty(typed):
    assert error_of(score, CLOZE, typed, "fr").code == "empty"


def test_edit_distance():
    assert edit_distance("alibaba", "alibaba") == 0
    assert edit_distance("alibaba", "alibaab") == 1
    assert edit_distance("alibaba", "alibob") == 2
    assert edit_distance("", "abc") == 3
    assert edit_distance("ca", "abc") == 3  # optimal string alignment, not full Damerau


# Ordering, matching, sorting -------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "credit"),
    [
        (["f1", "f2", "f3", "f4"], 1.0),
        (["f2", "f1", "f3", "f4"], 0.8333),  # one neighbouring swap: 5 of 6 pairs
        (["f1", "f2", "f4", "f3"], 0.8333),
        (["f1", "f3", "f2", "f4"], 0.8333),
        (["f4", "f1", "f2", "f3"], 0.5),  # 3 of 6 pairs
        (["f4", "f3", "f2", "f1"], 0.0),  # reversed
    ],
)
def test_ordering_counts_pairs_in_the_right_order(order, credit):
    result = score(ORDERING, order, "fr")
    assert result.credit == credit
    assert result.correct is (credit == 1.0)
    assert result.detail["pairs"] == 6


def test_ordering_one_swap_is_five_sixths():
    result = score(ORDERING, ("f1", "f3", "f2", "f4"), "en")
    assert result.credit == round(5 / 6, 4)
    assert result.detail == {
        "concordant": 5,
        "pairs": 6,
        "placed": {"f1": True, "f3": False, "f2": False, "f4": True},
    }


def test_ordering_with_many_entries_is_never_rounded_up_to_full_credit():
    entries = [f"f{i:03}" for i in range(300)]
    item = Item(
        id="a/g/ordering",
        type="ordering",
        article="a",
        prompt=t("Ordre"),
        answer={"order": entries},
        data={"entries": [{"id": e, "text": t(e)} for e in entries]},
    )
    swapped = [entries[1], entries[0], *entries[2:]]  # 1 wrong pair out of 44 850
    result = score(item, swapped, "fr")
    assert result.credit == 0.9999
    assert result.correct is False


@pytest.mark.parametrize(
    "order",
    [
        ["f1", "f2", "f3"],  # missing one
        ["f1", "f2", "f3", "f3"],  # placed twice
        ["f1", "f2", "f3", "f4", "f5"],  # unknown
        ["f1", "f2", "f3", "f9"],
        "f1f2f3f4",
        {"f1": 1},
    ],
)
def test_ordering_must_place_each_entry_once(order):
    assert error_of(score, ORDERING, order, "fr").code == "incomplete"


@pytest.mark.parametrize("order", [[], None])
def test_ordering_empty(order):
    assert error_of(score, ORDERING, order, "fr").code == "empty"


def test_matching_partial_credit():
    result = score(MATCHING, {"f1": "f1", "f2": "f2", "f3": "f1"}, "fr")
    assert result.credit == 0.6667
    assert result.correct is False
    assert result.detail == {"pairs": {"f1": True, "f2": True, "f3": False}, "right": 2, "total": 3}


def test_matching_all_right_and_missing_pairs():
    assert score(MATCHING, {"f1": "f1", "f2": "f2", "f3": "f3"}, "fr").credit == 1.0
    assert score(MATCHING, {"f1": "f1", "f2": "f2", "f3": "f3"}, "fr").correct is True
    missing = score(MATCHING, {"f2": "f2", "f3": ""}, "en")  # a blank counts as unanswered
    assert missing.credit == 0.3333
    assert missing.detail["pairs"] == {"f1": False, "f2": True, "f3": False}


@pytest.mark.parametrize(
    ("submitted", "code"),
    [
        ({}, "empty"),
        ({"f1": "", "f2": None}, "empty"),
        (None, "empty"),
        ({"f9": "f1"}, "incomplete"),  # unknown left id
        ({"f1": "f9"}, "incomplete"),  # unknown right id
        (["f1", "f2"], "incomplete"),
    ],
)
def test_matching_unreadable(submitted, code):
    assert error_of(score, MATCHING, submitted, "fr").code == code


def test_sorting_partial_credit():
    result = score(
        SORTING, {"for-0": "for", "for-1": "against", "against-0": "against"}, "fr"
    )  # against-1 left unsorted
    assert result.credit == 0.5
    assert result.correct is False
    assert result.detail["entries"] == {
        "against-1": False,
        "for-0": True,
        "against-0": True,
        "for-1": False,
    }
    full = {"for-0": "for", "for-1": "for", "against-0": "against", "against-1": "against"}
    assert score(SORTING, full, "fr").correct is True
    three = score(SORTING, {**full, "for-1": "against"}, "en")
    assert three.credit == 0.75


@pytest.mark.parametrize(
    ("submitted", "code"),
    [
        ({}, "empty"),
        ({"for-0": ""}, "empty"),
        ({"for-0": "pour"}, "incomplete"),
        ({"for-9": "for"}, "incomplete"),
        ("for", "incomplete"),
    ],
)
def test_sorting_unreadable(submitted, code):
    assert error_of(score, SORTING, submitted, "fr").code == code


def test_scored_is_json_ready_and_frozen():
    results = [
        score(numeric(), "600", "en"),
        score(CHOICE, "c3", "en"),
        score(CLOZE, "etats unis", "fr"),
        score(true_false(True), "true", "fr"),
        score(ORDERING, ["f2", "f1", "f3", "f4"], "fr"),
        score(MATCHING, {"f1": "f1"}, "fr"),
        score(SORTING, {"for-0": "for"}, "fr"),
    ]
    for result in results:
        assert isinstance(result, Scored)
        assert isinstance(result.credit, float)
        json.loads(json.dumps(result.detail))
    with pytest.raises(AttributeError):
        results[0].credit = 0.0  # type: ignore[misc]


def test_unknown_item_type():
    item = Item(id="a/f/x", type="essay", article="a", prompt=t("?"), answer={})
    with pytest.raises(ValueError, match="essay"):
        score(item, "text", "fr")


# Attempt score ---------------------------------------------------------------------------


def test_attempt_score_is_the_mean_credit():
    assert attempt_score([1.0, 0.5, 0.0, 0.5]) == 0.5
    assert attempt_score(c for c in (1.0, 1.0, 0.8333)) == pytest.approx(0.9444333)
    assert attempt_score([]) == 0.0
    with pytest.raises(ValueError):
        attempt_score([1.5])


@pytest.mark.parametrize(
    ("value", "percent"),
    [(0.0, 0), (1.0, 100), (0.125, 13), (0.145, 15), (0.124, 12), (0.8333, 83), (0.995, 100)],
)
def test_as_percent_rounds_half_up(value, percent):
    assert as_percent(value) == percent


# Display ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "fr", "en"),
    [
        (
            numeric(1120.5, unit=t("milliards de dollars", "billion dollars")),
            "1\u202f120,5 milliards de dollars",
            "1,120.5 billion dollars",
        ),
        (numeric(0.00012), "0,00012", "0.00012"),
        (CHOICE, "2023", "2023"),
        (CLOZE, "États-Unis", "United States"),
        (true_false(False), "Le modèle a coûté 6 millions.", "The model cost 6 million."),
        (
            ORDERING,  # the blanked years show as an ellipsis, never as a gap placeholder
            "A en … → B en … → C en … → D en …",
            "A in … → B in … → C in … → D in …",
        ),
        (
            MATCHING,  # each sentence completed with its partner
            "DeepSeek a publié R1; Nvidia a perdu 589 milliards; Les États-Unis a réagi",
            "DeepSeek released R1; Nvidia lost 589 billion; The United States reacted",
        ),
        (
            SORTING,
            "Pour\u00a0: Cela crée une dépendance; Cela fixe les normes"
            " / Contre\u00a0: C'est du partage; Tout le monde en profite",
            "For: It creates dependence; It sets the standards"
            " / Against: It is sharing; Everyone benefits",
        ),
    ],
)
def test_display_answer(item, fr, en):
    assert display_answer(item, "fr") == fr
    assert display_answer(item, "en") == en


def test_display_answer_accepts_a_full_locale():
    assert display_answer(numeric(1120.5), "fr_FR") == "1\u202f120,5"
    assert display_answer(numeric(1120.5), "en-GB") == "1,120.5"
