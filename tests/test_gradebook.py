"""The gradebook domain (edu/gradebook): item analysis, safe CSV export, inline SVG charts."""

import ast
import csv
import io
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from edu.gradebook.analysis import ItemStats, item_analysis, score_distribution
from edu.gradebook.charts import BAR_WIDTH, PLOT_HEIGHT, SVG_NS, bar_chart, histogram
from edu.gradebook.csv_export import safe_cell, write_csv

PACKAGE = Path(__file__).resolve().parent.parent / "edu" / "gradebook"
SVG = f"{{{SVG_NS}}}"

# Four learners, three right/wrong items: small enough to check every number by hand.
CLASS = {
    "ana": {"q1": 1, "q2": 1, "q3": 1},
    "ben": {"q1": 1, "q2": 1, "q3": 0},
    "chloe": {"q1": 1, "q2": 0, "q3": 1},
    "dev": {"q1": 0, "q2": 0, "q3": 0},
}


def textbook_point_biserial(credits, rests):
    """r_pb = (M1 - M0) / s_n × sqrt(p q), the formula for a right/wrong item."""
    right = [rest for credit, rest in zip(credits, rests, strict=True) if credit == 1]
    wrong = [rest for credit, rest in zip(credits, rests, strict=True) if credit == 0]
    p = len(right) / len(credits)
    spread = statistics.pstdev(rests)
    return (statistics.fmean(right) - statistics.fmean(wrong)) / spread * math.sqrt(p * (1 - p))


def stats_by_item(scores, **kwargs):
    return {stats.item: stats for stats in item_analysis(scores, **kwargs)}


# --- item analysis -------------------------------------------------------------------------


def test_package_imports_only_the_standard_library():
    for module in PACKAGE.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, module
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, (module.name, name)


def test_difficulty_and_discrimination_computed_by_hand():
    stats = stats_by_item(CLASS)
    assert [s.answered for s in stats.values()] == [4, 4, 4]
    assert stats["q1"].difficulty == 0.75
    assert stats["q2"].difficulty == stats["q3"].difficulty == 0.5
    # q1 rest scores (mean of q2, q3): ana 1, ben 0.5, chloe 0.5, dev 0.
    assert stats["q1"].discrimination == pytest.approx(math.sqrt(2 / 3))
    assert stats["q1"].discrimination == pytest.approx(
        textbook_point_biserial([1, 1, 1, 0], [1, 0.5, 0.5, 0])
    )
    # q2 rest scores (mean of q1, q3): ana 1, ben 0.5, chloe 1, dev 0.
    assert stats["q2"].discrimination == pytest.approx(1 / math.sqrt(11))
    assert stats["q2"].discrimination == pytest.approx(
        textbook_point_biserial([1, 1, 0, 0], [1, 0.5, 1, 0])
    )
    # Groups of max(1, round(0.27 × 4)) = 1: ana (best rest) got q1, dev (worst) did not.
    assert stats["q1"].upper_lower == 1
    assert stats["q1"].flag == "too-few"  # four answers: too few to judge the question


def test_partial_credit_and_missing_responses():
    scores = {
        "ana": {"q1": 1, "q2": 1, "q3": 1, "q4": 0.5},
        "ben": {"q1": 1, "q2": 1, "q3": 0, "q4": 1},
        "chloe": {"q1": 1, "q2": 0, "q3": 0, "q4": 0},
        "dev": {"q1": 0, "q2": 0, "q3": 1, "q4": 0},
        "eli": {"q1": 0, "q2": 1, "q3": 0},  # never answered q4
    }
    stats = stats_by_item(scores)
    assert stats["q4"].answered == 4
    assert stats["q4"].difficulty == pytest.approx(1.5 / 4)
    assert stats["q4"].discrimination == pytest.approx(
        statistics.correlation([0.5, 1, 0, 0], [1, 2 / 3, 1 / 3, 1 / 3])
    )
    # Eli's rest score for q1 counts only the q2 and q3 he answered: 0.5.
    assert stats["q1"].discrimination == pytest.approx(
        statistics.correlation([1, 1, 1, 0, 0], [2.5 / 3, 2 / 3, 0, 1 / 3, 0.5])
    )


def test_item_that_strong_learners_miss_has_negative_discrimination():
    strong = {"a": 1, "b": 1, "c": 1, "trap": 0}
    weak = {"a": 0, "b": 0, "c": 0, "trap": 1}
    stats = stats_by_item({"s1": strong, "s2": strong, "w1": weak, "w2": weak})
    assert stats["trap"].discrimination == pytest.approx(-1)
    assert stats["trap"].upper_lower == -1
    assert stats["trap"].flag == "too-few"  # four answers: see tests/test_charts.py


