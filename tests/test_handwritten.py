"""Items written by hand in the teachers' form: built, scored, displayed, or refused."""

import dataclasses
import json

import pytest

from edu.quiz.handwritten import (
    HANDWRITTEN_TYPES,
    PROBLEMS,
    Written,
    build_item,
    key_for,
    parse_number,
)
from edu.quiz.items import GAP, Item
from edu.quiz.scoring import display_answer, score

ARTICLE = "stargate"


def build(**fields) -> Item:
    item = build_item(Written(**fields), ARTICLE, "hand-test")
    assert isinstance(item, Item), item
    assert item.id == f"{ARTICLE}/hand-test/{fields['type']}"
    assert item.article == ARTICLE and item.version == 0
    assert item.prompt == {"fr": fields["prompt_fr"], "en": fields["prompt_en"]}
    json.dumps([item.data, item.answer])  # JSON-ready
    return item


def problems(**fields) -> list[str]:
    fields.setdefault("prompt_fr", "Question ?")
    fields.setdefault("prompt_en", "Question?")
    result = build_item(Written(**fields), ARTICLE, "hand-test")
    assert isinstance(result, list), result
    assert all(code in PROBLEMS for code in result)
    return result


def credit(item: Item, answer, locale: str = "fr") -> float:
    return score(item, answer, locale).credit


# -- good items, every type --------------------------------------------------------------------

CHOICE = {
    "type": "choice",
    "prompt_fr": "Qui finance Stargate ?",
    "prompt_en": "Who funds Stargate?",
    "lines_fr": "~ Google\n= SoftBank\n~ Meta",
    "lines_en": "~ Google\n= SoftBank\n~ Meta Platforms",
}


def test_choice():
    item = build(**CHOICE)
    assert item.data["choices"] == [
        {"id": "c1", "text": {"fr": "Google", "en": "Google"}},
        {"id": "c2", "text": {"fr": "SoftBank", "en": "SoftBank"}},
        {"id": "c3", "text": {"fr": "Meta", "en": "Meta Platforms"}},
    ]
    assert item.answer == {"choice": "c2"}
    assert credit(item, "c2") == 1.0 and credit(item, "c2", "en") == 1.0
    assert credit(item, "c3") == 0.0
    assert display_answer(item, "fr") == "SoftBank"
    assert display_answer(item, "en") == "SoftBank"


def test_multiple_weighs_right_and_wrong_choices_like_moodle():
    item = build(
        type="multiple",
        prompt_fr="Quels pays sont en Europe ?",
        prompt_en="Which countries are in Europe?",
        lines_fr="= France\n~ Japon\n= Italie\n~ Chili",
        lines_en="= France\n~ Japan\n= Italy\n~ Chile",
    )
    assert item.answer == {"weights": {"c1": 50.0, "c2": -50.0, "c3": 50.0, "c4": -50.0}}
    assert credit(item, ["c1", "c3"]) == 1.0 and credit(item, ["c3", "c1"], "en") == 1.0
    assert credit(item, ["c1"]) == 0.5
    assert credit(item, ["c1", "c2"]) == 0.0
    assert display_answer(item, "fr") == "France; Italie"
    assert display_answer(item, "en") == "France; Italy"


def test_multiple_with_three_right_choices_still_earns_full_credit():
    item = build(
        type="multiple",
        prompt_fr="Lesquels ?",
        prompt_en="Which ones?",
        lines_fr="= a\n= b\n= c\n~ d",
        lines_en="= a\n= b\n= c\n~ d",
    )
    assert item.answer["weights"] == {"c1": 33.33333, "c2": 33.33333, "c3": 33.33333, "c4": -100}
    assert credit(item, ["c1", "c2", "c3"]) == 1.0
    assert credit(item, ["c1", "c2"]) < 1.0
    assert credit(item, ["c1", "c2", "c3", "c4"]) == 0.0


@pytest.mark.parametrize(
    ("truth", "value", "shown_fr", "shown_en"),
    [
        ("true", True, "Stargate coûte 500 milliards.", "Stargate costs 500 billion."),
        ("false", False, "Faux.", "False."),
    ],
)
def test_true_false(truth, value, shown_fr, shown_en):
    item = build(
        type="true-false",
        prompt_fr="Stargate coûte 500 milliards.",
        prompt_en="Stargate costs 500 billion.",
        truth=truth,
    )
    assert item.answer == {"value": value}
    assert credit(item, truth) == 1.0 and credit(item, truth, "en") == 1.0
    assert credit(item, "false" if value else "true") == 0.0
    assert display_answer(item, "fr") == shown_fr
    assert display_answer(item, "en") == shown_en


