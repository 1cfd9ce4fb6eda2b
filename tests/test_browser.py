"""The real thing: headless Chromium on a live server, with axe-core checking every page visited."""

import os
import shutil
import threading

import pytest
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
    yield f"http://127.0.0.1:{server.server_port}"
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
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server) else outside.append(request.url)
        ),
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
