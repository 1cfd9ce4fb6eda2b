"""Accounts: sign-up without e-mail, argon2 passwords, throttled sign-in, fresh sessions."""

import os
import re
import uuid

import pytest
import redis
from sqlalchemy import select

from edu.extensions import db
from edu.models import Attempt, User
from tests.conftest import csrf_token, make_app

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}
GOOD = "three blue herons"
REDIS_URL = os.environ.get("EDU_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def signup(client, username, password=GOOD, headers=ENGLISH, **extra):
    token = csrf_token(client, "/signup")
    data = {"csrf_token": token, "username": username, "password": password, "confirm": password}
    return client.post("/signup", data={**data, **extra}, headers=headers)


def signin(client, username, password=GOOD, headers=ENGLISH):
    token = csrf_token(client, "/signin")
    data = {"csrf_token": token, "username": username, "password": password}
    return client.post("/signin", data=data, headers=headers)


def test_a_learner_signs_up_with_a_username_and_is_signed_in(app, client):
    response = signup(client, "Camille")
    assert response.status_code == 302
    page = client.get("/", headers=ENGLISH).get_data(as_text=True)
    assert "camille" in page and "Sign out" in page
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.username == "camille" and user.role == "learner"
        assert user.password_hash.startswith("$argon2id$") and GOOD not in user.password_hash


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 8 characters"),
        ("password123", "too common"),
        ("camille2024", "must not be your username"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_is_created(app, client, password, message):
    response = signup(client, "camille", password)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_a_taken_username_is_refused_whatever_its_case(app, client):
    signup(client, "camille")
    other = app.test_client()
    response = signup(other, "CAMILLE", headers=FRENCH)
    assert response.status_code == 422
    assert "Ce nom d’utilisateur est pris" in response.get_data(as_text=True)


def test_a_guest_keeps_their_quiz_history_when_signing_up(app, client):
    token = csrf_token(client, "/articles/deepseek-shock")
    client.post("/quiz/articles/deepseek-shock", data={"csrf_token": token, "feedback": "each"})
    signup(client, "camille")
    with app.app_context():
        user = db.session.scalar(select(User))
        attempt = db.session.scalar(select(Attempt))
        assert attempt.learner_id == user.learner_id
    page = client.get("/me/results", headers=ENGLISH).get_data(as_text=True)
    assert "You have not taken a quiz yet" not in page


def test_teachers_sign_up_only_where_the_school_allows_it(app, client, tmp_path):
    page = client.get("/signup").get_data(as_text=True)
    assert 'value="teacher"' not in page
    signup(client, "prof", role="teacher")
    with app.app_context():
        assert db.session.scalar(select(User.role)) == "learner"  # the choice was not offered

    database = f"sqlite:///{tmp_path / 'teachers.sqlite3'}"
    allowed = make_app(database, {}, tmp_path, load=False, TEACHER_SIGNUP=True)
    teacher_client = allowed.test_client()
    assert 'value="teacher"' in teacher_client.get("/signup").get_data(as_text=True)
    signup(teacher_client, "prof", role="teacher")
    with allowed.app_context():
        assert db.session.scalar(select(User.role)) == "teacher"
        db.engine.dispose()


def test_signing_in_and_out(app, client):
    signup(client, "camille")
    client.post("/signout", data={"csrf_token": csrf_token(client)})
    assert "Sign out" not in client.get("/", headers=ENGLISH).get_data(as_text=True)
    response = signin(client, "Camille")
    assert response.status_code == 302
    assert "camille" in client.get("/", headers=ENGLISH).get_data(as_text=True)


@pytest.mark.parametrize("username", ["camille", "nobody"])
def test_a_wrong_password_or_unknown_user_gets_the_same_message(app, client, username):
    signup(app.test_client(), "camille")
    response = signin(client, username, "not the password", headers=FRENCH)
    assert response.status_code == 422
    assert "Nom d’utilisateur ou mot de passe incorrect." in response.get_data(as_text=True)


def test_signing_in_starts_a_fresh_session(app, client):
    signup(app.test_client(), "camille")
    client.get("/")
    with client.session_transaction() as session:
        session["learner"] = "someone-else"
        session["planted"] = "by a previous visitor"
    signin(client, "camille")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["learner"] != "someone-else"


def test_signing_out_is_a_post(client):
    assert client.get("/signout").status_code == 405


def test_sign_in_is_throttled_per_account(app, client):
    signup(app.test_client(), "camille")
    statuses = [signin(client, "camille", "wrong password").status_code for _ in range(6)]
    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429
    response = signin(client, "camille", headers=FRENCH)  # even the right password waits
    assert response.status_code == 429
    assert "Trop de requêtes" in response.get_data(as_text=True)


def test_the_throttle_is_shared_between_workers_through_redis(tmp_path, database_url):
    """Two app processes (workers) count sign-in attempts together in Redis."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    username = f"camille-{uuid.uuid4().hex[:12]}"  # counters of this test only
    url, options = database_url
    workers = []
    for name in ("one", "two"):
        config = {"RATELIMIT_STORAGE_URI": REDIS_URL}
        workers.append(make_app(url, options, tmp_path / name, load=False, **config))
    first, second = (app.test_client() for app in workers)
    # An address of its own (a documentation range, never contacted), so that the per-address
    # counter in Redis is this test's alone, whatever else ran in the same minute.
    address = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    for client in (first, second):
        client.environ_base["REMOTE_ADDR"] = address
    statuses = [signin(first, username, "x" * 8).status_code for _ in range(3)]
    statuses += [signin(second, username, "x" * 8).status_code for _ in range(3)]
    assert statuses == [422] * 5 + [429]
    for app in workers:
        with app.app_context():
            db.engine.dispose()
    keys = redis.Redis.from_url(REDIS_URL).keys(f"*signin:{username}*")
    assert keys, "the counters live in Redis"
    redis.Redis.from_url(REDIS_URL).delete(*keys)


def test_create_teacher_from_the_command_line(app, runner):
    result = runner.invoke(args=["user", "create-teacher", "Mme.Durand"], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "Teacher 'mme.durand' created." in result.output
    with app.app_context():
        assert db.session.scalar(select(User.role)) == "teacher"
    again = runner.invoke(args=["user", "create-teacher", "mme.durand"], input=f"{GOOD}\n{GOOD}\n")
    assert again.exit_code != 0 and "taken" in again.output
    weak = runner.invoke(args=["user", "create-teacher", "other"], input="password\npassword\n")
    assert weak.exit_code != 0 and "common" in weak.output


def test_no_email_is_ever_asked(client):
    for path in ("/signup", "/signin"):
        page = client.get(path, headers=ENGLISH).get_data(as_text=True)
        fields = re.findall(r'<input[^>]*name="([^"]+)"', page)
        assert not [name for name in fields if "mail" in name.lower()]
        assert 'type="email"' not in page
    assert "No e-mail needed" in client.get("/signup", headers=ENGLISH).get_data(as_text=True)
