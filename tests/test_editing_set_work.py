"""Changing set work: due dates, attempts, feedback; a pupil's own due date; closing and
reopening; the teacher's score beside the quiz's. Issue 11, point 5."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from edu.assignments import rules
from edu.debate.rubric import load_default_rubric
from edu.extensions import db
from edu.models import Assignment, Attempt, AuditEvent, Extension, Pupil, Response, ScoreOverride
from edu.services import assignments
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token
from tests.test_assignments import (
    ENGLISH,
    FRENCH,
    answer_all,
    class_of,
    first_article,
    only_assignment,
    pupil_client,
    set_quiz,
    start,
)

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
PARIS = ZoneInfo("Europe/Paris")
DAY = dt.timedelta(days=1)


# -- the rules, directly ---------------------------------------------------------------------------


def test_a_pupil_s_own_due_date_holds_for_them_never_earlier_than_the_class_s():
    class_due, later = NOW, NOW + 3 * DAY
    assert rules.effective_due(class_due, later) == later
    assert rules.effective_due(class_due, None) == class_due
    assert rules.effective_due(later, class_due) == later  # the class's date moved past it
    assert rules.effective_due(None, later) is None  # no due date at all: nothing to extend
    extended = rules.progress(
        started=False, done=False, score=None, due_at=class_due, extended_to=later, now=NOW + DAY
    )
    assert (extended.late, extended.open, extended.extended_to) == (False, True, later)
    other = rules.progress(started=False, done=False, score=None, due_at=class_due, now=NOW + DAY)
    assert (other.late, other.open, other.extended_to) == (True, False, None)


def test_closed_work_takes_nothing_even_with_an_extension():
    ask = dict(now=NOW, due_at=NOW + DAY, closed_at=NOW - DAY)
    assert rules.start_refusal(**ask, attempts_used=0, max_attempts=None) == rules.CLOSED
    assert rules.submission_refusal(**ask) == rules.CLOSED
    closed = rules.progress(started=True, done=False, score=None, **ask)
    assert closed.closed and not closed.open and not closed.late


def test_only_finished_attempts_count_until_the_due_date_passes():
    assert rules.attempts_used(finished=1, unfinished=1, past_due=False) == 1
    assert rules.attempts_used(finished=1, unfinished=1, past_due=True) == 2


def test_a_due_date_already_over_where_the_school_is_is_refused():
    # 23:30 UTC on 10 March is already 11 March in Paris: the 10th is over there.
    late_evening = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)
    refuse = lambda day, **kw: rules.due_date_refusal(day, now=late_evening, zone=PARIS, **kw)  # noqa: E731
    assert refuse(dt.date(2026, 3, 10)) == rules.DUE_IN_THE_PAST
    assert refuse(dt.date(2026, 3, 11)) is None
    assert refuse(None) is None
    kept = rules.end_of_day(dt.date(2026, 3, 1), PARIS)
    assert refuse(dt.date(2026, 3, 1), current=kept) is None  # the date it already has
    assert refuse(dt.date(2026, 3, 2), current=kept) == rules.DUE_IN_THE_PAST


def test_an_extension_must_be_later_than_the_class_s_due_date():
    class_due = rules.end_of_day(dt.date(2026, 3, 12), PARIS)
    ask = lambda day, due=class_due: rules.extension_refusal(  # noqa: E731
        day, class_due=due, now=NOW, zone=PARIS
    )
    assert ask(dt.date(2026, 3, 13)) is None
    assert ask(dt.date(2026, 3, 12)) == rules.NOT_AFTER_CLASS_DUE
    assert ask(dt.date(2026, 3, 9)) == rules.DUE_IN_THE_PAST
    assert ask(dt.date(2026, 3, 13), due=None) == rules.NO_CLASS_DUE_DATE


def test_reopening_past_its_due_date_needs_a_new_date_or_none():
    past = NOW - DAY
    ask = lambda **kw: rules.reopen_refusal(now=NOW, zone=PARIS, **kw)  # noqa: E731
    assert ask(due_at=past, new_day=None, no_due=False) == rules.NEW_DUE_NEEDED
    assert ask(due_at=past, new_day=None, no_due=True) is None
    assert ask(due_at=past, new_day=dt.date(2026, 3, 20), no_due=False) is None
    assert ask(due_at=past, new_day=dt.date(2026, 3, 1), no_due=False) == rules.DUE_IN_THE_PAST
    assert ask(due_at=NOW + DAY, new_day=None, no_due=False) is None


def test_the_teacher_s_score_is_the_score_and_the_computed_one_is_kept():
    cell = rules.progress(
        started=True, done=True, score=0.4, override=0.75, comment="Oral", due_at=None, now=NOW
    )
    assert (cell.score, cell.computed_score, cell.overridden, cell.comment) == (
        0.75,
        0.4,
        True,
        "Oral",
    )
    plain = rules.progress(started=True, done=True, score=0.4, due_at=None, now=NOW)
    assert (plain.score, plain.computed_score, plain.overridden) == (0.4, 0.4, False)
    assert rules.override_refusal(101, "x") == rules.SCORE_OUT_OF_RANGE
    assert rules.override_refusal(-1, "x") == rules.SCORE_OUT_OF_RANGE
    assert rules.override_refusal(50, "  ") == rules.COMMENT_NEEDED
    assert rules.override_refusal(0, "oral") is None


# -- pages -----------------------------------------------------------------------------------------


def work_url(url, app) -> str:
    return f"{url}/assignments/{only_assignment(app).public_id}"


def post(client, page, action, data, headers=ENGLISH):
    return client.post(
        action, data={"csrf_token": csrf_token(client, page), **data}, headers=headers
    )


def edit(teacher, url, app, headers=ENGLISH, **fields):
    work = work_url(url, app)
    data = {"feedback": "each", **fields}
    return post(teacher, f"{work}/edit", f"{work}/edit", data, headers)


def pupil_id(app, name) -> int:
    with app.app_context():
        return db.session.scalar(select(Pupil.id).where(Pupil.first_name == name))


def audit_rows(app, action) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def set_due(app, moment):
    with app.app_context():
        db.session.scalar(select(Assignment)).due_at = moment
        db.session.commit()


def in_days(days: int) -> str:
    return (dt.datetime.now(PARIS).date() + dt.timedelta(days=days)).isoformat()


def test_a_teacher_changes_the_due_date_attempts_and_feedback_and_it_is_audited(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), due=in_days(2), max_attempts="1")
    page = teacher.get(f"{work_url(url, app)}/edit", headers=FRENCH).get_data(as_text=True)
    assert "Modifier le travail donné" in page and 'value="1"' in page
    class_page = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    assert f"{work_url(url, app)}/edit" in class_page  # reached from the class page too
    changed = edit(teacher, url, app, due=in_days(9), max_attempts="3", feedback="end")
    assert changed.status_code == 302
    assignment = only_assignment(app)
    assert (assignment.max_attempts, assignment.feedback) == (3, "end")
    assert rules.today(assignment.due_at, PARIS).isoformat() == in_days(9)
    [row] = audit_rows(app, "assignment-changed")
    assert row.detail["changes"]["attempts"] == [1, 3]
    assert row.detail["changes"]["feedback"] == ["each", "end"]
    assert "attempts: 1 → 3" in row.subject and "due:" in row.subject
    shown = teacher.get(changed.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "The changes are saved" in shown
    work = (
        pupil_client(app, code, "Léa").get("/assignments", headers=ENGLISH).get_data(as_text=True)
    )
    assert "3 attempts allowed" in work
    # The same again changes nothing and writes no audit row.
    edit(teacher, url, app, due=in_days(9), max_attempts="3", feedback="end")
    assert len(audit_rows(app, "assignment-changed")) == 1
    # Emptying the date removes it.
    edit(teacher, url, app, due="", max_attempts="3", feedback="end")
    assert only_assignment(app).due_at is None


def test_a_due_date_in_the_past_is_refused_when_setting_and_editing(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    refused = set_quiz(teacher, url, first_article(app), due=in_days(-1))
    assert only_assignment(app) is None
    page = teacher.get(refused.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert "Ce jour est déjà passé" in page
    set_quiz(teacher, url, first_article(app), due=in_days(0))  # today is fine: until tonight
    assert only_assignment(app) is not None
    for headers, message in (
        (ENGLISH, "This day is already over"),
        (FRENCH, "Ce jour est déjà passé"),
    ):
        answer = edit(teacher, url, app, headers, due=in_days(-3))
        assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert rules.today(only_assignment(app).due_at, PARIS).isoformat() == in_days(0)


def test_bad_values_in_the_edit_form_get_a_message_and_change_nothing(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    set_quiz(teacher, url, first_article(app), due=in_days(2), max_attempts="2")
    before = only_assignment(app)
    for fields, message in (
        ({"due": "2026-02-31"}, "We could not read this date"),
        ({"due": in_days(3), "max_attempts": "99999999999999999999"}, "Between 1 and 20 attempts"),
        ({"due": in_days(3), "max_attempts": "-2"}, "Between 1 and 20 attempts"),
        ({"due": in_days(3), "feedback": "never"}, "Not a valid choice"),
    ):
        answer = edit(teacher, url, app, **{"max_attempts": "2", **fields})
        assert answer.status_code == 422, fields
        assert message in answer.get_data(as_text=True), fields
    french = edit(teacher, url, app, FRENCH, due=in_days(3), max_attempts="0")
    assert "Entre 1 et 20 tentatives." in french.get_data(as_text=True)
    after = only_assignment(app)
    assert (after.due_at, after.max_attempts) == (before.due_at, before.max_attempts)
    assert not audit_rows(app, "assignment-changed")


def test_one_pupil_s_extension_lets_them_work_after_the_class_s_due_date(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), due=in_days(1))
    lea, tom = pupil_client(app, code, "Léa"), pupil_client(app, code, "Tom")
    work = work_url(url, app)
    cell = f"{work}/pupils/{pupil_id(app, 'Léa')}"
    # Not later than the class's date: refused with a message, nothing stored.
    same_day = post(teacher, cell, f"{cell}/extension", {"due": in_days(1)})
    assert same_day.status_code == 422
    assert "Choose a day after the class’s due date" in same_day.get_data(as_text=True)
    french = post(teacher, cell, f"{cell}/extension", {"due": "2026-13-45"}, FRENCH)
    assert french.status_code == 422 and "Nous n’avons pas pu lire cette date" in french.get_data(
        as_text=True
    )
    granted = post(teacher, cell, f"{cell}/extension", {"due": in_days(5)})
    assert granted.status_code == 302
    [row] = audit_rows(app, "extension-granted")
    assert "Léa" in row.subject and row.detail["changes"]["extension"][0] is None
    set_due(app, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))  # the class's date passes

    assert start(tom, only_assignment(app).public_id).headers["Location"] == "/assignments"
    question = start(lea, only_assignment(app).public_id).headers["Location"]
    assert question.startswith("/attempts/")
    results = answer_all(app, lea, question)
    assert results.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) > 0

    book = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    lea_row = re.search(r"Léa</a></th>(.*?)</tr>", book, re.S).group(1)
    tom_row = re.search(r"Tom</a></th>(.*?)</tr>", book, re.S).group(1)
    assert "extended to" in lea_row and "late" not in lea_row.replace("class=", "")
    assert "extended to" not in tom_row and "late" in tom_row
    french_book = teacher.get(f"{url}/gradebook", headers=FRENCH).get_data(as_text=True)
    assert "prolongé jusqu’au" in french_book
    mine = lea.get("/assignments", headers=ENGLISH).get_data(as_text=True)
    assert "Your teacher gave you until" in mine
    toms = tom.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert "date limite passée" in toms and "Commencer le quiz" not in toms

    # Removed: the class's date holds for her again.
    post(teacher, cell, f"{cell}/extension", {"action": "remove"})
    with app.app_context():
        assert db.session.scalar(select(func.count(Extension.id))) == 0
    assert audit_rows(app, "extension-removed")
    assert start(lea, only_assignment(app).public_id).headers["Location"] == "/assignments"


def test_an_extension_is_refused_when_the_work_has_no_due_date(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    pupil_client(app, code, "Léa")
    cell = f"{work_url(url, app)}/pupils/{pupil_id(app, 'Léa')}"
    answer = post(teacher, cell, f"{cell}/extension", {"due": in_days(5)}, FRENCH)
    assert answer.status_code == 422
    assert "Ce travail n’a pas de date limite" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Extension.id))) == 0


def test_a_class_debate_takes_an_extended_pupil_s_contribution_after_the_due_date(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    with app.app_context():
        school_class = class_of(app, url)
        question = db.session.scalar(select(assignments.Question).order_by(assignments.Question.id))
        work = assignments.assign_debate(
            db.session, school_class, question, due_at=dt.datetime.now(dt.UTC) + DAY
        )
        debate_id = assignments.debate_of(db.session, work).public_id
        db.session.commit()
    lea, tom = pupil_client(app, code, "Léa"), pupil_client(app, code, "Tom")
    cell = f"{url}/assignments/{only_assignment(app).public_id}/pupils/{pupil_id(app, 'Léa')}"
    post(teacher, cell, f"{cell}/extension", {"due": in_days(4)})
    set_due(app, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    debate = f"/debates/{debate_id}"
    side = {"side": "for", "vote": "for"}
    assert post(tom, debate, f"{debate}/participants", side).headers["Location"] == debate
    toms = tom.get(debate, headers=ENGLISH).get_data(as_text=True)
    assert "The due date has passed" in toms
    post(lea, debate, f"{debate}/participants", side)
    with app.app_context():
        taken = db.session.scalars(
            select(Pupil.first_name).join(
                assignments.Participant, assignments.Participant.learner_id == Pupil.learner_id
            )
        ).all()
        assert taken == ["Léa"]


def test_closing_stops_everyone_and_reopening_asks_for_a_new_due_date(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), due=in_days(3))
    lea = pupil_client(app, code, "Léa")
    work = work_url(url, app)
    cell = f"{work}/pupils/{pupil_id(app, 'Léa')}"
    post(teacher, cell, f"{cell}/extension", {"due": in_days(6)})
    question = start(lea, only_assignment(app).public_id).headers["Location"]
    assert question.startswith("/attempts/")

    closed = post(teacher, f"{work}/edit", f"{work}/close", {})
    assert closed.status_code == 302 and only_assignment(app).closed_at is not None
    assert audit_rows(app, "assignment-closed")
    refused = start(lea, only_assignment(app).public_id)
    assert refused.headers["Location"] == "/assignments"
    mine = lea.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert "Votre enseignant a clos ce travail" in mine and "clos par votre enseignant" in mine
    assert "Commencer le quiz" not in mine
    assert lea.get(question).headers["Location"] == "/assignments"  # no more answers
    book = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    assert "closed" in book

    # The due date passed while it was closed: reopening asks for a new one, or none.
    set_due(app, dt.datetime.now(dt.UTC) - DAY)
    page = teacher.get(f"{work}/edit", headers=ENGLISH).get_data(as_text=True)
    assert "give a new one, or tick “No due date”" in page
    asked = post(teacher, f"{work}/edit", f"{work}/reopen", {}, FRENCH)
    assert asked.status_code == 422 and "Sa date limite est passée" in asked.get_data(as_text=True)
    assert only_assignment(app).closed_at is not None
    past = post(teacher, f"{work}/edit", f"{work}/reopen", {"due": in_days(-2)})
    assert past.status_code == 422 and only_assignment(app).closed_at is not None
    reopened = post(teacher, f"{work}/edit", f"{work}/reopen", {"due": in_days(2)})
    assert reopened.status_code == 302
    assignment = only_assignment(app)
    assert assignment.closed_at is None
    assert rules.today(assignment.due_at, PARIS).isoformat() == in_days(2)
    [row] = audit_rows(app, "assignment-reopened")
    assert set(row.detail["changes"]) == {"closed", "due"}
    assert start(lea, only_assignment(app).public_id).headers["Location"] == question

    # Closed again, reopened with no due date at all.
    post(teacher, f"{work}/edit", f"{work}/close", {})
    set_due(app, dt.datetime.now(dt.UTC) - DAY)
    post(teacher, f"{work}/edit", f"{work}/reopen", {"no_due": "y"})
    assignment = only_assignment(app)
    assert assignment.closed_at is None and assignment.due_at is None


def finished_quiz(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    lea = pupil_client(app, code, "Léa")
    answer_all(app, lea, start(lea, only_assignment(app).public_id).headers["Location"])
    with app.app_context():
        computed = db.session.scalar(select(Attempt.score))
    cell = f"{work_url(url, app)}/pupils/{pupil_id(app, 'Léa')}"
    return teacher, url, lea, cell, computed


def test_a_teacher_overrides_a_quiz_score_with_a_comment_and_both_are_kept(app):
    teacher, url, lea, cell, computed = finished_quiz(app)
    given = post(
        teacher, cell, f"{cell}/score", {"score": "72,5", "comment": "Oral rattrapé."}, FRENCH
    )
    assert given.status_code == 302
    with app.app_context():
        override = db.session.scalar(select(ScoreOverride))
        assert (override.score, override.comment) == (0.725, "Oral rattrapé.")
        assert db.session.scalar(select(Attempt.score)) == computed  # the quiz's own is kept
        school_class = class_of(app, url)
        book = assignments.gradebook(db.session, school_class, load_default_rubric())
        pupil = school_class.pupils[0]
        result = book.cell(pupil, book.assignments[0])
        assert (result.score, result.computed_score, result.overridden) == (0.725, computed, True)
    [row] = audit_rows(app, "score-overridden")
    assert row.detail["changes"]["score"] == [None, 0.725]

    page = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    lea_row = re.search(r"Léa</a></th>(.*?)</tr>", page, re.S).group(1)
    assert re.search(r"<strong>7[23]%</strong>", lea_row)
    assert "set by the teacher" in lea_row and "Oral rattrapé." in lea_row
    assert f"quiz: {round(computed * 100)}%" in lea_row
    french = lea.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert re.search(r"7[23]\W%", french) and "score donné par votre enseignant" in french
    assert "Oral rattrapé." in french
    drill = teacher.get(f"{url}/pupils/{pupil_id(app, 'Léa')}", headers=ENGLISH)
    assert "Oral rattrapé." in drill.get_data(as_text=True)

    post(teacher, cell, f"{cell}/score", {"action": "remove"})
    with app.app_context():
        assert db.session.scalar(select(func.count(ScoreOverride.id))) == 0
    assert audit_rows(app, "score-override-removed")
    assert "score set by your teacher" not in lea.get("/assignments").get_data(as_text=True)


def test_a_bad_score_gets_a_message_in_the_teacher_s_language_and_nothing_changes(app):
    teacher, _, _, cell, _ = finished_quiz(app)
    for score, headers, message in (
        ("3,5", ENGLISH, "did you mean 3.5?"),
        ("3.5", FRENCH, "vouliez-vous dire 3,5\u00a0?"),
        ("-5", ENGLISH, "Give a score from 0 to 100."),
        ("150", FRENCH, "Donnez un score de 0 à 100."),
        ("1" * 400, ENGLISH, "Give a score from 0 to 100."),
        ("beaucoup", FRENCH, "Nous n’avons pas pu lire ce nombre"),
    ):
        answer = post(teacher, cell, f"{cell}/score", {"score": score, "comment": "x"}, headers)
        assert answer.status_code == 422, score
        assert message in answer.get_data(as_text=True), score
    no_reason = post(teacher, cell, f"{cell}/score", {"score": "50", "comment": "   "}, FRENCH)
    assert no_reason.status_code == 422
    assert "Dites pourquoi" in no_reason.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ScoreOverride.id))) == 0
    assert not audit_rows(app, "score-overridden")


def test_a_second_request_giving_the_same_extension_at_once_updates_it(app, monkeypatch):
    """A double click or two tabs: both requests found no extension and both insert one."""
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), due=in_days(1))
    pupil_client(app, code, "Léa")
    cell = f"{work_url(url, app)}/pupils/{pupil_id(app, 'Léa')}"
    assert post(teacher, cell, f"{cell}/extension", {"due": in_days(4)}).status_code == 302
    assert post(teacher, cell, f"{cell}/score", {"score": "50", "comment": "Oral."}).status_code
    real_extension, real_override = assignments.extension_for, assignments.override_for
    looked = {"extension": 0, "override": 0}

    def not_yet(kind, real):
        def lookup(*args):
            looked[kind] += 1
            return None if looked[kind] == 1 else real(*args)  # the other request's view

        return lookup

    token = csrf_token(teacher, cell)  # the page is open in both tabs
    monkeypatch.setattr(assignments, "extension_for", not_yet("extension", real_extension))
    monkeypatch.setattr(assignments, "override_for", not_yet("override", real_override))
    again = teacher.post(
        f"{cell}/extension", data={"csrf_token": token, "due": in_days(6)}, headers=ENGLISH
    )
    assert again.status_code == 302
    score = teacher.post(
        f"{cell}/score",
        data={"csrf_token": token, "score": "60", "comment": "Oral rattrapé."},
        headers=ENGLISH,
    )
    assert score.status_code == 302
    assert looked == {"extension": 2, "override": 2}  # the second look found the other's row
    with app.app_context():
        [extension] = db.session.scalars(select(Extension)).all()
        assert extension.due_at.date() >= (dt.datetime.now(dt.UTC) + 5 * DAY).date()
        [override] = db.session.scalars(select(ScoreOverride)).all()
        assert (override.score, override.comment) == (0.6, "Oral rattrapé.")


def test_a_pupil_moved_to_another_class_cannot_hand_in_the_old_class_s_work(app):
    from edu.models import SchoolClass
    from edu.services import classes
    from tests.quiz_helpers import form_for, plan_versions, question_token

    teacher = teacher_client(app)
    url_a, code_a = create_class(teacher, "4e A")
    _, code_b = create_class(teacher, "4e B")
    set_quiz(teacher, url_a, first_article(app))
    lea = pupil_client(app, code_a, "Léa")
    question = start(lea, only_assignment(app).public_id).headers["Location"]
    token = question_token(lea.get(question).get_data(as_text=True))  # the page left open
    with app.app_context():
        pupil = db.session.scalar(select(Pupil).where(Pupil.first_name == "Léa"))
        pin = pupil.pin
        target = db.session.scalar(select(SchoolClass).where(SchoolClass.name == "4e B"))
        assert classes.move_pupil(db.session, pupil, target) is None
        db.session.commit()
    from tests.test_access_control import pupil_client as returning_pupil

    lea = returning_pupil(app, code_b, "Léa", pin)
    page = lea.get(question, headers=ENGLISH)
    assert page.status_code == 302 and page.headers["Location"] == "/assignments"
    public_id = question.split("/")[2]
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        fields = form_for(plan_versions(attempt)[0], "en")
    form = {"csrf_token": csrf_token(lea, "/assignments"), "token": token, **fields}
    refused = lea.post(question, data=form, headers=FRENCH)
    assert refused.status_code == 302 and refused.headers["Location"] == "/assignments"
    mine = lea.get("/assignments").get_data(as_text=True)
    assert "une classe dont vous ne faites plus partie" in mine
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 0
