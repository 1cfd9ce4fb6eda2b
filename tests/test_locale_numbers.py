"""Numbers, percentages and dates in the reader's language: `1,120.5`, `5.4%` and `1 Dec 2026`
in English (en_GB conventions unless the school says otherwise), `1 120,5`, `5,4 %` and
`1 déc. 2026` in French; answers to matching and sorting questions shown in words."""

import datetime as dt
import re

import pytest

from edu.i18n import format_locale_for, format_number, format_share, format_when
from edu.quiz.items import GAP, Item
from edu.quiz.scoring import display_answer, display_given, with_unit
from tests.test_quiz_pages import ENGLISH, FRENCH, post_answer, start, use_plan

NARROW = "\u202f"  # Babel's French thousands separator
NBSP = "\u00a0"  # before % and : in French
GDP = "hundred-deepseeks/gdp-q1/numeric"  # 5.4 %
COST = "deepseek-shock/r1-development-cost/numeric"
MATCH = "deepseek-shock/match-person/matching"
SORT = "deepseek-shock/big-money-still-key/sorting"


def t(fr, en=None):
    return {"fr": fr, "en": en if en is not None else fr}


# -- the rules, directly --------------------------------------------------------------------------


def test_english_is_written_the_british_way_unless_the_school_says_otherwise():
    assert str(format_locale_for("en")) == "en_GB"
    assert str(format_locale_for("en", "en_US")) == "en_US"
    assert str(format_locale_for("fr", "en_US")) == "fr"
    assert str(format_locale_for("en", "not a locale")) == "en"  # a typo never breaks pages


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "5.4%"), ("fr", f"5,4{NBSP}%")],
)
def test_a_percentage_answer_follows_the_language(language, shown):
    assert with_unit(5.4, "%", language) == shown
    assert with_unit(1, "% of the cost", "en") == "1% of the cost"
    assert with_unit(1120.5, "milliards", "fr") == f"1{NARROW}120,5 milliards"


MATCHING = Item(
    id="a/m/matching",
    type="matching",
    article="a",
    prompt=t("Associez.", "Match."),
    answer={"pairs": {"l1": "r1", "l2": "r2", "l3": "r3"}},
    data={
        "left": [
            {"id": "l1", "text": t(f"Qwen est développé par {GAP}.", f"Qwen is built by {GAP}.")},
            {"id": "l2", "text": t("DeepSeek")},
            {"id": "l3", "text": t(f"{GAP} vend des puces.", f"{GAP} sells chips.")},
        ],
        "right": [
            {"id": "r1", "text": t("Alibaba")},
            {"id": "r2", "text": t("High-Flyer")},
            {"id": "r3", "text": t("Nvidia")},
        ],
    },
)
SORTING = Item(
    id="a/q/sorting",
    type="sorting",
    article="a",
    prompt=t("Motion", "Motion"),
    answer={"sides": {"a": "for", "b": "against", "c": "for"}},
    data={
        "entries": [
            {"id": "a", "text": t("Un.", "One.")},
            {"id": "b", "text": t("Deux.", "Two.")},
            {"id": "c", "text": t("Trois.", "Three.")},
        ]
    },
)
ORDERING = Item(
    id="a/o/ordering",
    type="ordering",
    article="a",
    prompt=t("Ordre", "Order"),
    answer={"order": ["x", "y"]},
    data={
        "entries": [
            {"id": "y", "text": t(f"B en {GAP}.", f"B in {GAP}.")},
            {"id": "x", "text": t("A.")},
        ]
    },
)


def test_a_matching_answer_reads_as_sentences_not_gaps():
    shown = display_given(MATCHING, {"l1": "r3", "l2": "r2"}, "en")
    assert shown == "Qwen is built by Nvidia; DeepSeek → High-Flyer; … sells chips → no answer"
    assert display_answer(MATCHING, "fr") == (
        "Qwen est développé par Alibaba; DeepSeek → High-Flyer; Nvidia vend des puces"
    )
    assert GAP not in display_answer(MATCHING, "en")


def test_a_sorting_answer_is_grouped_by_side_in_the_language():
    assert display_given(SORTING, {"a": "against", "c": "for"}, "en") == (
        "For: Three / Against: One / Not sorted: Two"
    )
    assert display_given(SORTING, {"a": "for", "b": "against", "c": "for"}, "fr") == (
        f"Pour{NBSP}: Un; Trois / Contre{NBSP}: Deux"
    )
    words = {"for": "PRO", "against": "CON"}  # the page passes its translated words
    assert display_given(SORTING, {"a": "for", "b": "for", "c": "for"}, "en", words) == (
        "PRO: One; Two; Three / CON: —"
    )


def test_an_ordering_answer_is_the_learners_order_without_gaps():
    assert display_given(ORDERING, ["y", "x"], "en") == "B in … → A"
    assert display_answer(ORDERING, "en") == "A → B in …"