def test_single_learner_gives_no_correlation():
    [stats] = item_analysis({"ana": {"q1": 0.5}})
    assert stats == ItemStats("q1", 1, 0.5, None, None)


def test_everybody_equal_gives_no_discrimination():
    scores = {
        "a": {"q1": 1, "q2": 1},
        "b": {"q1": 1, "q2": 0},
        "c": {"q1": 1, "q2": 1},
        "d": {"q1": 1, "q2": 0},
    }
    stats = stats_by_item(scores)
    assert stats["q1"].discrimination is None  # everybody got q1: its credit never varies
    assert stats["q2"].discrimination is None  # q2's rest score (q1) never varies
    assert stats["q1"].upper_lower == 0
    assert stats["q1"].flag == "too-few"  # four answers: see tests/test_charts.py


def test_counts_only_learners_with_a_rest_score():
    scores = {
        "a": {"q1": 1, "q2": 1},
        "b": {"q1": 0, "q2": 0},
        "c": {"q1": 1, "q2": 0},
        "d": {"q1": 1},  # answered q1 only: no rest score, so not in the correlation
    }
    stats = stats_by_item(scores)["q1"]
    assert stats.answered == 4
    assert stats.difficulty == 0.75
    assert stats.discrimination == pytest.approx(0.5)
    assert stats.upper_lower is None  # only 3 learners with a rest score


def test_order_first_then_first_appearance():
    scores = {"a": {"q2": 1, "q1": 0}, "b": {"q3": 1, "q1": 1}}
    assert [s.item for s in item_analysis(scores)] == ["q2", "q1", "q3"]
    ordered = item_analysis(scores, order=["q3", "unknown", "q1", "q3"])
    assert [s.item for s in ordered] == ["q3", "q1", "q2"]


@pytest.mark.parametrize("credit", [1.5, -0.1, math.nan])
def test_refuses_credit_outside_zero_one(credit):
    with pytest.raises(ValueError):
        item_analysis({"a": {"q1": credit}})


@pytest.mark.parametrize(
    ("difficulty", "discrimination", "flag"),
    [
        (0.19, 0.5, "too-hard"),
        (0.2, 0.5, None),
        (0.9, 0.5, None),
        (0.91, 0.5, "too-easy"),
        (0.5, 0.2, None),
        (0.5, 0.19, "poor-discrimination"),
        (0.5, -0.4, "poor-discrimination"),
        (0.5, None, None),
        (0.1, -0.4, "too-hard"),
    ],
)
def test_flags(difficulty, discrimination, flag):
    assert ItemStats("q", 10, difficulty, discrimination, None).flag == flag


def test_score_distribution():
    assert score_distribution([0, 0.2, 0.3, 0.39999, 0.4, 0.99, 1.0]) == [1, 3, 1, 0, 2]
    assert score_distribution([0.3, 0.7], bins=10) == [0, 0, 0, 1, 0, 0, 0, 1, 0, 0]
    assert score_distribution([], bins=3) == [0, 0, 0]
    assert score_distribution([1.0], bins=1) == [1]
    with pytest.raises(ValueError):
        score_distribution([1.2])
    with pytest.raises(ValueError):
        score_distribution([0.5], bins=0)


# --- CSV export ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-0.5"]
)
def test_formula_like_text_is_neutralised(name):
    assert safe_cell(name) == "'" + name


@pytest.mark.parametrize(
    ("value", "text"),
    [("Zoé", "Zoé"), (-0.5, "-0.5"), (-3, "-3"), (0.75, "0.75"), (Decimal("-1.5"), "-1.5")],
)
def test_plain_text_and_our_numbers_stay(value, text):
    assert safe_cell(value) == text


def test_none_is_an_empty_cell():
    assert safe_cell(None) == ""


def test_write_csv_round_trips_through_a_csv_reader():
    rows = [
        ["Prénom", "Score", "Note"],
        ["Zoé", 0.75, 'dit "bonjour", puis\npart'],
        ['=HYPERLINK("http://x")', -0.5, None],
        ["@SUM(A1)", 1, "-2+3"],
    ]
    text = write_csv(rows)
    assert text.startswith("\ufeff")
    assert text.count("\r\n") == len(rows)
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert parsed == [
        ["Prénom", "Score", "Note"],
        ["Zoé", "0.75", 'dit "bonjour", puis\npart'],
        ['\'=HYPERLINK("http://x")', "-0.5", ""],
        ["'@SUM(A1)", "1", "'-2+3"],
    ]


