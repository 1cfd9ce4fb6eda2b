"""Set work: assigning quizzes and debates, due dates and attempts, balanced sides, gradebook."""

import csv
import datetime as dt
import io
import re
import time
from zoneinfo import ZoneInfo

import pytz
from sqlalchemy import func, select

from edu.assignments import rules
from edu.extensions import db
from edu.models import (
    Article,
    Assignment,
    Attempt,
    Debate,
    Participant,
    Question,
    Response,
    RubricScore,
    SchoolClass,
)
from edu.services import assignments, classes
from tests.classes_helpers import create_class, set_quizzes, teacher_client
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions, question_token
from tests.test_parser_limits import statements

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}


# -- the rules, directly ---------------------------------------------------------------------------


def test_past_the_due_date_nothing_starts_or_is_handed_in():
    due = NOW - dt.timedelta(minutes=1)
    assert rules.start_refusal(now=NOW, due_at=due, attempts_used=0, max_attempts=None) == (
        rules.PAST_DUE
    )
    assert rules.submission_refusal(now=NOW, due_at=due) == rules.PAST_DUE
    assert rules.submission_refusal(now=NOW, due_at=NOW + dt.timedelta(minutes=1)) is None
    assert rules.submission_refusal(now=NOW, due_at=None) is None


def test_a_naive_due_date_from_the_database_is_read_as_utc():
    naive = (NOW - dt.timedelta(seconds=1)).replace(tzinfo=None)
    assert rules.is_past_due(naive, NOW)


def test_attempts_run_out_at_the_limit():
    ask = lambda used, most: rules.start_refusal(  # noqa: E731
        now=NOW, due_at=None, attempts_used=used, max_attempts=most
    )
    assert ask(1, 2) is None
    assert ask(2, 2) == rules.NO_ATTEMPTS_LEFT
    assert ask(50, None) is None


def test_sides_stay_balanced_as_pupils_arrive():
    taken: list[str] = []
    for _ in range(5):
        taken.append(rules.balanced_side(taken))
    assert taken == ["for", "against", "for", "against", "for"]
    assert rules.balanced_side(["against", "against", "for"]) == "for"


def test_late_means_not_done_when_the_due_date_passed():
    past = NOW - dt.timedelta(days=1)
    missed = rules.progress(started=True, done=False, score=None, due_at=past, now=NOW)
    assert (missed.status, missed.late) == (rules.IN_PROGRESS, True)
    done = rules.progress(started=True, done=True, score=0.5, due_at=past, now=NOW)
    assert (done.status, done.late, done.score) == (rules.DONE, False, 0.5)
    waiting = rules.progress(started=False, done=False, score=None, due_at=None, now=NOW)
    assert (waiting.status, waiting.late) == (rules.NOT_STARTED, False)


def test_a_due_date_is_the_end_of_that_day_where_the_school_is():
    due = rules.end_of_day(dt.date(2026, 3, 10), ZoneInfo("Europe/Paris"))
    assert due == dt.datetime(2026, 3, 10, 22, 59, 59, tzinfo=dt.UTC)
    summer = rules.end_of_day(dt.date(2026, 7, 1), pytz.timezone("Europe/Paris"))
    assert summer == dt.datetime(2026, 7, 1, 21, 59, 59, tzinfo=dt.UTC)


# -- pages -----------------------------------------------------------------------------------------


def class_of(app, url):
    public_id = url.rsplit("/", 1)[1]
    return db.session.scalar(select(SchoolClass).where(SchoolClass.public_id == public_id))


def set_quiz(teacher, url, slug, **fields):
    data = {
        "quiz-csrf_token": csrf_token(teacher, url),
        "quiz-article": slug,
        "quiz-feedback": "each",
        **{f"quiz-{key}": value for key, value in fields.items()},
    }
    return teacher.post(f"{url}/assignments/quiz", data=data)


def pupil_client(app, code, first_name):
    client = app.test_client()
    token = csrf_token(client, "/join")
    client.post("/join", data={"csrf_token": token, "code": code, "first_name": first_name})
    return client


def first_article(app) -> str:
    with app.app_context():
        return db.session.scalar(select(Article.slug).order_by(Article.slug))


def only_assignment(app) -> Assignment:
    with app.app_context():
        return db.session.scalar(select(Assignment))


def start(client, assignment_id):
    token = csrf_token(client, "/assignments")
    return client.post(f"/assignments/{assignment_id}/start", data={"csrf_token": token})


