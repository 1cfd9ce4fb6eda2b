"""Quiz persistence: store generated items, start attempts, record answers once, report results."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import (
    Session,
    contains_eager,
    joinedload,
    selectinload,
)
from sqlalchemy.orm.attributes import set_committed_value

from edu import clock
from edu.content import pack
from edu.models import Article, Attempt, Fact, Item, ItemVersion, Learner, Response, Theme
from edu.quiz import items as quiz_items
from edu.quiz import review
from edu.quiz.generation import generate
from edu.quiz.items import GENERATOR_VERSION, NOT_ASKED
from edu.quiz.scoring import attempt_score, score
from edu.quiz.selection import Candidate, draw
from edu.services import recall
from edu.services.content_store import stored_articles
from edu.services.item_store import StoreReport, store_items
from edu.services.races import as_loaded, insert_unless_taken


def generate_items(session: Session) -> StoreReport:
    """Generate items from the stored content; changed items get a new version, old ones stay."""
    generated = generate(stored_articles(session))
    report = store_items(session, generated)
    session.flush()
    return report


# -- attempts -------------------------------------------------------------------------------------


def start_attempt(
    session: Session,
    learner: Learner,
    *,
    article: Article | None = None,
    theme: Theme | None = None,
    feedback: str = "each",
    seed: int | None = None,
    assignment_id: int | None = None,
    resume: bool = False,
) -> Attempt | None:
    """Draw the quiz's items once and for all; None when there is nothing to ask. With `resume`,
    the learner's unfinished attempt at the same quiz (same article or theme, same set work or
    free practice) is handed back instead, so that starting again never leaves one behind."""
    if resume:
        unfinished = unfinished_attempt(
            session, learner, article=article, theme=theme, assignment_id=assignment_id
        )
        if unfinished is not None:
            return unfinished
    seed = secrets.randbelow(2**31) if seed is None else seed
    plan = draw_plan(session, article=article, theme=theme, seed=seed)
    if not plan:
        return None
    attempt = Attempt(
        learner=learner,
        article=article,
        theme=theme,
        seed=seed,
        feedback=feedback,
        plan=plan,
        assignment_id=assignment_id,
    )
    session.add(attempt)
    session.flush()
    return attempt


def draw_plan(
    session: Session, *, article: Article | None = None, theme: Theme | None = None, seed: int
) -> list[int]:
    """The item versions a quiz on the article (or theme) asks with this seed, in order: the
    published items, at most one per fact or question, none of one fact with another, none
    that shows another's answer. Worksheets draw the same way."""
    pool, candidates = quiz_candidates(session, article=article, theme=theme)
    return [pool[key].current.id for key in draw(candidates, seed)]


def quiz_candidates(
    session: Session, *, article: Article | None = None, theme: Theme | None = None
) -> tuple[dict[str, Item], list[Candidate]]:
    """The published items a quiz on the article (or theme) may ask, by key, and what the draw
    knows of each: its source, its facts and the items it must never be drawn with."""
    query = (
        select(Item)
        .where(Item.status == "published", Item.type.not_in(NOT_ASKED))
        .options(selectinload(Item.versions))
    )
    if article is not None:
        query = query.where(Item.article_id == article.id)
    elif theme is not None:
        query = query.join(Item.article).where(Article.themes.any(Theme.id == theme.id))
    pool = {item.key: item for item in session.scalars(query)}
    by_article: dict[int, list[quiz_items.Item]] = {}
    for item in pool.values():
        by_article.setdefault(item.article_id, []).append(as_item(item.current))
    conflicts: dict[str, frozenset[str]] = {}
    for article_id, domain in by_article.items():
        conflicts.update(review.conflicts(domain, _article_facts(session, article_id)))
    candidates = [
        Candidate(
            item.key,
            item.type,
            f"{item.article_id}/{item.source}",
            frozenset(f"{item.article_id}/{slug}" for slug in item.current.facts if slug),
            conflicts.get(item.key, frozenset()),
        )
        for item in pool.values()
    ]
    return pool, candidates


def _article_facts(session: Session, article_id: int) -> dict[str, pack.Fact]:
    rows = session.scalars(select(Fact).where(Fact.article_id == article_id))
    return {row.slug: _as_fact(row) for row in rows}


def _as_fact(row: Fact) -> pack.Fact:
    return pack.Fact(
        row.slug, row.kind, pack.Text(row.text_fr, row.text_en), row.paragraph, row.answer
    )


