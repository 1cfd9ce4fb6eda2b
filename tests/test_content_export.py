"""`flask --app edu content export`: the stored content back to YAML packs that load the same."""

import dataclasses
import datetime as dt
import itertools
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from edu.content.export import HEADER, pack_to_yaml, themes_to_yaml
from edu.content.pack import Argument, Article, Text, Theme
from edu.content.reading import read_content
from edu.content.yamlsource import parse_yaml
from edu.extensions import db
from edu.models import Argument as ArgumentRow
from edu.models import Article as ArticleRow
from edu.models import Fact, Item, Question
from edu.models import Theme as ThemeRow
from edu.services.content_store import exported_packs, load_content, stored_themes
from tests.conftest import CONTENT

SLUGS = [
    "deepseek-shock",
    "global-ai-race",
    "hundred-deepseeks",
    "open-source-statecraft",
    "sun-tzu-open-source",
]


@pytest.fixture
def fresh_session(migrated_database):
    """A second, empty database of the same kind as the app's: a new file or database."""
    url, options = migrated_database
    engine = create_engine(url, **options)
    with Session(engine) as session:
        yield session
    engine.dispose()


def export(runner, folder: Path, *options: str):
    return runner.invoke(args=["content", "export", str(folder), *options])


def unordered(article: Article) -> Article:
    """The article with the lists the database keeps as sets put in a fixed order.

    The database stores an article's themes and the evidence of questions and arguments in
    link tables without a position: they come back ordered by theme slug and by fact position,
    not in the order the author listed them. Everything else must be equal as it is.
    """

    def argument(a: Argument) -> Argument:
        return dataclasses.replace(a, facts=tuple(sorted(a.facts)))

    return dataclasses.replace(
        article,
        themes=tuple(sorted(article.themes)),
        questions=tuple(
            dataclasses.replace(
                q,
                facts=tuple(sorted(q.facts)),
                arguments_for=tuple(argument(a) for a in q.arguments_for),
                arguments_against=tuple(argument(a) for a in q.arguments_against),
            )
            for q in article.questions
        ),
    )


def table_counts(session: Session) -> dict[str, int]:
    counts = {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (ArticleRow, Fact, Question, ArgumentRow, ThemeRow)
    }
    authored = select(func.count()).select_from(Item).where(Item.origin == "authored")
    counts["authored items"] = session.scalar(authored)
    return counts


def test_round_trip_over_all_five_packs(app, runner, tmp_path, fresh_session):
    folder = tmp_path / "export"
    result = export(runner, folder)
    assert result.exit_code == 0, result.output
    assert f"Exported 5 articles to {folder}." in result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{slug}.yaml" for slug in SLUGS] + ["themes.yaml"]
    )
    assert all(p.read_text().startswith(HEADER) for p in folder.iterdir())

    exported = read_content(folder)
    assert exported.problems == []
    original = read_content(CONTENT)
    assert [a.id for a in exported.articles] == SLUGS
    # Every field round-trips, hand-written items included; only the order of the lists the
    # database keeps as sets (themes, evidence) differs: see `unordered`.
    assert [unordered(a) for a in exported.articles] == [unordered(a) for a in original.articles]
    assert sorted(exported.themes, key=lambda t: t.id) == sorted(
        original.themes, key=lambda t: t.id
    )  # every theme, the unused one too

    # Loaded into a fresh database, the export gives the same stored content, exactly.
    load_content(fresh_session, folder)
    with app.app_context():
        stored = exported_packs(db.session)
        themes = stored_themes(db.session)
        counts = table_counts(db.session)
    assert exported_packs(fresh_session) == stored
    assert stored_themes(fresh_session) == themes
    assert table_counts(fresh_session) == counts
    assert sum(len(a.items) for a in stored) == counts["authored items"] > 0


def test_check_accepts_the_export(runner, tmp_path):
    folder = tmp_path / "export"
    assert export(runner, folder).exit_code == 0
    result = runner.invoke(args=["content", "check", str(folder)])
    assert result.exit_code == 0, result.output
    assert "OK: 5 articles" in result.output


def test_one_article(runner, tmp_path):
    folder = tmp_path / "one" / "article"  # created, parents too
    result = export(runner, folder, "--article", "deepseek-shock")
    assert result.exit_code == 0, result.output
    assert f"Exported 1 article to {folder}." in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["deepseek-shock.yaml", "themes.yaml"]
    check = runner.invoke(args=["content", "check", str(folder)])
    assert check.exit_code == 0, check.output
    assert "OK: 1 articles" in check.output


def test_unknown_article_fails_and_writes_nothing(runner, tmp_path):
    folder = tmp_path / "export"
    result = export(runner, folder, "--article", "no-such-article")
    assert result.exit_code == 1
    assert "no article 'no-such-article' is loaded" in result.output
    assert not folder.exists()