def test_numeric_with_unit_and_tolerance():
    item = build(
        type="numeric",
        prompt_fr=f"Le projet coûte {GAP} dollars.",
        prompt_en=f"The project costs {GAP} dollars.",
        value="1 120,5",
        tolerance="0.05",
        unit_fr="milliards de dollars",
        unit_en="billion dollars",
    )
    assert item.answer == {"value": 1120.5, "tolerance": 0.05}
    assert item.data == {"unit": {"fr": "milliards de dollars", "en": "billion dollars"}}
    assert credit(item, "1 120,5") == 1.0 and credit(item, "1,120.5", "en") == 1.0
    assert credit(item, "1100") == 1.0  # within 5 %
    assert credit(item, "1050") == 0.5  # a near miss: within twice the tolerance
    assert credit(item, "500") == 0.0
    assert display_answer(item, "fr") == "1\u202f120,5 milliards de dollars"
    assert display_answer(item, "en") == "1,120.5 billion dollars"


def test_numeric_without_unit_or_tolerance():
    item = build(type="numeric", prompt_fr="Combien ?", prompt_en="How many?", value="500")
    assert item.answer == {"value": 500, "tolerance": 0}
    assert item.data == {"unit": None}
    assert credit(item, "500") == 1.0 and credit(item, "500", "en") == 1.0
    assert credit(item, "501") < 1.0
    assert display_answer(item, "fr") == "500"
    assert display_answer(item, "en") == "500"


def test_tolerance_in_percent():
    item = build(
        type="numeric", prompt_fr="Combien ?", prompt_en="How many?", value="10", tolerance="5 %"
    )
    assert item.answer["tolerance"] == 0.05


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1120.5", "1120.5"),
        ("1120,5", "1120.5"),
        ("1 120,5", "1120.5"),
        ("1\u202f120.5", "1120.5"),
        ("1 000 000", "1000000"),
        ("-3", "-3"),
        ("\u22122,5", "-2.5"),
        ("0", "0"),
    ],
)
def test_parse_number(text, number):
    assert str(parse_number(text)) == number


@pytest.mark.parametrize("text", ["", "abc", "1,120.5", "1 12", "1e3", "NaN", "12 dollars", "1..2"])
def test_parse_number_refuses(text):
    assert parse_number(text) is None


def test_cloze():
    item = build(
        type="cloze",
        prompt_fr=f"Le « moment {GAP} » de l'IA.",
        prompt_en=f"AI's “{GAP} moment”.",
        answer_fr="Spoutnik",
        answer_en="Sputnik",
    )
    assert item.answer == {"fr": "Spoutnik", "en": "Sputnik"}
    assert credit(item, "spoutnik") == 1.0 and credit(item, "Sputnik", "en") == 1.0
    assert credit(item, "Apollo") == 0.0
    assert display_answer(item, "fr") == "Spoutnik"
    assert display_answer(item, "en") == "Sputnik"


def test_ordering_hides_the_order():
    item = build(
        type="ordering",
        prompt_fr="Dans l'ordre :",
        prompt_en="In order:",
        lines_fr="Spoutnik\nApollo 11\nISS",
        lines_en="Sputnik\nApollo 11\nISS",
    )
    entries = item.data["entries"]
    assert [entry["id"] for entry in entries] == ["e1", "e2", "e3"]
    texts = {entry["id"]: entry["text"]["en"] for entry in entries}
    assert [texts[entry_id] for entry_id in item.answer["order"]] == ["Sputnik", "Apollo 11", "ISS"]
    assert item.answer["order"] != ["e1", "e2", "e3"]  # the form does not show the answer
    assert credit(item, item.answer["order"]) == 1.0
    assert credit(item, list(reversed(item.answer["order"])), "en") == 0.0
    assert display_answer(item, "fr") == "Spoutnik → Apollo 11 → ISS"
    assert display_answer(item, "en") == "Sputnik → Apollo 11 → ISS"


