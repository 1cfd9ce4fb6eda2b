"""The audit log page: administrators only, newest first, filtered, paged, and as safe CSV."""

import csv
import io
import re

from sqlalchemy import select

from edu.extensions import db
from edu.gradebook.csv_export import safe_cell as csv_cell
from edu.models import AuditEvent, User
from edu.services import accounts
from tests.classes_helpers import teacher_client
from tests.conftest import csrf_token

ENGLISH = {"Accept-Language": "en"}
PASSWORD = "three blue herons"


def signin(client, username, password=PASSWORD):
    token = csrf_token(client, "/signin")
    data = {"csrf_token": token, "username": username, "password": password}
    return client.post("/signin", data=data, headers=ENGLISH)


def admin_client(app, username="root"):
    with app.app_context():
        accounts.create_user(db.session, username, PASSWORD, "admin")
        db.session.commit()
    client = app.test_client()
    assert signin(client, username).status_code == 302
    return client


def rows(page: str) -> list[list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def add_events(app, count: int, action: str = "sign-in") -> None:
    with app.app_context():
        db.session.add_all(
            AuditEvent(actor=f"user{n:03d}", action=action, subject="", address="10.0.0.1")
            for n in range(count)
        )
        db.session.commit()


def test_create_admin_from_the_command_line(app, runner):
    good = f"{PASSWORD}\n{PASSWORD}\n"
    result = runner.invoke(args=["user", "create-admin", "Root"], input=good)
    assert result.exit_code == 0, result.output
    assert "Admin 'root' created." in result.output
    with app.app_context():
        assert db.session.scalar(select(User.role)) == "admin"
    again = runner.invoke(args=["user", "create-admin", "ROOT"], input=good)
    assert again.exit_code != 0 and "taken" in again.output
    weak = runner.invoke(args=["user", "create-admin", "other"], input="password\npassword\n")
    assert weak.exit_code != 0 and "common" in weak.output


def test_an_admin_sees_the_events_newest_first_with_readable_actions(app, client):
    signin(client, "mallory", "not a password")
    admin = admin_client(app)
    page = admin.get("/admin/audit", headers=ENGLISH).get_data(as_text=True)
    assert 'href="/admin/audit">Audit log</a>' in page  # in the header, for admins
    assert [row[1:] for row in rows(page)] == [
        ["root", "Signed in", "", "127.0.0.1"],
        ["mallory", "Failed sign-in", "", "127.0.0.1"],
    ]
    assert all(row[0] for row in rows(page))  # when, as a date
    assert "1 event" not in page and "2 events" in page


def test_unknown_actions_are_shown_as_recorded(app):
    add_events(app, 1, action="something-new")
    page = admin_client(app).get("/admin/audit", headers=ENGLISH).get_data(as_text=True)
    assert ["user000", "something-new", "", "10.0.0.1"] in [row[1:] for row in rows(page)]


def test_filtering_by_action(app, client):
    signin(client, "mallory", "not a password")
    admin = admin_client(app)
    page = admin.get("/admin/audit?action=sign-in-failed", headers=ENGLISH).get_data(as_text=True)
    assert [row[1:3] for row in rows(page)] == [["mallory", "Failed sign-in"]]
    assert '<option value="sign-in-failed" selected>Failed sign-in</option>' in page
    assert '<option value="sign-in">Signed in</option>' in page
    nothing = admin.get("/admin/audit?action=data-purge", headers=ENGLISH).get_data(as_text=True)
    assert rows(nothing) == [] and "No event recorded." in nothing


def test_fifty_events_a_page_with_links_to_the_others(app):
    add_events(app, 120)
    admin = admin_client(app)  # its own sign-in is the newest event, the 121st
    first = admin.get("/admin/audit", headers=ENGLISH).get_data(as_text=True)
    assert len(rows(first)) == 50 and rows(first)[0][1] == "root"
    assert rows(first)[1][1] == "user119"
    assert "Page 1 of 3" in first and "Previous page" not in first
    assert 'href="/admin/audit?page=2" rel="next"' in first
    third = admin.get("/admin/audit?page=3", headers=ENGLISH).get_data(as_text=True)
    assert [row[1] for row in rows(third)] == [f"user{n:03d}" for n in range(20, -1, -1)]
    assert 'href="/admin/audit?page=2" rel="prev"' in third and "Next page" not in third
    beyond = admin.get("/admin/audit?page=99", headers=ENGLISH).get_data(as_text=True)
    assert "Page 3 of 3" in beyond  # the last page
    nonsense = admin.get("/admin/audit?page=nonsense", headers=ENGLISH).get_data(as_text=True)
    assert "Page 1 of 3" in nonsense
    add_events(app, 60, action="data-export")
    filtered = admin.get("/admin/audit?action=data-export&page=2", headers=ENGLISH)
    page = filtered.get_data(as_text=True)
    assert len(rows(page)) == 10 and "Page 2 of 2" in page
    assert 'href="/admin/audit?action=data-export&amp;page=1" rel="prev"' in page


def test_a_teacher_or_learner_is_refused_and_the_refusal_is_recorded(app):
    teacher = teacher_client(app)
    assert "Audit log" not in teacher.get("/", headers=ENGLISH).get_data(as_text=True)
    assert teacher.get("/admin/audit").status_code == 403
    assert teacher.get("/admin/audit.csv").status_code == 403
    with app.app_context():
        accounts.create_user(db.session, "camille", PASSWORD, "learner")
        db.session.commit()
    learner = app.test_client()
    signin(learner, "camille")
    assert learner.get("/admin/audit?action=sign-in").status_code == 403
    with app.app_context():
        refused = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "permission-denied")
        ).all()
        assert [(e.actor, e.subject) for e in refused] == [
            ("mme.durand", "/admin/audit"),
            ("mme.durand", "/admin/audit.csv"),
            ("camille", "/admin/audit"),
        ]
        assert refused[0].user_id is not None


