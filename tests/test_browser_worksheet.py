"""In Chromium: a worksheet prints to PDF with its key on a new page, and the question pages work
on a phone (390 px): big enough targets, no text running out of its box, no axe violation."""

import re

import pytest
from sqlalchemy import select

from tests.test_browser import (  # noqa: F401  (browser, live_server, new_page: fixtures)
    assert_accessible,
    browser,
    fill,
    latest_attempt,
    live_server,
    new_page,
)

pytestmark = pytest.mark.browser

PASSWORD = "three blue herons"
SLUG = "deepseek-shock"
LONG_WORD = "Intergouvernementalisationnellementissimes" * 2  # 84 letters, no break anywhere


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def sign_in_teacher(page, app, username: str) -> None:
    from edu.extensions import db
    from edu.services import accounts

    with app.app_context():
        accounts.create_user(db.session, username, PASSWORD, "teacher")
        db.session.commit()
    page.goto("/signin")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Se connecter").click()


def test_a_teacher_prints_a_bilingual_worksheet_and_its_key(new_page, live_server):  # noqa: F811
    page = new_page("fr-FR")
    sign_in_teacher(page, live_server, "mme.print")
    page.goto(f"/articles/{SLUG}")
    with page.expect_navigation():
        page.get_by_role("link", name="Fiche d’exercices à imprimer").click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)

    page.get_by_label("Les deux").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher").click()
    sheet_only = page.pdf(format="A4", prefer_css_page_size=True)
    assert "lang=both" in page.url
    assert page.locator('.worksheet [lang="fr"]').count() > 0
    assert page.locator('.worksheet [lang="en"]').count() > 0

    page.get_by_label("Ajouter le corrigé, sur une nouvelle page").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher").click()
    assert "key=1" in page.url
    assert page.locator(".ws-key .ws-answer").count() == 10
    assert_accessible(page)

    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("footer.site").is_visible()
    assert not page.locator(".worksheet-tools").is_visible()
    assert page.locator(".worksheet").is_visible()
    assert page.locator(".ws-key").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    assert (
        page.locator(".ws-question").first.evaluate("e => getComputedStyle(e).breakInside")
        == "avoid"
    )
    with_key = page.pdf(format="A4", prefer_css_page_size=True)
    assert with_key.startswith(b"%PDF")
    assert pdf_pages(with_key) > pdf_pages(sheet_only) >= 1

    page.emulate_media(media="screen")
    with page.expect_navigation():
        page.get_by_role("link", name="Le corrigé seul").click()
    assert page.get_by_role("heading", level=1, name=re.compile("Corrigé.*Answer key")).is_visible()
    key_only = page.pdf(format="A4", prefer_css_page_size=True)
    assert key_only.startswith(b"%PDF") and pdf_pages(key_only) >= 1


def test_favicon_is_served_to_the_browser(new_page):  # noqa: F811
    page = new_page("en-GB")
    failures = []
    page.on("response", lambda r: failures.append(r.url) if r.status >= 400 else None)
    page.goto("/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(icon).status == 200
    assert page.goto("/favicon.ico").status == 200
    assert not failures, failures


# -- on a phone ------------------------------------------------------------------------------------

TARGETS = """() => [...document.querySelectorAll(
    'main input[type=radio], main input[type=checkbox]')].map(input => {
    const box = input.getBoundingClientRect();
    const label = input.labels && input.labels[0] ? input.labels[0].getBoundingClientRect() : box;
    const big = (r) => r.width >= 24 && r.height >= 24;
    return {id: input.id, input: [box.width, box.height], label: [label.width, label.height],
            ok: big(box) || big(label)};
  })"""

OVERFLOW = """() => [...document.querySelectorAll(
    'main legend, main label, main .option, main .bi > *, main fieldset, main h1, main p')]
  .filter(e => e.scrollWidth > e.clientWidth + 1
    || e.getBoundingClientRect().right > innerWidth + 1)
  .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))"""


def test_every_question_type_fits_a_phone_with_big_targets(new_page, live_server):  # noqa: F811
    from edu.extensions import db
    from edu.models import Item
    from edu.services import quizzes
    from tests.quiz_helpers import form_for

    page = new_page("fr-FR")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/articles/{SLUG}")
    with page.expect_navigation():
        page.get_by_role("button", name="Les deux").click()  # bilingual legends: the longest
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer le quiz").click()
    with live_server.app_context():
        attempt = latest_attempt(live_server)
        by_type = {}
        for item in db.session.scalars(select(Item).order_by(Item.key)):
            by_type.setdefault(item.type, item)
        for item in by_type.values():  # a word too long for the phone in every prompt
            version = item.current
            version.prompt = {lang: f"{text} {LONG_WORD}" for lang, text in version.prompt.items()}
        attempt.plan = [item.current.id for item in by_type.values()]
        db.session.commit()
        quizzes._ITEM_CACHE.clear()  # the versions as changed, not as shown before
        forms = [form_for(item.current, "fr") for item in by_type.values()]
    page.reload()
    for position, fields in enumerate(forms, start=1):
        assert page.get_by_text(LONG_WORD[:20]).first.is_visible()
        small = [t for t in page.evaluate(TARGETS) if not t["ok"]]
        assert not small, (position, small)
        assert page.evaluate(OVERFLOW) == [], position
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, position
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page).response["violations"]
        assert not violations, [(v["id"], v["impact"]) for v in violations]
        fill(page, fields)
        with page.expect_navigation():
            page.get_by_role("button", name="Valider ma réponse").click()
        assert page.evaluate(OVERFLOW) == [], position
        if position < len(forms):
            with page.expect_navigation():
                page.get_by_role("link", name="Question suivante").click()
