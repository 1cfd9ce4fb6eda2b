"""Classes: a teacher's code, pupils joining with a first name and a PIN, shared-browser safety."""

import datetime as dt
import re

from sqlalchemy import select

from edu.extensions import db
from edu.models import Attempt, Pupil, SchoolClass, WebSession
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}


def join(client, code, first_name, pin="", headers=FRENCH):
    token = csrf_token(client, "/join")
    data = {"csrf_token": token, "code": code, "first_name": first_name, "pin": pin}
    return client.post("/join", data=data, headers=headers)


def test_a_teacher_creates_a_class_with_an_unambiguous_code(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code)
    page = teacher.get(url).get_data(as_text=True)
    assert "<title>4e B · Agora</title>" in page
    assert page.count('id="delete-title"') == 1
    assert "4e B" in teacher.get("/classes").get_data(as_text=True)


def test_only_teachers_reach_the_classes_pages(app, client):
    assert client.get("/classes").headers["Location"].startswith("/signin")


def test_a_teacher_sees_only_their_own_classes(app):
    url, _ = create_class(teacher_client(app))
    other = teacher_client(app, "m.martin")
    assert other.get(url).status_code == 404
    assert other.get(f"{url}/cards").status_code == 404
    token = csrf_token(other, "/classes")
    assert other.post(f"{url}/code", data={"csrf_token": token}).status_code == 404
    assert "4e B" not in other.get("/classes").get_data(as_text=True)


def test_a_pupil_joins_with_the_code_and_a_first_name_and_gets_a_pin(app, client):
    _, code = create_class(teacher_client(app))
    response = join(client, code.lower(), "Léa")
    assert response.status_code == 302
    page = client.get("/", headers=FRENCH).get_data(as_text=True)
    pin = re.search(r"Votre PIN est (\d{4})", page).group(1)
    assert "Léa" in page and "Ce n’est pas vous\u00a0?" in page
    with app.app_context():
        pupil = db.session.scalar(select(Pupil))
        assert pupil.pin == pin and pupil.learner.kind == "pupil"


def test_a_wrong_code_gets_a_clear_message(app, client):
    response = join(client, "ZZZZZZ", "Léa", headers=ENGLISH)
    assert response.status_code == 422
    assert "No class has this code" in response.get_data(as_text=True)


def test_a_returning_pupil_needs_their_pin(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Léa")
    with app.app_context():
        pin = db.session.scalar(select(Pupil.pin))
    other_desk = app.test_client()
    assert "tapez votre PIN" in join(other_desk, code, "léa").get_data(as_text=True)
    wrong = "0000" if pin != "0000" else "1111"
    assert "ne correspondent pas" in join(other_desk, code, "Léa", wrong).get_data(as_text=True)
    assert join(other_desk, code, "Léa", pin).status_code == 302
    with other_desk.session_transaction() as session, app.app_context():
        learner_id = db.session.scalar(select(Pupil.learner_id))
        from edu.models import Learner

        assert session["learner"] == db.session.get(Learner, learner_id).public_id


def test_on_a_shared_browser_the_next_pupil_never_sees_the_first_ones_work(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Léa")
    token = csrf_token(client, "/articles/deepseek-shock")
    client.post("/quiz/articles/deepseek-shock", data={"csrf_token": token, "feedback": "each"})
    assert "Vous n’avez encore fait aucun quiz" not in client.get("/me/results").get_data(
        as_text=True
    )
    client.post("/not-me", data={"csrf_token": csrf_token(client)})
    join(client, code, "Tom")
    page = client.get("/me/results", headers=FRENCH).get_data(as_text=True)
    assert "Vous n’avez encore fait aucun quiz" in page
    with app.app_context():
        assert db.session.scalar(select(Attempt)).learner.display_name == "Léa"


def test_an_idle_pupil_session_ends(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Léa")
    with app.app_context():  # the idle limit is the server's: the cookie has no say
        idle = dt.timedelta(minutes=app.config["PUPIL_IDLE_MINUTES"], seconds=1)
        record = db.session.scalar(select(WebSession).where(WebSession.kind == "pupil"))
        record.last_seen_at = dt.datetime.now(dt.UTC) - idle
        db.session.commit()
    response = client.get("/me/results", headers=FRENCH)
    assert response.status_code == 302 and response.headers["Location"] == "/join"
    with client.session_transaction() as session:
        assert "learner" not in session and "pupil" not in session


def test_a_renewed_code_replaces_the_old_one_and_can_expire(app, client):
    teacher = teacher_client(app)
    url, old = create_class(teacher)
    token = csrf_token(teacher, url)
    teacher.post(f"{url}/code", data={"csrf_token": token, "days": "7"})
    new = re.search(r'<strong class="code">(\w+)</strong>', teacher.get(url).get_data(as_text=True))
    assert new.group(1) != old
    assert join(client, old, "Léa").status_code == 422
    with app.app_context():
        import datetime as dt

        school_class = db.session.scalar(select(SchoolClass))
        school_class.code_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.commit()
    assert join(client, new.group(1), "Léa").status_code == 422


def test_login_cards_list_every_pupil_in_both_languages(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    token = csrf_token(teacher, url)
    teacher.post(f"{url}/pupils", data={"csrf_token": token, "names": "Léa\nTom\n\nLéa"})
    page = teacher.get(f"{url}/cards").get_data(as_text=True)
    assert page.count("<li>") >= 2 and page.count(code) >= 4
    assert "code de la classe" in page and "Class code" in page
    with app.app_context():
        assert sorted(db.session.scalars(select(Pupil.first_name))) == ["Léa", "Tom"]


def test_joining_is_rate_limited(app, client):
    from edu.web.classes.routes import WRONG_CODES_PER_ADDRESS  # wrong codes, per address

    limit = int(WRONG_CODES_PER_ADDRESS.split()[0])
    statuses = [join(client, "ZZZZZZ", f"Pupil {n}").status_code for n in range(limit + 1)]
    assert statuses[-1] == 429 and statuses[0] == 422