def test_write_csv_of_nothing_is_just_the_bom():
    assert write_csv([]) == "\ufeff"


# --- charts --------------------------------------------------------------------------------


def bars(svg):
    tree = ET.fromstring(svg)
    return tree, [g for g in tree.iter(f"{SVG}g") if g.get("class") == "bar"]


def part(bar, css_class):
    return next(element for element in bar.iter() if element.get("class") == css_class)


def test_bar_chart_is_an_accessible_svg():
    svg = bar_chart([0.25, 0.5, 1], ["Q1", "Q2", "Q3"], title="Réussite par question")
    tree, rows = bars(svg)
    assert tree.tag == f"{SVG}svg"
    assert tree.get("role") == "img"
    assert tree.get("aria-label") == "Réussite par question"
    assert tree.find(f"{SVG}title").text == "Réussite par question"
    assert len(rows) == 3
    assert rows[0].find(f"{SVG}title").text == "Q1: 25%"
    assert float(part(rows[1], "bar-value").get("width")) == BAR_WIDTH / 2
    taller, _ = bars(bar_chart([0] * 6, ["x"] * 6, title="t"))
    assert float(tree.get("height")) < float(taller.get("height"))


def test_bar_chart_escapes_user_text():
    label = "<script>alert(1)</script>"
    svg = bar_chart([0.5], [label], title='Zoé & "Léo" <b>')
    tree, [row] = bars(svg)
    assert "<script" not in svg
    assert not [element for element in tree.iter() if element.tag.endswith("script")]
    assert row.find(f"{SVG}title").text == f"{label}: 50%"
    assert tree.get("aria-label") == 'Zoé & "Léo" <b>'


def test_bar_chart_clamps_values_and_formats_them_for_the_locale():
    svg = bar_chart(
        [1.5, -0.2, math.nan],
        ["a", "b", "c"],
        title="t",
        value_format=lambda v: f"{v * 100:.0f} %".replace(".", ","),
    )
    _, rows = bars(svg)
    assert [float(part(row, "bar-value").get("width")) for row in rows] == [BAR_WIDTH, 0, 0]
    assert part(rows[0], "bar-number").text == "100 %"
    score_svg = bar_chart([25], ["Zoé"], title="t", maximum=20, value_format=str)
    _, [row] = bars(score_svg)
    assert float(part(row, "bar-value").get("width")) == BAR_WIDTH


def test_bar_chart_survives_awkward_labels():
    long_label = "Une question dont l'intitulé est vraiment très long"
    _, rows = bars(bar_chart([0.5, 0.5], [long_label, "nul\x00\x1bcar"], title="t\x0c"))
    assert part(rows[0], "bar-label").text.endswith("…")
    assert rows[0].find(f"{SVG}title").text == f"{long_label}: 50%"
    assert part(rows[1], "bar-label").text == "nulcar"


def test_empty_charts_are_valid_and_draw_nothing():
    for svg in (bar_chart([], [], title="Rien"), histogram([], [], title="Rien")):
        tree, rows = bars(svg)
        assert rows == []
        assert tree.find(f"{SVG}title").text == "Rien"


def test_histogram_columns_scale_to_the_tallest():
    svg = histogram([1, 0, 4], ["0–33 %", "33–67 %", "67–100 %"], title="Scores")
    _, columns = bars(svg)
    heights = [float(part(column, "bar-value").get("height")) for column in columns]
    assert heights == [PLOT_HEIGHT / 4, 0, PLOT_HEIGHT]
    assert columns[2].find(f"{SVG}title").text == "67–100 %: 4"
    assert part(columns[2], "bar-number").text == "4"


def test_charts_reference_nothing_outside():
    charts = [
        bar_chart([0.5, 1], ["Zoé", "Léo"], title="Scores"),
        histogram([2, 3], ["bas", "haut"], title="Répartition"),
    ]
    for svg in charts:
        assert "http" not in svg.replace(SVG_NS, "")
        for forbidden in ("<script", "<style", "style=", "href", "url(", "<image", "<foreign"):
            assert forbidden not in svg


@pytest.mark.parametrize(
    "call",
    [
        lambda: bar_chart([0.5], [], title="t"),
        lambda: bar_chart([0.5], ["a"], title="t", maximum=0),
        lambda: histogram([1, 2], ["a"], title="t"),
        lambda: histogram([-1], ["a"], title="t"),
    ],
)
def test_charts_refuse_inconsistent_input(call):
    with pytest.raises(ValueError):
        call()
