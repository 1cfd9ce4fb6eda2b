"""A class's first week, in Chromium: 35 pupils join from one school address (every browser of
this test reaches the server from 127.0.0.1), a pupil comes back with her name typed another
way and finds her work, a second pupil with the same first name is told apart, the projector
shows the code and a QR code and nothing private, the teacher extends the deadline for one
pupil, who then finishes, and the gradebook downloads open in a spreadsheet.

It runs in French at desktop width and in English at phone width, with axe-core on each page.
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from tests.test_browser import (  # noqa: F401  (browser, live_server: fixtures)
    assert_accessible,
    browser,
    fill,
    latest_attempt,
    live_server,
    take_quiz,
)
from tests.test_browser_classroom import PASSWORD, TEXT, set_work, sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CLASS_SIZE = 35
PIN = re.compile(r"\b(\d{4})\b")

WORDS = {
    "fr": {
        "projector": "Montrer à la classe",
        "initial": "Initiale de votre nom de famille",
        "extend": "Prolonger",
        "change": "Modifier",
        "extended": "prolongé",
        "score": "Score",
    },
    "en": {
        "projector": "Show to the class",
        "initial": "Initial of your surname",
        "extend": "Extend",
        "change": "Change",
        "extended": "extended",
        "score": "Score",
    },
}


class Browsers:
    """One browser context per computer of the classroom; none may call another host."""

    def __init__(self, chromium, app, locale: str, viewport: dict):
        self.browser, self.base_url = chromium, app.config["LIVE_URL"]
        self.locale, self.viewport = locale, viewport
        self.contexts: list = []
        self.outside: list[str] = []

    def page(self):
        context = self.browser.new_context(
            base_url=self.base_url, locale=self.locale, viewport=self.viewport
        )
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "request",
            lambda r: None if r.url.startswith(self.base_url) else self.outside.append(r.url),
        )
        return page

    def close(self):
        for context in self.contexts:
            context.close()


def join(page, t: dict, code: str, first_name: str, pin: str = "", initial: str = "") -> None:
    """Join the way the projector's QR code does: the code is already filled in."""
    page.goto(f"/join?code={code}")
    assert page.get_by_label(t["class_code"]).input_value() == code
    page.get_by_label(t["first_name"], exact=True).fill(first_name)
    if pin:
        page.locator('input[name="pin"]').fill(pin)
    if initial:
        page.locator('input[name="initial"]').fill(initial)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=t["join"], exact=True).click()


def joined_as(page, t: dict) -> str:
    not_me = page.locator("header.site").get_by_role("button", name=t["not_you"])
    assert not_me.is_visible(), page.locator("main").inner_text()
    button = page.get_by_role("button", name=t["not_you"])
    return page.locator("header.site form", has=button).locator(".label").inner_text()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("locale", "viewport", "teacher", "class_name"),
    [
        ("fr-FR", DESKTOP, "mme.lefebvre", "5e C"),
        ("en-GB", PHONE, "ms.jones", "Year 8 C"),
    ],
    ids=["fr-desktop", "en-phone"],
)
def test_a_class_of_35_behind_one_address_in_its_first_week(
    browser,  # noqa: F811  (the fixture imported above)
    live_server,  # noqa: F811
    locale: str,
    viewport: dict,
    teacher: str,
    class_name: str,
):
    lang = locale.split("-")[0]
    t, w = TEXT[lang], WORDS[lang]
    browsers = Browsers(browser, live_server, locale, viewport)
    try:
        week(browsers, live_server, lang, t, w, teacher, class_name)
    finally:
        browsers.close()
    assert not browsers.outside, f"requests to another host: {browsers.outside}"


