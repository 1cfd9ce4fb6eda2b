"""Moodle GIFT in and out of a quiz: every question of Moodle's examples, scored as Moodle
would, exported and read back to the same questions; a bad file imports nothing."""

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from edu.extensions import db
from edu.gift.convert import to_items
from edu.gift.parser import parse_gift
from edu.models import Article, Attempt, Item, ItemVersion, Learner
from edu.quiz.scoring import AnswerFormatError, display_answer, score
from edu.services import gift
from edu.services.quizzes import start_attempt
from tests.conftest import csrf_token
from tests.quiz_helpers import question_token

MOODLE = Path(__file__).resolve().parent / "fixtures" / "gift" / "moodle-examples.gift.txt"


def moodle_items():
    return {item.id: item for item in to_items(parse_gift(MOODLE.read_text()).questions, "a", "en")}


def named(items, name):
    return next(item for key, item in items.items() if key == f"a/gift-{name}/{item.type}")


# -- scoring the imported kinds, directly ---------------------------------------------------------


def test_weighted_choices_earn_their_share():
    item = named(moodle_items(), "jesus-hometown")
    texts = {c["text"]["en"]: c["id"] for c in item.data["choices"]}
    assert score(item, texts["Nazareth"], "en").credit == 1.0
    assert score(item, texts["Galilee"], "en").credit == 0.5
    assert score(item, texts["Bethlehem"], "en").credit == 0.25


def test_several_right_answers_add_up_and_wrong_ones_take_away():
    items = moodle_items()
    item = next(
        i for i in items.values() if i.type == "multiple" and -50.0 in i.answer["weights"].values()
    )
    right = [key for key, weight in item.answer["weights"].items() if weight > 0]
    wrong = [key for key, weight in item.answer["weights"].items() if weight < 0]
    assert score(item, right, "en").credit == 1.0
    assert score(item, right[:1], "en").credit == 0.5
    assert score(item, [right[0], wrong[0]], "en").credit == 0.0
    with pytest.raises(AnswerFormatError):
        score(item, ["nonsense"], "en")


def test_short_answers_accept_each_weighted_answer_and_wildcards():
    item = named(moodle_items(), "jesus-hometown-short-answer-ex")
    assert score(item, " nazareth ", "en").credit == 1.0
    assert score(item, "Nazereth", "en").credit == 0.75
    assert score(item, "Bethléem", "en").credit == 0.0
    assert display_answer(item, "fr") == "Nazareth"
    wildcard = item.__class__(
        **{**item.__dict__, "answer": {"accepted": [{"text": "saint *", "weight": 100}]}}
    )
    assert score(wildcard, "Saint-Exupéry", "fr").credit == 1.0


def test_numbers_within_weighted_ranges():
    item = named(moodle_items(), "numerical-example")
    assert score(item, "1822", "en").credit == 1.0
    assert score(item, "1823,5", "fr").credit == 0.5
    assert score(item, "1830", "en").credit == 0.0
    assert display_answer(item, "en") == "1,822"


# -- importing and exporting through the database -------------------------------------------------


def first_article():
    return db.session.scalar(select(Article).order_by(Article.slug))


def test_moodle_examples_import_completely_with_the_right_types(app):
    with app.app_context():
        article = first_article()
        report = gift.import_gift(db.session, MOODLE.read_text(), article, "en")
        assert report.questions == report.new_items == 43
        imported = db.session.scalars(select(Item).where(Item.origin == "imported")).all()
        assert Counter(item.type for item in imported) == {
            "choice": 16,
            "short": 9,
            "numeric": 8,
            "true-false": 5,
            "matching": 3,
            "multiple": 2,
        }
        tomb = next(i for i in imported if i.key.endswith("/gift-grant-s-tomb/choice"))
        right = tomb.current.answer["choice"]
        choices = {c["id"]: c["text"]["en"] for c in tomb.current.data["choices"]}
        assert choices[right] == "entombed"


def test_a_bad_file_imports_nothing_and_says_where(app):
    bad = MOODLE.read_text() + "\n\nWhat is 2 + 2? {#four}\n"
    with app.app_context():
        before = db.session.scalar(select(func.count(Item.id)))
        with pytest.raises(gift.GiftImportError) as error:
            gift.import_gift(db.session, bad, first_article(), "en")
        assert db.session.scalar(select(func.count(Item.id))) == before
    assert str(error.value.problems[0]).startswith("line 2")


