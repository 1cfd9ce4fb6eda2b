"""A lesson in one shared classroom browser: a teacher sets work, two pupils do it one after the
other, and the teacher follows it in the gradebook, scores the debate and deletes a pupil's data.

Selectors for the set-work pages (new strings, French catalog still being completed) rely on form
actions, ids and input names rather than on visible text; older strings are matched by their text.
"""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from tests.test_browser import (  # noqa: F401  (browser, live_server, new_page: fixtures)
    assert_accessible,
    browser,
    latest_attempt,
    live_server,
    new_page,
    submit_phase,
    take_quiz,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

PASSWORD = "three blue herons"
FIRST, SECOND = "Amina", "Noé"  # first names found in no article

TEXT = {
    "fr": {
        "sign_in": "Se connecter",
        "username": "Nom d’utilisateur",
        "password": "Mot de passe",
        "my_classes": "Mes classes",
        "class_name": "Nom de la classe",
        "create_class": "Créer la classe",
        "class_code": "Code de la classe",
        "first_name": "Votre prénom",
        "join": "Rejoindre",
        "not_you": "Ce n’est pas vous\u00a0?",
        "my_results": "Mes résultats",
        "score": "Votre score\u00a0:",
        "agree": "Je suis d’accord",
        "disagree": "Je ne suis pas d’accord",
        "take_part": "Participer",
        "submit_phase": "Envoyer cette phase",
        "vote": "Voter",
        "sides": {"for": "Pour", "against": "Contre"},
        "save_scores": "Enregistrer les notes",
        "saved": "Notes enregistrées.",
    },
    "en": {
        "sign_in": "Sign in",
        "username": "Username",
        "password": "Password",
        "my_classes": "My classes",
        "class_name": "Name of the class",
        "create_class": "Create the class",
        "class_code": "Class code",
        "first_name": "Your first name",
        "join": "Join",
        "not_you": "Not you?",
        "my_results": "My results",
        "score": "Your score:",
        "agree": "I agree",
        "disagree": "I disagree",
        "take_part": "Take part",
        "submit_phase": "Submit this phase",
        "vote": "Vote",
        "sides": {"for": "For", "against": "Against"},
        "save_scores": "Save the scores",
        "saved": "Scores saved.",
    },
}


def sign_in(page, t: dict, username: str) -> None:
    with page.expect_navigation():
        page.locator("header.site").get_by_role("link", name=t["sign_in"]).click()
    page.get_by_label(t["username"]).fill(username)
    page.get_by_label(t["password"]).fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=t["sign_in"]).click()
    assert page.locator("header.site").get_by_text(username).is_visible()


def open_class(page, t: dict, name: str) -> None:
    with page.expect_navigation():
        page.locator("header.site").get_by_role("link", name=t["my_classes"]).click()
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()


def set_work(page, kind: str) -> str:
    """Set the first quiz or debate the form offers; return the new assignment's id."""
    work = page.locator("#work")
    before = set(
        work.locator("ul.work > li > a:first-child").evaluate_all("els => els.map(e => e.href)")
    )
    action = f'form[action$="/assignments/{kind}"]'
    form = work.locator(action)
    if not form.is_visible():
        work.locator(f"details:has({action}) > summary").click()
    form.locator("select").first.select_option(index=0)
    if kind == "quiz":
        due = dt.date.today() + dt.timedelta(days=7)
        form.locator('input[name="quiz-due"]').fill(due.isoformat())
        form.locator('input[name="quiz-max_attempts"]').fill("3")
        form.locator('input[name="quiz-feedback"][value="end"]').check()
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert page.url.endswith("#work")
    assert page.locator(".flash.info").count() == 1
    after = set(
        work.locator("ul.work > li > a:first-child").evaluate_all("els => els.map(e => e.href)")
    )
    (new,) = after - before
    return new.rsplit("/", 1)[1]


def join(page, t: dict, code: str, first_name: str) -> None:
    page.goto("/join")
    page.get_by_label(t["class_code"]).fill(code)
    page.get_by_label(t["first_name"], exact=True).fill(first_name)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=t["join"], exact=True).click()
    header = page.locator("header.site")
    assert header.get_by_text(first_name, exact=True).is_visible()
    assert header.get_by_role("button", name=t["not_you"]).is_visible()
    assert header.get_by_role("link", name=t["my_classes"]).count() == 0  # the teacher is gone
    assert first_name in page.locator(".flash.info").inner_text()  # welcome, with the PIN
    assert page.url.endswith("/assignments")  # straight to their work


def open_my_work(page) -> None:
    """The pupil's "My work" page, through the link in the page header."""
    with page.expect_navigation():
        page.locator('header.site a[href="/assignments"]').click()
    assert page.url.endswith("/assignments")


