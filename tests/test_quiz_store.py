"""Stored quiz items and answers, without Flask: versions, replays, retired items."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from edu.models import Article, Item, Learner, Response
from edu.quiz.scoring import AnswerFormatError
from edu.services import quizzes
from edu.services.content_store import load_content
from tests.conftest import CONTENT

NUMERIC = "deepseek-shock/r1-development-cost/numeric"


@pytest.fixture
def session(loaded_session):
    """The five packs loaded and their items generated, once per run (see conftest)."""
    return loaded_session


def attempt_on(session, keys: list[str]):
    learner = Learner()
    session.add(learner)
    article = session.scalar(select(Article).where(Article.slug == "deepseek-shock"))
    attempt = quizzes.start_attempt(session, learner, article=article, seed=7)
    items = {i.key: i for i in session.scalars(select(Item).where(Item.key.in_(keys)))}
    attempt.plan = [items[key].current.id for key in keys]
    session.commit()
    return attempt


def test_generating_again_changes_nothing(session):
    report = quizzes.generate_items(session)
    assert report.new_items == 0 and report.new_versions == 0


def test_hand_written_items_sit_beside_generated_ones(session):
    origins = {key: origin for key, origin in session.execute(select(Item.key, Item.origin))}
    assert origins["deepseek-shock/stargate-partners/choice"] == "authored"
    assert origins[NUMERIC] == "generated"


def test_an_edited_fact_gives_a_new_version_and_old_answers_keep_theirs(session, tmp_path):
    attempt = attempt_on(session, [NUMERIC])
    recorded = quizzes.record_response(session, attempt, 1, "5,6", "fr")
    old_version = recorded.response.item_version
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    pack = folder / "deepseek-shock.yaml"
    pack.write_text(pack.read_text().replace("n’avoir investi que", "n’avoir dépensé que"))
    load_content(session, folder)
    report = quizzes.generate_items(session)
    assert report.new_versions >= 1 and report.new_items == 0
    item = session.scalar(select(Item).where(Item.key == NUMERIC))
    assert [v.number for v in item.versions] == [1, 2]
    assert "dépensé" in item.current.prompt["fr"]
    session.refresh(recorded.response)
    assert recorded.response.item_version_id == old_version.id
    assert "investi" in recorded.response.item_version.prompt["fr"]


def test_a_second_answer_to_the_same_question_is_a_replay(session):
    attempt = attempt_on(session, [NUMERIC, NUMERIC])
    first = quizzes.record_response(session, attempt, 1, "5,6", "fr")
    again = quizzes.record_response(session, attempt, 1, "99", "fr")
    assert not first.replay and again.replay
    assert again.response.id == first.response.id and again.response.answer == "5,6"
    assert len(attempt.responses) == 1


def test_an_answer_another_request_stored_meanwhile_wins_and_nothing_else_changes(session):
    # Two tabs: the other request stored question 1 after this one read the attempt.
    attempt = attempt_on(session, [NUMERIC, NUMERIC])
    assert attempt.responses == []
    other = Session(session.get_bind())
    other.add(
        Response(
            attempt_id=attempt.id,
            position=1,
            item_version_id=attempt.plan[0],
            answer="5,6",
            locale="fr",
            credit=1.0,
            detail={},
        )
    )
    other.commit()
    other.close()
    late = quizzes.record_response(session, attempt, 1, "99", "fr")
    assert late.replay and late.response.answer == "5,6"
    session.commit()
    stored = session.scalars(select(Response).where(Response.attempt_id == attempt.id)).all()
    assert [(r.position, r.answer) for r in stored] == [(1, "5,6")]
    assert attempt.finished_at is None


def test_an_unreadable_answer_stores_nothing(session):
    attempt = attempt_on(session, [NUMERIC])
    with pytest.raises(AnswerFormatError):
        quizzes.record_response(session, attempt, 1, "3.5", "fr")
    session.refresh(attempt)
    assert attempt.responses == [] and attempt.finished_at is None


def test_the_last_answer_finishes_the_attempt_with_its_score(session):
    attempt = attempt_on(session, [NUMERIC, NUMERIC])
    quizzes.record_response(session, attempt, 1, "5,6", "fr")
    assert attempt.finished_at is None
    quizzes.record_response(session, attempt, 2, "5,8", "fr")  # a near miss: half credit
    assert attempt.finished_at is not None
    assert attempt.score == pytest.approx(0.75)


def test_items_no_longer_generated_retire_and_are_never_drawn(session, tmp_path):
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    pack = folder / "deepseek-shock.yaml"
    text = pack.read_text()
    head, cited = text.split("\nquestions:", 1)
    ids = [
        line.removeprefix("  - id: ") for line in head.splitlines() if line.startswith("  - id: ")
    ]
    unused = next(fact for fact in ids if fact not in cited)  # no question or item cites it
    start = head.index(f"  - id: {unused}\n")
    end = head.find("\n  - id: ", start + 1)
    pack.write_text(head[:start] + (head[end + 1 :] if end != -1 else "") + "\nquestions:" + cited)
    load_content(session, folder)
    quizzes.generate_items(session)
    retired = session.scalars(select(Item).where(Item.source == unused)).all()
    assert retired and all(item.status == "retired" for item in retired)
    learner = Learner()
    session.add(learner)
    article = session.scalar(select(Article).where(Article.slug == "deepseek-shock"))
    retired_versions = {item.current.id for item in retired}
    for seed in range(20):
        attempt = quizzes.start_attempt(session, learner, article=article, seed=seed)
        assert not retired_versions & set(attempt.plan)


def test_items_generated_in_the_loads_own_transaction_are_the_ones_a_later_run_finds(
    migrated_database,
):
    """Publishing a draft stores its article and generates its items in one transaction: the
    facts those items cite must come in the order a later run reads back from the database,
    or every later run would see changed items and give them needless new versions."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    url, options = migrated_database
    engine = create_engine(url, **options)
    with Session(engine) as first:
        load_content(first, CONTENT)
        quizzes.generate_items(first)  # no commit in between: one unit of work
        first.commit()
    with Session(engine) as later:
        report = quizzes.generate_items(later)
        assert (report.new_items, report.new_versions) == (0, 0), report.updated
    engine.dispose()
