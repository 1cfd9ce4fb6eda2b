"""Gradebook downloads a teacher opens in a spreadsheet: CSV in the reader's conventions (a
French Excel reads `;` and `87,5`), and an .xlsx workbook with numbers, percentages and dates."""

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from edu.extensions import db
from edu.gradebook.csv_export import Column, Table, plain_number, table_csv, write_csv
from edu.models import Attempt, Pupil
from edu.xlsx_export import safe_sheet_name, write_xlsx
from tests.classes_helpers import create_class, teacher_client
from tests.test_assignments import (
    answer_all,
    first_article,
    only_assignment,
    pupil_client,
    set_quiz,
    start,
)

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}
NAMES = ("élodie", "Élève10", "=HYPERLINK(1)", "Élève2")
SORTED = ["'=HYPERLINK(1)", "Élève2", "Élève10", "Élodie"]  # as people read a list


# -- the writers, directly -----------------------------------------------------------------------

TABLE = Table(
    "4e B",
    [Column("Prénom"), Column("Quiz (%)", "percent"), Column("Fait", "number")],
    [["Zoé", 0.875, 3], ["=HYPERLINK(1)", None, 0], ["Léa", 0.5, 12]],
)


def parse(text: str, delimiter: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads the accents right
    return list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    )


def test_french_csv_has_semicolons_and_decimal_commas():
    rows = parse(table_csv(TABLE, ","), ";")
    assert rows == [
        ["Prénom", "Quiz (%)", "Fait"],
        ["Zoé", "87,5", "3"],
        ["'=HYPERLINK(1)", "", "0"],
        ["Léa", "50,0", "12"],
    ]


def test_english_csv_keeps_commas_and_decimal_points():
    rows = parse(table_csv(TABLE, "."), ",")
    assert rows[1] == ["Zoé", "87.5", "3"] and rows[3] == ["Léa", "50.0", "12"]


def test_a_french_cell_holding_a_semicolon_is_quoted():
    text = write_csv([["Dupont; Durand", 1.5]], ",")
    assert text == '\ufeff"Dupont; Durand";1,5\r\n'
    assert parse(text, ";") == [["Dupont; Durand", "1,5"]]


@pytest.mark.parametrize(
    ("value", "decimal", "text"),
    [(1e-05, ",", "0,00001"), (1234.5, ",", "1234,5"), (-0.5, ".", "-0.5"), (7, ",", "7")],
)
def test_numbers_are_written_plain_for_a_spreadsheet(value, decimal, text):
    assert plain_number(value, decimal) == text  # no exponent, no thousands separator


def workbook_of(tables):
    return load_workbook(io.BytesIO(write_xlsx(tables)))


def test_the_workbook_keeps_numbers_as_numbers_and_scores_as_percentages():
    sheet = workbook_of([TABLE])["4e B"]
    score = sheet["B2"]
    assert score.value == 0.875 and score.data_type == "n" and score.number_format == "0%"
    assert sheet["C4"].value == 12 and sheet["C4"].data_type == "n"
    assert sheet["B3"].value is None  # no score: an empty cell, not 0
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["A"].width >= len("=HYPERLINK(1)")


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook():
    cell = workbook_of([TABLE])["4e B"]["A3"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"
    assert cell.quotePrefix


def test_dates_are_real_dates_in_the_workbook():
    table = Table("Work", [Column("Title"), Column("Due", "date")], [["A", dt.date(2026, 12, 1)]])
    cell = workbook_of([table])["Work"]["B2"]
    assert cell.is_date and cell.value.date() == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    "name", ["Histoire/Géo [4e B]: groupe A*?", "x" * 40, "'quoted'", "a\\b", "", "History"]
)
def test_sheet_names_are_safe_for_excel(name):
    safe = safe_sheet_name(name, "Carnet de notes")
    assert 0 < len(safe) <= 31
    assert not set(safe) & set("[]:*?/\\") and not safe.startswith("'")
    assert safe.casefold() != "history"
    workbook_of([Table(name, [Column("A")], [["x"]])])  # Excel's rules, as openpyxl checks them


def test_two_sheets_never_share_a_name():
    assert safe_sheet_name("Travaux", taken=["travaux"]) == "Travaux (2)"


# -- the downloads of a class --------------------------------------------------------------------


def class_with_work(app, name="4e B", due=None):
    """A class whose pupils finished a set quiz, the first of them with 87.5 %."""
    teacher = teacher_client(app)
    url, code = create_class(teacher, name)
    fields = {"due": due} if due else {}
    assert set_quiz(teacher, url, first_article(app), **fields).status_code == 302
    assignment_id = only_assignment(app).public_id
    for first_name in NAMES:
        pupil = pupil_client(app, code, first_name)
        answer_all(app, pupil, start(pupil, assignment_id).headers["Location"])
    with app.app_context():
        pupil = db.session.scalar(select(Pupil).where(Pupil.first_name == "Élève2"))
        attempt = db.session.scalar(select(Attempt).where(Attempt.learner_id == pupil.learner_id))
        attempt.score = 0.875
        db.session.commit()
    return teacher, url


