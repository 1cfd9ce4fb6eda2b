"""Going back to the page a form was on: only ever a page of this site, whatever the Referer."""

import pytest
from sqlalchemy import select, update

from edu import create_app
from edu.extensions import db
from edu.models import Article, Item
from tests.conftest import CONTENT, csrf_token

DEBATES = "/articles/hundred-deepseeks/debates"
ELSEWHERE = [
    "https://evil.example/phishing",
    "http://evil.example/articles/hundred-deepseeks",
    "//evil.example/phishing",
    "http://localhost.evil.example/x",
    "http://localhost@evil.example/x",
    "http://evil.example@localhost/x",  # credentials before the host: not a page of ours
    "http://localhost//evil.example/x",  # a path that browsers would read as a host
    "http://localhost/\\evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://localhost/x",
    "articles",  # not a path at all
    "http://[evil.example/x",  # not even a URL
]


@pytest.fixture(scope="module")
def bare_app():
    """The app without a database: safe_referrer reads nothing but the request."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "CONTENT_DIR": str(CONTENT),
        }
    )


def referred(app, referrer: str | None, host: str = "localhost") -> str:
    from edu.web.navigation import safe_referrer

    headers = {"Referer": referrer} if referrer is not None else {}
    with app.test_request_context("/debates/join", headers=headers, base_url=f"http://{host}"):
        return safe_referrer("/fallback")


@pytest.mark.parametrize("referrer", ELSEWHERE)
def test_a_referrer_elsewhere_falls_back(bare_app, referrer):
    assert referred(bare_app, referrer) == "/fallback"


@pytest.mark.parametrize(
    ("referrer", "back"),
    [
        (f"http://localhost{DEBATES}", DEBATES),
        (f"https://localhost{DEBATES}?display=both#q-3", f"{DEBATES}?display=both"),
        (f"http://LOCALHOST{DEBATES}", DEBATES),
        ("http://localhost", "/"),
        (DEBATES, DEBATES),
    ],
)
def test_a_page_of_this_site_is_kept_as_a_path(bare_app, referrer, back):
    assert referred(bare_app, referrer) == back


def test_the_host_is_the_one_asked_with_its_port(bare_app):
    assert referred(bare_app, "http://school.example:8080/a?b=1", "school.example:8080") == "/a?b=1"
    assert referred(bare_app, "http://school.example:9090/a", "school.example:8080") == "/fallback"


def test_no_referrer_falls_back(bare_app):
    assert referred(bare_app, None) == "/fallback"
    assert referred(bare_app, "") == "/fallback"


def post_from(client, url: str, data: dict, referrer: str):
    token = csrf_token(client, DEBATES)
    return client.post(url, data={"csrf_token": token, **data}, headers={"Referer": referrer})


@pytest.mark.parametrize("referrer", ELSEWHERE[:3])
def test_a_wrong_debate_code_never_leads_to_another_site(client, referrer):
    response = post_from(client, "/debates/join", {"code": "ZZZZZZ"}, referrer)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_wrong_debate_code_leads_back_to_the_page_it_was_typed_on(client):
    response = post_from(client, "/debates/join", {"code": "ZZZZZZ"}, f"http://localhost{DEBATES}")
    assert response.headers["Location"] == DEBATES


def test_a_quiz_with_no_questions_never_leads_to_another_site(app, client):
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == "hundred-deepseeks"))
        db.session.execute(
            update(Item).where(Item.article_id == article.id).values(status="rejected")
        )
        db.session.commit()
    url = "/quiz/articles/hundred-deepseeks"
    response = post_from(client, url, {"feedback": "each"}, "https://evil.example/phishing")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    response = post_from(client, url, {"feedback": "each"}, "http://localhost/articles/x")
    assert response.headers["Location"] == "/articles/x"
