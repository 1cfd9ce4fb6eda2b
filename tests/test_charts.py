"""Charts a teacher can read: "–" for work with no score, histogram labels that never overlap,
and no verdict on a question from fewer than five answers."""

import itertools
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from edu.extensions import db
from edu.gradebook import charts
from edu.gradebook.analysis import MIN_TO_JUDGE, ItemStats, item_analysis
from edu.models import SchoolClass
from edu.services import classes
from tests.classes_helpers import create_class, teacher_client
from tests.test_assignments import (
    ENGLISH,
    FRENCH,
    answer_all,
    first_article,
    only_assignment,
    pupil_client,
    set_quiz,
    start,
)

SVG = f"{{{charts.SVG_NS}}}"


def groups(svg):
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "bar"]


def texts(svg, css_class):
    return [t for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("class") == css_class]


# -- no score is not 0 % ---------------------------------------------------------------------------


def test_work_with_no_score_is_a_dash_not_zero():
    svg = charts.bar_chart([None, 0.0, float("nan")], ["a", "b", "c"], title="t", missing="rien")
    rows = groups(svg)
    numbers = [
        next(e for e in row.iter() if "bar-number" in (e.get("class") or "")) for row in rows
    ]
    assert [n.text for n in numbers] == ["–", "0%", "–"]
    assert [row.find(f"{SVG}title").text for row in rows] == ["a: rien", "b: 0%", "c: rien"]
    assert "no-value" in numbers[0].get("class") and "no-value" not in numbers[1].get("class")


def test_the_gradebook_chart_says_no_score_for_work_nobody_did(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    with app.app_context():
        school_class = db.session.scalar(select(SchoolClass))
        classes.add_pupil(db.session, school_class, "Zoé")
        db.session.commit()
    for headers, missing in ((FRENCH, "pas de score"), (ENGLISH, "no score")):
        page = teacher.get(f"{url}/gradebook", headers=headers).get_data(as_text=True)
        svg = page[page.index("<svg") : page.index("</svg>") + 6]
        [row] = groups(svg)
        assert row.find(f"{SVG}title").text.endswith(f": {missing}")
        number = next(e for e in row.iter() if "bar-number" in (e.get("class") or ""))
        assert number.text == "–"
        assert "0\u00a0%" not in svg and "0 %" not in svg and "0%" not in svg


# -- labels that never overlap ---------------------------------------------------------------------


def boxes(svg, css_class="bar-label"):
    """Each label's [left, right] from its anchor and the width estimate the layout uses."""
    result = []
    for text in texts(svg, css_class):
        x, width = float(text.get("x")), charts.text_width(text.text or "")
        anchor = text.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        result.append((left, left + width))
    return result


@pytest.mark.parametrize(
    "labels",
    [
        [f"{i * 5}\u00a0%–{(i + 1) * 5}\u00a0%" for i in range(20)],  # many bins, French
        ["0 %–20 %", "20 %–40 %", "40 %–60 %", "60 %–80 %", "80 %–100 %"],
        ["WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "MMMMMMMM", "i", "Une très longue étiquette"],
        ["学习成绩很好的学生们"] * 6,
        ["a"] * 3,
    ],
)
def test_histogram_labels_never_overlap_and_stay_inside(labels):
    svg = charts.histogram(list(range(len(labels))), labels, title="t")
    width = float(ET.fromstring(svg).get("width"))
    placed = boxes(svg)
    assert len(placed) == len(labels)
    for (_, right), (left, _) in itertools.pairwise(placed):
        assert right + charts.LABEL_GAP / 2 <= left, placed
    assert placed[0][0] >= 0 and placed[-1][1] <= width
    # Columns stay inside their slot too, and the full label is kept in each title.
    for group, label in zip(groups(svg), labels, strict=True):
        assert group.find(f"{SVG}title").text.startswith(label)


def test_bar_labels_and_values_stay_inside_the_chart():
    labels = ["W" * 40, "Quiz : « Les puces d’Huawei et la souveraineté »", "Zoé"]
    svg = charts.bar_chart([0.5, None, 1], labels, title="t", value_format=lambda v: f"{v:.1%} !")
    width = float(ET.fromstring(svg).get("width"))
    for left, _right in boxes(svg):
        assert left >= 0
    for _left, right in boxes(svg, "bar-number") + boxes(svg, "bar-number no-value"):
        assert right <= width


def test_the_width_estimate_is_wider_for_wide_letters():
    assert charts.text_width("WWW") > charts.text_width("www") > charts.text_width("iii")
    assert charts.text_width("学") >= charts.FONT_SIZE
    assert charts.text_width("") == 0


# -- no verdict on too few answers -----------------------------------------------------------------


def test_fewer_than_five_answers_are_too_few_to_judge():
    assert ItemStats("q", MIN_TO_JUDGE - 1, 0.0, -1.0, None).flag == "too-few"
    assert ItemStats("q", MIN_TO_JUDGE, 0.0, -1.0, None).flag == "too-hard"
    assert ItemStats("q", MIN_TO_JUDGE, 1.0, None, None).flag == "too-easy"
    assert ItemStats("q", MIN_TO_JUDGE, 0.5, 0.1, None).flag == "poor-discrimination"
    assert ItemStats("q", MIN_TO_JUDGE, 0.5, 0.5, None).flag is None


def test_an_item_everybody_got_flags_only_from_five_answers():
    four = {f"p{i}": {"q1": 1, "q2": i % 2} for i in range(4)}
    assert {s.item: s.flag for s in item_analysis(four)}["q1"] == "too-few"
    five = {f"p{i}": {"q1": 1, "q2": i % 2} for i in range(5)}
    assert {s.item: s.flag for s in item_analysis(five)}["q1"] == "too-easy"


def test_the_analysis_page_says_too_few_answers_instead_of_a_verdict(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    assignment_id = only_assignment(app).public_id
    for name in ("Léa", "Tom"):
        pupil = pupil_client(app, code, name)
        answer_all(app, pupil, start(pupil, assignment_id).headers["Location"])
    english = teacher.get(f"{url}/assignments/{assignment_id}", headers=ENGLISH)
    text = english.get_data(as_text=True)
    assert text.count("too few answers to judge") == text.count("<tr><td>")
    for verdict in ("very hard", "almost everyone", "does not tell"):
        assert verdict not in text
    french = teacher.get(f"{url}/assignments/{assignment_id}", headers=FRENCH)
    assert "trop peu de réponses pour juger" in french.get_data(as_text=True)
