"""Joining a class: a whole class behind one school address, and the same pupil coming back as
the same pupil however the name is typed."""

import datetime as dt
import re

from sqlalchemy import func, select

from edu.accounts import pin_lock
from edu.extensions import db
from edu.models import Learner, Pupil
from edu.services import accounts, classes
from edu.web.classes import routes
from tests.classes_helpers import PASSWORD, create_class, teacher_client
from tests.conftest import csrf_token

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}
SCHOOL = "192.0.2.10"  # the one public address of a whole school

FIRST_NAMES = [
    "Adam",
    "Alice",
    "Amine",
    "Anaïs",
    "Arthur",
    "Baptiste",
    "Camille",
    "Chloé",
    "Clara",
    "Emma",
    "Enzo",
    "Ethan",
    "Eva",
    "Gabriel",
    "Hugo",
    "Inès",
    "Jade",
    "Jules",
    "Julia",
    "Léa",
    "Léo",
    "Lina",
    "Louis",
    "Louise",
    "Lucas",
    "Manon",
    "Maël",
    "Nathan",
    "Noah",
    "Nora",
    "Paul",
    "Rose",
    "Sacha",
    "Théo",
    "Zoé",
]


def join(client, code, first_name, pin="", initial="", headers=FRENCH, address=SCHOOL):
    token = csrf_token(client, "/join")
    data = {
        "csrf_token": token,
        "code": code,
        "first_name": first_name,
        "pin": pin,
        "initial": initial,
    }
    return client.post("/join", data=data, headers=headers, environ_base={"REMOTE_ADDR": address})


def text(response) -> str:
    return response.get_data(as_text=True)


def pupil(app, display_name: str) -> Pupil:
    with app.app_context():
        pupils = db.session.scalars(select(Pupil)).all()
        return next(p for p in pupils if p.display_name == display_name)


def signed_in_as(app, client) -> str:
    """The display name of the learner this browser's session belongs to."""
    with client.session_transaction() as cookie, app.app_context():
        return db.session.scalar(
            select(Learner.display_name).where(Learner.public_id == cookie["learner"])
        )


def count_pupils(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Pupil.id)))


def wrong_pin(pin: str) -> str:
    return "0000" if pin != "0000" else "1111"


# -- a class joins at once -----------------------------------------------------------------------


def test_a_class_of_35_behind_one_address_joins_within_a_minute(app):
    _, code = create_class(teacher_client(app))
    assert len(FIRST_NAMES) == 35
    statuses = [join(app.test_client(), code, name).status_code for name in FIRST_NAMES]
    assert statuses == [302] * 35
    assert count_pupils(app) == 35