def test_an_export_reads_back_to_the_same_questions(app):
    original = parse_gift(MOODLE.read_text()).questions
    with app.app_context():
        article = first_article()
        gift.import_gift(db.session, MOODLE.read_text(), article, "en")
        exported = parse_gift(gift.export_gift(db.session, article, "en"))
        assert exported.ok
        # The article's generated items come out too, each as a question Moodle reads.
        assert len(exported.questions) > len(original)
        assert Counter(q for q in exported.questions if q.category != f"Agora/{article.slug}") == (
            Counter(original)
        )
        other = db.session.scalar(select(Article).order_by(Article.slug.desc()))
        again = gift.import_gift(
            db.session, gift.export_gift(db.session, article, "fr"), other, "fr"
        )
        assert again.questions == len(exported.questions)


def test_a_learner_answers_imported_questions_on_the_page(app, client):
    with app.app_context():
        article = first_article()
        gift.import_gift(db.session, MOODLE.read_text(), article, "en")
        items = db.session.scalars(select(Item).where(Item.origin == "imported")).all()
        multiple = next(
            i
            for i in items
            if i.type == "multiple" and -50.0 in i.current.answer["weights"].values()
        )
        short = next(
            i for i in items if i.key.endswith("/gift-jesus-hometown-short-answer-ex/short")
        )
        learner = Learner()
        db.session.add(learner)
        db.session.flush()
        attempt = Attempt(
            learner=learner, article=article, seed=1, plan=[multiple.current.id, short.current.id]
        )
        db.session.add(attempt)
        db.session.commit()
        right = [k for k, w in multiple.current.answer["weights"].items() if w > 0]
        public_id, learner_id = attempt.public_id, learner.public_id
    with client.session_transaction() as session:
        session["learner"] = learner_id
    first = f"/attempts/{public_id}/questions/1"
    page = client.get(first).get_data(as_text=True)
    assert page.count('type="checkbox" name="answer"') == 4
    data = {"csrf_token": csrf_token(client, first), "token": question_token(page), "answer": right}
    client.post(first, data=data)
    second = f"/attempts/{public_id}/questions/2"
    page = client.get(second).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(client, second),
        "token": question_token(page),
        "answer": "Nazereth",
    }
    client.post(second, data=data)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        assert [r.credit for r in attempt.responses] == [1.0, 0.75]


def test_essays_and_descriptions_are_kept_but_never_asked(app):
    text = (
        "::Intro:: Read the article first.\n\n"
        "::Opinion:: What do you think? {}\n\n"
        "2 + 2 = {=4 =four}\n"
    )
    with app.app_context():
        article = first_article()
        report = gift.import_gift(db.session, text, article, "en")
        assert (report.questions, report.not_asked) == (3, 2)
        learner = Learner()
        db.session.add(learner)
        attempt = start_attempt(db.session, learner, article=article, seed=1)
        kinds = {db.session.get(ItemVersion, vid).item.type for vid in attempt.plan}
        assert not kinds & {"essay", "description"}
        assert "Opinion" in gift.export_gift(db.session, article, "en")


def test_the_gift_commands_import_and_export(app, runner, tmp_path):
    with app.app_context():
        slug = first_article().slug
    result = runner.invoke(
        args=["gift", "import", str(MOODLE), "--article", slug, "--language", "en"]
    )
    assert result.exit_code == 0 and "Imported 43 questions" in result.output
    out = tmp_path / "quiz.gift"
    result = runner.invoke(args=["gift", "export", str(out), "--article", slug, "--language", "en"])
    assert result.exit_code == 0
    assert Counter(
        q for q in parse_gift(out.read_text()).questions if q.category != f"Agora/{slug}"
    ) == Counter(parse_gift(MOODLE.read_text()).questions)
    bad = tmp_path / "bad.gift"
    bad.write_text("Question one {=a ~b}\n\nQuestion two {=a ~b\n")
    result = runner.invoke(args=["gift", "import", str(bad), "--article", slug])
    assert result.exit_code == 1
    assert f"{bad}:line 3:" in result.output and "Nothing was imported." in result.output
    assert runner.invoke(args=["gift", "export", "-", "--article", "nope"]).exit_code == 1
