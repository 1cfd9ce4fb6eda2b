"""The pages a visitor sees: article list, article, errors, in French, English and both."""

import re

import pytest

from tests.conftest import csrf_token

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_article_list_shows_the_five_articles_in_french_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert html_lang(page) == "fr"
    assert "Articles" in page and "Passer au contenu" in page
    assert page.count('class="card"') == 5
    assert "Cent projets «\u00a0à la DeepSeek\u00a0»" in page  # French spacing in content too
    assert "A hundred DeepSeeks" not in page
    assert "juin 2025" in page  # the date of the article on a hundred DeepSeeks, in French


def test_article_list_follows_the_browser_language(client):
    page = client.get("/", headers=ENGLISH).get_data(as_text=True)
    assert html_lang(page) == "en"
    assert "Skip to content" in page
    assert "A hundred DeepSeeks" in page
    assert "June 2025" in page


def test_unknown_browser_language_falls_back_to_french(client):
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert html_lang(page) == "fr"


def test_language_switch_is_remembered_over_the_browser_language(client):
    token = csrf_token(client)
    response = client.post(
        "/preferences/language",
        data={"csrf_token": token, "locale": "en", "next": "/articles/deepseek-shock"},
        headers=FRENCH,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/articles/deepseek-shock"
    page = client.get("/", headers=FRENCH).get_data(as_text=True)
    assert html_lang(page) == "en"
    assert "Skip to content" in page


def test_language_switch_without_csrf_token_is_refused_and_changes_nothing(client):
    response = client.post("/preferences/language", data={"locale": "en"}, headers=FRENCH)
    assert response.status_code == 400
    assert "Formulaire expiré" in response.get_data(as_text=True)
    assert html_lang(client.get("/", headers=FRENCH).get_data(as_text=True)) == "fr"


def test_switches_never_change_anything_on_get(client):
    assert client.get("/preferences/language?locale=en").status_code == 405
    assert html_lang(client.get("/", headers=FRENCH).get_data(as_text=True)) == "fr"


def test_unknown_language_gets_a_message_and_keeps_the_current_one(client):
    token = csrf_token(client)
    response = client.post(
        "/preferences/language",
        data={"csrf_token": token, "locale": "de"},
        headers=FRENCH,
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Cette langue n’est pas disponible." in page
    assert html_lang(page) == "fr"


def test_switch_never_redirects_to_another_host(client):
    token = csrf_token(client)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            "/preferences/language", data={"csrf_token": token, "locale": "en", "next": target}
        )
        assert response.headers["Location"] == "/"


def set_display(client, mode: str) -> None:
    token = csrf_token(client)
    response = client.post("/preferences/display", data={"csrf_token": token, "display": mode})
    assert response.status_code == 302


FACT_FR = "589 milliards"
FACT_EN = "589 billion"


@pytest.mark.parametrize(
    ("mode", "shown", "hidden"),
    [("fr", [FACT_FR], [FACT_EN]), ("en", [FACT_EN], [FACT_FR]), ("both", [FACT_FR, FACT_EN], [])],
)
def test_article_content_in_each_display_mode(client, mode, shown, hidden):
    set_display(client, mode)
    page = client.get("/articles/sun-tzu-open-source", headers=FRENCH).get_data(as_text=True)
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page
    if mode == "both":
        assert '<div class="bi"><p lang="fr">' in page
    assert html_lang(page) == "fr"  # the interface stays in French whatever the content shows


def test_display_mode_follows_the_interface_language_until_chosen(client):
    page = client.get("/articles/sun-tzu-open-source", headers=ENGLISH).get_data(as_text=True)
    assert FACT_EN in page and FACT_FR not in page


def test_article_page_shows_summary_facts_with_their_source_and_questions(client):
    page = client.get("/articles/hundred-deepseeks", headers=ENGLISH).get_data(as_text=True)
    assert "Summary" in page and "Key facts" in page and "Discussion questions" in page
    assert page.count('<li id="fact-') == 25
    assert "paragraph 17" in page
    assert page.count('class="question"') == 8
    assert page.count("Asked by the article, paragraph 17") == 8
    assert "This house believes" in page


def test_article_page_in_french_shows_french_labels(client):
    page = client.get("/articles/hundred-deepseeks", headers=FRENCH).get_data(as_text=True)
    assert "Faits clés" in page and "Questions de discussion" in page
    assert "paragraphe 17" in page
    assert "Cette assemblée" in page


def test_unknown_article_is_a_404_in_the_visitor_language(client):
    response = client.get("/articles/no-such-article", headers=ENGLISH)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    response = client.get("/articles/no-such-article", headers=FRENCH)
    assert "Page introuvable" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("headers", "title"), [(ENGLISH, "Something went wrong"), (FRENCH, "Un problème est survenu")]
)
def test_server_error_page_in_both_languages(app, headers, title):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    response = app.test_client().get("/boom", headers=headers)
    assert response.status_code == 500
    assert title in response.get_data(as_text=True)


def test_empty_database_says_no_article_yet(empty_app):
    page = empty_app.test_client().get("/", headers=ENGLISH).get_data(as_text=True)
    assert "No article has been loaded yet." in page


def test_security_headers_on_every_page(client):
    for path in ("/", "/articles/deepseek-shock", "/missing"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Accept-Language" in headers["Vary"]


def test_pages_have_no_script_and_nothing_from_another_host(client):
    for path in ("/", "/articles/deepseek-shock"):
        page = client.get(path).get_data(as_text=True)
        assert "<script" not in page
        assert not re.search(r'(src|href|action)="(https?:)?//', page)


def test_session_cookie_is_httponly_and_samesite_lax(client):
    token = csrf_token(client)
    response = client.post("/preferences/language", data={"csrf_token": token, "locale": "en"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_served_over_https(monkeypatch, tmp_path):
    from tests.conftest import make_app

    monkeypatch.setenv("EDU_HTTPS", "1")
    app = make_app(f"sqlite:///{tmp_path / 'https.sqlite3'}", {}, tmp_path, load=False)
    client = app.test_client()
    page = client.get("/", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/preferences/language",
        data={"csrf_token": token, "locale": "en"},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/"},  # Flask-WTF checks it over HTTPS
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    with app.app_context():
        from edu.extensions import db

        db.engine.dispose()


def test_stylesheet_is_served_locally_and_small(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert len(response.data) < 10_000
    response.close()