def answer_all(app, client, attempt_url):
    """Answer every question of the attempt the URL points at; returns the results page."""
    public_id = attempt_url.split("/")[2]
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        versions = plan_versions(attempt)
    for position, version in enumerate(versions, start=1):
        url = f"/attempts/{public_id}/questions/{position}"
        page = client.get(url).get_data(as_text=True)
        data = {"csrf_token": csrf_token(client, url), "token": question_token(page)}
        with app.app_context():
            data.update(form_for(db.session.merge(version), "fr", right=position % 2 == 1))
        client.post(url, data=data, headers=FRENCH)
    return client.get(f"/attempts/{public_id}")


def test_a_teacher_sets_a_quiz_and_the_pupil_sees_it_due(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    response = set_quiz(teacher, url, first_article(app), due="2099-06-30", max_attempts="2")
    assert response.status_code == 302
    assignment = only_assignment(app)
    assert assignment.max_attempts == 2 and assignment.due_at.year == 2099
    page = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    assert "Quiz:" in page and "2 attempts allowed" in page
    pupil = pupil_client(app, code, "Léa")
    work = pupil.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert "Commencer le quiz" in work and "non commencé" in work


def test_a_bad_attempts_number_is_refused_with_a_message(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    set_quiz(teacher, url, first_article(app), max_attempts="0")
    assert only_assignment(app) is None
    page = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    assert "Entre 1 et 20 tentatives." in page


def test_a_double_click_on_start_opens_one_attempt(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    pupil = pupil_client(app, code, "Léa")
    assignment_id = only_assignment(app).public_id
    first, second = start(pupil, assignment_id), start(pupil, assignment_id)
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_extra_attempts_are_refused_and_results_kept(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), max_attempts="1")
    pupil = pupil_client(app, code, "Léa")
    assignment_id = only_assignment(app).public_id
    results = answer_all(app, pupil, start(pupil, assignment_id).headers["Location"])
    assert results.status_code == 200
    refused = start(pupil, assignment_id)
    assert refused.headers["Location"] == "/assignments"
    page = pupil.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert "Vous avez utilisé toutes les tentatives permises" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id))) == 1


def make_past_due(app):
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assignment.due_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.commit()


def test_a_late_answer_is_refused_and_nothing_changes(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), due="2099-01-01")
    pupil = pupil_client(app, code, "Léa")
    question_url = start(pupil, only_assignment(app).public_id).headers["Location"]
    page = pupil.get(question_url).get_data(as_text=True)
    data = {"csrf_token": csrf_token(pupil, question_url), "token": question_token(page)}
    data["answer"] = "1"
    make_past_due(app)
    refused = pupil.post(question_url, data=data, headers=FRENCH)
    assert refused.status_code == 302 and refused.headers["Location"] == "/assignments"
    work = pupil.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert "La date limite est passée" in work
    assert "Commencer le quiz" not in work and "date limite passée" in work
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 0
    assert start(pupil, only_assignment(app).public_id).headers["Location"] == "/assignments"