CHECKED = ("published", "draft")  # the items a quiz asks or may soon ask


def item_reasons(session: Session, article: Article) -> dict[str, list[review.Reason]]:
    """Why each suspicious item of the article (published or draft) is suspicious, by key."""
    items = list(
        session.scalars(
            select(Item)
            .where(
                Item.article_id == article.id,
                Item.status.in_(CHECKED),
                Item.type.not_in(NOT_ASKED),
            )
            .options(selectinload(Item.versions))
            .order_by(Item.key)
        )
    )
    entities = session.scalars(select(Fact).where(Fact.kind == "entity"))
    return review.check(
        [as_item(item.current) for item in items],
        _article_facts(session, article.id).values(),
        names=review.entity_names(_as_fact(row) for row in entities),
        generated={item.key for item in items if item.origin == "generated"},
    )


def unfinished_attempt(
    session: Session,
    learner: Learner,
    *,
    article: Article | None = None,
    theme: Theme | None = None,
    assignment_id: int | None = None,
    kind: str = "quiz",
) -> Attempt | None:
    """The learner's latest unfinished attempt at this quiz (or review session of this
    `kind`: no article, no theme), if any."""
    if learner.id is None:
        return None

    def same(column, value):
        return column.is_(None) if value is None else column == value

    query = select(Attempt).where(
        Attempt.learner_id == learner.id,
        Attempt.kind == kind,
        Attempt.finished_at.is_(None),
        same(Attempt.article_id, article.id if article is not None else None),
        same(Attempt.theme_id, theme.id if theme is not None else None),
        same(Attempt.assignment_id, assignment_id),
    )
    return session.scalar(query.order_by(Attempt.id.desc()).limit(1))


# Item versions never change once written, so each worker keeps the ones it has shown.
_ITEM_CACHE: dict[int, quiz_items.Item] = {}
_ITEM_CACHE_SIZE = 10_000


def item_at(session: Session, attempt: Attempt, position: int) -> quiz_items.Item:
    """The item shown at `position` (1-based) of the attempt, as the version it was drawn in."""
    version_id = attempt.plan[position - 1]
    item = _ITEM_CACHE.get(version_id)
    if item is None:
        version = session.scalars(
            select(ItemVersion)
            .where(ItemVersion.id == version_id)
            .options(joinedload(ItemVersion.item))
        ).one()
        if len(_ITEM_CACHE) >= _ITEM_CACHE_SIZE:
            _ITEM_CACHE.clear()
        item = _ITEM_CACHE[version_id] = as_item(version)
    return item


def attempt_versions(session: Session, attempt: Attempt) -> list[ItemVersion]:
    """The attempt's item versions, in the order shown."""
    rows = session.scalars(
        select(ItemVersion)
        .where(ItemVersion.id.in_(attempt.plan))
        .options(selectinload(ItemVersion.item))
    )
    by_id = {version.id: version for version in rows}
    return [by_id[version_id] for version_id in attempt.plan]


def evidence(session: Session, item: quiz_items.Item) -> list[Fact]:
    """The facts an item rests on, with their article, to show where the answer comes from."""
    return evidence_of(session, [item])[0]


def evidence_of(session: Session, items: Sequence[quiz_items.Item]) -> list[list[Fact]]:
    """Each item's evidence (as `evidence`), for a page of answers in one query, not one each."""
    wanted: dict[str, set[str]] = {}
    for item in items:
        wanted.setdefault(item.article, set()).update(item.facts)
    if not any(wanted.values()):
        return [[] for _ in items]
    facts = session.scalars(
        select(Fact)
        .join(Fact.article)
        .where(
            or_(
                *(
                    and_(Article.slug == slug, Fact.slug.in_(sorted(slugs)))
                    for slug, slugs in wanted.items()
                    if slugs
                )
            )
        )
        .options(contains_eager(Fact.article))
        .order_by(Fact.position)
    ).all()
    found = {(fact.article.slug, fact.slug): fact for fact in facts}
    return [
        sorted(
            (fact for slug in item.facts if (fact := found.get((item.article, slug)))),
            key=lambda fact: fact.position,
        )
        for item in items
    ]


def as_item(version: ItemVersion) -> quiz_items.Item:
    """The domain item a stored version stands for, as scoring expects it."""
    facts = tuple(version.facts)
    return quiz_items.Item(
        id=version.item.key,
        type=version.item.type,
        article=version.item.key.split("/", 1)[0],
        prompt=version.prompt,
        answer=version.answer,
        data=version.data,
        fact=facts[0] if len(facts) == 1 else None,
        facts=facts,
        version=version.generator_version or GENERATOR_VERSION,
    )


