"""Pages go compressed to browsers that accept gzip, and only to them: the same page, smaller."""

import gzip

from edu.extensions import db
from edu.services import assignments, classes
from tests.classes_helpers import create_class, set_quizzes, teacher_client
from tests.conftest import csrf_token
from tests.test_assignments import class_of

GZIP = {"Accept-Language": "en", "Accept-Encoding": "gzip, deflate, br"}
PLAIN = {"Accept-Language": "en"}


def gradebook(app, pupils: int = 12, quizzes: int = 6) -> tuple:
    teacher = teacher_client(app)
    url, _code = create_class(teacher)
    with app.app_context():
        school_class = class_of(app, url)
        set_work = set_quizzes(school_class, quizzes)
        for number in range(pupils):
            pupil = classes.add_pupil(db.session, school_class, f"Pupil {number}")
            for quiz in set_work[::2]:
                assignments.start_quiz(db.session, quiz, pupil.learner)
        db.session.commit()
    return teacher, f"{url}/gradebook"


def test_a_gradebook_goes_compressed_and_reads_the_same(app):
    teacher, url = gradebook(app)
    plain = teacher.get(url, headers=PLAIN)
    packed = teacher.get(url, headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert (
        "Accept-Encoding" in packed.headers["Vary"] and "Accept-Language" in packed.headers["Vary"]
    )
    assert int(packed.headers["Content-Length"]) == len(packed.data)
    page = gzip.decompress(packed.data).decode()
    # The same page but for the CSRF tokens, which differ from one page to the next.
    assert page.count("Pupil ") == plain.get_data(as_text=True).count("Pupil ") > 12
    assert len(packed.data) * 5 < len(plain.data)


def test_a_browser_that_refuses_gzip_gets_the_page_as_it_is(app):
    teacher, url = gradebook(app, pupils=3, quizzes=2)
    refused = teacher.get(url, headers={**PLAIN, "Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    assert "Pupil 2" in refused.get_data(as_text=True)


def test_redirects_and_files_are_not_compressed(app, client):
    token = csrf_token(client, "/articles/deepseek-shock")
    started = client.post(
        "/quiz/articles/deepseek-shock",
        data={"csrf_token": token, "feedback": "each"},
        headers=GZIP,
    )
    assert started.status_code == 302 and "Content-Encoding" not in started.headers
    stylesheet = client.get("/static/style.css", headers=GZIP)
    stylesheet.close()  # a file sent as it is: its handle is closed with the response
    assert stylesheet.status_code == 200 and "Content-Encoding" not in stylesheet.headers
