"""The page header, rendered once per kind of visitor: each request still gets its own token,
address, name and menus, and nothing of one visitor reaches another."""

import re

from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token
from tests.test_classes import join

FRENCH = {"Accept-Language": "fr"}


def header(page: str) -> str:
    return re.search(r'<header class="site">.*?</header>', page, re.S).group(0)


def test_two_pupils_on_one_worker_each_see_their_own_name_and_token(app):
    _, code = create_class(teacher_client(app))
    pages = {}
    for name in ("Léa", "Noé"):
        pupil = app.test_client()
        join(pupil, code, name)
        pages[name] = header(pupil.get("/me/results", headers=FRENCH).get_data(as_text=True))
    assert "Léa" in pages["Léa"] and "Noé" not in pages["Léa"]
    assert "Noé" in pages["Noé"] and "Léa" not in pages["Noé"]
    tokens = {
        name: set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
        for name, page in pages.items()
    }
    assert len(tokens["Léa"]) == len(tokens["Noé"]) == 1
    assert tokens["Léa"] != tokens["Noé"]


def test_the_header_forms_send_back_to_the_page_they_are_on(client):
    for path in ("/articles/deepseek-shock", "/articles?theme=economie&q=%3Cb%3E"):
        page = client.get(path, headers=FRENCH).get_data(as_text=True)
        nexts = re.findall(r'name="next" value="([^"]*)"', header(page))
        assert len(nexts) == 2
        assert all(value == nexts[0] for value in nexts)
    assert nexts[0] == "/articles?theme=economie&amp;q=%3Cb%3E"  # escaped, as Jinja would


def test_the_language_switch_of_a_cached_header_works(client):
    client.get("/articles", headers=FRENCH)
    client.get("/articles", headers=FRENCH)  # the second page has the copied header
    token = csrf_token(client, "/articles")
    switched = client.post(
        "/preferences/language", data={"csrf_token": token, "locale": "en", "next": "/articles"}
    )
    assert switched.status_code == 302
    page = client.get("/articles", headers=FRENCH).get_data(as_text=True)
    assert 'value="en" lang="en" aria-current="true"' in header(page)
    assert ">My results<" in header(page)


def test_a_teacher_and_a_visitor_get_their_own_menus(app, client):
    teacher = teacher_client(app)
    for _ in range(2):
        teacher_header = header(teacher.get("/articles").get_data(as_text=True))
        visitor_header = header(client.get("/articles").get_data(as_text=True))
    assert "mme.durand" in teacher_header and "/classes" in teacher_header
    assert "mme.durand" not in visitor_header and "/classes" not in visitor_header
    assert "/signin" in visitor_header


def test_the_kept_headers_are_bounded(app, client, monkeypatch):
    from edu.web import site_header

    monkeypatch.setattr(site_header, "MAX_KEPT", 2)
    _, code = create_class(teacher_client(app))
    for name in ("Ana", "Ben", "Cléo", "Dan"):
        pupil = app.test_client()
        join(pupil, code, name)
        assert name in header(pupil.get("/me/results").get_data(as_text=True))
    assert len(app.extensions["site_header"]) == 2