def test_a_year_group_larger_than_the_class_limit_joins_one_class_at_once(app):
    # A live lesson for a whole year group: pupils who get in are not guessing, so they do
    # not count against the class; only failed joins do.
    _, code = create_class(teacher_client(app))
    limit = int(routes.JOIN_PER_CLASS.split()[0])
    names = [f"{first} {n}" for n in range(limit // len(FIRST_NAMES) + 2) for first in FIRST_NAMES]
    statuses = {join(app.test_client(), code, name).status_code for name in names[: limit + 10]}
    assert statuses == {302}
    assert count_pupils(app) == limit + 10


def test_failed_joins_to_one_class_are_refused_after_its_limit(app):
    # Spraying wrong PINs over many names of one class, from many addresses.
    _, code = create_class(teacher_client(app))
    limit = int(routes.JOIN_PER_CLASS.split()[0])
    names = [f"{first} {n}" for n in range(limit // len(FIRST_NAMES) + 2) for first in FIRST_NAMES]
    for name in names[:limit]:
        join(app.test_client(), code, name)  # each a new pupil: not counted
    with app.app_context():
        pins = {p.display_name: p.pin for p in db.session.scalars(select(Pupil))}
    guesser = app.test_client()
    statuses = [
        join(
            guesser, code, name, wrong_pin(pins[name]), address=f"198.51.{n // 250}.{n % 250}"
        ).status_code
        for n, name in enumerate(names[:limit] + names[:5])
    ]
    wrong = [status for status in statuses if status == 422]
    assert len(wrong) == limit and set(statuses[limit:]) == {429}
    refused = join(app.test_client(), code, "Nouvelle", headers=ENGLISH, address="198.51.9.9")
    assert "Many pupils are joining this class right now" in text(refused)


def test_right_codes_do_not_count_against_the_school_address(app):
    _, code = create_class(teacher_client(app))
    limit = int(routes.WRONG_CODES_PER_ADDRESS.split()[0])
    desk = app.test_client()
    for n in range(limit - 1):  # pupils mistype, all morning long
        assert join(desk, "ZZZZZZ", f"Élève {n}").status_code == 422
    for n in range(limit + 5):  # and many more type the right code
        assert join(app.test_client(), code, f"Élève {n}").status_code == 302
    assert join(desk, "ZZZZZZ", "Élève").status_code == 422  # still not refused


def test_guessing_class_codes_from_one_address_is_refused_after_a_few_dozen(app):
    _, code = create_class(teacher_client(app))
    limit = int(routes.WRONG_CODES_PER_ADDRESS.split()[0])
    guesser = app.test_client()
    guesses = [f"{n:06d}".translate(str.maketrans("0123456789", "ABCDEFGHJK")) for n in range(60)]
    statuses = [join(guesser, guess, "Léa", address="203.0.113.5").status_code for guess in guesses]
    assert statuses[:limit] == [422] * limit
    assert set(statuses[limit:]) == {429}
    # Refused even with the right code now, so that a guesser learns nothing more.
    refused = join(guesser, code, "Léa", headers=ENGLISH, address="203.0.113.5")
    assert refused.status_code == 429
    assert "Too many wrong class codes were typed from this network" in text(refused)
    french = join(guesser, code, "Léa", address="203.0.113.5")
    assert "Trop de codes de classe erronés ont été tapés depuis ce réseau" in text(french)
    assert 'name="code"' in text(french)  # the join page again, not an error page
    # The school's pupils, at another address, are not affected.
    assert join(app.test_client(), code, "Léa").status_code == 302


def test_hammering_one_name_is_slowed_without_stopping_the_class(app):
    _, code = create_class(teacher_client(app))
    limit = int(routes.JOIN_PER_PUPIL.split()[0])
    join(app.test_client(), code, "Léa")
    desk = app.test_client()
    statuses = [join(desk, code, "Léa", address=f"10.4.0.{n}").status_code for n in range(limit)]
    assert statuses[-1] == 429 and statuses[0] == 422
    english = join(desk, code, "LEA", headers=ENGLISH)  # the same name, however typed
    assert english.status_code == 429
    assert "Too many tries for this name. Wait a minute, then try again." in text(english)
    french = join(desk, code, "léa")
    assert "Trop d’essais pour ce nom. Attendez une minute, puis réessayez." in text(french)
    assert join(app.test_client(), code, "Tom").status_code == 302


# -- the same pupil comes back as the same pupil ------------------------------------------------


def test_a_pupil_comes_back_whatever_the_case_accents_and_spaces(app, client):
    _, code = create_class(teacher_client(app))
    assert join(client, code, "Zoé").status_code == 302
    pin = pupil(app, "Zoé").pin
    for spelling in ("zoe", "Zoe", " ZOÉ ", "zo\u0065\u0301"):
        desk = app.test_client()
        assert join(desk, code, spelling, pin).status_code == 302, spelling
        assert signed_in_as(app, desk) == "Zoé"
    assert count_pupils(app) == 1


def test_a_known_name_with_a_wrong_pin_is_told_and_never_becomes_a_new_pupil(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Zoé")
    wrong = wrong_pin(pupil(app, "Zoé").pin)
    english = join(app.test_client(), code, "zoe", wrong, headers=ENGLISH)
    assert english.status_code == 422
    assert "This name and PIN don&#39;t match. Ask your teacher." in text(english)
    french = join(app.test_client(), code, "Zoé", wrong)
    assert "Ce nom et ce PIN ne correspondent pas. Demandez à votre enseignant." in text(french)
    assert count_pupils(app) == 1


def test_a_known_name_without_a_pin_is_asked_for_the_pin_or_an_initial(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Zoé")
    english = join(app.test_client(), code, "zoé", headers=ENGLISH)
    assert english.status_code == 422
    page = text(english)
    assert (
        "A pupil with this first name is already in the class. If that is you, type your PIN"
        in page
    )
    assert "add the initial of your surname" in page
    assert 'name="initial"' in page and "Initial of your surname" in page
    french = text(join(app.test_client(), code, "ZOE"))
    assert "Un élève de la classe a déjà ce prénom. Si c’est vous, tapez votre PIN" in french
    assert "ajoutez l’initiale de votre nom de famille" in french
    assert "Initiale de votre nom de famille" in french
    assert count_pupils(app) == 1


def test_a_second_zoe_joins_with_her_initial_and_is_shown_as_zoe_b(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Zoé")
    second = app.test_client()
    assert join(second, code, "zoé", initial="b").status_code == 302
    page = text(second.get("/", headers=FRENCH))
    assert re.search(r"Votre PIN est \d{4}", page) and "Zoé B." in page
    zoe_b = pupil(app, "Zoé B.")
    assert (zoe_b.first_name, zoe_b.initial) == ("Zoé", "B.")
    with app.app_context():
        learners = db.session.scalars(select(Learner.display_name).order_by(Learner.id)).all()
    assert learners[-2:] == ["Zoé", "Zoé B."]  # the learner's name is the pupil's display name
    # A third Zoé who also says "B" is told that Zoé B. exists, and becomes nobody.
    for typed, initial in (("Zoé", "B"), ("Zoé B.", ""), ("zoe b", "")):
        english = join(app.test_client(), code, typed, initial=initial, headers=ENGLISH)
        assert english.status_code == 422
        assert "A pupil called " in text(english) and "is already in the class" in text(english)
        assert "If that is you, type your PIN." in text(english)
    french = text(join(app.test_client(), code, "Zoé", initial="b."))
    assert "Zoé B. est déjà dans la classe. Si c’est vous, tapez votre PIN." in french
    assert count_pupils(app) == 2


def test_zoe_b_comes_back_by_her_full_name_or_her_first_name_with_her_pin(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Zoé")
    join(app.test_client(), code, "Zoé", initial="B")
    plain, with_initial = pupil(app, "Zoé"), pupil(app, "Zoé B.")
    ways = [("Zoé B.", ""), ("zoe b", ""), ("ZOE", "b"), ("Zoé", "")]
    for typed, initial in ways:
        desk = app.test_client()
        assert join(desk, code, typed, with_initial.pin, initial).status_code == 302, typed
        assert signed_in_as(app, desk) == "Zoé B."
    if plain.pin != with_initial.pin:
        desk = app.test_client()
        assert join(desk, code, "zoe", plain.pin).status_code == 302
        assert signed_in_as(app, desk) == "Zoé"
        # Zoé's PIN does not open Zoé B.: "Zoé B." names her alone.
        refused = join(app.test_client(), code, "Zoé B.", plain.pin, headers=ENGLISH)
        assert "This name and PIN don&#39;t match" in text(refused)
    assert count_pupils(app) == 2


def test_a_pin_for_a_name_the_class_does_not_know_makes_no_new_pupil(app, client):
    _, code = create_class(teacher_client(app))
    join(client, code, "Zoé")
    english = join(app.test_client(), code, "Zoéé", "1234", headers=ENGLISH)
    assert english.status_code == 422
    assert "No pupil of this class has this name yet" in text(english)
    french = join(app.test_client(), code, "Zoéé", "1234")
    assert "Aucun élève de cette classe n’a encore ce nom" in text(french)
    assert count_pupils(app) == 1


def test_wrong_pins_for_a_shared_first_name_count_against_every_namesake(session):
    """ "Zoé" with a PIN tries it against each Zoé: each counts it, so guessing stays as slow as
    for one name."""
    teacher = accounts.create_user(session, "mme.durand", PASSWORD, "teacher")
    school_class = classes.create_class(session, teacher, "4e B")
    zoe = classes.add_pupil(session, school_class, "Zoé")
    zoe_b = classes.add_pupil(session, school_class, "Zoé", "B")
    assert zoe_b.display_name == "Zoé B." and zoe_b.learner.display_name == "Zoé B."
    assert classes.add_pupil(session, school_class, "zoe") is None
    assert classes.add_pupil(session, school_class, "ZOE b.") is None
    wrong = next(f"{n:04d}" for n in range(10_000) if f"{n:04d}" not in {zoe.pin, zoe_b.pin})
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    problems = [classes.join(session, school_class, "zoe", wrong, now).problem for _ in range(5)]
    assert problems == ["wrong-pin"] * 4 + ["locked"]
    assert zoe.wrong_pins == zoe_b.wrong_pins == pin_lock.WRONG_PINS_BEFORE_LOCK
    for pin, typed in ((zoe.pin, "Zoé"), (zoe_b.pin, "Zoé B.")):
        assert classes.join(session, school_class, typed, pin, now).problem == "locked"
    later = now + dt.timedelta(minutes=pin_lock.LOCK_MINUTES + 1)
    joined = classes.join(session, school_class, "zoé b", zoe_b.pin, later)
    assert joined.pupil is not None and joined.pupil.id == zoe_b.id
    assert zoe_b.wrong_pins == 0 and zoe.wrong_pins == pin_lock.WRONG_PINS_BEFORE_LOCK


def test_a_right_pin_resets_only_its_own_pupil(session):
    teacher = accounts.create_user(session, "mme.durand", PASSWORD, "teacher")
    school_class = classes.create_class(session, teacher, "4e B")
    zoe = classes.add_pupil(session, school_class, "Zoé")
    zoe_b = classes.add_pupil(session, school_class, "Zoé B.")
    assert (zoe_b.first_name, zoe_b.initial) == ("Zoé", "B.")
    wrong = next(f"{n:04d}" for n in range(10_000) if f"{n:04d}" not in {zoe.pin, zoe_b.pin})
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    assert classes.join(session, school_class, "Zoé", wrong, now).problem == "wrong-pin"
    assert classes.join(session, school_class, "Zoé B.", wrong, now).problem == "wrong-pin"
    assert (zoe.wrong_pins, zoe_b.wrong_pins) == (1, 2)  # "Zoé B." is one pupil only
    if zoe.pin != zoe_b.pin:
        assert classes.join(session, school_class, "zoe", zoe.pin, now).pupil.id == zoe.id
        assert (zoe.wrong_pins, zoe_b.wrong_pins) == (0, 2)


def test_the_join_page_fills_in_the_code_from_the_address_and_changes_nothing(app, client):
    _, code = create_class(teacher_client(app))
    before = count_pupils(app)
    page = text(client.get(f"/join?code={code.lower()}", headers=FRENCH))
    assert f'value="{code.lower()}"' in page and "Rejoindre une classe" in page
    assert client.get("/join?code=" + "Z" * 5000).status_code == 200
    assert count_pupils(app) == before
    # The pre-filled code works as typed.
    token = csrf_token(client, f"/join?code={code}")
    data = {"csrf_token": token, "code": code, "first_name": "Léa", "pin": "", "initial": ""}
    assert client.post("/join", data=data).status_code == 302


# -- a first name and an initial never run together ---------------------------------------------


def test_ann_a_and_anna_are_two_pupils_and_one_pin_counts_for_one(session):
    teacher = accounts.create_user(session, "mme.durand", PASSWORD, "teacher")
    school_class = classes.create_class(session, teacher, "4e B")
    ann = classes.add_pupil(session, school_class, "Ann", "A")
    assert ann.display_name == "Ann A."
    wrong = next(f"{n:04d}" for n in range(10_000) if f"{n:04d}" != ann.pin)
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    # A PIN typed with "Anna" is about nobody yet: Ann A.'s name is not guessed at.
    assert classes.join(session, school_class, "Anna", wrong, now).problem == "unknown-name"
    assert ann.wrong_pins == 0
    joined = classes.join(session, school_class, "Anna", "", now)
    assert joined.new and joined.pupil.display_name == "Anna"
    anna = joined.pupil
    other = next(f"{n:04d}" for n in range(10_000) if f"{n:04d}" not in {ann.pin, anna.pin})
    refused = classes.join(session, school_class, "anna", other, now)
    assert refused.problem == "wrong-pin" and refused.counted == (anna,)
    assert (ann.wrong_pins, anna.wrong_pins) == (0, 1)
    for typed, initial in (("Ann A.", ""), ("ann a", ""), ("Ann", "a")):
        assert classes.join(session, school_class, typed, ann.pin, now, initial).pupil.id == ann.id
    # The initial is folded on its own: "BER" is "Ber.", "-" is no initial.
    assert classes.add_pupil(session, school_class, "Zoé", "Ber") is not None
    assert classes.add_pupil(session, school_class, "zoe", "BER") is None
    zoe = classes.add_pupil(session, school_class, "Zoé", "-")
    assert zoe is not None and zoe.display_name == "Zoé"


def test_the_throttle_counts_ann_a_and_anna_apart_and_zoe_b_however_typed_as_one(app):
    """The per-pupil count is about the same pupil the class matches: "Anna" hammered leaves
    "Ann A." free to join, and "Zoé B." is "zoe b" and "Zoé" with the initial "b"."""
    _, code = create_class(teacher_client(app))
    limit = int(routes.JOIN_PER_PUPIL.split()[0])
    join(app.test_client(), code, "Ann")
    desk = app.test_client()
    statuses = [join(desk, code, "Anna", pin="0000").status_code for _ in range(limit + 1)]
    assert statuses[-1] == 429
    assert join(app.test_client(), code, "Ann", initial="A").status_code == 302
    join(app.test_client(), code, "Zoé")
    spellings = [("Zoé B.", ""), ("zoe b", ""), ("Zoé", "b")]
    answers = [
        join(desk, code, typed, pin="0000", initial=initial).status_code
        for _ in range(limit // len(spellings) + 1)
        for typed, initial in spellings
    ]
    assert answers[-1] == 429