def start(page, assignment_id: str) -> None:
    with page.expect_navigation():
        page.locator(f'form[action="/assignments/{assignment_id}/start"] button').click()


def do_the_quiz(page, app, lang: str, t: dict, quiz_id: str, right) -> None:
    start(page, quiz_id)
    take_quiz(page, app, lang, right=right)
    with app.app_context():
        attempt = latest_attempt(app)
        assert attempt.feedback == "end" and attempt.score is not None
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith(t["score"]), heading
    assert page.locator(".verdict").count() == 0


def take_part(page, t: dict, debate_id: str, vote: str) -> str:
    """Open the class debate, give a first vote (the side is given); return the side's name."""
    open_my_work(page)
    start(page, debate_id)
    assert page.locator('input[name="side"]').count() == 0  # no choice: sides are balanced
    page.locator(f"#vote-{vote}").check()
    with page.expect_navigation():
        page.get_by_role("button", name=t["take_part"]).click()
    return page.locator("main > p.meta > strong").inner_text()


def not_me(page, t: dict, first_name: str) -> None:
    with page.expect_navigation():
        page.locator("header.site").get_by_role("button", name=t["not_you"]).click()
    assert page.url.endswith("/join")
    assert page.locator("header.site").get_by_role("button", name=t["not_you"]).count() == 0
    assert first_name not in page.content()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("locale", "teacher", "class_name"),
    [("fr-FR", "mme.durand", "4e B"), ("en-GB", "mr.smith", "Year 9 B")],
    ids=["fr-desktop", "en-phone"],
)
def test_a_lesson_in_one_shared_classroom_browser(
    new_page,  # noqa: F811  (the fixture imported above)
    live_server,  # noqa: F811
    locale: str,
    teacher: str,
    class_name: str,
):
    """The French run is the default classroom at a desktop's width; the English one checks the
    same journey on a phone (390 CSS px)."""
    page = new_page(locale, PHONE if locale.startswith("en") else None)
    page.set_default_timeout(10_000)
    lang = locale.split("-")[0]
    journey(page, live_server, lang, TEXT[lang], teacher, class_name)


