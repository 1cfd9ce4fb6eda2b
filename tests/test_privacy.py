"""A pupil's data: exported whole for their family, deleted whole with nothing left behind."""

import json

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import (
    Pupil,
    SchoolClass,
)
from tests.classes_helpers import create_class, pupil_data_counts, pupil_with_work, teacher_client
from tests.conftest import csrf_token


def test_a_teacher_exports_one_pupils_data_with_labels_in_both_languages(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    pupil_id = pupil_with_work(app, url, "Léa")
    response = teacher.get(f"{url}/pupils/{pupil_id}/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["pupil"]["first_name"] == "Léa"
    assert data["labels"]["quizzes"] == {"fr": "Quiz", "en": "Quizzes"}
    assert len(data["quizzes"]) == 1 and len(data["quizzes"][0]["responses"]) == 1
    assert data["debates"][0]["contributions"][0]["text"] == "Mes notes."
    assert data["debates"][0]["scores"][0]["comment"] == "Bien."


def test_deleting_a_pupil_leaves_no_orphan_row_and_the_others_untouched(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    lea = pupil_with_work(app, url, "Léa")
    pupil_with_work(app, url, "Tom")
    with app.app_context():
        before = pupil_data_counts()
    token = csrf_token(teacher, url)
    refused = teacher.post(f"{url}/pupils/{lea}/delete", data={"csrf_token": token})
    assert refused.status_code == 302
    with app.app_context():
        assert pupil_data_counts() == before  # not confirmed: nothing deleted
    teacher.post(f"{url}/pupils/{lea}/delete", data={"csrf_token": token, "confirm": "yes"})
    with app.app_context():
        after = pupil_data_counts()
        assert {name: before[name] - after[name] for name in before} == {
            "Learner": 1,
            "Pupil": 1,
            "Attempt": 1,
            "Response": 1,
            "Participant": 1,
            "Contribution": 1,
            "RubricScore": 1,
            "Debate": 1,
            # The cards of the facts the pupil's answer rested on, and their log: theirs only.
            "ReviewCard": before["ReviewCard"] // 2,
            "ReviewLog": before["ReviewLog"] // 2,
        }
        assert before["ReviewCard"] >= 2 and before["ReviewLog"] >= 2
        assert db.session.scalar(select(Pupil.first_name)) == "Tom"
    assert teacher.get(f"{url}/pupils/{lea}/export").status_code == 404


def test_deleting_a_class_deletes_every_pupil_and_their_work(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    pupil_with_work(app, url, "Léa")
    pupil_with_work(app, url, "Tom")
    token = csrf_token(teacher, url)
    teacher.post(f"{url}/delete", data={"csrf_token": token, "confirm": "yes"})
    with app.app_context():
        assert all(count == 0 for count in pupil_data_counts().values()), pupil_data_counts()
        assert db.session.scalar(select(func.count()).select_from(SchoolClass)) == 0


def test_another_teacher_can_neither_export_nor_delete(app):
    url, _ = create_class(teacher_client(app))
    pupil_id = pupil_with_work(app, url, "Léa")
    other = teacher_client(app, "m.martin")
    assert other.get(f"{url}/pupils/{pupil_id}/export").status_code == 404
    token = csrf_token(other)
    data = {"csrf_token": token, "confirm": "yes"}
    assert other.post(f"{url}/pupils/{pupil_id}/delete", data=data).status_code == 404
    assert other.post(f"{url}/delete", data=data).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pupil)) == 1
