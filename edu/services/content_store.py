"""Store validated content packs: all or nothing, updated in place by id, never duplicated."""

import functools
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from edu.content import pack
from edu.content.messages import ContentError
from edu.content.reading import read_content
from edu.models import Argument, Article, Fact, Item, Question, Theme
from edu.quiz.authored import authored_items
from edu.services.item_store import store_items


@dataclass(frozen=True)
class LoadReport:
    articles: int
    facts: int
    questions: int


def load_content(session: Session, path: str | Path) -> LoadReport:
    """Validate everything under `path`, then store it all, or nothing if anything is wrong."""
    content = read_content(path)
    if content.problems:
        raise ContentError(content.problems)
    with session.begin_nested():  # a failure on the way undoes all of it, and only it
        themes = {theme.id: _store_theme(session, theme) for theme in content.themes}
        for article in content.articles:
            _store_article(session, article, themes)
        session.flush()
        authored = [item for article in content.articles for item in authored_items(article)]
        store_items(session, authored, "authored", [a.id for a in content.articles])
    return LoadReport(
        articles=len(content.articles),
        facts=sum(len(a.facts) for a in content.articles),
        questions=sum(len(a.questions) for a in content.articles),
    )


def store_article(session: Session, article: pack.Article) -> None:
    """Store one validated pack (an article written in the editor), leaving the others alone.

    Its themes must already be stored; like `load_content`, everything or nothing is written.
    """
    with session.begin_nested():
        themes = {
            row.slug: row
            for row in session.scalars(select(Theme).where(Theme.slug.in_(article.themes)))
        }
        _store_article(session, article, themes)
        session.flush()
        store_items(session, authored_items(article), "authored", [article.id])


def _store_theme(session: Session, theme: pack.Theme) -> Theme:
    row = session.scalar(select(Theme).where(Theme.slug == theme.id)) or Theme(slug=theme.id)
    row.name_fr, row.name_en = theme.name.fr, theme.name.en
    session.add(row)
    return row


def _store_article(session: Session, article: pack.Article, themes: dict[str, Theme]) -> None:
    row = session.scalar(select(Article).where(Article.slug == article.id))
    if row is None:
        row = Article(slug=article.id)
        session.add(row)
    source = article.source
    row.publication, row.author = source.publication, source.author
    row.published, row.language, row.level = source.date, source.language, article.level
    row.title_fr, row.title_en = article.title.fr, article.title.en
    row.summary_fr, row.summary_en = article.summary.fr, article.summary.en
    row.themes = sorted((themes[theme] for theme in article.themes), key=_theme_order)

    facts_by_slug = {fact.slug: fact for fact in row.facts}
    row.facts = [
        _update_fact(facts_by_slug.get(fact.id) or Fact(slug=fact.id), fact, position)
        for position, fact in enumerate(article.facts)
    ]
    session.flush()  # questions link to facts by row
    facts = {fact.slug: fact for fact in row.facts}
    questions_by_slug = {question.slug: question for question in row.questions}
    row.questions = [
        _update_question(questions_by_slug.get(q.id) or Question(slug=q.id), q, position, facts)
        for position, q in enumerate(article.questions)
    ]


# Lists of linked rows are kept in the order their relationship reads them back (`order_by` in
# edu.models.content), so that what is generated in the same transaction as the load is what
# a later run, reading from the database, generates too.
def _theme_order(theme: Theme) -> str:
    return theme.slug


def _fact_order(fact: Fact) -> int:
    return fact.position


def _update_fact(row: Fact, fact: pack.Fact, position: int) -> Fact:
    row.position, row.kind, row.paragraph = position, fact.kind, fact.where
    row.text_fr, row.text_en = fact.text.fr, fact.text.en
    row.answer = fact.answer
    return row


def _update_question(
    row: Question, question: pack.Question, position: int, facts: dict[str, Fact]
) -> Question:
    row.position, row.paragraph = position, question.where
    row.text_fr, row.text_en = question.text.fr, question.text.en
    row.motion_fr, row.motion_en = question.motion.fr, question.motion.en
    row.facts = sorted((facts[slug] for slug in question.facts), key=_fact_order)
    existing = {(argument.side, argument.position): argument for argument in row.arguments}
    arguments = []
    for side, items in (("for", question.arguments_for), ("against", question.arguments_against)):
        for index, argument in enumerate(items):
            arg_row = existing.get((side, index)) or Argument(side=side, position=index)
            arg_row.text_fr, arg_row.text_en = argument.text.fr, argument.text.en
            arg_row.facts = sorted((facts[slug] for slug in argument.facts), key=_fact_order)
            arguments.append(arg_row)
    row.arguments = arguments
    return row