@dataclass(frozen=True)
class Recorded:
    response: Response
    replay: bool  # True when this question had already been answered: nothing was changed


def record_response(
    session: Session,
    attempt: Attempt,
    position: int,
    submitted,
    locale: str,
    time_taken_ms: int | None = None,
    sure: bool | None = None,
) -> Recorded:
    """Score and keep one answer, and move the learner's review cards by it. A second answer
    to the same question changes nothing.

    Raises scoring.AnswerFormatError (nothing stored) when the answer cannot be read.
    """
    existing = next((r for r in attempt.responses if r.position == position), None)
    if existing is not None:
        return Recorded(existing, replay=True)
    item = item_at(session, attempt, position)
    result = score(item, submitted, locale)
    now = clock.now()
    values = {
        "attempt_id": attempt.id,
        "position": position,
        "item_version_id": attempt.plan[position - 1],
        "answer": submitted,
        "locale": locale,
        "credit": result.credit,
        "detail": result.detail,
        "time_taken_ms": time_taken_ms,
        "sure": sure,
        "answered_at": now,
    }
    # The same question answered at the same moment (a double click, two tabs): the first counts.
    response_id = insert_unless_taken(
        session, Response.__table__, values, unique=("attempt_id", "position")
    )
    if response_id is None:
        answered = _response_at(session, attempt, position)
        if answered is None:  # no answer won: a broken constraint, not a double answer
            raise RuntimeError(f"the answer at position {position} could not be stored")
        return Recorded(answered, replay=True)
    response = as_loaded(session, Response(id=response_id, **values))
    set_committed_value(attempt, "responses", [*attempt.responses, response])
    if len(attempt.responses) == len(attempt.plan) and attempt.finished_at is None:
        attempt.finished_at = now
        attempt.score = attempt_score(r.credit for r in attempt.responses)
    recall.remember(
        session,
        attempt.learner_id,
        item,
        attempt.plan[position - 1],
        result.credit,
        now,
        response_id=response_id,
        sure=bool(sure),
        duration_ms=time_taken_ms,
    )
    session.flush()
    return Recorded(response, replay=False)


def _response_at(session: Session, attempt: Attempt, position: int) -> Response | None:
    return session.scalar(
        select(Response).where(Response.attempt_id == attempt.id, Response.position == position)
    )


def next_position(attempt: Attempt) -> int | None:
    """The first question not yet answered, or None when the attempt is complete."""
    answered = {response.position for response in attempt.responses}
    for position in range(1, len(attempt.plan) + 1):
        if position not in answered:
            return position
    return None


@dataclass(frozen=True)
class HistoryLine:
    """One attempt on "My results": the attempt (with its article or theme) and how many of
    its questions are answered, counted by the database rather than loaded."""

    attempt: Attempt
    answered: int


def learner_history(session: Session, learner: Learner) -> list[HistoryLine]:
    """The learner's attempts, newest first, each with its number of answers, in one query."""
    answered = (
        select(func.count(Response.id))
        .where(Response.attempt_id == Attempt.id)
        .correlate(Attempt)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Attempt, answered)
        .where(Attempt.learner_id == learner.id)
        .options(joinedload(Attempt.article), joinedload(Attempt.theme))
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
    )
    return [HistoryLine(attempt, count) for attempt, count in rows]


def recent_mistakes(session: Session, learner: Learner, limit: int) -> list[Response]:
    """The learner's latest answers short of full credit (newest attempt first, then in the
    quiz's order), with the item version each answered, in one query."""
    return list(
        session.scalars(
            select(Response)
            .join(Response.attempt)
            .where(Attempt.learner_id == learner.id, Response.credit < 1)
            .options(joinedload(Response.item_version).joinedload(ItemVersion.item))
            .order_by(Attempt.started_at.desc(), Attempt.id.desc(), Response.position)
            .limit(limit)
        )
    )


def learner_attempts(session: Session, learner: Learner) -> list[Attempt]:
    """Every attempt of the learner, newest first, with its answers and their items loaded."""
    return list(
        session.scalars(
            select(Attempt)
            .where(Attempt.learner_id == learner.id)
            .options(
                selectinload(Attempt.responses)
                .selectinload(Response.item_version)
                .selectinload(ItemVersion.item),
                selectinload(Attempt.article),
                selectinload(Attempt.theme),
            )
            .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        )
    )