def test_matching():
    item = build(
        type="matching",
        prompt_fr="Associez :",
        prompt_en="Match:",
        lines_fr="OpenAI -> États-Unis\nMistral → France\nAnthropic -> États-Unis\n"
        "DeepSeek -> Chine",
        lines_en="OpenAI -> United States\nMistral → France\nAnthropic -> United States\n"
        "DeepSeek -> China",
    )
    assert [entry["id"] for entry in item.data["left"]] == ["l1", "l2", "l3", "l4"]
    rights = {entry["id"]: entry["text"]["en"] for entry in item.data["right"]}
    assert sorted(rights.values()) == ["China", "France", "United States"]  # offered once each
    pairs = item.answer["pairs"]
    assert [rights[pairs[f"l{n}"]] for n in range(1, 5)] == [
        "United States",
        "France",
        "United States",
        "China",
    ]
    assert credit(item, pairs) == 1.0 and credit(item, pairs, "en") == 1.0
    wrong = {**pairs, "l1": pairs["l2"]}
    assert credit(item, wrong) == 0.75
    assert display_answer(item, "fr") == (
        "OpenAI → États-Unis; Mistral → France; Anthropic → États-Unis; DeepSeek → Chine"
    )
    assert display_answer(item, "en") == (
        "OpenAI → United States; Mistral → France; Anthropic → United States; DeepSeek → China"
    )


def test_sorting():
    item = build(
        type="sorting",
        prompt_fr="Faut-il réguler l'IA ?",
        prompt_en="Should AI be regulated?",
        lines_fr="+ Protéger le public\n- Freiner l'innovation\n+ Clarifier les règles",
        lines_en="+ Protect the public\n- Slow innovation down\n+ Make the rules clear",
    )
    entries = {entry["id"]: entry["text"]["en"] for entry in item.data["entries"]}
    sides = item.answer["sides"]
    assert {entries[key]: side for key, side in sides.items()} == {
        "Protect the public": "for",
        "Slow innovation down": "against",
        "Make the rules clear": "for",
    }
    assert credit(item, sides) == 1.0 and credit(item, sides, "en") == 1.0
    flipped = {key: "against" if side == "for" else "for" for key, side in sides.items()}
    assert credit(item, flipped) == 0.0
    shown = display_answer(item, "fr")
    assert shown.startswith("Pour\u00a0: ")
    assert shown.endswith(" / Contre\u00a0: Freiner l'innovation")
    assert "Protéger le public" in shown and "Clarifier les règles" in shown
    assert display_answer(item, "en").endswith(" / Against: Slow innovation down")


def test_blank_lines_are_ignored_and_items_are_stable():
    fields = {**CHOICE, "lines_fr": "\n~ Google\n\n= SoftBank\n~ Meta\n"}
    assert build(**fields) == build(**CHOICE)


def test_every_type_builds():
    assert set(HANDWRITTEN_TYPES) == {
        "choice",
        "multiple",
        "true-false",
        "numeric",
        "cloze",
        "ordering",
        "matching",
        "sorting",
    }


# -- problems ----------------------------------------------------------------------------------

