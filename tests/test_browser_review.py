"""The self-study learner's memory, in Chromium: a quiz with two facts missed, practised at
once, then days later (the clock moved) found due in the review queue, reviewed, and scheduled
further out; the progress charts show both days. In French at desktop width, in English at a
phone's, with axe-core on every kind of page."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from edu import clock
from tests.test_browser import (  # noqa: F401  (browser, live_server, page: fixtures)
    PHONE,
    assert_accessible,
    browser,
    latest_attempt,
    live_server,
    page,
    take_quiz,
)

pytestmark = pytest.mark.browser

WORDS = {
    "fr": {
        "start": "Commencer le quiz",
        "mistakes": "Retravailler mes erreurs maintenant",
        "review": "Réviser",
        "start_review": "Commencer la révision",
        "due": "faits à réviser maintenant",
        "later": re.compile(r"Vous reverrez ceci en révision dans \d+ jours?\."),
        "results": "Mes résultats",
        "per_day": "Réponses par jour",
    },
    "en": {
        "start": "Start the quiz",
        "mistakes": "Practise my mistakes now",
        "review": "Review",
        "start_review": "Start reviewing",
        "due": "facts to review now",
        "later": re.compile(r"This comes back in your reviews in \d+ days?\."),
        "results": "My results",
        "per_day": "Answers per day",
    },
}


@pytest.fixture
def later():
    yield clock.move
    clock.reset()


def sign_up(page, username: str) -> None:  # noqa: F811
    page.goto("/signup")
    page.fill('[name="username"]', username)
    page.fill('[name="password"]', "three blue herons fly")
    page.fill('[name="confirm"]', "three blue herons fly")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def sign_in(page, username: str) -> None:  # noqa: F811
    page.goto("/signin")
    page.fill('[name="username"]', username)
    page.fill('[name="password"]', "three blue herons fly")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def single_fact_versions(app, attempt) -> list[int]:
    from tests.quiz_helpers import plan_versions

    return [v.id for v in plan_versions(attempt) if len([s for s in v.facts if s]) == 1]


def facts_of(app, version_ids) -> set[tuple[int, str]]:
    """The facts (id and slug) the item versions rest on."""
    from edu.extensions import db
    from edu.models import Fact, ItemVersion

    versions = db.session.scalars(select(ItemVersion).where(ItemVersion.id.in_(version_ids)))
    facts = set()
    for version in versions:
        for slug in version.facts:
            fact = db.session.scalar(
                select(Fact).where(Fact.article_id == version.item.article_id, Fact.slug == slug)
            )
            facts.add((fact.id, slug))
    return facts


def cards_of(app, learner_id):
    from edu.extensions import db
    from edu.models import ReviewCard

    db.session.expire_all()
    return db.session.scalars(select(ReviewCard).where(ReviewCard.learner_id == learner_id)).all()


@pytest.mark.parametrize(
    ("locale", "viewport"), [("fr", None), ("en", PHONE)], ids=["french-desktop", "english-phone"]
)
def test_missed_facts_come_back_days_later_and_go_further_out(
    page,  # noqa: F811
    live_server,  # noqa: F811
    later,
    locale,
    viewport,
):
    words = WORDS[locale]
    if viewport:
        page.set_viewport_size(viewport)
    page.goto("/")
    if locale == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    sign_up(page, f"memo.{locale}")

    page.goto("/articles/deepseek-shock")
    with page.expect_navigation():
        page.get_by_role("button", name=words["start"]).click()
    with live_server.app_context():
        quiz = latest_attempt(live_server)
        missed = single_fact_versions(live_server, quiz)[:2]
        missed_facts = facts_of(live_server, missed)
        learner_id = quiz.learner_id
    take_quiz(page, live_server, locale, right=lambda version: version.id not in missed)

    # Practise the two missed facts at once, from the results page.
    with page.expect_navigation():
        page.get_by_role("button", name=words["mistakes"]).click()
    with live_server.app_context():
        again = latest_attempt(live_server)
        assert again.kind == "mistakes" and facts_of(live_server, again.plan) == missed_facts
    take_quiz(page, live_server, locale, right=lambda version: True)
    assert_accessible(page)

    # Three days later: the session has ended; signed in again, the queue has them.
    later(dt.timedelta(days=3))
    sign_in(page, f"memo.{locale}")
    with page.expect_navigation():
        page.get_by_role("link", name=words["review"], exact=True).first.click()
    assert page.get_by_role("heading", level=2, name=re.compile(words["due"])).is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=words["start_review"]).click()
    with live_server.app_context():
        review = latest_attempt(live_server)
        assert review.kind == "review"
        # The two practised come first: already in the queue, they go before new facts.
        assert facts_of(live_server, review.plan[:2]) == missed_facts
    take_quiz(page, live_server, locale, right=lambda version: True)
    with live_server.app_context():
        now = clock.now()
        for card in cards_of(live_server, learner_id):
            if card.fact_id in {fact_id for fact_id, _ in missed_facts}:
                due = card.due if card.due.tzinfo else card.due.replace(tzinfo=dt.UTC)
                assert due - now > dt.timedelta(days=1)  # days out now, not minutes

    # The feedback of a reviewed question says when it comes back, in days now.
    with live_server.app_context():
        public_id = latest_attempt(live_server).public_id
    page.goto(f"/attempts/{public_id}/questions/1")
    assert page.get_by_text(words["later"]).is_visible()
    assert_accessible(page)

    # My results: answers on two days, three days apart.
    with page.expect_navigation():
        page.get_by_role("link", name=words["results"]).first.click()
    chart = page.locator("svg[aria-label]").filter(has=page.locator("title")).first
    assert chart.get_attribute("aria-label") == words["per_day"]
    page.locator("details summary").first.click()
    counts = page.locator("figure").first.locator("tbody td").all_inner_texts()
    assert len(counts) == 14
    answered_days = [i for i, n in enumerate(counts) if n != "0"]
    assert answered_days == [10, 13]  # three days ago and today
    assert_accessible(page)