@functools.cache
def whole_article() -> tuple[LoaderOption, ...]:
    """Everything `as_pack` reads, loaded in a few queries rather than one per fact or question.

    Built on first use, not at import: loader options make SQLAlchemy configure every mapper
    (~35 ms), which the first query does anyway, and a command or a worker that never reads an
    article whole should not pay for it just to start.
    """
    return (
        selectinload(Article.themes),
        selectinload(Article.facts),
        selectinload(Article.questions).selectinload(Question.facts),
        selectinload(Article.questions)
        .selectinload(Question.arguments)
        .selectinload(Argument.facts),
    )


def stored_articles(session: Session) -> list[pack.Article]:
    """The stored content as the domain sees it, so generation never needs the database."""
    rows = session.scalars(select(Article).options(*whole_article()).order_by(Article.slug))
    return [as_pack(row) for row in rows]


def _text(row, name: str) -> pack.Text:
    return pack.Text(getattr(row, f"{name}_fr"), getattr(row, f"{name}_en"))


def as_pack(row: Article) -> pack.Article:
    """A stored article as the domain sees it (content pack values)."""

    def arguments(question: Question, side: str) -> tuple[pack.Argument, ...]:
        return tuple(
            pack.Argument(_text(a, "text"), tuple(f.slug for f in a.facts))
            for a in question.arguments
            if a.side == side
        )

    return pack.Article(
        id=row.slug,
        source=pack.Source(row.published, row.language, row.publication, row.author),
        title=_text(row, "title"),
        summary=_text(row, "summary"),
        level=row.level,
        themes=tuple(theme.slug for theme in row.themes),
        facts=tuple(
            pack.Fact(f.slug, f.kind, _text(f, "text"), f.paragraph, f.answer) for f in row.facts
        ),
        questions=tuple(
            pack.Question(
                q.slug,
                _text(q, "text"),
                _text(q, "motion"),
                tuple(f.slug for f in q.facts),
                arguments(q, "for"),
                arguments(q, "against"),
                q.paragraph,
            )
            for q in row.questions
        ),
    )


# -- export: the stored content as whole packs, to write back to YAML ----------------------------


def exported_packs(session: Session, slug: str | None = None) -> list[pack.Article]:
    """Every stored article (or only `slug`; none if unknown) as a whole pack, by slug.

    Unlike `stored_articles`, the hand-written quiz items are included: they are stored as
    items of origin "authored" (see `edu/quiz/authored.py`), read back here into pack values.
    """
    query = select(Article).options(*whole_article()).order_by(Article.slug)
    if slug is not None:
        query = query.where(Article.slug == slug)
    rows = list(session.scalars(query))
    items = _stored_authored_items(session, [row.id for row in rows])
    return [replace(as_pack(row), items=tuple(items.get(row.id, ()))) for row in rows]


def stored_themes(session: Session) -> list[pack.Theme]:
    """Every stored theme, by slug: what `themes.yaml` held when the content was loaded."""
    rows = session.scalars(select(Theme).order_by(Theme.slug))
    return [pack.Theme(row.slug, _text(row, "name")) for row in rows]


def _stored_authored_items(
    session: Session, article_ids: list[int]
) -> dict[int, list[pack.AuthoredItem]]:
    """The hand-written items of these articles, in the order they were first stored.

    Retired ones are left out: their pack no longer had them when it was last loaded.
    """
    rows = session.scalars(
        select(Item)
        .where(
            Item.origin == "authored",
            Item.status != "retired",
            Item.article_id.in_(article_ids),
        )
        .options(selectinload(Item.versions))
        .order_by(Item.id)
    )
    result: dict[int, list[pack.AuthoredItem]] = {}
    for row in rows:
        result.setdefault(row.article_id, []).append(_authored_item(row))
    return result


def _authored_item(row: Item) -> pack.AuthoredItem:
    """The pack value `edu.quiz.authored` made this stored item from (its inverse)."""
    version = row.current
    _, item_id, _ = row.key.split("/")  # article/item-id/type
    answer: dict = dict(version.answer)
    if row.type == "choice":
        answer = {
            "choices": [
                {"text": choice["text"], "correct": choice["id"] == version.answer["choice"]}
                for choice in version.data["choices"]
            ]
        }
    elif row.type == "numeric":
        answer["unit"] = version.data.get("unit")
    elif row.type == "ordering":
        texts = {entry["id"]: entry["text"] for entry in version.data["entries"]}
        answer = {"order": [texts[id_] for id_ in version.answer["order"]]}
    return pack.AuthoredItem(
        id=item_id,
        type=row.type,
        prompt=pack.Text(version.prompt["fr"], version.prompt["en"]),
        facts=tuple(version.facts),
        answer=answer,
    )