def test_a_stranger_is_sent_to_sign_in_and_back(app, client):
    response = client.get("/admin/audit?action=sign-in&page=2")
    assert response.status_code == 302
    back = "/signin?next=/admin/audit?action%3Dsign-in%26page%3D2"
    assert response.headers["Location"] == back
    assert client.get("/admin/audit.csv").headers["Location"] == "/signin?next=/admin/audit.csv"
    with app.app_context():
        assert db.session.scalar(select(AuditEvent)) is None


def test_the_csv_download_is_filtered_and_formula_safe(app, client):
    for username in ("=HYPERLINK(1)", "+cmd", "-2+3", "@sum(a1)", "alice"):
        signin(client, username, "not a password")
    admin = admin_client(app)
    response = admin.get("/admin/audit.csv?action=sign-in-failed", headers=ENGLISH)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="agora-audit.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0] == ["When (UTC)", "Who", "Action", "Subject", "Address"]
    actors = [row[1] for row in table[1:]]
    assert actors == ["alice", "'@sum(a1)", "'-2+3", "'+cmd", "'=hyperlink(1)"]
    assert {row[2] for row in table[1:]} == {"sign-in-failed"}
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", row[0]) for row in table[1:])
    with app.app_context():
        export = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (export.action, export.actor) == ("data-export", "root")
        assert export.subject == "audit log (sign-in-failed)"


def test_the_csv_download_holds_every_matching_event(app):
    add_events(app, 1203)
    admin = admin_client(app)
    response = admin.get("/admin/audit.csv", headers=ENGLISH)
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    # The header, this very export, the admin's sign-in, then the events, newest first.
    assert len(table) == 1 + 1 + 1 + 1203
    assert [row[1:3] for row in table[1:4]] == [
        ["root", "data-export"],
        ["root", "sign-in"],
        ["user1202", "sign-in"],
    ]
    assert table[-1][1] == "user000"


def test_csv_cells_that_could_run_as_formulas_are_neutralised():
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@a", "\tx", "\rx")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "'\rx",
    ]
    assert [csv_cell(v) for v in ("alice", "", None, "a=b", "pupil 3 (Léa)")] == [
        "alice",
        "",
        "",
        "a=b",
        "pupil 3 (Léa)",
    ]
