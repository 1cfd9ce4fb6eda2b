"""One transaction per request and per command: services flush, the request commits once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import abort
from sqlalchemy import func, select

from edu.extensions import csrf, db
from edu.models import AuditEvent, Response, SchoolClass, User, WebSession
from edu.services import accounts, audit, classes, quizzes
from edu.services.races import first_write_wins
from tests.classes_helpers import PASSWORD, teacher_client
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions, question_token
from tests.test_quiz_pages import attempt_row, start

ENGLISH = {"Accept-Language": "en"}


def add_test_view(app, rule: str, view) -> None:
    """A view of this test's own, on the app before its first request."""
    app.add_url_rule(rule, view_func=csrf.exempt(view), methods=["POST"])


def count(app, model, *where) -> int:
    """Rows as another request would see them: a session of its own."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_request_that_fails_half_way_leaves_no_row_and_shows_the_500_page(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # the page a visitor gets, not the traceback

    def half_way():
        teacher = accounts.create_user(db.session, "mme.moitie", PASSWORD, "teacher")
        classes.create_class(db.session, teacher, "6e A")
        audit.record(db.session, "test-step", actor="test")  # it used to commit all pending
        raise RuntimeError("a failure after the writes")

    add_test_view(app, "/test/half-way", half_way)
    response = app.test_client().post("/test/half-way", headers=ENGLISH)
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert count(app, User, User.username == "mme.moitie") == 0
    assert count(app, SchoolClass) == 0
    assert count(app, AuditEvent, AuditEvent.action == "test-step") == 0


def test_two_service_calls_in_one_request_are_kept_together(app):
    def both():
        teacher = accounts.create_user(db.session, "mme.ensemble", PASSWORD, "teacher")
        classes.create_class(db.session, teacher, "6e B")
        return "", 204

    add_test_view(app, "/test/both", both)
    assert app.test_client().post("/test/both").status_code == 204
    assert count(app, User, User.username == "mme.ensemble") == 1
    assert count(app, SchoolClass, SchoolClass.name == "6e B") == 1


def test_a_refusal_keeps_what_it_recorded(app):
    """A 4xx is an answer the app chose: its audit record (like a wrong PIN counted) stays."""

    def refused():
        audit.record(db.session, "test-refusal", actor="test")
        abort(403)

    add_test_view(app, "/test/refused", refused)
    assert app.test_client().post("/test/refused").status_code == 403
    assert count(app, AuditEvent, AuditEvent.action == "test-refusal") == 1


def test_a_lost_race_undoes_only_its_own_write(app):
    """The savepoint helper: a unique constraint failing takes back that write alone."""
    with app.app_context():
        first = accounts.create_user(db.session, "mme.premiere", PASSWORD, "teacher")
        duplicate = User(username="mme.premiere", password_hash="x", role="teacher")
        taken = first_write_wins(
            db.session, lambda: db.session.add(duplicate), lost=lambda: "taken"
        )
        assert taken == "taken"
        classes.create_class(db.session, first, "6e C")
        db.session.commit()
    assert count(app, User, User.username == "mme.premiere") == 1
    assert count(app, SchoolClass, SchoolClass.name == "6e C") == 1


def test_one_answer_sent_from_two_tabs_at_the_same_moment_is_kept_once(app, monkeypatch):
    """Both requests find the question unanswered and insert: the second waits for the first
    to commit, loses on the unique constraint, and answers with the first one's answer."""
    first_tab = app.test_client()
    public_id = start(first_tab)
    url = f"/attempts/{public_id}/questions/1"
    page = first_tab.get(url).get_data(as_text=True)
    with app.app_context():
        fields = form_for(plan_versions(attempt_row(public_id))[0], "fr")
    data = {"csrf_token": csrf_token(first_tab, url), "token": question_token(page), **fields}
    second_tab = app.test_client()
    second_tab.set_cookie("session", first_tab.get_cookie("session").value)
    both_scored = threading.Barrier(2, timeout=10)
    real_score = quizzes.score

    def score_then_wait(*args):
        result = real_score(*args)
        both_scored.wait()  # neither has inserted yet
        return result

    monkeypatch.setattr(quizzes, "score", score_then_wait)
    with ThreadPoolExecutor(2) as pool:
        sent = list(
            pool.map(lambda tab: tab.post(url, data=data).status_code, [first_tab, second_tab])
        )
    assert sent == [302, 302]
    assert count(app, Response) == 1


def test_a_savepoint_taken_before_any_write_stays_in_the_transaction(app):
    """On SQLite too: released, a first savepoint commits nothing of its own."""
    with app.app_context():
        account = accounts.create_user(db.session, "mme.savepoint", PASSWORD, "teacher")
        assert account is not None  # written in a savepoint, the transaction's first write
        db.session.rollback()
    assert count(app, User, User.username == "mme.savepoint") == 0


def test_a_cli_command_commits_its_work(app, runner):
    result = runner.invoke(args=["user", "create-teacher", "mme.cli", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert count(app, User, User.username == "mme.cli") == 1


def test_a_cli_command_that_fails_half_way_changes_nothing(app, runner, monkeypatch):
    teacher_client(app)  # one account signed in: one session to end

    def failing_record(*args, **kwargs):
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(audit, "record", failing_record)  # after the sessions are ended
    result = runner.invoke(args=["user", "sign-out", "--all"])
    assert result.exit_code != 0
    assert count(app, WebSession) == 1
