"""Retention: pupils and guests not seen for too long go with all their work; nobody else."""

import datetime as dt
import re

from sqlalchemy import func, select, update

from edu.config import default_config
from edu.extensions import db
from edu.models import (
    Attempt,
    AuditEvent,
    Contribution,
    Debate,
    Learner,
    Participant,
    Pupil,
    Question,
    Response,
    SchoolClass,
    User,
)
from edu.services import accounts, debates, privacy, quizzes
from tests.classes_helpers import (
    any_answer,
    create_class,
    pupil_data_counts,
    pupil_with_work,
    teacher_client,
)
from tests.conftest import csrf_token

A_YEAR_AGO = dt.timedelta(days=365)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def age(learner_id: int, days: int = 400) -> None:
    """Make a learner, and everything they answered or wrote, look `days` old."""
    then = now() - dt.timedelta(days=days)
    unsynced = {"synchronize_session": False}
    db.session.execute(
        update(Learner).where(Learner.id == learner_id).values(last_seen_at=then),
        execution_options=unsynced,
    )
    attempts = select(Attempt.id).where(Attempt.learner_id == learner_id)
    db.session.execute(
        update(Response).where(Response.attempt_id.in_(attempts)).values(answered_at=then),
        execution_options=unsynced,
    )
    participants = select(Participant.id).where(Participant.learner_id == learner_id)
    db.session.execute(
        update(Contribution)
        .where(Contribution.participant_id.in_(participants))
        .values(updated_at=then, submitted_at=then),
        execution_options=unsynced,
    )
    db.session.commit()


def learner_of(pupil_id: int) -> int:
    return db.session.get(Pupil, pupil_id).learner_id


def guest_with_work(host_of: Debate | None = None) -> tuple[int, Debate]:
    """A guest who answered a quiz question and opened a group debate (or joined `host_of`)."""
    guest = Learner(kind="guest")
    db.session.add(guest)
    db.session.commit()
    question = db.session.scalar(select(Question))
    attempt = quizzes.start_attempt(db.session, guest, article=question.article, seed=5)
    item = quizzes.item_at(db.session, attempt, 1)
    quizzes.record_response(db.session, attempt, 1, any_answer(item), "en")
    debate = host_of or debates.open_debate(db.session, question, guest, "group")
    debates.join(db.session, debate, guest, "against", "against")
    return guest.id, debate


