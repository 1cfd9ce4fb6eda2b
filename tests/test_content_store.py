"""Loading packs into the database, without Flask: all or nothing, updated in place."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from edu.content.messages import ContentError
from edu.models import Argument, Article, Fact, Question, Theme
from edu.services.content_store import load_content
from tests.conftest import CONTENT


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the real content folder that a test may break."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def counts(session: Session) -> dict[str, int]:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (Article, Fact, Question, Argument, Theme)
    }


def test_loads_all_five_articles(session):
    report = load_content(session, CONTENT)
    assert report.articles == 5
    assert counts(session)["Article"] == 5
    assert counts(session)["Fact"] == report.facts
    article = session.scalar(select(Article).where(Article.slug == "hundred-deepseeks"))
    assert article.published == "2025-06"
    assert len(article.questions) == 8
    assert all(question.paragraph == 17 for question in article.questions)
    assert all(len(question.arguments) >= 4 for question in article.questions)


def test_loading_twice_never_duplicates(session):
    load_content(session, CONTENT)
    first = counts(session)
    fact_ids = set(session.scalars(select(Fact.id)))
    load_content(session, CONTENT)
    assert counts(session) == first
    assert set(session.scalars(select(Fact.id))) == fact_ids  # rows kept, not replaced


def test_reloading_updates_in_place(session, content):
    load_content(session, CONTENT)
    fact = session.scalar(select(Fact).where(Fact.slug == "r1-development-cost"))
    fact_id = fact.id
    pack = content / "deepseek-shock.yaml"
    pack.write_text(pack.read_text().replace("n’avoir investi que", "avoir dépensé à peine", 1))
    load_content(session, content)
    session.expire_all()
    fact = session.get(Fact, fact_id)
    assert "avoir dépensé à peine" in fact.text_fr


def test_a_broken_file_loads_nothing_at_all(session, content):
    load_content(session, CONTENT)
    before = counts(session)
    titles = set(session.scalars(select(Article.title_en)))
    good = content / "deepseek-shock.yaml"
    good.write_text(good.read_text().replace("Silicon Valley", "Silicon Vallée"))
    broken = content / "sun-tzu-open-source.yaml"
    broken.write_text(broken.read_text().replace("where: 7", "where: -7", 1))
    with pytest.raises(ContentError) as error:
        load_content(session, content)
    assert "sun-tzu-open-source.yaml:" in str(error.value)
    assert "positive whole number" in str(error.value)
    session.expire_all()
    assert counts(session) == before
    assert set(session.scalars(select(Article.title_en))) == titles


def test_a_fact_removed_from_its_pack_is_removed_with_its_links(session, content):
    load_content(session, CONTENT)
    pack = content / "sun-tzu-open-source.yaml"
    text = pack.read_text()
    before = counts(session)
    # Drop the last fact of the pack if no question cites it.
    ids = [
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("  - id: ")
    ]
    questions_part = text.split("\nquestions:", 1)[1]
    unused = next(fact_id for fact_id in reversed(ids) if fact_id not in questions_part)
    start = text.index(f"  - id: {unused}\n")
    end = text.find("\n  - id: ", start + 1)
    end = text.index("\nquestions:") if end == -1 or end > text.index("\nquestions:") else end
    pack.write_text(text[:start] + text[end + 1 :])
    load_content(session, content)
    assert counts(session)["Fact"] == before["Fact"] - 1
    assert session.scalar(select(Fact).where(Fact.slug == unused)) is None