def test_existing_files_are_kept_without_force(runner, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    edited = folder / "global-ai-race.yaml"
    edited.write_text("# my own edits\n")
    result = export(runner, folder)
    assert result.exit_code == 1
    assert f"{edited}: would be overwritten (use --force)" in result.output
    assert [p.name for p in folder.iterdir()] == ["global-ai-race.yaml"]  # nothing else written
    assert edited.read_text() == "# my own edits\n"

    result = export(runner, folder, "--force")
    assert result.exit_code == 0, result.output
    assert edited.read_text().startswith(HEADER)
    # Exporting the same content again is no clash: the files already hold it.
    assert export(runner, folder).exit_code == 0


def test_retired_authored_items_are_not_exported(app, tmp_path):
    folder = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    pack = folder / "deepseek-shock.yaml"
    pack.write_text(pack.read_text().split("\nitems:\n")[0] + "\n")  # the author drops them
    with app.app_context():
        load_content(db.session, folder)
        [article] = exported_packs(db.session, "deepseek-shock")
    assert article.items == ()
    assert [unordered(a) for a in read_content(pack).articles] == [unordered(article)]


TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "null",
    "~",
    "true",
    "12",
    "1e3",
    "0x1f",
    "1:20",
    "2025-01-28",
    ": colon",
    "a: b",
    "# hash",
    "a #b",
    "'quote\" both",
    '"quoted"',
    "back\\slash",
    "- dash",
    "? query",
    "@at",
    "`tick",
    "!bang",
    "%percent",
    "&anchor",
    "*alias",
    "|pipe",
    ">fold",
    "[list]",
    "{map}",
    "a, b",
    "two\nlines",
    "tab\there",
    "line\u2028separator",
    "é “ü” « 中文 » 😀",
    "it's 😀",
    "—",
]


def tricky_article() -> tuple[Article, list[Theme]]:
    """The real deepseek-shock pack with awkward strings wherever the schema takes free text."""
    [article] = read_content(CONTENT / "deepseek-shock.yaml").articles
    pairs = itertools.cycle(zip(TRICKY[0::2], TRICKY[1::2], strict=True))

    def tricky() -> Text:
        return Text(*next(pairs))

    questions = tuple(
        dataclasses.replace(
            q,
            text=tricky(),
            motion=tricky(),
            arguments_for=tuple(dataclasses.replace(a, text=tricky()) for a in q.arguments_for),
            arguments_against=tuple(
                dataclasses.replace(a, text=tricky()) for a in q.arguments_against
            ),
        )
        for q in article.questions
    )
    source = dataclasses.replace(
        article.source, date="2025", publication=" leading space", author="trailing space "
    )
    items = (dataclasses.replace(article.items[0], id="yes", prompt=tricky()), *article.items[1:])
    article = dataclasses.replace(
        article,
        source=source,
        title=tricky(),
        summary=tricky(),
        themes=("yes", "2025"),
        questions=questions,
        items=items,
    )
    themes = [Theme("yes", Text("no", "# hash")), Theme("2025", Text("12", "a: b"))]
    return article, themes


def test_tricky_strings_survive(tmp_path):
    article, themes = tricky_article()
    texts = [article.title, article.summary, article.items[0].prompt]
    for q in article.questions:
        texts += [q.text, q.motion]
        texts += [a.text for a in q.arguments_for + q.arguments_against]
    assert {s for t in texts for s in (t.fr, t.en)} == set(TRICKY)  # each one somewhere
    yaml_text = pack_to_yaml(article)
    (tmp_path / "deepseek-shock.yaml").write_text(yaml_text, encoding="utf-8")
    (tmp_path / "themes.yaml").write_text(themes_to_yaml(themes), encoding="utf-8")
    content = read_content(tmp_path)
    assert content.problems == []
    assert content.articles == [article]
    assert content.themes == themes
    # The YAML itself, not only what the validator makes of it: every string as written.
    data = parse_yaml(yaml_text)
    assert data["title"] == article.title.as_dict()
    assert data["source"]["publication"] == " leading space"
    assert data["themes"] == ["yes", "2025"]
    assert "\n\n" not in yaml_text and "\t" not in yaml_text  # escaped, one text per line
    assert "中文 » 😀" in yaml_text  # unicode kept as it is, not escaped


def test_dates_are_written_as_yyyy_mm_dd():
    [article] = read_content(CONTENT / "deepseek-shock.yaml").articles
    source = dataclasses.replace(article.source, date=dt.date(2025, 1, 28))
    yaml_text = pack_to_yaml(dataclasses.replace(article, source=source))
    assert '  date: "2025-01-28"\n' in yaml_text
    assert parse_yaml(yaml_text)["source"]["date"] == "2025-01-28"


def test_export_looks_like_the_hand_written_packs():
    """Same key order, quoting and flow style as content/: the files differ only in details."""
    for article in read_content(CONTENT).articles:
        written = (CONTENT / f"{article.id}.yaml").read_text(encoding="utf-8").splitlines()
        exported = pack_to_yaml(article).splitlines()[1:]  # after the header
        assert len(exported) == len(written)
        # Only where an author quoted an id or wrote `5.00` for the number 5.
        differing = [(w, e) for w, e in zip(written, exported, strict=True) if w != e]
        assert all(
            re.sub(r"(\d\.\d)0+\b", r"\1", re.sub(r'^id: "(.*)"$', r"id: \1", w)) == e
            for w, e in differing
        ), differing
        assert len(differing) <= 2