def test_an_old_pupil_goes_and_a_recent_classmate_keeps_all_their_work(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    lea = pupil_with_work(app, url, "Léa")
    tom = pupil_with_work(app, url, "Tom")
    with app.app_context():
        age(learner_of(lea))
        before = pupil_data_counts()
        report = privacy.purge_inactive(db.session, now() - A_YEAR_AGO)
        assert report == privacy.PurgeReport(pupils=1, guests=0)
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
        assert db.session.get(Pupil, lea) is None
        kept = db.session.get(Pupil, tom)
        assert kept.first_name == "Tom"
        assert db.session.scalar(select(func.count()).select_from(SchoolClass)) == 1
        assert len(quizzes.learner_attempts(db.session, kept.learner)) == 1
        assert len(debates.learner_debates(db.session, kept.learner)) == 1


def test_old_guests_go_and_the_group_debates_they_opened_go_on_without_a_host(app):
    with app.app_context():
        old, debate = guest_with_work()
        recent, _ = guest_with_work(host_of=debate)
        age(old)
        before = pupil_data_counts()
        report = privacy.purge_inactive(db.session, now() - A_YEAR_AGO)
        assert report == privacy.PurgeReport(pupils=0, guests=1)
        after = pupil_data_counts()
        assert {name: before[name] - after[name] for name in before} == {
            "Learner": 1,
            "Pupil": 0,
            "Attempt": 1,
            "Response": 1,
            "Participant": 1,
            "Contribution": 0,
            "RubricScore": 0,
            "Debate": 0,
            "ReviewCard": before["ReviewCard"] // 2,  # the old guest's cards, and their log
            "ReviewLog": before["ReviewLog"] // 2,
        }
        assert before["ReviewCard"] >= 2
        assert db.session.get(Learner, old) is None
        kept = db.session.get(Debate, debate.id)
        assert kept.host_id is None
        assert [p.learner_id for p in kept.participants] == [recent]
        assert db.session.scalar(select(func.count()).where(Attempt.learner_id == recent)) == 1


def test_accounts_teachers_and_recent_learners_are_never_purged(session):
    """Only pupils and guests go: a self-study learner's account keeps their record."""
    teacher = accounts.create_user(session, "mme.durand", "three blue herons", "teacher")
    learner = accounts.create_user(session, "camille", "three blue herons", "learner")
    school_class = SchoolClass(name="4e B", teacher=teacher)
    old_pupil = Pupil(
        school_class=school_class,
        learner=Learner(kind="pupil"),
        first_name="Léa",
        name_key="léa",
    )
    new_pupil = Pupil(
        school_class=school_class,
        learner=Learner(kind="pupil"),
        first_name="Tom",
        name_key="tom",
    )
    old_guest, new_guest = Learner(kind="guest"), Learner(kind="guest")
    session.add_all([school_class, old_pupil, new_pupil, old_guest, new_guest])
    session.commit()
    long_ago = now() - dt.timedelta(days=800)
    for row in (learner.learner, old_pupil.learner, old_guest):
        row.last_seen_at = long_ago
    session.commit()
    ids = {"old pupil": old_pupil.learner_id, "old guest": old_guest.id}

    assert privacy.purge_inactive(session, now() - A_YEAR_AGO, dry_run=True) == (
        privacy.PurgeReport(pupils=1, guests=1)
    )
    assert session.scalar(select(func.count()).select_from(Learner)) == 5  # a dry run

    assert privacy.purge_inactive(session, now() - A_YEAR_AGO) == privacy.PurgeReport(1, 1)
    session.expire_all()
    remaining = set(session.scalars(select(Learner.id)))
    assert not remaining & set(ids.values())
    assert {learner.learner_id, new_pupil.learner_id, new_guest.id} == remaining
    assert session.scalar(select(User.learner_id).where(User.username == "camille")) is not None
    assert session.scalar(select(func.count()).select_from(User)) == 2
    # Nothing left to do the second time.
    assert privacy.purge_inactive(session, now() - A_YEAR_AGO) == privacy.PurgeReport(0, 0)


def test_a_pupil_whose_last_visit_is_old_but_who_answered_recently_stays(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    lea = pupil_with_work(app, url, "Léa")
    with app.app_context():
        age(learner_of(lea))
        recent = now() - dt.timedelta(days=3)
        db.session.execute(update(Response).values(answered_at=recent))
        db.session.commit()
        assert privacy.purge_inactive(db.session, now() - A_YEAR_AGO).pupils == 0
        assert db.session.get(Pupil, lea) is not None


def test_a_pupil_who_starts_a_quiz_again_counts_as_seen(app):
    _url, code = create_class(teacher_client(app))
    pupil = app.test_client()
    token = csrf_token(pupil, "/join")
    joined = pupil.post("/join", data={"csrf_token": token, "code": code, "first_name": "Inès"})
    assert joined.status_code == 302
    with app.app_context():
        learner_id = db.session.scalar(select(Pupil.learner_id))
        age(learner_id)
    token = csrf_token(pupil, "/articles/deepseek-shock")
    started = pupil.post(
        "/quiz/articles/deepseek-shock", data={"csrf_token": token, "feedback": "each"}
    )
    assert started.status_code == 302
    with app.app_context():
        seen = db.session.get(Learner, learner_id).last_seen_at
        seen = seen if seen.tzinfo else seen.replace(tzinfo=dt.UTC)
        assert now() - seen < dt.timedelta(minutes=5)
        assert privacy.purge_inactive(db.session, now() - A_YEAR_AGO).pupils == 0


def test_the_command_in_a_dry_run_only_counts(app, runner):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    lea = pupil_with_work(app, url, "Léa")
    with app.app_context():
        age(learner_of(lea))
        old, _ = guest_with_work()
        age(old)
        before = pupil_data_counts()
    result = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    since = (now() - A_YEAR_AGO).date().isoformat()
    assert result.output == (f"Would delete 1 pupil and 1 guest learner inactive since {since}.\n")
    with app.app_context():
        assert pupil_data_counts() == before
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert "data-purge" not in actions


def test_the_command_deletes_and_the_audit_log_says_so(app, runner):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    lea = pupil_with_work(app, url, "Léa")
    pupil_with_work(app, url, "Tom")
    with app.app_context():
        age(learner_of(lea), days=40)
        for _ in range(2):
            old, _debate = guest_with_work()
            age(old, days=40)
    result = runner.invoke(args=["privacy", "purge", "--days", "30"])
    assert result.exit_code == 0, result.output
    match = re.fullmatch(
        r"Deleted 1 pupil and 2 guest learners inactive since (\d{4}-\d\d-\d\d)\.\n", result.output
    )
    assert match, result.output
    assert match.group(1) == (now() - dt.timedelta(days=30)).date().isoformat()
    with app.app_context():
        assert list(db.session.scalars(select(Pupil.first_name))) == ["Tom"]
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "data-purge"))
        assert event.actor == "cli" and event.user_id is None
        assert event.subject == f"inactive since {match.group(1)}"
        assert event.detail == {"pupils": 1, "guests": 2, "days": 30}


def test_the_retention_period_comes_from_the_configuration(app, runner, monkeypatch, tmp_path):
    monkeypatch.setenv("EDU_PUPIL_RETENTION_DAYS", "90")
    assert default_config(str(tmp_path))["PUPIL_RETENTION_DAYS"] == 90
    monkeypatch.delenv("EDU_PUPIL_RETENTION_DAYS")
    assert default_config(str(tmp_path))["PUPIL_RETENTION_DAYS"] == 365

    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    lea = pupil_with_work(app, url, "Léa")
    with app.app_context():
        age(learner_of(lea), days=400)
    app.config["PUPIL_RETENTION_DAYS"] = 500
    kept = runner.invoke(args=["privacy", "purge"])
    assert "Deleted 0 pupils and 0 guest learners" in kept.output
    app.config["PUPIL_RETENTION_DAYS"] = 300
    gone = runner.invoke(args=["privacy", "purge"])
    assert "Deleted 1 pupil and 0 guest learners" in gone.output


def test_the_command_refuses_a_period_shorter_than_a_day(app, runner):
    result = runner.invoke(args=["privacy", "purge", "--days", "0"])
    assert result.exit_code != 0
    assert "--days" in result.output
