"""A teacher writes a new article in the browser (French), reviews its items and publishes it;
a pupil (English) takes its quiz and opens its debate."""

import pytest
from sqlalchemy import select

from tests.test_browser import (  # noqa: F401  (browser, live_server, new_page: fixtures)
    assert_accessible,
    browser,
    live_server,
    new_page,
    take_quiz,
)
from tests.test_editor import SLUG, new_article

pytestmark = pytest.mark.browser

PASSWORD = "three blue herons"


def fields_of(prefix: str, fields: dict) -> dict:
    return {key: value for key, value in fields.items() if key.startswith(prefix)}


def type_fields(page, fields: dict) -> None:
    for name, value in fields.items():
        control = page.locator(f'[name="{name}"]')
        if isinstance(value, list):
            for one in value:
                page.locator(f'[name="{name}"][value="{one}"]').check()
        elif control.evaluate("element => element.tagName.toLowerCase()") == "select":
            control.select_option(value)
        else:
            control.fill(value)


def click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_a_teacher_writes_an_article_and_a_pupil_practises_it(new_page, live_server):  # noqa: F811
    from edu.extensions import db
    from edu.models import Article, Item
    from edu.services import accounts

    with live_server.app_context():
        accounts.create_user(db.session, "mme.robert", PASSWORD, "teacher")
        db.session.commit()
    teacher = new_page("fr-FR")
    teacher.goto("/signin")
    teacher.get_by_label("Nom d’utilisateur").fill("mme.robert")
    teacher.get_by_label("Mot de passe").fill(PASSWORD)
    click(teacher, "Se connecter")
    with teacher.expect_navigation():
        teacher.locator("header.site").get_by_role("link", name="Contenus").click()
    with teacher.expect_navigation():
        teacher.get_by_role("link", name="Écrire un nouvel article").click()
    assert_accessible(teacher)

    # The article and its first fact, then two more facts, each on a new row.
    fields = new_article()
    article_fields = {k: v for k, v in fields.items() if not k.startswith(("facts-", "questions-"))}
    type_fields(teacher, article_fields | fields_of("facts-0-", fields))
    click(teacher, "Ajouter un fait")
    type_fields(teacher, fields_of("facts-1-", fields))
    click(teacher, "Ajouter un fait")
    type_fields(teacher, fields_of("facts-2-", fields) | fields_of("questions-0-", fields))
    click(teacher, "Enregistrer et prévisualiser")

    # The preview: the debate prompt and the items, nothing public yet.
    assert teacher.get_by_text(fields["questions-0-motion_fr"]).first.is_visible()
    assert_accessible(teacher)
    with live_server.app_context():
        assert db.session.scalar(select(Article).where(Article.slug == SLUG)) is None
    click(teacher, "Publier")
    assert teacher.get_by_text("Publié").first.is_visible()

    # Review: reject one item, reword another in both languages.
    teacher.goto(f"/authoring/articles/{SLUG}/items")
    assert_accessible(teacher)
    items = teacher.locator("ol.review > li")
    count = items.count()
    assert count >= 5
    first = items.nth(0)
    rejected_id = first.get_attribute("id")
    with teacher.expect_navigation():
        first.get_by_role("button", name="Rejeter").click()
    reworded = teacher.locator("ol.review > li").nth(1)
    reworded_id = reworded.get_attribute("id")
    for lang, extra in (("fr", " (version de la classe)"), ("en", " (class version)")):
        box = reworded.locator(f'textarea[name="prompt-{lang}"]')
        box.fill(box.input_value() + extra)
    with teacher.expect_navigation():
        reworded.get_by_role("button", name="Enregistrer la formulation").click()
    assert teacher.get_by_text("Enregistrée comme nouvelle version").is_visible()
    # A third item: rejected, then published again after a second look.
    third = teacher.locator("ol.review > li").nth(2)
    third_id = third.get_attribute("id")
    with teacher.expect_navigation():
        third.get_by_role("button", name="Rejeter").click()
    with teacher.expect_navigation():
        teacher.locator(f"#{third_id}").get_by_role("button", name="Publier").click()
    assert teacher.get_by_text("Publiée\u00a0: les élèves peuvent la recevoir.").is_visible()
    with live_server.app_context():
        db.session.expire_all()
        rejected = db.session.get(Item, int(rejected_id.split("-")[1]))
        changed = db.session.get(Item, int(reworded_id.split("-")[1]))
        assert rejected.status == "rejected"
        rejected_version = rejected.current.id
        assert changed.current.prompt["en"].endswith(" (class version)")
        assert db.session.get(Item, int(third_id.split("-")[1])).status == "published"

    # A pupil, in English, practises the new article and opens its debate.
    pupil = new_page("en-GB")
    pupil.goto("/")
    assert pupil.get_by_text("Robots in the classroom").first.is_visible()
    pupil.goto(f"/articles/{SLUG}")
    assert_accessible(pupil)
    with pupil.expect_navigation():
        pupil.locator("form.start-quiz button[type=submit]").click()
    take_quiz(pupil, live_server, "en", lambda version: True)
    assert pupil.get_by_role("heading", level=1).inner_text() == "Your score: 100%"
    with live_server.app_context():
        from tests.test_browser import latest_attempt

        assert rejected_version not in latest_attempt(live_server).plan
    pupil.goto(f"/articles/{SLUG}/debates")
    with pupil.expect_navigation():
        pupil.get_by_role("button", name="Practise alone").first.click()
    assert pupil.get_by_role("heading", level=1).inner_text() == fields["questions-0-motion_en"]
    assert_accessible(pupil)