@pytest.mark.parametrize("answer", ["r1", ["l1"], {"l1": ["r1"]}, 12])
def test_an_answer_of_an_odd_shape_is_shown_as_stored(answer):
    assert isinstance(display_given(MATCHING, answer, "en"), str)


# -- in a request ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "number", "share", "when"),
    [
        (ENGLISH, "1,120.5", "75%", "1 Dec 2026, 14:30"),
        (FRENCH, f"1{NARROW}120,5", f"75{NBSP}%", "1 déc. 2026, 14:30"),
    ],
)
def test_values_are_formatted_for_the_interface_language(app, headers, number, share, when):
    moment = dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.UTC)  # 14:30 in Paris
    with app.test_request_context("/", headers=headers):
        assert format_number(1120.5) == number
        assert format_share(0.75) == share
        assert format_when(moment) == when


def test_a_school_may_write_english_dates_the_american_way(app):
    app.config["ENGLISH_FORMAT_LOCALE"] = "en_US"
    with app.test_request_context("/", headers=ENGLISH):
        assert format_when(dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.UTC)) == (
            f"Dec 1, 2026, 2:30{NARROW}PM"
        )


@pytest.mark.parametrize(
    ("headers", "example"), [(ENGLISH, "1,120.5"), (FRENCH, f"1{NARROW}120,5")]
)
def test_the_numeric_hint_writes_the_example_in_the_language(app, client, headers, example):
    public_id = start(client, headers=headers)
    use_plan(app, public_id, [COST])
    page = client.get(f"/attempts/{public_id}/questions/1", headers=headers).get_data(as_text=True)
    (hint,) = re.findall(r'<p class="hint">([^<]*)</p>', page)
    assert hint.endswith(example)
    wrong = "cinq"
    response = post_answer(client, public_id, 1, {"answer": wrong}, headers)
    assert example in response.get_data(as_text=True)  # "write it like this: …"


@pytest.mark.parametrize(
    ("headers", "typed", "shown", "dated"),
    [
        (ENGLISH, "5.4", "5.4%", r"\d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d"),
        (FRENCH, "5,4", f"5,4{NBSP}%", r"\d{1,2} [a-zéû]{3,4}\.? 20\d\d, \d\d:\d\d"),
    ],
)
def test_a_percentage_answer_and_the_results_follow_the_language(
    app, client, headers, typed, shown, dated
):
    public_id = start(client, slug="hundred-deepseeks", headers=headers)
    use_plan(app, public_id, [GDP])
    response = post_answer(client, public_id, 1, {"answer": typed}, headers)
    page = client.get(response.headers["Location"], headers=headers).get_data(as_text=True)
    assert f'class="right-answer">{shown}</p>' in page
    results = client.get(f"/attempts/{public_id}", headers=headers).get_data(as_text=True)
    assert ("100%" if headers is ENGLISH else f"100{NBSP}%") in results
    assert re.search(dated, results), "the date of the attempt, day first"
    mine = client.get("/me/results", headers=headers).get_data(as_text=True)
    assert re.search(dated, mine)


def test_matching_and_sorting_answers_read_in_words_on_the_results(app, client):
    public_id = start(client, headers=ENGLISH)
    use_plan(app, public_id, [MATCH, SORT])
    assert post_answer(client, public_id, 1, {"match-l1": "r2"}, ENGLISH).status_code == 302
    sides = {"side-a1": "for", "side-a3": "against"}
    assert post_answer(client, public_id, 2, sides, ENGLISH).status_code == 302
    page = client.get(f"/attempts/{public_id}", headers=ENGLISH).get_data(as_text=True)
    # Each answer given is a short list below its label, one entry a line, not one run-on line.
    answers = re.findall(
        r"<strong>Your answer:</strong>[^<]*</p>\s*<div[^>]*given-answer[^>]*>(.*?)</div>",
        page,
        re.S,
    )
    pairs = re.findall(r"<li>(.*?)</li>", answers[0])
    assert pairs[0] == "Elon Musk suspects DeepSeek of secretly using banned components."
    assert pairs[1].startswith("Investor … has called") and pairs[1].endswith(" → no answer")
    assert "<strong>For:</strong>" in answers[1] and "<strong>Against:</strong>" in answers[1]
    assert "<strong>Not sorted:</strong>" in answers[1]
    sides = re.findall(r"<strong>([^<]*)</strong>\s*<ul[^>]*>\s*<li>([^<]*)", answers[1])
    assert sides[0][0] == "For:" and sides[0][1].startswith("With a reported budget of just $5.6")
    assert sides[1][0] == "Against:" and sides[1][1].startswith("The $5.6 million figure")
    assert GAP not in page
    french = client.get(f"/attempts/{public_id}", headers=FRENCH).get_data(as_text=True)
    assert f"<strong>Pour{NBSP}:</strong>" in french and "Avec seulement 5,6 millions" in french
    assert "Non classé" in french
