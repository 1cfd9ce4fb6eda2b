"""What a class is forgetting: a teacher sees the facts their pupils are losing and sets a
review of them as work, which each pupil gets in "My work", asked another way, and graded."""

import datetime as dt
import re

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import Assignment, Attempt, Fact, Item, ReviewCard, ReviewLog
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions
from tests.test_assignments import answer_all, pupil_client
from tests.test_assignments import start as start_set_work
from tests.test_quiz_pages import ENGLISH, FRENCH, attempt_row, post_answer, start, use_plan


def two_days_pass(app) -> None:
    """What the pupils' memories are two days on: their cards' times moved back (moving the
    clock would also end everyone's sessions, as two days away from the class do)."""
    with app.app_context():
        for card in db.session.scalars(select(ReviewCard)):
            card.last_review = card.last_review - dt.timedelta(days=2)
            card.due = card.due - dt.timedelta(days=2)
        db.session.commit()


def a_fact_with_two_items(app) -> tuple[str, int, str]:
    """A published item asking one fact alone, where another item asks that fact too: its key,
    the fact's id and its French text."""
    with app.app_context():
        items = db.session.scalars(select(Item).where(Item.status == "published")).all()
        alone = [item for item in items if len([s for s in item.current.facts if s]) == 1]
        for item in sorted(alone, key=lambda item: item.key):
            slug = item.current.facts[0]
            others = [
                o
                for o in alone
                if o.id != item.id and o.article_id == item.article_id and o.current.facts == [slug]
            ]
            if others:
                fact = db.session.scalar(
                    select(Fact).where(Fact.article_id == item.article_id, Fact.slug == slug)
                )
                return item.key, fact.id, fact.text_fr
    raise AssertionError("no fact with two items")


def misses(app, client, key: str) -> None:
    """The pupil practises alone and gets the item wrong."""
    public_id = start(client)
    use_plan(app, public_id, [key])
    with app.app_context():
        fields = form_for(plan_versions(attempt_row(public_id))[0], "fr", right=False)
    assert post_answer(client, public_id, 1, fields, FRENCH).status_code == 302


def test_a_fact_two_pupils_missed_is_listed_first_and_set_as_a_graded_review(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    class_id = url.rsplit("/", 1)[1]
    key, fact_id, fact_text = a_fact_with_two_items(app)
    pupils = {name: pupil_client(app, code, name) for name in ("Léa", "Noé")}
    for pupil in pupils.values():
        misses(app, pupil, key)
    two_days_pass(app)

    page = teacher.get(f"/classes/{class_id}/forgetting", headers=FRENCH).get_data(as_text=True)
    assert "<h1>Ce que la classe oublie</h1>" in page
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page, re.S).group(1)
    assert f'value="{fact_id}"' in first_row and "checked" in first_row
    assert "2 sur 2" in first_row

    token = csrf_token(teacher, f"/classes/{class_id}/forgetting")
    nothing = teacher.post(
        f"/classes/{class_id}/forgetting", data={"csrf_token": token}, headers=ENGLISH
    )
    assert nothing.status_code == 422
    assert "Tick at least one fact to review." in nothing.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0

    set_review = teacher.post(
        f"/classes/{class_id}/forgetting", data={"csrf_token": token, "facts": str(fact_id)}
    )
    assert set_review.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Assignment))
        assert review.kind == "review" and [f.id for f in review.facts] == [fact_id]
        assignment_id = review.public_id

    lea = pupils["Léa"]
    work = lea.get("/assignments", headers=FRENCH).get_data(as_text=True)
    assert "Révision\u00a0: 1\u00a0fait" in work or "Révision\u00a0: 1 fait" in work
    started = start_set_work(lea, assignment_id)
    attempt_url = started.headers["Location"]
    with app.app_context():
        attempt = attempt_row(attempt_url.split("/")[2])
        assert attempt.kind == "review" and attempt.assignment_id is not None
        (version,) = plan_versions(attempt)
        assert version.item.key != key  # asked another way than the item she missed
        assert fact_text
    answer_all(app, lea, attempt_url)
    # The teacher's other pages about set work know a review as they know a quiz.
    work = f"/classes/{class_id}/assignments/{assignment_id}"
    book_files = (f"/classes/{class_id}/gradebook.csv", f"/classes/{class_id}/gradebook.xlsx")
    for path in (work, f"{work}/edit", url, *book_files):
        assert teacher.get(path, headers=ENGLISH).status_code == 200, path
    book = teacher.get(f"/classes/{class_id}/gradebook", headers=ENGLISH).get_data(as_text=True)
    assert "Review: 1 fact" in book
    assert "100%" in book
    with app.app_context():
        assert (
            db.session.scalar(select(Attempt.score).where(Attempt.assignment_id.is_not(None)))
            == 1.0
        )

    # Deleting the set work deletes its answers, not what the pupils remember.
    with app.app_context():
        cards_before = db.session.scalar(select(func.count()).select_from(ReviewCard))
    token = csrf_token(teacher, url)
    teacher.post(f"{work}/delete", data={"csrf_token": token, "confirm": "yes"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0
        assert db.session.scalar(select(func.count()).select_from(ReviewCard)) == cards_before
        logs = db.session.scalars(select(ReviewLog)).all()
        assert len(logs) == 3 and sum(log.response_id is None for log in logs) == 1


def test_before_any_answer_the_view_says_where_its_facts_come_from(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    class_id = url.rsplit("/", 1)[1]
    page = teacher.get(f"/classes/{class_id}/forgetting", headers=ENGLISH).get_data(as_text=True)
    assert "Nothing yet: the facts your pupils meet in quizzes will appear here" in page


def test_another_teacher_cannot_see_what_a_class_is_forgetting(app):
    url, _ = create_class(teacher_client(app))
    class_id = url.rsplit("/", 1)[1]
    other = teacher_client(app, "m.martin")
    assert other.get(f"/classes/{class_id}/forgetting").status_code == 404
