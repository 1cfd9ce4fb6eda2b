"""Parsers with limits: a YAML alias bomb, a GIFT file of too many questions, a large GIFT
import and the same file imported twice, each refused or done fast and said plainly."""

import io
import itertools
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from edu.content import yamlsource
from edu.content.reading import read_content
from edu.content.yamlsource import YamlSyntaxError, parse_yaml
from edu.extensions import db
from edu.models import Article, Item, ItemVersion
from edu.services import drafts, gift
from tests.classes_helpers import teacher_client
from tests.conftest import CONTENT, csrf_token
from tests.test_authoring import ENGLISH, upload

MOODLE = Path(__file__).resolve().parent / "fixtures" / "gift" / "moodle-examples.gift.txt"
ALIAS_MESSAGE = "YAML aliases (*a) are not allowed in content files"


def alias_bomb(levels: int) -> str:
    """Billion laughs: each level a list of nine aliases of the one before."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for previous, name in itertools.pairwise(names[:levels]):
        aliases = ",".join([f"*{previous}"] * 9)
        lines.append(f"{name}: &{name} [{aliases}]")
    return "\n".join(lines) + "\n"


def gift_file(count: int, edition: str = "") -> str:
    """`count` named questions of five kinds, under a category; `edition` rewords them all."""
    shapes = (
        "::Q{n}:: Which river flows through city {n}{e}? {{=Seine ~Loire ~Rhône ~Garonne}}",
        "::Q{n}:: Fact {n}{e} is true. {{T#It is true.#Right.}}",
        "::Q{n}:: The answer to riddle {n}{e} is {{=%100%echo =%50%écho}}.",
        "::Q{n}:: In which year did event {n}{e} happen? {{#{year}:2 ~#Look at the date.}}",
        "::Q{n}:: Match the capitals {n}{e}. {{=France -> Paris =Italy -> Rome =Spain -> Madrid}}",
    )
    blocks = ["$CATEGORY: Agora/bench"]
    blocks += [
        shapes[n % len(shapes)].format(n=n, e=edition, year=1900 + n % 120)
        for n in range(1, count + 1)
    ]
    return "\n\n".join(blocks) + "\n"


@contextmanager
def timed(what: str):
    started = time.perf_counter()
    yield
    print(f"\n{what}: {(time.perf_counter() - started) * 1000:.1f} ms")


@contextmanager
def statements(engine):
    """Counts the SQL statements sent while the block runs (an executemany counts once)."""
    sent: list[str] = []

    def count(_connection, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def upload_in_memory(client, slug: str, content: bytes):
    """The upload form posted with its body built in memory: the test client would spool a large
    one to a temporary file it never closes."""
    fields = {
        "csrf_token": csrf_token(client, "/authoring"),
        "language": "en",
        "file": FileStorage(io.BytesIO(content), "quiz.gift", content_type="text/plain"),
    }
    boundary, body = encode_multipart(fields)
    return client.post(
        f"/authoring/articles/{slug}/gift",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=ENGLISH,
    )


def reworded(gift_text: str) -> str:
    """Moodle's examples with one feedback of the question named "Grant's Tomb" changed."""
    assert gift_text.count("~living#We hope not!") == 1
    return gift_text.replace("~living#We hope not!", "~living#We certainly hope not!")


def first_article():
    return db.session.scalar(select(Article).order_by(Article.slug))


def imported(article_id: int) -> list[Item]:
    query = select(Item).where(Item.article_id == article_id, Item.origin == "imported")
    return list(db.session.scalars(query))


# -- YAML: no aliases, no deep nesting ----------------------------------------------------------


def test_an_alias_bomb_is_refused_at_its_first_alias():
    # A small bomb first: before aliases were refused it expanded quickly, and the test stops
    # here rather than spending minutes expanding the full one below.
    with pytest.raises(YamlSyntaxError):
        parse_yaml(alias_bomb(4))
    bomb = alias_bomb(9)
    assert len(bomb.encode()) < 600
    with timed("a 9-level alias bomb refused"), pytest.raises(YamlSyntaxError) as error:
        parse_yaml(bomb)
    assert error.value.line == 2
    assert error.value.message == ALIAS_MESSAGE
    assert error.value.template == "YAML aliases (*%(name)s) are not allowed in content files"
    assert error.value.params == {"name": "a"}


