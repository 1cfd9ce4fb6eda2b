"""The `flask --app edu content …` and `db` commands, as an author runs them."""

import shutil
from pathlib import Path

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import Article, Fact
from tests.conftest import CONTENT


def test_check_accepts_the_real_content(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "OK: 5 articles" in result.output


def test_check_reports_path_and_line_and_exits_non_zero(app, runner, tmp_path):
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    broken = folder / "deepseek-shock.yaml"
    lines = broken.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("en:"))
    del lines[index]  # the title loses its English text
    broken.write_text("\n".join(lines) + "\n")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Fact))
    result = runner.invoke(args=["content", "check", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:{index}: title is missing 'en'" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Fact)) == before


def test_load_refuses_a_broken_folder_and_changes_nothing(app, runner, tmp_path):
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    (folder / "extra.yaml").write_text("id: extra\nsource: {date: 2025, language: fr}\n")
    result = runner.invoke(args=["content", "load", str(folder)])
    assert result.exit_code == 1
    assert "extra.yaml:1: the article is missing 'title'" in result.output
    assert "Nothing was loaded." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 5


def test_load_twice_gives_the_same_database(app, runner):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Fact))
    result = runner.invoke(args=["content", "load"])
    assert result.exit_code == 0, result.output
    assert "Loaded 5 articles" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Fact)) == before


def test_db_upgrade_is_idempotent(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "head" in result.output


def test_check_reports_a_broken_rubric_too(runner, tmp_path):
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    rubric = folder / "rubric.yaml"
    rubric.write_text(rubric.read_text().replace("    optional: true", "    optionnel: true"))
    result = runner.invoke(args=["content", "check", str(folder)])
    assert result.exit_code == 1
    assert "rubric.yaml:" in result.output and "optionnel" in result.output


def test_check_against_the_article_reports_copies_and_paragraphs(runner, tmp_path):
    from tests.test_validation import ARTICLE, NINE_WORDS, VALID, write_pack

    pack = write_pack(tmp_path, VALID.replace("Un résumé.", NINE_WORDS.rsplit(" ", 1)[0]))
    result = runner.invoke(args=["content", "check", str(pack), "--against-article", str(ARTICLE)])
    assert result.exit_code == 0, result.output  # eight words in a row are no copy
    pack = write_pack(tmp_path, VALID.replace("Un résumé.", f"{NINE_WORDS} chinois"))
    result = runner.invoke(args=["content", "check", str(pack), "--against-article", str(ARTICLE)])
    assert result.exit_code == 1
    assert (
        f"{pack}:7: summary: the French text copies this run of the article's words"
        in result.output
    )
    short = tmp_path / "short.txt"
    short.write_text("Un.\n\nDeux.\n", encoding="utf-8")
    result = runner.invoke(args=["content", "check", str(pack), "--against-article", str(short)])
    assert result.exit_code == 1
    assert "copies" not in result.output  # not from that article
    assert "where is 7, after the article's last paragraph (2)" in result.output
    no_file = runner.invoke(args=["content", "check", "--against-article", str(ARTICLE)])
    assert no_file.exit_code == 2 and "give its file as PATH" in no_file.output