def journey(page, app, lang: str, t: dict, teacher: str, class_name: str) -> None:
    from edu.extensions import db
    from edu.services import accounts

    with app.app_context():
        assert accounts.create_user(db.session, teacher, PASSWORD, "teacher") is not None
        db.session.commit()

    # 1. The teacher creates the class and sets a quiz and a debate.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == lang
    sign_in(page, t, teacher)
    with page.expect_navigation():
        page.locator("header.site").get_by_role("link", name=t["my_classes"]).click()
    page.get_by_label(t["class_name"]).fill(class_name)
    with page.expect_navigation():
        page.get_by_role("button", name=t["create_class"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == class_name
    code = page.locator("strong.code").inner_text()
    assert code
    quiz_id = set_work(page, "quiz")
    debate_id = set_work(page, "debate")
    assert page.locator("#work ul.work > li").count() == 2
    assert_accessible(page)

    # 2. The first pupil joins on the same browser, does the quiz and starts the debate.
    join(page, t, code, FIRST)
    assert page.locator("ul.work > li.not-started").count() == 2
    assert_accessible(page)
    do_the_quiz(page, app, lang, t, quiz_id, right=lambda version: True)
    open_my_work(page)
    done = page.locator("ul.work > li.done")
    assert done.count() == 1 and "%" in done.inner_text()
    first_side = take_part(page, t, debate_id, "for")
    assert first_side == t["sides"]["for"]  # level sides: the first debater argues for
    assert_accessible(page)
    submit = t["submit_phase"]
    submit_phase(page, "prepare", "Idées : Huawei, les puces, les sanctions.", submit, card=False)
    submit_phase(page, "opening", "La Chine peut devenir souveraine grâce à Huawei.", submit)
    assert page.locator("#phase-opening blockquote").is_visible()
    not_me(page, t, FIRST)

    # 3. The second pupil sees nothing of the first's work, does the quiz and debates.
    join(page, t, code, SECOND)
    with page.expect_navigation():
        page.locator("header.site").get_by_role("link", name=t["my_results"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == t["my_results"]
    assert page.locator("#my-debates, #attempts").count() == 0
    assert FIRST not in page.content()
    open_my_work(page)
    assert page.locator("ul.work > li.not-started").count() == 2
    assert page.locator("ul.work > li.done, ul.work > li.in-progress").count() == 0
    assert FIRST not in page.content()
    wrong = {"choice", "true-false"}
    do_the_quiz(page, app, lang, t, quiz_id, right=lambda v: v.item.type not in wrong)
    second_side = take_part(page, t, debate_id, "against")
    assert second_side == t["sides"]["against"] != first_side
    submit_phase(page, "prepare", "Notes: chips, sanctions.", submit, card=False)
    submit_phase(page, "opening", "Without the best chips, China cannot be sovereign.", submit)
    submit_phase(page, "rebuttal", "Huawei is still years behind.", submit, card=False, target=1)
    submit_phase(page, "closing", "Not without chips.", submit, card=False)
    page.locator("#final-against").check()
    with page.expect_navigation():
        page.locator("#result").get_by_role("button", name=t["vote"]).click()
    assert page.locator('#result form[action$="/vote"]').count() == 0
    not_me(page, t, SECOND)

    # 4. The teacher is back: gradebook, CSV, item analysis, debate scores, a pupil deleted.
    sign_in(page, t, teacher)
    open_class(page, t, class_name)
    pupils = page.locator('section[aria-labelledby="pupils-title"] tbody tr')
    assert pupils.count() == 2
    first_row = pupils.filter(has=page.locator("th", has_text=FIRST))
    export_url = first_row.locator('a[href$="/export"]').evaluate("a => a.href")
    exported = page.request.get(export_url)
    assert exported.status == 200 and FIRST in exported.text()
    assert_accessible(page)

    with page.expect_navigation():
        page.locator('#work a[href$="/gradebook"]').click()
    rows = page.locator("table.gradebook tbody tr")
    assert rows.count() == 2
    columns = page.locator("table.gradebook thead th").evaluate_all(
        "ths => ths.map(th => th.querySelector('a') ? th.querySelector('a').href : '')"
    )
    quiz_column = next(i for i, href in enumerate(columns) if href.endswith(quiz_id))
    for name in (FIRST, SECOND):
        row = rows.filter(has=page.locator("th", has_text=name))
        cell = row.locator("td").nth(quiz_column - 1)
        assert cell.get_attribute("class") == "done"
        assert "%" in cell.locator("strong").inner_text()
    assert page.locator("figure.chart svg").count() == 1
    assert_accessible(page)

    with page.expect_download() as downloading:
        page.locator('a[href$="/gradebook.csv"]').click()
    download = downloading.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    # A French spreadsheet reads `;` between cells and a decimal comma.
    table = list(csv.reader(io.StringIO(text), delimiter=";" if lang == "fr" else ","))
    assert table[0][0] == ("Prénom" if lang == "fr" else "First name")
    assert len(table[0]) == 1 + 3 * 2  # score, status and late for each of the two assignments
    assert sorted(row[0] for row in table[1:]) == sorted([FIRST, SECOND])
    for row in table[1:]:
        assert 0 <= float(row[3 * quiz_column - 2].replace(",", ".")) <= 100

    with page.expect_navigation():
        page.locator(f'table.gradebook thead a[href$="/assignments/{quiz_id}"]').click()
    assert page.locator("main figure.chart svg").count() == 2  # histogram, difficulty
    assert page.locator("table.grid tbody tr").count() >= 1
    assert_accessible(page)

    open_class(page, t, class_name)
    with page.expect_navigation():  # a debate's analysis is its score grid
        page.locator(f'#work a[href$="/assignments/{debate_id}"]').click()
    assert "/scores" in page.url
    grid = page.locator("table.grid tbody tr")
    assert grid.count() == 2
    levels = {FIRST: ("2", "Bien commencé, à finir."), SECOND: ("4", "Well argued.")}
    for name, (level, comment) in levels.items():
        row = grid.filter(has=page.locator("th", has_text=name))
        criteria = row.locator("select")
        assert criteria.count() >= 4  # one select per rubric criterion
        for criterion in criteria.all():
            criterion.select_option(level)
        row.locator("textarea").fill(comment)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=t["save_scores"]).click()
    assert page.locator(".flash.info").inner_text() == t["saved"]
    for name, (level, comment) in levels.items():
        row = grid.filter(has=page.locator("th", has_text=name))
        assert {s.input_value() for s in row.locator("select").all()} == {level}
        assert row.locator("textarea").input_value() == comment

    open_class(page, t, class_name)
    deletion = first_row.locator("form", has=page.locator('input[name="confirm"]'))
    deletion.locator('input[name="confirm"]').check()
    with page.expect_navigation():
        deletion.locator('button[type="submit"]').click()
    assert FIRST in page.locator(".flash.info").inner_text()
    assert pupils.count() == 1
    assert page.request.get(export_url).status == 404
    with page.expect_navigation():
        page.locator('#work a[href$="/gradebook"]').click()
    assert rows.count() == 1
    assert rows.locator("th").inner_text() == SECOND
    debate_column = next(i for i, href in enumerate(columns) if href.endswith(debate_id))
    assert "100" in rows.locator("td").nth(debate_column - 1).inner_text()  # level 4 everywhere
    assert FIRST not in page.content()
