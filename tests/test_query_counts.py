"""The hot pages send as many SQL statements whatever the learner's history: the work that
keeps them fast (one query per thing a page shows) is guarded here, not their timings."""

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import Item, ReviewCard
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions, question_token
from tests.test_parser_limits import statements
from tests.test_quiz_pages import ENGLISH, answer_all, attempt_row, post_answer, start, use_plan


def finished_quizzes(app, client, count: int, right=lambda position: True) -> list[str]:
    attempts = [start(client, headers=ENGLISH) for _ in range(count)]
    for public_id in attempts:
        answer_all(app, client, public_id, "en", right)
    return attempts


def every_other(position: int) -> bool:
    return position % 2 == 0


def sent_by(app, call) -> int:
    with app.app_context():
        engine = db.engine
    with statements(engine) as sent:
        response = call()
    assert response.status_code in (200, 302), response.status_code
    return len(sent)


def question_and_answer(app, client) -> tuple[int, int]:
    """Statements of a question page and of answering it, in a new attempt."""
    public_id = start(client, headers=ENGLISH)
    url = f"/attempts/{public_id}/questions/1"
    page = client.get(url, headers=ENGLISH).get_data(as_text=True)
    with app.app_context():
        forms = [form_for(version, "en") for version in plan_versions(attempt_row(public_id))]
    data = {"csrf_token": csrf_token(client, url), "token": question_token(page), **forms[0]}
    shown = sent_by(app, lambda: client.get(url, headers=ENGLISH))
    answered = sent_by(app, lambda: client.post(url, data=data, headers=ENGLISH))
    for position, fields in enumerate(forms[1:], start=2):  # finished, as a pupil would
        post_answer(client, public_id, position, fields, ENGLISH)
    return shown, answered


def test_a_question_and_its_answer_cost_the_same_after_many_quizzes(app, client):
    first = question_and_answer(app, client)
    # The page: the attempt with its learner, answers and article. The answer: the same, then
    # one INSERT … ON CONFLICT DO NOTHING (the unique key still refuses a double submit), and
    # the review card of its fact: read with the fact, written (made, or moved later), logged.
    assert first == (1, 5)
    finished_quizzes(app, client, 4)
    assert question_and_answer(app, client) == first


def test_my_results_cost_the_same_for_two_attempts_and_for_eight(app, client):
    finished_quizzes(app, client, 2)
    few = sent_by(app, lambda: client.get("/me/results", headers=ENGLISH))
    finished_quizzes(app, client, 6)
    many = sent_by(app, lambda: client.get("/me/results", headers=ENGLISH))
    assert many == few


def test_my_results_with_mistakes_fetch_their_evidence_at_once(app, client):
    # Each mistake shown brings the right answer and its evidence: one query for them all,
    # however many mistakes (up to the 20 shown) and attempts there are.
    finished_quizzes(app, client, 1, right=every_other)
    few = sent_by(app, lambda: client.get("/me/results", headers=ENGLISH))
    finished_quizzes(app, client, 7, right=every_other)
    many = sent_by(app, lambda: client.get("/me/results", headers=ENGLISH))
    assert many == few


def test_a_results_page_reads_the_evidence_of_all_its_answers_at_once(app, client):
    one = finished_quizzes(app, client, 1, right=lambda position: position != 1)[0]
    five = finished_quizzes(app, client, 1, right=every_other)[0]
    few = sent_by(app, lambda: client.get(f"/attempts/{one}", headers=ENGLISH))
    many = sent_by(app, lambda: client.get(f"/attempts/{five}", headers=ENGLISH))
    # The attempt with its answers and article, the learner, the versions answered, and the
    # evidence of all ten questions (it was one query per question).
    assert few == many == 4


def test_an_answer_resting_on_several_facts_some_known_costs_what_one_fact_does(app, client):
    """The attempt and the answer as above, then the review cards: read with their facts,
    made and moved in one upsert, logged in one insert, however many facts and cards."""
    ordering = "deepseek-shock/shock-timeline/ordering"
    with app.app_context():
        facts = db.session.scalar(select(Item).where(Item.key == ordering)).current.facts
        single = next(
            item.key
            for item in db.session.scalars(select(Item).where(Item.status == "published"))
            if item.current.facts == [facts[0]] and item.key != ordering
        )
    counts = []
    for key in (single, ordering):  # the second: one of its facts known, the others new
        public_id = start(client, headers=ENGLISH)
        use_plan(app, public_id, [key])
        url = f"/attempts/{public_id}/questions/1"
        page = client.get(url, headers=ENGLISH).get_data(as_text=True)
        with app.app_context():
            fields = form_for(plan_versions(attempt_row(public_id))[0], "en")
        data = {"csrf_token": csrf_token(client, url), "token": question_token(page), **fields}
        counts.append(
            sent_by(app, lambda url=url, data=data: client.post(url, data=data, headers=ENGLISH))
        )
    assert counts == [6, 6]  # 5, and the attempt marked finished: its only question answered
    with app.app_context():
        assert len(facts) > 2
        assert db.session.scalar(select(func.count()).select_from(ReviewCard)) == len(facts)