def test_free_practice_by_a_pupil_is_not_graded(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    pupil = pupil_client(app, code, "Léa")
    token = csrf_token(pupil, "/")
    pupil.post(f"/quiz/articles/{first_article(app)}", data={"csrf_token": token})
    book = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    assert "not started" in book


def test_the_gradebook_shows_scores_and_the_pupil_drill_down_every_answer(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    lea, tom = pupil_client(app, code, "Léa"), pupil_client(app, code, "Tom")
    assignment_id = only_assignment(app).public_id
    answer_all(app, lea, start(lea, assignment_id).headers["Location"])
    start(tom, assignment_id)
    book = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    lea_row = re.search(r"Léa</a></th>(.*?)</tr>", book, re.S).group(1)
    tom_row = re.search(r"Tom</a></th>(.*?)</tr>", book, re.S).group(1)
    assert re.search(r"\d+%", lea_row) and "done" in lea_row
    assert "in progress" in tom_row and "%" not in tom_row
    assert "<svg" in book
    pupil_link = re.search(r'href="(/classes/[^"]+/pupils/\d+)">Léa', book).group(1)
    drill = teacher.get(pupil_link, headers=ENGLISH).get_data(as_text=True)
    with app.app_context():
        answers = db.session.scalar(select(func.count(Response.id)))
    assert drill.count("Answer:") == answers > 0


def test_item_analysis_of_a_set_quiz(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    assignment_id = only_assignment(app).public_id
    for name in ("Léa", "Tom", "Zoé", "Noé"):
        pupil = pupil_client(app, code, name)
        answer_all(app, pupil, start(pupil, assignment_id).headers["Location"])
    page = teacher.get(f"{url}/assignments/{assignment_id}", headers=ENGLISH)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "first finished attempt of 4 pupils" in text
    assert text.count("<svg") == 2 and "Point-biserial" in text


def test_the_csv_export_neutralises_formulas_in_names(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    pupil_client(app, code, "=HYPERLINK(1)")
    pupil_client(app, code, "@Tom")
    response = teacher.get(f"{url}/gradebook.csv", headers=ENGLISH)
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "First name"
    names = {row[0] for row in rows[1:]}
    assert names == {"'=HYPERLINK(1)", "'@Tom"}


def test_a_class_debate_gives_balanced_sides_and_its_teacher_scores_it(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    with app.app_context():
        question_id = db.session.scalar(select(Question.id).order_by(Question.id))
    data = {"debate-csrf_token": csrf_token(teacher, url), "debate-question": str(question_id)}
    assert teacher.post(f"{url}/assignments/debate", data=data).status_code == 302
    with app.app_context():
        debate = db.session.scalar(select(Debate))
        assert debate.host_id is None and debate.mode == "group"
    sides = []
    for name in ("Léa", "Tom", "Zoé"):
        pupil = pupil_client(app, code, name)
        debate_url = start(pupil, only_assignment(app).public_id).headers["Location"]
        token = csrf_token(pupil, debate_url)
        # A pupil cannot pick a side in a class debate: the form's side is ignored.
        pupil.post(
            f"{debate_url}/participants",
            data={"csrf_token": token, "side": "for", "vote": "against"},
        )
    with app.app_context():
        sides = [p.side for p in db.session.scalars(select(Participant).order_by(Participant.id))]
    assert sides == ["for", "against", "for"]
    grid = teacher.get(f"{debate_url}/scores", headers=ENGLISH)
    assert grid.status_code == 200
    with app.app_context():
        participant_id = db.session.scalar(select(Participant.id).order_by(Participant.id))
    levels = {f"p{participant_id}-{c}": "3" for c in ("claim", "evidence", "reasoning", "rebuttal")}
    token = csrf_token(teacher, f"{debate_url}/scores")
    teacher.post(f"{debate_url}/scores", data={"csrf_token": token, **levels})
    with app.app_context():
        score = db.session.scalar(select(RubricScore))
        assert score.scorer_user_id is not None and score.scorer_id is None
    book = teacher.get(f"{url}/gradebook", headers=ENGLISH).get_data(as_text=True)
    assert "75%" in book


def test_a_class_debate_is_closed_to_outsiders_and_after_its_due_date(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    with app.app_context():
        school_class = class_of(app, url)
        question = db.session.scalar(select(Question).order_by(Question.id))
        assignment = assignments.assign_debate(db.session, school_class, question)
        debate_url = f"/debates/{assignments.debate_of(db.session, assignment).public_id}"
        db.session.commit()
    stranger = app.test_client()
    assert stranger.get(debate_url).status_code == 404
    _other_class_url, other_code = create_class(teacher_client(app, "m.martin"), "5e A")
    outsider = pupil_client(app, other_code, "Léa")
    assert outsider.get(debate_url).status_code == 404
    assert teacher_client(app, "m.bernard").get(f"{debate_url}/scores").status_code == 404
    pupil = pupil_client(app, code, "Tom")
    assert pupil.get(debate_url).status_code == 200
    make_past_due(app)
    token = csrf_token(pupil, debate_url)
    refused = pupil.post(
        f"{debate_url}/participants", data={"csrf_token": token, "vote": "for"}, headers=ENGLISH
    )
    assert refused.status_code == 302
    assert "The due date has passed" in pupil.get(debate_url).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_deleting_an_assignment_removes_its_work_only(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    pupil = pupil_client(app, code, "Léa")
    answer_all(app, pupil, start(pupil, only_assignment(app).public_id).headers["Location"])
    token = csrf_token(pupil, "/")
    pupil.post(f"/quiz/articles/{first_article(app)}", data={"csrf_token": token})
    assignment_id = only_assignment(app).public_id
    token = csrf_token(teacher, url)
    teacher.post(f"{url}/assignments/{assignment_id}/delete", data={"csrf_token": token})
    assert only_assignment(app) is not None  # not confirmed
    teacher.post(
        f"{url}/assignments/{assignment_id}/delete", data={"csrf_token": token, "confirm": "yes"}
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(Assignment.id))) == 0
        remaining = db.session.scalars(select(Attempt)).all()
        assert [a.assignment_id for a in remaining] == [None]  # free practice stays


def test_deleting_a_class_leaves_no_assignment_rows(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    pupil = pupil_client(app, code, "Léa")
    answer_all(app, pupil, start(pupil, only_assignment(app).public_id).headers["Location"])
    with app.app_context():
        question = db.session.scalar(select(Question).order_by(Question.id))
        assignments.assign_debate(db.session, class_of(app, url), question)
    token = csrf_token(teacher, url)
    teacher.post(f"{url}/delete", data={"csrf_token": token, "confirm": "yes"})
    with app.app_context():
        for model in (Assignment, Attempt, Response, Debate, Participant):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model


def test_a_pupil_without_a_class_is_told_how_to_join(client):
    page = client.get("/assignments", headers=ENGLISH).get_data(as_text=True)
    assert "once you have joined their class" in page


def test_class_service_keeps_time_in_utc(app):
    with app.app_context():
        teacher = teacher_client  # noqa: F841 - the service needs no client
        school_class = classes.create_class(db.session, _teacher(app), "6e")
        article = db.session.scalar(select(Article))
        due = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        assignment = assignments.assign_quiz(db.session, school_class, article, due_at=due)
        db.session.expire_all()
        stored = db.session.get(Assignment, assignment.id).due_at
        assert stored.replace(tzinfo=stored.tzinfo or dt.UTC) == due
    time.sleep(0)


def _teacher(app):
    from edu.services import accounts

    return accounts.create_user(db.session, "prof", "three blue herons", "teacher")


def gradebook_queries(app, pupils: int) -> tuple[int, str]:
    """The SQL statements of one gradebook page for a class of `pupils` pupils who each started
    or finished a quiz and joined a debate, one with a longer due date and a teacher's score."""
    teacher = teacher_client(app, username=f"teacher.{pupils}")
    url, _code = create_class(teacher, name=f"Class of {pupils}")
    with app.app_context():
        school_class = class_of(app, url)
        article = db.session.scalar(select(Article).order_by(Article.slug))
        question = db.session.scalar(select(Question).order_by(Question.id))
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        quiz = assignments.assign_quiz(db.session, school_class, article, due_at=soon)
        debate = assignments.assign_debate(db.session, school_class, question)
        for number in range(pupils):
            pupil = classes.add_pupil(db.session, school_class, f"Pupil {number}")
            assignments.start_quiz(db.session, quiz, pupil.learner)
        first = school_class.pupils[0]
        later = soon + dt.timedelta(days=7)
        assignments.set_extension(db.session, quiz, first, later, by=None)
        assignments.set_override(db.session, quiz, first, 0.5, "Oral.", by=None)
        assert debate.id is not None
        db.session.commit()
        engine = db.engine
    with statements(engine) as sent:
        page = teacher.get(f"{url}/gradebook", headers=ENGLISH)
    assert page.status_code == 200
    return len(sent), page.get_data(as_text=True)


def gradebook_statements_for_articles(app, articles: int) -> int:
    """The SQL statements of a gradebook whose quizzes are set on `articles` different articles."""
    teacher = teacher_client(app, username=f"teacher.a{articles}")
    url, _code = create_class(teacher, name=f"Class on {articles}")
    with app.app_context():
        school_class = class_of(app, url)
        set_quizzes(school_class, 4, articles)
        pupil = classes.add_pupil(db.session, school_class, "Léa")
        assert pupil.id is not None
        db.session.commit()
        engine = db.engine
    with statements(engine) as sent:
        assert teacher.get(f"{url}/gradebook", headers=ENGLISH).status_code == 200
    return len(sent)


def test_the_gradebook_reads_its_quizzes_articles_with_the_quizzes(app):
    # Each article was read on its own, lazily, for its quiz's title.
    assert gradebook_statements_for_articles(app, 4) == gradebook_statements_for_articles(app, 1)


def test_the_gradebook_asks_the_database_as_often_for_20_pupils_as_for_5(app):
    few, small = gradebook_queries(app, 5)
    many, large = gradebook_queries(app, 20)
    assert few == many
    assert small.count('<th scope="row">') == 5 + 1 and large.count('<th scope="row">') == 20 + 1
    assert "50%" in large, "score"
    assert "set by the teacher" in large, "override"
    assert "extended to" in large, "extension"
