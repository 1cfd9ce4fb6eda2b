"""The real thing: headless Chromium on a live server, with axe-core checking every page visited."""

import os
import shutil
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import make_app

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("EDU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app served over HTTP on a free local port, on its own SQLite database."""
    folder = tmp_path_factory.mktemp("live")
    app = make_app(f"sqlite:///{folder / 'live.sqlite3'}", {}, folder)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join()
    server.server_close()
    with app.app_context():
        from edu.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's Chromium, driven by Playwright, writing only into a temporary home."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    env["XDG_CACHE_HOME"] = str(home / "cache")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    base_url = live_server.config["LIVE_URL"]
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(base_url) else outside.append(request.url),
    )
    yield page
    context.close()
    assert not outside, f"requests to another host: {outside}"


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert not serious, serious


def test_home_page_switches_language_and_stays_accessible(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Articles"
    assert page.get_by_text("Passer au contenu").count() == 1
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Key facts and discussion questions from the news").is_visible()
    assert page.get_by_text("A hundred DeepSeeks").count() == 1
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_text("Les faits clés et les questions de discussion").is_visible()


def test_article_side_by_side_with_the_keyboard(page):
    page.goto("/")
    page.get_by_role("link", name="Sun Tzu et l’open source").click()
    assert page.get_by_role("heading", name="Faits clés").is_visible()
    assert_accessible(page)

    both = page.get_by_role("button", name="Les deux")
    both.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/articles/sun-tzu-open-source" in page.url
    fact = page.locator("#fact-nvidia-loss")
    assert fact.locator('[lang="fr"]').is_visible()
    assert fact.locator('[lang="en"]').is_visible()
    assert_accessible(page)


def test_missing_page_is_accessible_in_english(page):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    response = page.goto("/articles/nowhere")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_accessible(page)


def test_the_accessibility_check_itself_catches_a_serious_violation(page):
    page.set_content(
        '<html lang="en"><body><main><img src="/static/none.png"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


# -- quizzes --------------------------------------------------------------------------------------


def fill(page, fields: dict[str, str]) -> None:
    """Answer with the keyboard and mouse as a learner would: type, tick or pick."""
    for name, value in fields.items():
        control = page.locator(f'[name="{name}"]').first
        tag = control.evaluate("element => element.tagName.toLowerCase()")
        if tag == "select":
            control.select_option(value)
        elif control.get_attribute("type") == "radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            control.fill(value)


def latest_attempt(app):
    from edu.extensions import db
    from edu.models import Attempt

    db.session.expire_all()
    return db.session.scalar(select(Attempt).order_by(Attempt.id.desc()))


def take_quiz(page, app, locale: str, right) -> list[dict[str, str]]:
    """Answer every question of the quiz the page is on; return the fields sent."""
    from tests.quiz_helpers import form_for, plan_versions

    submit = "Valider ma réponse" if locale == "fr" else "Submit my answer"
    with app.app_context():
        attempt = latest_attempt(app)
        feedback = attempt.feedback
        forms = [form_for(v, locale, right(v)) for v in plan_versions(attempt)]
    total = len(forms)
    for position, fields in enumerate(forms, start=1):
        expected = f"Question {position} {'sur' if locale == 'fr' else 'of'} {total}"
        assert page.get_by_role("heading", level=1).inner_text() == expected
        if position == 1:
            assert_accessible(page)
        fill(page, fields)
        with page.expect_navigation():
            page.get_by_role("button", name=submit).click()
        if feedback == "each":
            assert page.locator(".verdict").is_visible()
            if position == 1:
                assert_accessible(page)
            if position < total:
                label = "Question suivante" if locale == "fr" else "Next question"
            else:
                label = "Voir mes résultats" if locale == "fr" else "See my results"
            with page.expect_navigation():
                page.get_by_role("link", name=label).click()
    return forms


def stored_responses(app):
    with app.app_context():
        attempt = latest_attempt(app)
        return attempt.score, [(r.answer, r.credit, r.locale) for r in attempt.responses]


def seed_with(app, article: str, key: str) -> int:
    """A quiz seed whose draw for `article` includes the item `key`."""
    from edu.extensions import db
    from edu.models import Article
    from edu.services.quizzes import quiz_candidates
    from tests.quiz_helpers import seed_drawing

    with app.app_context():
        subject = db.session.scalar(select(Article).where(Article.slug == article))
        _, candidates = quiz_candidates(db.session, article=subject)
    return seed_drawing(candidates, lambda keys: key in keys)


def test_pupil_takes_a_whole_quiz_in_french_with_a_decimal_comma(page, live_server, monkeypatch):
    import edu.services.quizzes

    key = "deepseek-shock/r1-development-cost/numeric"
    seed = seed_with(live_server, "deepseek-shock", key)
    monkeypatch.setattr(edu.services.quizzes.secrets, "randbelow", lambda _: seed)

    page.goto("/articles/deepseek-shock")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer le quiz").click()
    sent = take_quiz(page, live_server, "fr", right=lambda version: True)
    assert {"answer": "5,6"} in sent  # typed with a decimal comma
    assert page.get_by_role("heading", level=1).inner_text() == "Votre score\u00a0: 100\u00a0%"
    assert_accessible(page)

    score, responses = stored_responses(live_server)
    assert score == 1
    assert [credit for _, credit, _ in responses] == [1.0] * len(sent)
    assert all(locale == "fr" for _, _, locale in responses)
    typed = [fields["answer"] for fields in sent if "answer" in fields]
    assert typed == [answer for answer, _, _ in responses if isinstance(answer, str)]


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_learner_takes_a_quiz_in_english_with_answers_at_the_end(page, live_server, viewport):
    """The self-study learner's journey, also at a phone's width (390 CSS px)."""
    if viewport:
        page.set_viewport_size(viewport)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="A hundred DeepSeeks").click()
    page.get_by_label("at the end").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the quiz").click()
    wrong_types = {"choice", "true-false"}
    sent = take_quiz(page, live_server, "en", right=lambda v: v.item.type not in wrong_types)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your score:")
    assert_accessible(page)

    score, responses = stored_responses(live_server)
    assert len(responses) == len(sent) == 10
    assert all(locale == "en" for _, _, locale in responses)
    assert score == pytest.approx(sum(credit for _, credit, _ in responses) / len(responses))
    with live_server.app_context():
        from tests.quiz_helpers import plan_versions

        kinds = [v.item.type for v in plan_versions(latest_attempt(live_server))]
    for kind, (_, credit, _) in zip(kinds, responses, strict=True):
        assert (credit == 1) == (kind not in wrong_types)

    page.goto("/me/results")
    assert page.get_by_role("heading", name="My results").is_visible()
    assert_accessible(page)


def test_every_item_type_is_accessible_and_answerable_with_the_keyboard(page, live_server):
    """One question of each type, answered with the keyboard only, each page checked by axe."""
    from edu.extensions import db
    from edu.models import Item
    from tests.quiz_helpers import form_for

    page.goto("/articles/open-source-statecraft")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer le quiz").click()
    with live_server.app_context():
        attempt = latest_attempt(live_server)
        by_type = {}
        for item in db.session.scalars(select(Item).order_by(Item.key)):
            by_type.setdefault(item.type, item)
        attempt.plan = [item.current.id for item in by_type.values()]
        db.session.commit()
        forms = [form_for(item.current, "fr") for item in by_type.values()]
    page.reload()
    for position, fields in enumerate(forms, start=1):
        assert_accessible(page)
        for name, value in fields.items():
            control = page.locator(f'[name="{name}"]').first
            if control.evaluate("element => element.tagName.toLowerCase()") == "select":
                control.focus()
                control.select_option(value)  # a select takes typed keys; this is the same change
            elif control.get_attribute("type") == "radio":
                page.locator(f'[name="{name}"][value="{value}"]').focus()
                page.keyboard.press("Space")
            else:
                control.focus()
                page.keyboard.type(value)
        with page.expect_navigation():
            page.get_by_role("button", name="Valider ma réponse").press("Enter")
        assert page.locator(".verdict").inner_text() == "Bonne réponse\u00a0!", position
        assert_accessible(page)
        if position < len(forms):
            with page.expect_navigation():
                page.get_by_role("link", name="Question suivante").press("Enter")
    assert len(forms) == 7  # numeric, choice, cloze, true-false, ordering, matching, sorting


def test_a_word_bank_is_shown_with_the_keyboard_and_stays_accessible(page, live_server):
    """A learner asks for the word bank of a gap fill, reads it, and still types the answer."""
    from edu.extensions import db
    from edu.models import Item

    page.goto("/articles/deepseek-shock")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer le quiz").click()
    with live_server.app_context():
        attempt = latest_attempt(live_server)
        key = "deepseek-shock/stargate-softbank/cloze"
        attempt.plan = [db.session.scalar(select(Item).where(Item.key == key)).current.id]
        db.session.commit()
    page.reload()
    assert page.get_by_role("list", name="Banque de mots").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher une banque de mots").press("Enter")
    bank = page.get_by_role("list", name="Banque de mots")
    assert bank.get_by_role("listitem").all_inner_texts() == [
        "Apple",
        "Google",
        "Meta",
        "SoftBank",
    ]
    assert_accessible(page)
    page.get_by_label("Votre réponse").fill("SoftBank")
    with page.expect_navigation():
        page.get_by_role("button", name="Valider ma réponse").press("Enter")
    assert page.locator(".verdict").inner_text() == "Bonne réponse\u00a0!"


# -- debates --------------------------------------------------------------------------------------


@pytest.fixture
def new_page(browser, live_server):
    """Separate browsers (contexts) for several people; none may call another host."""
    base_url = live_server.config["LIVE_URL"]
    contexts, outside = [], []

    def make(locale: str, viewport: dict | None = None):
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(base_url=base_url, locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith(base_url) else outside.append(r.url))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not outside, f"requests to another host: {outside}"


def submit_phase(page, phase: str, text: str, button: str, card: bool = True, target=None):
    section = page.locator(f"#phase-{phase}")
    section.locator("textarea").fill(text)
    if card:
        section.locator('input[name="cards"]').first.check()
    if target is not None:
        section.locator('select[name="target"]').select_option(index=target)
    with page.expect_navigation():
        section.get_by_role("button", name=button).click()


def test_two_learners_debate_a_host_scores_and_each_sees_only_their_score(new_page):
    host, amina, ben = new_page("fr-FR"), new_page("fr-FR"), new_page("en-GB")
    host.goto("/articles/hundred-deepseeks/debates")
    assert_accessible(host)
    with host.expect_navigation():
        host.locator("section.question").nth(1).get_by_role(
            "button", name="Ouvrir un débat en groupe"
        ).click()
    code = host.locator(".code").inner_text()
    assert_accessible(host)

    for page, name, side, vote, labels in (
        (amina, "Amina", "Pour", "Je suis d’accord", "fr"),
        (ben, "Ben", "Against", "I agree", "en"),
    ):
        page.goto("/articles/hundred-deepseeks/debates")
        page.locator("#code").fill(code)
        with page.expect_navigation():
            page.locator("#code").press("Enter")
        page.get_by_label("Votre prénom" if labels == "fr" else "Your first name").fill(name)
        page.get_by_label(vote, exact=True).check()
        page.get_by_label(side, exact=True).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Participer" if labels == "fr" else "Take part").click()
        assert_accessible(page)

    amina_submit, ben_submit = "Envoyer cette phase", "Submit this phase"
    submit_phase(amina, "prepare", "Mes idées : Huawei, les puces.", amina_submit, card=False)
    submit_phase(ben, "prepare", "Notes: chips, sanctions.", ben_submit, card=False)
    submit_phase(amina, "opening", "La Chine peut devenir souveraine grâce à Huawei.", amina_submit)
    submit_phase(ben, "opening", "Without the best chips, China cannot be sovereign.", ben_submit)
    ben.reload()
    assert_accessible(ben)
    submit_phase(ben, "rebuttal", "Huawei is still years behind.", ben_submit, card=False, target=1)
    amina.reload()
    submit_phase(
        amina, "rebuttal", "Les retards se rattrapent.", amina_submit, card=False, target=1
    )
    submit_phase(amina, "closing", "La souveraineté est possible.", amina_submit, card=False)
    submit_phase(ben, "closing", "Not without chips.", ben_submit, card=False)
    for page, label, button in ((amina, "Je suis d’accord", "Voter"), (ben, "I disagree", "Vote")):
        page.locator("#result").get_by_label(label, exact=True).check()
        with page.expect_navigation():
            page.locator("#result").get_by_role("button", name=button).click()
    assert ben.get_by_text("1 participant changed their mind.").is_visible()
    assert_accessible(ben)

    host.reload()
    with host.expect_navigation():
        host.get_by_role("link", name="Noter les participants").click()
    assert_accessible(host)
    rows = host.locator("tbody tr")
    assert rows.count() == 2
    for index, (level, comment) in enumerate((("4", "Très bien argumenté."), ("2", "Cite more."))):
        row = rows.nth(index)
        for criterion in row.locator("select").all():
            criterion.select_option(level)
        row.locator("textarea").fill(comment)
    with host.expect_navigation():
        host.get_by_role("button", name="Enregistrer les notes").click()

    amina.reload()
    assert amina.get_by_text("Noté par votre enseignant\u00a0: 100").is_visible()
    assert amina.get_by_text("Très bien argumenté.").is_visible()
    assert amina.get_by_text("Cite more.").count() == 0
    ben.goto("/me/results")
    assert ben.get_by_text("Cite more.").is_visible()
    assert ben.get_by_text("Très bien argumenté.").count() == 0
    assert "teacher: 50" in ben.locator("#my-debates").locator("..").inner_text()
    assert_accessible(ben)
