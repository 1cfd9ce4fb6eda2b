"""The audit log records sign-ins, refused access, and who exported or deleted whose data."""

from sqlalchemy import select

from edu.extensions import db
from edu.models import AuditEvent
from tests.classes_helpers import create_class, pupil_with_work, teacher_client
from tests.conftest import csrf_token


def events(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.action, e.actor, e.subject) for e in rows]


def test_sign_ins_and_failed_sign_ins_are_recorded(app, client):
    teacher_client(app)  # signs in once
    token = csrf_token(client, "/signin")
    client.post("/signin", data={"csrf_token": token, "username": "Mme.Durand", "password": "no"})
    assert events(app) == [("sign-in", "mme.durand", ""), ("sign-in-failed", "mme.durand", "")]
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.address)) == "127.0.0.1"


def test_refused_access_to_another_teachers_class_is_recorded(app):
    url, _ = create_class(teacher_client(app))
    other = teacher_client(app, "m.martin")
    assert other.get(url).status_code == 404
    assert ("permission-denied", "m.martin", url) in events(app)


def test_exports_and_deletions_say_who_did_it_to_whom(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    pupil_id = pupil_with_work(app, url, "Léa")
    teacher.get(f"{url}/pupils/{pupil_id}/export")
    token = csrf_token(teacher, url)
    teacher.post(f"{url}/pupils/{pupil_id}/delete", data={"csrf_token": token, "confirm": "yes"})
    teacher.post(f"{url}/delete", data={"csrf_token": token, "confirm": "yes"})
    recorded = [(action, actor) for action, actor, _ in events(app)]
    assert recorded[-3:] == [
        ("data-export", "mme.durand"),
        ("data-delete", "mme.durand"),
        ("class-delete", "mme.durand"),
    ]
    assert f"pupil {pupil_id} (Léa)" in {subject for _, _, subject in events(app)}