def download_csv(teacher, url, headers, delimiter):
    response = teacher.get(f"{url}/gradebook.csv", headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].endswith('-gradebook.csv"')
    return parse(response.get_data(as_text=True), delimiter)


def test_the_french_csv_opens_in_columns_with_french_headers_and_decimal_commas(app):
    teacher, url = class_with_work(app)
    french = download_csv(teacher, url, FRENCH, ";")
    english = download_csv(teacher, url, ENGLISH, ",")
    assert french[0][0] == "Prénom" and len(french[0]) == 4
    assert french[0][2].endswith(" — état") and french[0][3].endswith(" — en retard")
    assert french[0][1].endswith(" (%)")
    # No word of the English header is left in the French one, the works' titles aside.
    title = english[0][1].removesuffix(" (%)")
    english_words = set(re.findall(r"[A-Za-z]+", " ".join(english[0]).replace(title, "")))
    english_words -= {"Quiz"}  # « quiz » in French too
    assert english_words >= {"First", "name", "status", "late"}
    french_header = " ".join(french[0])
    assert [w for w in english_words if re.search(rf"\b{w}\b", french_header)] == []
    by_name = {row[0]: row for row in french[1:]}
    assert by_name["Élève2"][1] == "87,5"
    assert by_name["Élève2"][2] == "fait" and by_name["Élève2"][3] == "non"
    for row in french[1:]:
        assert 0 <= float(row[1].replace(",", ".")) <= 100


def test_the_english_csv_keeps_commas_and_points(app):
    teacher, url = class_with_work(app)
    english = download_csv(teacher, url, ENGLISH, ",")
    assert english[0][0] == "First name" and english[0][2].endswith(" — status")
    by_name = {row[0]: row for row in english[1:]}
    assert by_name["Élève2"][1:] == ["87.5", "done", "no"]


def test_downloads_list_pupils_the_way_people_read_names(app):
    teacher, url = class_with_work(app)
    assert [row[0] for row in download_csv(teacher, url, FRENCH, ";")[1:]] == SORTED
    sheet = load_workbook(io.BytesIO(teacher.get(f"{url}/gradebook.xlsx").data)).worksheets[0]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        name.removeprefix("'") for name in SORTED
    ]
    page = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)
    assert rows == ["=HYPERLINK(1)", "Élève2", "Élève10", "Élodie"]


def test_the_workbook_of_a_class(app):
    teacher, url = class_with_work(app, name="Histoire/Géo [4e B]", due="2099-12-01")
    response = teacher.get(f"{url}/gradebook.xlsx", headers=FRENCH)
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"].endswith('-gradebook.xlsx"')
    workbook = load_workbook(io.BytesIO(response.data))
    pupils, work = workbook.worksheets
    assert pupils.title == "Histoire Géo 4e B"
    assert pupils["A1"].value == "Prénom"
    assert all(cell.font.bold for cell in pupils[1]) and pupils.freeze_panes == "B2"
    row = next(r for r in pupils.iter_rows(min_row=2) if r[0].value == "Élève2")
    assert row[1].value == 0.875 and row[1].number_format == "0%"
    assert row[2].value == "fait" and row[3].value == "non"
    formula = next(r for r in pupils.iter_rows(min_row=2) if r[0].value.startswith("="))
    assert formula[0].data_type == "s"  # never run as a formula
    assert work.title == "Travaux donnés"
    assert [cell.value for cell in work[1]] == [
        "Travail donné",
        "Date limite",
        "Moyenne de la classe",
        "Élèves qui ont terminé",
    ]
    due, average, finished = work["B2"], work["C2"], work["D2"]
    assert due.is_date and due.value.date() == dt.date(2099, 12, 1)
    assert isinstance(average.value, float) and average.number_format == "0%"
    assert finished.value == len(NAMES)


def test_the_gradebook_links_both_downloads(app):
    teacher, url = class_with_work(app)
    english = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    assert 'gradebook.xlsx" download>Download for Excel (.xlsx)' in english
    assert 'gradebook.csv" download>Download (CSV)' in english
    french = teacher.get(f"{url}/gradebook", headers=FRENCH).get_data(as_text=True)
    assert "Télécharger pour Excel (.xlsx)" in french


def test_an_empty_class_downloads_a_workbook_too(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    response = teacher.get(f"{url}/gradebook.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.data)).worksheets[0]["A1"].value == "Prénom"
    assert teacher.get(f"{url}/gradebook.csv").status_code == 200
    assert teacher.get("/classes/nope/gradebook.xlsx").status_code == 404
