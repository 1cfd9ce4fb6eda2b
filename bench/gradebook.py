"""Teachers' pages on a full class under gunicorn, against the bare hello route served alike.

A class of 30 pupils who each finished 6 set quizzes (10 answers each, 1,800 answers): the
gradebook, its CSV and one quiz's item analysis. Prints requests/s, p50/p99 and the ratio to
the bare route. Asserts nothing: speed is measured, not asserted.
"""

import os
import random
import sys
import tempfile

from harness import CLIENTS, DURATION, ROOT, Server, get, prepare_database, report, run

PUPILS, QUIZZES = 30, 6
PASSWORD = "three blue herons"


def build_class(pupils: int, quizzes: int, answered=lambda rng: None):
    """A teacher, a class of `pupils` and `quizzes` set quizzes, within an app context: each
    pupil answers `answered(rng)` questions of each quiz (None: all of them; 0: not started),
    right or not at random. Returns the class and its set work."""
    from edu.extensions import db
    from edu.services import accounts, assignments, classes
    from edu.services import quizzes as quiz_service
    from tests.classes_helpers import any_answer, set_quizzes

    rng = random.Random(7)
    teacher = accounts.create_user(db.session, "bench.teacher", PASSWORD, "teacher")
    school_class = classes.create_class(db.session, teacher, "Bench")
    set_work = set_quizzes(school_class, quizzes)
    for number in range(pupils):
        pupil = classes.add_pupil(db.session, school_class, f"Pupil {number}")
        for assignment in set_work:
            count = answered(rng)
            if count == 0:
                continue
            attempt = assignments.start_quiz(db.session, assignment, pupil.learner).attempt
            for position in range(1, (count or len(attempt.plan)) + 1):
                item = quiz_service.item_at(db.session, attempt, position)
                answer = any_answer(item) if rng.random() < 0.5 else _right(item)
                quiz_service.record_response(db.session, attempt, position, answer, "en")
    return school_class, set_work


def signed_in_teacher(app):
    """A test client signed in as the class's teacher."""
    client = app.test_client()
    page = client.get("/signin").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post(
        "/signin", data={"csrf_token": token, "username": "bench.teacher", "password": PASSWORD}
    )
    return client


def fill_class(env: dict) -> tuple[str, str, str]:
    """The class's public id, one quiz assignment's id and a signed-in teacher's cookie."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from edu import create_app
    from edu.extensions import db

    app = create_app()
    with app.app_context():
        school_class, set_work = build_class(PUPILS, QUIZZES)
        db.session.commit()
        class_id, quiz_id = school_class.public_id, set_work[0].public_id
    return class_id, quiz_id, signed_in_teacher(app).get_cookie("session").value


def _right(item):
    """The right answer in the shape the scorer reads, so that scores spread."""
    answer = item.answer
    shapes = {
        "numeric": lambda: str(answer["value"]),
        "choice": lambda: answer["choice"],
        "cloze": lambda: answer["en"],
        "true-false": lambda: "true" if answer["value"] else "false",
        "ordering": lambda: answer["order"],
        "matching": lambda: answer["pairs"],
        "sorting": lambda: answer["sides"],
    }
    return shapes[item.type]()


def main() -> None:
    env = {**os.environ, "SECRET_KEY": "bench"}
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        prepare_database(env)
        class_id, quiz_id, cookie = fill_class(env)
        headers = {"Cookie": f"session={cookie}"}
        pages = [
            f"/classes/{class_id}/gradebook",
            f"/classes/{class_id}/gradebook.csv",
            f"/classes/{class_id}/assignments/{quiz_id}",
        ]
        print(f"{CLIENTS} clients, {DURATION:.0f} s per URL, gunicorn 2 sync workers")
        print(f"a class of {PUPILS} pupils, {QUIZZES} set quizzes each finished by every pupil")
        with Server("bench.hello_app:app", env) as hello:
            run(hello.port, get("/hello"), duration=1)  # warm-up, not measured
            baseline, latencies = run(hello.port, get("/hello"))
            report("bare Flask /hello", baseline, latencies, None)
        names = ["gradebook", "gradebook CSV", "item analysis"]
        with Server("edu:create_app()", env) as agora:
            for name, path in zip(names, pages, strict=True):
                run(agora.port, get(path, headers), duration=1)  # warm-up
                rate, latencies = run(agora.port, get(path, headers))
                report(f"Agora {name}", rate, latencies, baseline, "hello")


if __name__ == "__main__":
    main()
