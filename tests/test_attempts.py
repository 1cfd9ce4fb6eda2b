"""Attempts that make sense: starting again resumes, only finished attempts count against the
limit, and no page calls an unfinished or empty attempt all right. Issue 11, point 6."""

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import Article, Attempt
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions, question_token
from tests.test_assignments import (
    ENGLISH,
    FRENCH,
    answer_all,
    first_article,
    make_past_due,
    only_assignment,
    pupil_client,
    set_quiz,
    start,
)


def practise(client, slug):
    return client.post(f"/quiz/articles/{slug}", data={"csrf_token": csrf_token(client, "/")})


def answer_first(app, client, question_url):
    page = client.get(question_url).get_data(as_text=True)
    public_id = question_url.split("/")[2]
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        version = plan_versions(attempt)[0]
        data = {"csrf_token": csrf_token(client, question_url), "token": question_token(page)}
        data.update(form_for(version, "fr"))
    client.post(question_url, data=data, headers=FRENCH)


def attempts_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Attempt.id)))


def test_starting_a_practice_quiz_again_resumes_the_unfinished_attempt(app, client):
    slug = first_article(app)
    first = practise(client, slug).headers["Location"]
    assert first.endswith("/questions/1")
    answer_first(app, client, first)
    again = practise(client, slug)
    assert again.headers["Location"] == first.replace("/questions/1", "/questions/2")
    assert attempts_count(app) == 1
    page = client.get(again.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert "Vous aviez commencé ce quiz" in page


def test_another_article_or_a_finished_attempt_starts_a_new_one(app, client):
    with app.app_context():
        slugs = db.session.scalars(select(Article.slug).order_by(Article.slug).limit(2)).all()
    first = practise(client, slugs[0]).headers["Location"]
    practise(client, slugs[1])
    assert attempts_count(app) == 2
    answer_all(app, client, first)
    new = practise(client, slugs[0]).headers["Location"]
    assert new.endswith("/questions/1") and new != first
    assert attempts_count(app) == 3


def test_another_learner_s_unfinished_attempt_is_not_resumed(app, client):
    slug = first_article(app)
    mine = practise(client, slug).headers["Location"]
    other = app.test_client()
    theirs = practise(other, slug).headers["Location"]
    assert theirs != mine and attempts_count(app) == 2


def test_an_unfinished_attempt_is_not_an_attempt_used(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), max_attempts="1")
    lea = pupil_client(app, code, "Léa")
    work_id = only_assignment(app).public_id
    question = start(lea, work_id).headers["Location"]
    answer_first(app, lea, question)
    work = lea.get("/assignments", headers=ENGLISH).get_data(as_text=True)
    assert "1 attempt allowed" in work and "used" not in work
    assert start(lea, work_id).headers["Location"].startswith(question.rsplit("/", 1)[0])
    answer_all(app, lea, question)
    work = lea.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert "1 utilisée" in work
    assert start(lea, work_id).headers["Location"] == "/assignments"
    assert attempts_count(app) == 1


def test_an_unfinished_attempt_past_the_due_date_shows_what_was_answered(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app), due="2099-01-01", max_attempts="2")
    lea = pupil_client(app, code, "Léa")
    question = start(lea, only_assignment(app).public_id).headers["Location"]
    answer_first(app, lea, question)
    make_past_due(app)
    results_url = question.rsplit("/questions", 1)[0]
    for headers, not_finished, wrong in (
        (FRENCH, "Pas terminé", "toutes vos réponses étaient justes"),
        (ENGLISH, "Not finished", "every answer so far was right"),
    ):
        page = lea.get(results_url, headers=headers)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert not_finished in text and wrong not in text
        assert "Your score" not in text and "Votre score" not in text
    english = lea.get(results_url, headers=ENGLISH).get_data(as_text=True)
    assert "1 of" in english
    # Past the due date the unfinished attempt counts: the pupil sees it as used.
    work = lea.get("/assignments", headers=ENGLISH).get_data(as_text=True)
    assert "(1 used)" in work


def test_my_results_never_say_all_right_when_nothing_was_answered(app, client):
    practise(client, first_article(app))
    for headers, nothing_yet, all_right in (
        (FRENCH, "vous n’avez répondu à aucune question", "toutes vos réponses étaient justes"),
        (ENGLISH, "you have not answered a question", "every answer so far was right"),
    ):
        page = client.get("/me/results", headers=headers).get_data(as_text=True)
        assert nothing_yet in page and all_right not in page


def test_an_unfinished_attempt_of_open_work_goes_back_to_its_question(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    set_quiz(teacher, url, first_article(app))
    lea = pupil_client(app, code, "Léa")
    question = start(lea, only_assignment(app).public_id).headers["Location"]
    results = lea.get(question.rsplit("/questions", 1)[0])
    assert results.status_code == 302 and results.headers["Location"] == question
    assert attempts_count(app) == 1