BAD_EXAMPLES = [
    ("unknown-type", {"type": "essay"}),
    ("prompt-missing", {**CHOICE, "prompt_en": ""}),
    ("lines-mismatch", {**CHOICE, "lines_en": "~ Google\n= SoftBank"}),
    ("too-few-lines", {"type": "ordering", "lines_fr": "a\nb", "lines_en": "a\nb"}),
    ("too-few-lines", {"type": "choice", "lines_fr": "= a", "lines_en": "= a"}),
    ("line-empty", {"type": "choice", "lines_fr": "= a\n~", "lines_en": "= a\n~ b"}),
    ("duplicate-line", {"type": "choice", "lines_fr": "= a\n~ A", "lines_en": "= a\n~ b"}),
    ("bad-marker", {"type": "choice", "lines_fr": "= a\nb", "lines_en": "= a\nb"}),
    ("markers-disagree", {"type": "choice", "lines_fr": "= a\n~ b", "lines_en": "~ a\n= b"}),
    ("no-right-choice", {"type": "choice", "lines_fr": "~ a\n~ b", "lines_en": "~ a\n~ b"}),
    ("no-right-choice", {"type": "multiple", "lines_fr": "~ a\n~ b", "lines_en": "~ a\n~ b"}),
    ("several-right-choices", {"type": "choice", "lines_fr": "= a\n= b", "lines_en": "= a\n= b"}),
    (
        "bad-pair",
        {"type": "matching", "lines_fr": "a -> 1\nb 2\nc -> 3", "lines_en": "a->1\nb->2\nc->3"},
    ),
    (
        "bad-pair",
        {"type": "matching", "lines_fr": "a -> 1\nb->2->3\nc->3", "lines_en": "a->1\nb->2\nc->3"},
    ),
    (
        "same-right",
        {"type": "matching", "lines_fr": "a->1\nb->1\nc->1", "lines_en": "a->1\nb->1\nc->1"},
    ),
    ("bad-side", {"type": "sorting", "lines_fr": "+ a\nb", "lines_en": "+ a\n- b"}),
    ("markers-disagree", {"type": "sorting", "lines_fr": "+ a\n- b", "lines_en": "- a\n+ b"}),
    ("one-sided", {"type": "sorting", "lines_fr": "+ a\n+ b", "lines_en": "+ a\n+ b"}),
    ("truth-missing", {"type": "true-false"}),
    ("value-missing", {"type": "numeric"}),
    ("not-a-number", {"type": "numeric", "value": "mille"}),
    ("not-a-number", {"type": "numeric", "value": "1,120.5"}),
    ("tolerance-not-a-number", {"type": "numeric", "value": "3", "tolerance": "a bit"}),
    ("tolerance-out-of-range", {"type": "numeric", "value": "3", "tolerance": "2"}),
    ("tolerance-out-of-range", {"type": "numeric", "value": "3", "tolerance": "-0.1"}),
    ("unit-missing", {"type": "numeric", "value": "3", "unit_fr": "km"}),
    ("gap-missing", {"type": "numeric", "value": "3", "prompt_fr": f"{GAP} km"}),
    ("gap-missing", {"type": "cloze", "answer_fr": "a", "answer_en": "a"}),
    (
        "gap-repeated",
        {"type": "cloze", "prompt_fr": f"{GAP} {GAP}", "prompt_en": GAP, "answer_fr": "a"},
    ),
    ("answer-missing", {"type": "cloze", "prompt_fr": GAP, "prompt_en": GAP, "answer_fr": "a"}),
]


@pytest.mark.parametrize(("code", "fields"), BAD_EXAMPLES)
def test_problem(code, fields):
    assert code in problems(**fields)


def test_every_problem_has_an_example():
    assert {code for code, _ in BAD_EXAMPLES} == set(PROBLEMS)
    assert all(isinstance(text, str) and text for text in PROBLEMS.values())


def test_problems_are_all_listed_once():
    found = problems(
        type="numeric", prompt_fr="", prompt_en=GAP, value="x", tolerance="2", unit_en="km"
    )
    assert found == [
        "prompt-missing",
        "not-a-number",
        "tolerance-out-of-range",
        "unit-missing",
    ]
    assert problems(type="choice", lines_fr="a\nb", lines_en="c\nd") == ["bad-marker"]


def test_a_good_item_with_a_missing_prompt_is_refused():
    assert problems(**{**CHOICE, "prompt_fr": ""}) == ["prompt-missing"]


def test_written_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Written(type="choice", prompt_fr="a", prompt_en="b").type = "numeric"  # type: ignore[misc]


# -- keys ------------------------------------------------------------------------------------


def test_key_for():
    key = key_for("Who funds the Stargate project?", set())
    assert key == "hand-who-funds-the-stargate-project"
    key = key_for("Who funds Stargate?", {"hand-who-funds-stargate"})
    assert key == "hand-who-funds-stargate-2"
    taken = {"hand-who-funds-stargate", "hand-who-funds-stargate-2"}
    assert key_for("Who funds Stargate?", taken) == "hand-who-funds-stargate-3"
    assert key_for(f"Café {GAP} ?!", set()) == "hand-cafe"
    assert key_for("", set()) == "hand-item"
    long = key_for("one two three four five six seven eight", set())
    assert long == "hand-one-two-three-four-five-six"
    assert key_for("x" * 80 + " y", set()) == "hand-" + "x" * 40
