"""Sessions that end on the server, PINs nobody can walk, sign-in a stranger cannot block."""

import datetime as dt
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from edu.accounts import pin_lock
from edu.accounts.names import clean_name
from edu.extensions import db, limiter
from edu.models import AuditEvent, Pupil, SchoolClass, User, WebSession
from edu.services import accounts, classes, web_sessions
from edu.web.classes.routes import WRONG_CODES_PER_ADDRESS
from tests.classes_helpers import PASSWORD, create_class, teacher_client
from tests.conftest import csrf_token, make_app

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}


def join(client, code, first_name, pin="", headers=FRENCH, address="10.1.0.1"):
    token = csrf_token(client, "/join")
    data = {"csrf_token": token, "code": code, "first_name": first_name, "pin": pin}
    return client.post("/join", data=data, headers=headers, environ_base={"REMOTE_ADDR": address})


def copy_of(app, client):
    """A second browser holding a copy of this browser's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def cookie_contents(app, client) -> dict:
    """What the session cookie says, but its two random tokens (which may hold any digits)."""
    serializer = app.session_interface.get_signing_serializer(app)
    contents = serializer.loads(client.get_cookie("session").value)
    return {key: value for key, value in contents.items() if key not in {"csrf_token", "token"}}


def the_pupil(app, first_name) -> Pupil:
    with app.app_context():
        return db.session.scalar(select(Pupil).where(Pupil.first_name == first_name))


# -- sessions end on the server ------------------------------------------------------------------


def test_a_copied_teacher_cookie_opens_nothing_after_sign_out(app):
    teacher = teacher_client(app)
    thief = copy_of(app, teacher)
    token = csrf_token(thief, "/classes")  # the copy works while the session lives
    teacher.post("/signout", data={"csrf_token": csrf_token(teacher, "/")})
    response = thief.post("/classes", data={"csrf_token": token, "name": "Intrus"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")
    assert thief.get("/classes").headers["Location"].startswith("/signin")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SchoolClass)) == 0


def test_not_you_ends_the_pupil_session_for_every_copy(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Léa")
    thief = copy_of(app, client)
    assert thief.get("/assignments").status_code == 200
    client.post("/not-me", data={"csrf_token": csrf_token(client)})
    response = thief.get("/assignments", headers=FRENCH)
    assert response.status_code == 302 and response.headers["Location"] == "/join"
    page = thief.get("/join", headers=FRENCH).get_data(as_text=True)
    assert "Votre session est terminée" in page


def test_a_deleted_pupils_cookie_opens_nothing(app, client):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    join(client, code, "Léa")
    pupil = the_pupil(app, "Léa")
    token = csrf_token(teacher, url)
    teacher.post(f"{url}/pupils/{pupil.id}/delete", data={"csrf_token": token, "confirm": "yes"})
    response = client.get("/assignments")
    assert response.status_code == 302 and response.headers["Location"] == "/join"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebSession)) == 1  # teacher's


def test_deleting_a_class_ends_its_pupils_sessions(app, client):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    join(client, code, "Léa")
    teacher.post(f"{url}/delete", data={"csrf_token": csrf_token(teacher, url), "confirm": "yes"})
    assert client.get("/assignments").headers["Location"] == "/join"


def test_a_teacher_signs_a_pupil_out_everywhere(app, client):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    join(client, code, "Léa")
    other_desk = app.test_client()
    pin = the_pupil(app, "Léa").pin
    assert join(other_desk, code, "Léa", pin).status_code == 302
    pupil = the_pupil(app, "Léa")
    teacher.post(f"{url}/pupils/{pupil.id}/signout", data={"csrf_token": csrf_token(teacher, url)})
    for desk in (client, other_desk):
        assert desk.get("/assignments").headers["Location"] == "/join"
    assert join(other_desk, code, "Léa", pin).status_code == 302  # the PIN still works


def test_a_new_pin_ends_the_pupil_sessions_and_the_old_pin(app, client):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    join(client, code, "Léa")
    old = the_pupil(app, "Léa")
    teacher.post(
        f"{url}/pupils/{old.id}/pin", data={"csrf_token": csrf_token(teacher, url)}, headers=ENGLISH
    )
    new = the_pupil(app, "Léa").pin
    assert new not in repr(cookie_contents(app, teacher))  # the message waiting there has no PIN
    page = teacher.get(f"{url}/cards", headers=ENGLISH).get_data(as_text=True)  # PINs live there
    assert f"<strong>{new}</strong>" in page and "Léa has a new PIN" in page
    assert client.get("/assignments").headers["Location"] == "/join"
    if new != old.pin:
        assert join(app.test_client(), code, "Léa", old.pin).status_code == 422
    assert join(app.test_client(), code, "Léa", new).status_code == 302


def test_changing_the_password_signs_out_every_other_browser(app):
    teacher = teacher_client(app)
    elsewhere = teacher_client_again(app)
    page = teacher.get("/account", headers=ENGLISH).get_data(as_text=True)
    assert "signed in on 1 other browser" in page
    token = csrf_token(teacher, "/account")
    new = "four green parrots"
    data = {"csrf_token": token, "current": "wrong one", "password": new, "confirm": new}
    assert teacher.post("/account", data=data, headers=ENGLISH).status_code == 422
    assert elsewhere.get("/classes").status_code == 200  # nothing changed
    data["current"] = PASSWORD
    assert teacher.post("/account", data=data).status_code == 302
    assert teacher.get("/classes").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/classes").headers["Location"].startswith("/signin")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert accounts.authenticate(db.session, user.username, new) is not None
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action.like("pass%")))


def teacher_client_again(app, username="mme.durand"):
    client = app.test_client()
    token = csrf_token(client, "/signin")
    client.post("/signin", data={"csrf_token": token, "username": username, "password": PASSWORD})
    return client


def test_a_teacher_signs_out_every_other_browser(app):
    teacher = teacher_client(app)
    elsewhere = teacher_client_again(app)
    teacher.post("/account/sessions", data={"csrf_token": csrf_token(teacher, "/account")})
    assert teacher.get("/classes").status_code == 200
    assert elsewhere.get("/classes").headers["Location"].startswith("/signin")


def test_a_teacher_session_ends_after_its_absolute_lifetime(app):
    teacher = teacher_client(app)
    assert teacher.get("/classes").status_code == 200
    with app.app_context():
        record = db.session.scalar(select(WebSession))
        hours = dt.timedelta(hours=app.config["ACCOUNT_SESSION_HOURS"])
        record.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        record.created_at = dt.datetime.now(dt.UTC) - hours
        db.session.commit()
    response = teacher.get("/classes", headers=ENGLISH)
    assert response.headers["Location"].startswith("/signin")
    assert "Your session has ended" in teacher.get("/signin", headers=ENGLISH).get_data(
        as_text=True
    )


def test_every_sign_in_gets_a_new_token_and_the_database_keeps_only_its_hash(app):
    first, second = teacher_client(app), teacher_client_again(app)
    serializer = app.session_interface.get_signing_serializer(app)
    tokens = [serializer.loads(c.get_cookie("session").value)["token"] for c in (first, second)]
    assert tokens[0] != tokens[1] and len(tokens[0]) >= 43  # 256 random bits
    with app.app_context():
        stored = set(db.session.scalars(select(WebSession.token_hash)))
    assert len(stored) == 2 and not stored & set(tokens)


def test_a_cookie_from_before_server_sessions_is_refused(app):
    teacher_client(app)
    with app.app_context():
        user_id = db.session.scalar(select(User.id))
    old = app.test_client()
    with old.session_transaction() as session:
        session["user"] = user_id  # what a signed cookie used to hold
    assert old.get("/classes").headers["Location"].startswith("/signin")


def test_purge_removes_only_unusable_records(session):
    lifetimes = {
        "account": web_sessions.Lifetime(dt.timedelta(hours=2), dt.timedelta(hours=12)),
        "pupil": web_sessions.Lifetime(dt.timedelta(minutes=20), dt.timedelta(hours=12)),
    }
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    live = web_sessions.start(session, "pupil", lifetimes["pupil"], now=now)
    web_sessions.start(session, "pupil", lifetimes["pupil"], now=now - dt.timedelta(hours=1))
    web_sessions.start(session, "account", lifetimes["account"], now=now - dt.timedelta(hours=13))
    session.commit()
    assert web_sessions.purge_ended(session, lifetimes, now) == 2
    assert web_sessions.find_live(session, live, lifetimes, now)[0] is not None


# -- PINs nobody can guess ---------------------------------------------------------------------


def test_five_wrong_pins_lock_the_name_whatever_the_address(app, client):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    join(client, code, "Léa")
    pin = the_pupil(app, "Léa").pin
    wrong = "0000" if pin != "0000" else "1111"
    desk = app.test_client()
    for n in range(pin_lock.WRONG_PINS_BEFORE_LOCK - 1):
        page = join(desk, code, "Léa", wrong, address=f"10.2.0.{n}").get_data(as_text=True)
        assert "ne correspondent pas" in page
    page = join(desk, code, "Léa", wrong, address="10.2.0.99").get_data(as_text=True)
    assert "verrouillé" in page and "Demandez à votre enseignant" in page
    english = join(desk, code, "Léa", pin, headers=ENGLISH, address="10.3.0.1")
    assert english.status_code == 422  # even the right PIN waits for the lock to end
    assert "locked for 15 minutes" in english.get_data(as_text=True)
    assert "Ask your teacher" in english.get_data(as_text=True)
    class_page = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    assert "Locked until" in class_page
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        addresses = set(db.session.scalars(select(AuditEvent.address)))
    assert actions.count("pin-failed") == 4 and "pin-locked" in actions
    assert {"10.2.0.0", "10.2.0.99"} <= addresses
    pupil = the_pupil(app, "Léa")
    teacher.post(f"{url}/pupils/{pupil.id}/unlock", data={"csrf_token": csrf_token(teacher, url)})
    assert "Locked until" not in teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    assert join(desk, code, "Léa", pin, address="10.3.0.2").status_code == 302


def test_guessing_from_a_hundred_addresses_is_stopped_after_a_handful(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Léa")
    pin = the_pupil(app, "Léa").pin
    guesses = [f"{n:04d}" for n in range(300) if f"{n:04d}" != pin]
    guesses.insert(150, pin)  # the attacker even hits the right PIN, once locked
    attacker = app.test_client()
    outcomes = []
    for n, guess in enumerate(guesses):
        response = join(attacker, code, "Léa", guess, headers=ENGLISH, address=f"10.9.{n % 100}.1")
        assert response.status_code != 302, "a guess got in"
        tried = "don&#39;t match" in response.get_data(as_text=True)
        outcomes.append("tried" if tried else "locked or throttled")
    assert outcomes.count("tried") == pin_lock.WRONG_PINS_BEFORE_LOCK - 1
    assert the_pupil(app, "Léa").wrong_pins == pin_lock.WRONG_PINS_BEFORE_LOCK


def test_after_a_lock_ends_one_wrong_pin_locks_again(session):
    teacher = accounts.create_user(session, "mme.durand", PASSWORD, "teacher")
    school_class = classes.create_class(session, teacher, "4e B")
    pupil = classes.add_pupil(session, school_class, "Léa")
    wrong = "0000" if pupil.pin != "0000" else "1111"
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    problems = [classes.join(session, school_class, "Léa", wrong, now).problem for _ in range(5)]
    assert problems == ["wrong-pin"] * 4 + ["locked"]
    during = now + dt.timedelta(minutes=pin_lock.LOCK_MINUTES - 1)
    assert classes.join(session, school_class, "Léa", pupil.pin, during).problem == "locked"
    later = now + dt.timedelta(minutes=pin_lock.LOCK_MINUTES + 1)
    assert classes.join(session, school_class, "Léa", wrong, later).problem == "locked"
    assert classes.join(session, school_class, "Léa", pupil.pin, later).problem == "locked"
    much_later = later + dt.timedelta(minutes=pin_lock.LOCK_MINUTES + 1)
    joined = classes.join(session, school_class, "Léa", pupil.pin, much_later)
    assert joined.pupil is not None and joined.pupil.wrong_pins == 0
    assert pin_lock.is_locked(pin_lock.lock_end(now).replace(tzinfo=None), now)  # naive is UTC


def test_wrong_pins_sent_at_the_same_moment_each_count(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Léa")
    pin = the_pupil(app, "Léa").pin
    wrong = "0000" if pin != "0000" else "1111"
    desks = [app.test_client() for _ in range(12)]
    tokens = [csrf_token(desk, "/join") for desk in desks]
    start = threading.Barrier(len(desks))

    def guess(n: int) -> int:
        data = {"csrf_token": tokens[n], "code": code, "first_name": "Léa", "pin": wrong}
        start.wait()
        address = {"REMOTE_ADDR": f"10.7.0.{n}"}
        return desks[n].post("/join", data=data, environ_base=address).status_code

    with ThreadPoolExecutor(len(desks)) as pool:
        statuses = list(pool.map(guess, range(len(desks))))
    assert statuses == [422] * len(desks)
    pupil = the_pupil(app, "Léa")
    assert pupil.wrong_pins == pin_lock.WRONG_PINS_BEFORE_LOCK  # not fewer, however sent
    assert pin_lock.is_locked(pupil.locked_until, dt.datetime.now(dt.UTC))


def test_a_stranger_hammering_the_account_does_not_lock_the_teacher_out(app):
    teacher_client(app)
    stranger = app.test_client()
    statuses = []
    for _ in range(12):
        token = csrf_token(stranger, "/signin")
        data = {"csrf_token": token, "username": "mme.durand", "password": "guess guess"}
        statuses.append(
            stranger.post("/signin", data=data, environ_base={"REMOTE_ADDR": "203.0.113.9"})
        )
    assert statuses[-1].status_code == 429 and statuses[0].status_code == 422
    teacher = app.test_client()
    token = csrf_token(teacher, "/signin")
    data = {"csrf_token": token, "username": "mme.durand", "password": PASSWORD}
    response = teacher.post("/signin", data=data, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 302


# -- names that cannot impersonate ---------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    ["Alice\u200b", "\uff21lice", "  Alice  ", "Al\u00adice", "\u2066Alice\u2069", "A\u200dlice"],
)
def test_look_alike_names_are_the_same_name(variant):
    assert clean_name(variant) == "Alice"
    assert classes.name_key(variant) == classes.name_key("alice")


def test_bidi_overrides_and_spaces_are_taken_out_of_names():
    assert clean_name("A\u202eecila") == "Aecila"
    assert clean_name("Jean   \t Pierre") == "Jean Pierre"
    assert clean_name("\u200b\u200c\ufeff") == ""
    assert clean_name("Zoé") == "Zoé" and clean_name("Zoe\u0301") == "Zoé"  # NFKC composes


def test_a_look_alike_name_joins_as_the_existing_pupil_not_a_new_one(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Alice")
    for variant in ("Alice\u200b", "\uff21lice"):
        page = join(app.test_client(), code, variant).get_data(as_text=True)
        assert "tapez votre PIN" in page
    with app.app_context():
        assert list(db.session.scalars(select(Pupil.first_name))) == ["Alice"]


def test_a_name_with_nothing_visible_is_refused(app, client):
    _, code = create_class(teacher_client(app))
    response = join(client, code, "\u200b\u200b", headers=ENGLISH)
    assert response.status_code == 422 and "first name with letters" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pupil)) == 0


def test_usernames_are_normalised_too(app):
    with app.app_context():
        assert accounts.create_user(db.session, "\uff41lice", PASSWORD, "learner") is not None
        assert accounts.create_user(db.session, "alice\u200b", PASSWORD, "learner") is None
        assert db.session.scalar(select(User.username)) == "alice"


# -- the welcome PIN never sits in the cookie -----------------------------------------------------


def test_the_new_pupils_pin_is_shown_once_and_never_kept_in_the_cookie(app, client):
    _, code = create_class(teacher_client(app))
    response = join(client, code, "Léa", headers=ENGLISH)
    pin = the_pupil(app, "Léa").pin
    assert pin not in repr(cookie_contents(app, client))
    page = client.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert re.search(rf"Your PIN is {pin}\b", page)
    assert pin not in repr(cookie_contents(app, client))
    assert f"Your PIN is {pin}" not in client.get("/assignments", headers=ENGLISH).get_data(
        as_text=True
    )


# -- fail safe when the throttling store is down ---------------------------------------------------


@pytest.fixture
def app_without_redis(database_url, tmp_path):
    app = make_app(*database_url, tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    # The limiter is one object for every app of this test process: forget that an earlier
    # test's store was found dead, so that this one finds it (and says so) again.
    limiter._storage_dead = False
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_with_the_throttling_store_down_pupils_and_teachers_still_get_in(app_without_redis, caplog):
    app = app_without_redis
    teacher = teacher_client(app)
    assert teacher.get("/classes").status_code == 200
    _, code = create_class(teacher)
    pupil = app.test_client()
    assert join(pupil, code, "Léa").status_code == 302
    limit = int(WRONG_CODES_PER_ADDRESS.split()[0])
    statuses = [join(app.test_client(), "ZZZZZZ", f"P{n}").status_code for n in range(limit + 1)]
    assert statuses[0] == 422 and statuses[-1] == 429  # still limited, in memory
    assert "falling back to in-memory storage" in caplog.text  # and the IT person is told


# -- headers ------------------------------------------------------------------------------------


def test_pages_with_personal_data_are_never_stored_by_the_browser(app, client):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    join(client, code, "Léa")
    for browser, path in ((client, "/assignments"), (client, "/me/results"), (teacher, url)):
        assert browser.get(path).headers["Cache-Control"] == "no-store"
    with client.get("/static/style.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_hsts_only_over_https(database_url, tmp_path):
    plain = make_app(*database_url, tmp_path, load=False)
    assert "Strict-Transport-Security" not in plain.test_client().get("/").headers
    secure = make_app(*database_url, tmp_path, load=False, SESSION_COOKIE_SECURE=True)
    assert secure.test_client().get("/").headers["Strict-Transport-Security"].startswith("max-age=")
    for app in (plain, secure):
        with app.app_context():
            db.engine.dispose()


def test_the_it_person_signs_an_account_out_everywhere_from_the_command_line(app, runner):
    teacher, elsewhere = teacher_client(app), teacher_client_again(app)
    result = runner.invoke(args=["user", "sign-out", "MME.DURAND"])
    assert result.exit_code == 0 and "Ended 2 sessions." in result.output
    for browser in (teacher, elsewhere):
        assert browser.get("/classes").headers["Location"].startswith("/signin")
    assert runner.invoke(args=["user", "sign-out", "nobody"]).exit_code != 0
    assert runner.invoke(args=["user", "sign-out"]).exit_code != 0


def test_the_it_person_signs_everybody_out(app, runner, client):
    teacher = teacher_client(app)
    _, code = create_class(teacher)
    join(client, code, "Léa")
    assert runner.invoke(args=["user", "sign-out", "--all"]).exit_code == 0
    assert client.get("/assignments").headers["Location"] == "/join"
    assert teacher.get("/classes").headers["Location"].startswith("/signin")


def test_privacy_purge_also_deletes_sessions_nobody_can_use(app, runner, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Léa")
    with app.app_context():
        record = db.session.scalar(select(WebSession).where(WebSession.kind == "pupil"))
        record.last_seen_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        db.session.commit()
    assert runner.invoke(args=["privacy", "purge"]).exit_code == 0
    with app.app_context():
        assert list(db.session.scalars(select(WebSession.kind))) == ["account"]


def test_a_guest_cookie_kept_from_before_sign_up_opens_nothing_of_the_account(app, client):
    token = csrf_token(client, "/articles/deepseek-shock")
    started = client.post(
        "/quiz/articles/deepseek-shock", data={"csrf_token": token, "feedback": "each"}
    )
    attempt_url = started.headers["Location"]
    thief = copy_of(app, client)
    assert thief.get(attempt_url).status_code in {200, 302}
    token = csrf_token(client, "/signup")
    new = {"csrf_token": token, "username": "lea", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/signup", data=new).status_code == 302
    assert client.get(attempt_url).status_code in {200, 302}  # the practice is in the account
    client.post("/signout", data={"csrf_token": csrf_token(client, "/")})
    assert thief.get(attempt_url).status_code == 404


def test_a_page_refused_before_the_view_never_shows_an_ended_session(app, client):
    _, code = create_class(teacher_client(app))
    response = join(client, code, "Zélie")
    thief = copy_of(app, client)  # taken before the welcome page was read
    client.get(response.headers["Location"])
    client.post("/not-me", data={"csrf_token": csrf_token(client)})
    pin = the_pupil(app, "Zélie").pin
    for refused in (thief.get("/articles?q=%00"), thief.post("/join", data={"code": code})):
        page = refused.get_data(as_text=True)
        assert refused.status_code in {302, 400}
        assert "Zélie" not in page and pin not in page