def week(browsers, app, lang, t, w, teacher, class_name) -> None:
    from edu.extensions import db
    from edu.models import Assignment, Attempt, Pupil
    from edu.services import accounts

    with app.app_context():
        assert accounts.create_user(db.session, teacher, PASSWORD, "teacher") is not None
        db.session.commit()

    # Monday: the teacher creates the class, sets a quiz and projects the join page.
    desk = browsers.page()
    desk.goto("/")
    sign_in(desk, t, teacher)
    with desk.expect_navigation():
        desk.locator("header.site").get_by_role("link", name=t["my_classes"]).click()
    desk.get_by_label(t["class_name"]).fill(class_name)
    with desk.expect_navigation():
        desk.get_by_role("button", name=t["create_class"]).click()
    code = desk.locator("strong.code").inner_text()
    quiz_id = set_work(desk, "quiz")
    class_url = desk.url.split("#")[0]
    with desk.expect_navigation():
        desk.get_by_role("link", name=w["projector"]).click()
    assert code in desk.locator("main").inner_text()
    assert desk.locator("main svg").count() == 1  # the QR code, drawn by the server
    assert_accessible(desk)

    # The whole class joins at once, from the school's one address.
    pages: dict[str, object] = {}
    pins: dict[str, str] = {}
    names = ["Zoé"] + [f"Élève{number}" for number in range(1, CLASS_SIZE)]
    for name in names:
        page = browsers.page()
        join(page, t, code, name)
        assert joined_as(page, t) == name
        welcome = page.locator(".flash.info").inner_text()
        pins[name] = PIN.search(welcome).group(1)
        pages[name] = page
    with app.app_context():
        school_pupils = db.session.scalars(
            select(Pupil).join(Pupil.school_class).where(Pupil.school_class.has(join_code=code))
        ).all()
        assert len(school_pupils) == CLASS_SIZE

    # Nothing private on the projector, even with the class there.
    desk.reload()
    shown = desk.locator("main").inner_text()
    address = desk.locator(".projector-address").inner_text()
    shown = shown.replace(address, "")
    assert not any(name in shown for name in names)
    assert not any(pin in shown for pin in pins.values())

    # Zoé starts the quiz, answers the first question, and leaves the computer.
    zoe = pages["Zoé"]
    with zoe.expect_navigation():
        zoe.locator(f'form[action="/assignments/{quiz_id}/start"] button').click()
    from tests.quiz_helpers import form_for, plan_versions

    with app.app_context():
        attempt = latest_attempt(app)
        first = form_for(plan_versions(attempt)[0], lang, True)
        zoe_attempt = attempt.public_id
    fill(zoe, first)
    submit = "Valider ma réponse" if lang == "fr" else "Submit my answer"
    with zoe.expect_navigation():
        zoe.get_by_role("button", name=submit).click()
    with zoe.expect_navigation():
        zoe.locator("header.site").get_by_role("button", name=t["not_you"]).click()

    # Tuesday, another computer: she types "zoe" with her PIN and finds her own work.
    again = browsers.page()
    join(again, t, code, "zoe", pin=pins["Zoé"])
    assert joined_as(again, t) == "Zoé"
    assert again.locator(f'li.in-progress form[action="/assignments/{quiz_id}/start"]').count()
    with again.expect_navigation():
        again.locator(f'form[action="/assignments/{quiz_id}/start"] button').click()
    assert again.url.endswith(f"/attempts/{zoe_attempt}/questions/2")  # where she stopped

    # A second Zoé, new to the class, is asked for her surname's initial and becomes "Zoé B.".
    other = browsers.page()
    join(other, t, code, "Zoé")
    assert other.locator("#join-problem").is_visible()
    assert other.locator("header.site").get_by_role("button", name=t["not_you"]).count() == 0
    assert_accessible(other)
    join(other, t, code, "Zoé", initial="B")
    assert joined_as(other, t) == "Zoé B."
    with app.app_context():
        zoes = db.session.scalars(select(Pupil).where(Pupil.name_key == "zoe")).all()
        assert sorted(p.display_name for p in zoes if p.school_class.join_code == code) == [
            "Zoé",
            "Zoé B.",
        ]

    # The due date passes; Élève1 was ill and did not start.
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).where(Assignment.public_id == quiz_id))
        assignment.due_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        db.session.commit()
    start_form = f'form[action="/assignments/{quiz_id}/start"]'
    late = pages["Élève1"]
    late.goto("/assignments")
    assert late.locator("ul.work > li.late").count() == 1
    assert late.locator(start_form).count() == 0  # nothing more is taken
    with app.app_context():
        assert latest_attempt(app).public_id == zoe_attempt  # nothing was started

    # The teacher extends the deadline for Élève1 alone, from the gradebook.
    desk.goto(f"{class_url}/gradebook")
    row = desk.locator("table.gradebook tbody tr").filter(
        has=desk.locator("th", has_text=re.compile(r"^Élève1$"))
    )
    with desk.expect_navigation():
        row.locator("td a", has_text=w["change"]).first.click()
    assert_accessible(desk)
    until = dt.date.today() + dt.timedelta(days=3)
    desk.locator('input[name$="due"]').first.fill(until.isoformat())
    with desk.expect_navigation():
        desk.get_by_role("button", name=w["extend"]).click()
    assert desk.locator(".flash.info").count() == 1
    desk.goto(f"{class_url}/gradebook")
    row = desk.locator("table.gradebook tbody tr").filter(
        has=desk.locator("th", has_text=re.compile(r"^Élève1$"))
    )
    assert w["extended"] in row.inner_text()
    assert_accessible(desk)

    # Élève1 now takes the whole quiz; everyone else is still refused.
    late.goto("/assignments")
    assert late.locator("ul.work > li.late").count() == 0
    with late.expect_navigation():
        late.locator(f"{start_form} button").click()
    first_wrong = iter([False] + [True] * 100)
    take_quiz(late, app, lang, right=lambda version: next(first_wrong))
    with app.app_context():
        finished = latest_attempt(app)
        assert finished.finished_at is not None and 0 < finished.score < 1
        score = finished.score
    other.goto("/assignments")
    assert other.locator("ul.work > li.late").count() == 1
    assert other.locator(start_form).count() == 0
    with app.app_context():
        assert db.session.query(Attempt).filter_by(assignment_id=assignment.id).count() == 2

    # The downloads: the .xlsx has numbers as numbers, the French CSV `;` and decimal commas.
    desk.goto(f"{class_url}/gradebook")
    with desk.expect_download() as downloading:
        desk.locator('a[href$="/gradebook.xlsx"]').click()
    assert downloading.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(downloading.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=False))
    by_name = {row[0].value: row for row in rows[1:]}
    assert set(by_name) >= set(names) | {"Zoé B."}
    scored = by_name["Élève1"][1]
    assert isinstance(scored.value, float) and abs(scored.value - score) < 1e-6
    assert "%" in scored.number_format
    with desk.expect_download() as downloading:
        desk.locator('a[href$="/gradebook.csv"]').click()
    text = Path(downloading.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";" if lang == "fr" else ","))
    assert [row[0] for row in table[1:]][:3] == ["Élève1", "Élève2", "Élève3"]  # 2 before 10
    cell = next(row for row in table if row[0] == "Élève1")[1]
    decimal = "," if lang == "fr" else "."
    assert decimal in cell and float(cell.replace(",", ".")) == pytest.approx(score * 100, 0.01)