def test_content_check_refuses_an_alias_bomb_with_its_path_and_line(runner, tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "themes.yaml").write_text((CONTENT / "themes.yaml").read_text())
    bomb = folder / "bomb.yaml"
    bomb.write_text("id: bomb\n" + alias_bomb(5))
    result = runner.invoke(args=["content", "check", str(bomb)])
    assert result.exit_code != 0
    assert f"{bomb}:3: {ALIAS_MESSAGE}" in result.output
    assert read_content(bomb).articles == []


def test_a_draft_from_the_editor_goes_through_the_same_refusal(session):
    text = "id: draft-bomb\n" + alias_bomb(5)
    check = drafts.check(session, text)
    assert not check.ok
    assert [problem.text.template for problem in check.problems] == [
        "YAML aliases (*%(name)s) are not allowed in content files"
    ]
    assert drafts.read(text) == {}


def test_values_nested_too_deep_are_refused_rather_than_crashing():
    depth = yamlsource.MAX_DEPTH
    parse_yaml("a: " + "[" * (depth - 1) + "]" * (depth - 1))
    with pytest.raises(YamlSyntaxError) as error:
        parse_yaml("a: " + "[" * 5000 + "]" * 5000)
    assert error.value.message == f"values nested more than {depth} levels deep"


# -- GIFT: a cap on questions, a fast import ----------------------------------------------------


def test_a_1_mb_file_of_26000_questions_is_refused_before_it_is_read(app):
    assert gift.MAX_QUESTIONS == 2_000
    text = "".join(
        f"::Q{n}:: Is number {n} even? {{{'F' if n % 2 else 'T'}}}\n\n" for n in range(26_000)
    )
    assert 900_000 < len(text.encode()) <= 1024 * 1024
    with app.app_context():
        article = first_article()
        before = db.session.scalar(select(func.count(Item.id)))
        with (
            timed("a 1 MB file of 26,000 questions refused"),
            pytest.raises(gift.GiftImportError) as error,
        ):
            gift.import_gift(db.session, text, article, "en")
        assert db.session.scalar(select(func.count(Item.id))) == before
    [problem] = error.value.problems
    assert problem.line == 2 * 2_000 + 1  # where question 2,001 starts
    assert str(problem) == (
        "line 4001: the file holds 26000 questions, more than the 2000 one import takes "
        "(question 2001 starts here); split it into smaller files"
    )
    teacher = teacher_client(app)
    response = upload_in_memory(teacher, article.slug, text.encode())
    assert response.status_code == 422
    assert "the file holds 26000 questions" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Item.id))) == before


def test_2000_questions_import_in_a_few_statements_and_again_unchanged(app):
    text = gift_file(gift.MAX_QUESTIONS)
    with app.app_context():
        article = first_article()
        with statements(db.engine) as sent, timed("2,000 GIFT questions imported"):
            report = gift.import_gift(db.session, text, article, "en")
        assert (report.questions, report.new_items, report.updated) == (2_000, 2_000, ())
        assert len(sent) <= 20, f"{len(sent)} statements for one import"
        assert len(imported(article.id)) == 2_000
        with statements(db.engine) as sent, timed("the same 2,000 questions again"):
            again = gift.import_gift(db.session, text, article, "en")
        assert len(sent) <= 20, f"{len(sent)} statements for one import"
        assert (again.new_items, again.updated, len(again.unchanged)) == (0, (), 2_000)
        changed = gift_file(gift.MAX_QUESTIONS, " (revised)")
        with statements(db.engine) as sent, timed("2,000 questions changed"):
            third = gift.import_gift(db.session, changed, article, "en")
        assert len(sent) <= 20, f"{len(sent)} statements for one import"
        assert (third.new_items, len(third.updated), third.unchanged) == (0, 2_000, ())
        versions = select(func.count(ItemVersion.id)).join(Item).where(Item.origin == "imported")
        assert db.session.scalar(versions) == 4_000


def test_one_question_over_the_cap_is_refused(app):
    text = gift_file(gift.MAX_QUESTIONS + 1)
    with app.app_context(), pytest.raises(gift.GiftImportError) as error:
        gift.import_gift(db.session, text, first_article(), "en")
    assert "holds 2001 questions" in str(error.value.problems[0])


# -- GIFT: the same file twice ------------------------------------------------------------------


def test_the_same_file_twice_adds_nothing_and_says_what_was_already_there(app):
    with app.app_context():
        article = first_article()
        first = gift.import_gift(db.session, MOODLE.read_text(), article, "en")
        keys = sorted(item.key for item in imported(article.id))
        again = gift.import_gift(db.session, MOODLE.read_text(), article, "en")
        assert (first.new_items, first.updated, first.unchanged) == (43, (), ())
        assert (again.questions, again.new_items, again.updated) == (43, 0, ())
        assert len(again.unchanged) == 43
        assert "Jesus' hometown" in again.unchanged
        assert sorted(item.key for item in imported(article.id)) == keys
        assert all(len(item.versions) == 1 for item in imported(article.id))


def test_a_changed_question_gets_a_new_version_and_the_rest_stay(app):
    original = MOODLE.read_text()
    changed = reworded(original)
    with app.app_context():
        article = first_article()
        gift.import_gift(db.session, original, article, "en")
        tomb = next(i for i in imported(article.id) if i.key.endswith("/gift-grant-s-tomb/choice"))
        first_version = tomb.current.id
        report = gift.import_gift(db.session, changed, article, "en")
        assert report.new_items == 0
        assert report.updated == ("Grant's Tomb",)
        assert len(report.unchanged) == 42
        db.session.expire_all()
        tomb = db.session.get(Item, tomb.id)
        assert [version.number for version in tomb.versions] == [1, 2]
        assert tomb.versions[0].id == first_version
        feedback = [answer["feedback"] for answer in tomb.current.data["gift"]["answers"]]
        assert feedback[2] == "We certainly hope not!"
        assert tomb.versions[0].data["gift"]["answers"][2]["feedback"] == "We hope not!"
        assert len(imported(article.id)) == 43


def test_the_command_and_the_upload_say_what_was_updated(app, runner, tmp_path):
    with app.app_context():
        slug = first_article().slug
    args = ["gift", "import", str(MOODLE), "--article", slug, "--language", "en"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Imported 43 questions" in result.output
    assert "(0 new, 0 updated, 43 unchanged)" in result.output
    assert "Unchanged: Who's buried in Grant's tomb?, " in result.output
    assert " and 23 more\n" in result.output
    changed = tmp_path / "changed.gift"
    changed.write_text(reworded(MOODLE.read_text()))
    result = runner.invoke(args=[*args[:2], str(changed), *args[3:]])
    assert "(0 new, 1 updated, 42 unchanged)" in result.output
    assert "Updated, a new version each: Grant's Tomb\n" in result.output
    teacher = teacher_client(app)
    assert upload(teacher, slug, changed.read_bytes()).status_code == 302
    page = teacher.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    assert "43 questions imported" in page
    assert "Already in the quiz as they are, left unchanged:" in page
    assert "and 38 more" in page
    original = MOODLE.read_bytes()
    assert upload(teacher, slug, original).status_code == 302
    page = teacher.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    assert "Already in the quiz, updated (a new version each" in page
    assert "Grant&#39;s Tomb." in page


def test_a_draft_that_uses_one_value_twice_is_written_without_aliases():
    from edu.content.yamlsource import parse_yaml
    from edu.services.drafts import dump

    shared = {"fr": "Texte", "en": "Text"}
    text = dump({"title": shared, "summary": shared})
    assert "&" not in text and "*" not in text
    assert parse_yaml(text) == {"title": shared, "summary": shared}


def test_a_gift_file_with_a_nul_is_refused_from_the_command_line_too(app, runner, tmp_path):
    path = tmp_path / "nul.gift"
    path.write_text("::Q1:: Which? {=yes ~no}\n\n::Q2:: Bad\x00 {=a ~b}\n", encoding="utf-8")
    result = runner.invoke(args=["gift", "import", str(path), "--article", "deepseek-shock"])
    assert result.exit_code == 1
    assert "line 3: the file holds a character a text never holds" in result.output
