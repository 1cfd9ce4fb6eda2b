"""The review queue's glue: cards moved by every answer, sessions drawn from what is due.

Every answer a learner gives (free practice, set work, a review) moves their card for each
fact the item rests on (an item resting on none, hand-written or imported, has a card of its
own), scheduled by `edu.recall.scheduling`. A review session is an attempt of kind "review"
(or "mistakes"): its plan holds, for each card, an item of the card's fact other than the
last one that asked it, so that the quiz pages, scoring and results serve it unchanged.
"""

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from edu.models import (
    Article,
    Attempt,
    Fact,
    Item,
    ItemVersion,
    Learner,
    Response,
    ReviewCard,
    ReviewLog,
    Theme,
)
from edu.quiz import items as quiz_items
from edu.quiz.items import NOT_ASKED
from edu.recall import progress, queue, scheduling
from edu.recall.scheduling import Memory, Phase
from edu.services import quizzes
from edu.services.races import upsert


def memory_of(card: ReviewCard) -> Memory:
    return Memory(
        phase=Phase(card.phase),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _columns(memory: Memory) -> dict:
    return {
        "phase": int(memory.phase),
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last_review": memory.last_review,
    }


@dataclass(frozen=True)
class Moved:
    """A card an answer moved: its row, its fact (or own item), and when it comes back."""

    card_id: int
    fact_id: int | None
    item_id: int | None
    due: dt.datetime


# What an answer rewrites in a card that is there already (not when it was made or queued).
MOVED_COLUMNS = (
    "phase",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reviews",
    "lapses",
)


def remember(
    session: Session,
    learner_id: int,
    item: quiz_items.Item,
    version_id: int,
    credit: float,
    when: dt.datetime,
    *,
    response_id: int | None = None,
    sure: bool = False,
    duration_ms: int | None = None,
) -> list[Moved]:
    """Move the learner's card for each fact `item` (stored as `version_id`) rests on, or for
    the item itself, by an answer that earned `credit`; cards not there yet are made. Three
    statements whatever the history and however many facts: the cards read, all of them
    written in one upsert, their log in one insert."""
    rating = scheduling.rating_for(credit, sure)
    slugs = _fact_slugs(item)
    key = "fact_id" if slugs else "item_id"
    item_id, subjects = _subjects(session, learner_id, item.article, slugs, version_id)
    if not subjects:
        return []
    rows = []
    for subject, card in subjects.items():
        if card is None:
            memory, reviews, lapses = scheduling.new_memory(when), 0, 0
        else:
            memory, reviews, lapses = memory_of(card), card.reviews, card.lapses
            session.expire(card)  # its row is rewritten below, by a Core statement
        forgotten = rating == scheduling.Rating.Again and reviews > 0
        rows.append(
            {
                "learner_id": learner_id,
                "fact_id": None,
                "item_id": None,
                key: subject,
                **_columns(scheduling.review(memory, rating, when)),
                "reviews": reviews + 1,
                "lapses": lapses + forgotten,
                "queued_at": None,
                "created_at": when,
            }
        )
    table = ReviewCard.__table__
    statement = upsert(session, table, ("learner_id", key), MOVED_COLUMNS)
    written = {
        subject: card_id
        for subject, card_id in session.execute(
            statement.values(rows).returning(table.c[key], table.c.id)
        )
    }
    moved = [Moved(written[row[key]], row["fact_id"], row["item_id"], row["due"]) for row in rows]
    logs = [
        {
            "card_id": card.card_id,
            "response_id": response_id,
            "item_id": item_id,
            "rating": int(rating),
            "reviewed_at": when,
            "due_after": card.due,
            "duration_ms": duration_ms,
        }
        for card in moved
    ]
    session.execute(insert(ReviewLog.__table__), logs)
    return moved


def _subjects(
    session: Session, learner_id: int, article: str, slugs: list[str], version_id: int
) -> tuple[int | None, dict[int, ReviewCard | None]]:
    """The item's id, and each fact id (or, resting on no fact, the item's own id) with the
    learner's card for it, in one statement."""
    item_id = select(ItemVersion.item_id).where(ItemVersion.id == version_id).scalar_subquery()
    if not slugs:
        own = session.execute(
            select(ItemVersion.item_id, ReviewCard)
            .outerjoin(
                ReviewCard,
                and_(
                    ReviewCard.item_id == ItemVersion.item_id, ReviewCard.learner_id == learner_id
                ),
            )
            .where(ItemVersion.id == version_id)
        ).all()
        return (own[0][0] if own else None), {row_id: card for row_id, card in own}
    rows = session.execute(
        select(Fact.id, ReviewCard, item_id)
        .join(Article, Fact.article_id == Article.id)
        .outerjoin(
            ReviewCard, and_(ReviewCard.fact_id == Fact.id, ReviewCard.learner_id == learner_id)
        )
        .where(Article.slug == article, Fact.slug.in_(slugs))
        .order_by(Fact.position)
    ).all()
    return (rows[0][2] if rows else None), {fact_id: card for fact_id, card, _ in rows}


def _fact_slugs(item: quiz_items.Item) -> list[str]:
    return sorted({slug for slug in item.facts if slug})


@dataclass(frozen=True)
class Outlook:
    """A learner's queue at a glance: what a session would ask now, what is due before the
    school's midnight, and how many fall due on each of the next days."""

    now: int  # what a session asks now: due, and within today's pace of new facts
    waiting: int  # due now but new to the queue beyond today's pace: another day
    later_today: int  # due before the school's midnight, not yet now
    next_days: list[tuple[dt.date, int]]
    next_due: dt.datetime | None
    cards: int


def outlook(
    session: Session,
    learner: Learner,
    now: dt.datetime,
    days: Sequence[tuple[dt.date, dt.datetime, dt.datetime]],
    end_of_today: dt.datetime,
    start_of_today: dt.datetime,
) -> Outlook:
    """`days`: each following day with its start and end in UTC, as the school counts them."""
    due, allowed = _due_and_allowed(session, learner, now, start_of_today)
    asked_now = len(queue.session_cards(due, new_allowed=allowed, size=len(due) or 1))
    count = func.count(ReviewCard.id)
    mine = ReviewCard.learner_id == learner.id
    today = session.scalar(select(count).where(mine, ReviewCard.due < end_of_today)) or 0
    later = []
    for day, start, end in days:
        n = session.scalar(select(count).where(mine, ReviewCard.due >= start, ReviewCard.due < end))
        later.append((day, n or 0))
    next_due = session.scalar(select(func.min(ReviewCard.due)).where(mine, ReviewCard.due > now))
    total = session.scalar(select(count).where(mine)) or 0
    return Outlook(
        now=asked_now,
        waiting=len(due) - asked_now,
        later_today=max(0, today - len(due)),
        next_days=later,
        next_due=next_due,
        cards=total,
    )


def _due_and_allowed(
    session: Session, learner: Learner, now: dt.datetime, start_of_today: dt.datetime
) -> tuple[list[queue.Due], int]:
    """The learner's cards due now, and how many facts new to the queue may still enter it
    today at their pace (those that entered since the school's midnight count)."""
    rows = session.execute(
        select(ReviewCard.id, ReviewCard.due, ReviewCard.queued_at).where(
            ReviewCard.learner_id == learner.id, ReviewCard.due <= now
        )
    )
    due = [queue.Due(card_id, due, queued_at is None) for card_id, due, queued_at in rows]
    entered = session.scalar(
        select(func.count(ReviewCard.id)).where(
            ReviewCard.learner_id == learner.id, ReviewCard.queued_at >= start_of_today
        )
    )
    return due, queue.new_allowed(learner.new_per_day, entered or 0)


def start_review(
    session: Session, learner: Learner, now: dt.datetime, start_of_today: dt.datetime
) -> Attempt | None:
    """A review session of what is due now (the unfinished one, if there is one); None when
    nothing is due."""
    unfinished = quizzes.unfinished_attempt(session, learner, kind="review")
    if unfinished is not None:
        return unfinished
    due, allowed = _due_and_allowed(session, learner, now, start_of_today)
    chosen = queue.session_cards(due, new_allowed=allowed)
    return _session_of(session, learner, chosen, "review", now)


def practise_mistakes(session: Session, attempt: Attempt, now: dt.datetime) -> Attempt | None:
    """A short session, now, of the facts the attempt's answers missed (credit below full);
    None when nothing was missed. An unfinished one is handed back instead of a second (a
    double click, the back button)."""
    missed = [r for r in attempt.responses if r.credit < scheduling.FULL_CREDIT]
    if not missed:
        return None
    unfinished = quizzes.unfinished_attempt(session, attempt.learner, kind="mistakes")
    if unfinished is not None:
        return unfinished
    versions = {r.item_version_id for r in missed}
    logs = session.execute(
        select(ReviewLog.card_id)
        .join(Response, Response.id == ReviewLog.response_id)
        .where(Response.attempt_id == attempt.id, Response.item_version_id.in_(versions))
        .order_by(Response.position)
    )
    card_ids = list(dict.fromkeys(card_id for (card_id,) in logs))
    return _session_of(session, attempt.learner, card_ids, "mistakes", now)


# What a card is for: ("fact", fact id) or, for an item resting on no fact, ("item", item id).
Subject = tuple[str, int]


def _subject(card: ReviewCard) -> Subject:
    return ("fact", card.fact_id) if card.fact_id is not None else ("item", card.item_id or 0)


def _session_of(
    session: Session, learner: Learner, card_ids: Sequence[int], kind: str, now: dt.datetime
) -> Attempt | None:
    """An attempt asking each card once, with an item of its fact not asked last time; the
    cards new to the queue enter it now."""
    if not card_ids:
        return None
    cards = {
        card.id: card
        for card in session.scalars(select(ReviewCard).where(ReviewCard.id.in_(card_ids)))
    }
    ordered = [cards[card_id] for card_id in card_ids if card_id in cards]
    attempt = _asking(session, learner, [_subject(card) for card in ordered], kind, now)
    if attempt is not None:
        for card in ordered:
            if card.queued_at is None:
                card.queued_at = now
    return attempt


def start_set_review(
    session: Session,
    learner: Learner,
    assignment_id: int,
    facts: Sequence[Fact],
    now: dt.datetime,
) -> Attempt | None:
    """A pupil's attempt at a review set as work: each of its facts once, with an item of
    the fact other than the last one that asked the pupil (when there is another)."""
    subjects: list[Subject] = [("fact", fact.id) for fact in facts]
    return _asking(session, learner, subjects, "review", now, assignment_id=assignment_id)


def _asking(
    session: Session,
    learner: Learner,
    subjects: Sequence[Subject],
    kind: str,
    now: dt.datetime,
    assignment_id: int | None = None,
) -> Attempt | None:
    """An attempt asking each subject once, with the item `queue.pick_item` chooses."""
    seed = secrets.randbelow(2**31)
    asking = _askable_items(session, subjects)
    asked = _asked_before(session, learner.id, subjects)
    plan: list[int] = []
    for place, subject in enumerate(subjects):
        # Not an item already in the session (one resting on several facts may ask two).
        candidates = {
            item_id: item
            for item_id, item in asking.get(subject, {}).items()
            if item.current.id not in plan
        }
        choice = queue.pick_item(
            [queue.Choice(item.id, item.type) for item in candidates.values()],
            [queue.Choice(item_id, type_) for item_id, type_ in asked.get(subject, [])],
            seed + place,
        )
        if choice is not None:
            plan.append(candidates[choice.item_id].current.id)
    if not plan:
        return None
    attempt = Attempt(
        learner=learner,
        kind=kind,
        seed=seed,
        feedback="each",
        plan=plan,
        started_at=now,
        assignment_id=assignment_id,
    )
    session.add(attempt)
    session.flush()
    return attempt


def _askable_items(session: Session, subjects: Iterable[Subject]) -> dict[Subject, dict[int, Item]]:
    """For each subject, the published items that ask its fact (or its own item), by id."""
    subjects = list(subjects)
    fact_ids = {number for what, number in subjects if what == "fact"}
    item_ids = {number for what, number in subjects if what == "item"}
    facts = {fact.id: fact for fact in session.scalars(select(Fact).where(Fact.id.in_(fact_ids)))}
    article_ids = {fact.article_id for fact in facts.values()}
    published = (Item.status == "published") & Item.type.not_in(NOT_ASKED)
    items = list(
        session.scalars(
            select(Item)
            .where(published, Item.article_id.in_(article_ids) | Item.id.in_(item_ids))
            .options(selectinload(Item.versions))
        )
    )
    by_fact: dict[tuple[int, str], dict[int, Item]] = {}
    by_id = {item.id: item for item in items}
    for item in items:
        for slug in _slugs(item):
            by_fact.setdefault((item.article_id, slug), {})[item.id] = item
    found: dict[Subject, dict[int, Item]] = {}
    for subject in subjects:
        what, number = subject
        if what == "fact" and number in facts:
            fact = facts[number]
            asking = by_fact.get((fact.article_id, fact.slug), {})
            # Recall one fact: the items of that fact alone (gap fill, choice, true/false,
            # number) where there are any, not an ordering of six that it is part of.
            alone = {item_id: item for item_id, item in asking.items() if len(_slugs(item)) == 1}
            found[subject] = alone or asking
        elif what == "item" and number in by_id:
            found[subject] = {number: by_id[number]}
    return found


def _slugs(item: Item) -> set[str]:
    return {slug for slug in item.current.facts if slug}


def _asked_before(
    session: Session, learner_id: int, subjects: Sequence[Subject]
) -> dict[Subject, list[tuple[int, str]]]:
    """For each subject the learner has a card for, the items that asked it (id and type),
    the latest first."""
    fact_ids = [number for what, number in subjects if what == "fact"]
    item_ids = [number for what, number in subjects if what == "item"]
    rows = session.execute(
        select(ReviewCard.fact_id, ReviewCard.item_id, Item.id, Item.type)
        .join(ReviewLog, ReviewLog.card_id == ReviewCard.id)
        .join(Item, Item.id == ReviewLog.item_id)
        .where(
            ReviewCard.learner_id == learner_id,
            ReviewCard.fact_id.in_(fact_ids) | ReviewCard.item_id.in_(item_ids),
        )
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
    )
    asked: dict[Subject, list[tuple[int, str]]] = {}
    for fact_id, own_item_id, item_id, type_ in rows:
        subject: Subject = ("fact", fact_id) if fact_id is not None else ("item", own_item_id or 0)
        asked.setdefault(subject, []).append((item_id, type_))
    return asked


def forget_responses(session: Session, attempts) -> None:
    """Answers about to be deleted with their set work: the review log keeps its entries (the
    cards they moved stay as the pupils remember) without pointing at them."""
    session.execute(
        update(ReviewLog)
        .where(
            ReviewLog.response_id.in_(select(Response.id).where(Response.attempt_id.in_(attempts)))
        )
        .values(response_id=None)
    )


def next_review(session: Session, response_id: int) -> dt.datetime | None:
    """When the facts an answer moved come back (the soonest of them)."""
    return session.scalar(
        select(func.min(ReviewLog.due_after)).where(ReviewLog.response_id == response_id)
    )


@dataclass(frozen=True)
class Progress:
    """What "My results" draws: answers per day, share right per week, facts held now by
    article and by theme (their ids as keys), and what falls due in the coming days."""

    per_day: list[tuple[dt.date, int]]
    per_week: list[tuple[dt.date, float | None]]
    by_article: list[tuple[Article, progress.Held]]
    by_theme: list[tuple[Theme, progress.Held]]
    held: int
    cards: int


def learner_progress(
    session: Session, learner: Learner, now: dt.datetime, zone: dt.tzinfo, today: dt.date
) -> Progress:
    """In three statements whatever the history: the answers of the weeks shown (two columns),
    the cards (three columns with their article), the articles and themes they name."""
    since = dt.datetime.combine(
        progress.week_of(today) - dt.timedelta(weeks=progress.WEEKS_SHOWN - 1), dt.time(), zone
    ).astimezone(dt.UTC)
    answers = session.execute(
        select(Response.answered_at, Response.credit)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.learner_id == learner.id, Response.answered_at >= since)
    ).all()
    cards = session.execute(
        select(Fact.article_id, ReviewCard.stability, ReviewCard.last_review)
        .join(Fact, Fact.id == ReviewCard.fact_id)
        .where(ReviewCard.learner_id == learner.id)
    ).all()
    article_ids = {article_id for article_id, _, _ in cards}
    articles = {
        article.id: article
        for article in session.scalars(
            select(Article).where(Article.id.in_(article_ids)).options(selectinload(Article.themes))
        )
    }
    by_article = progress.held_by_group(
        [((str(article_id),), stability, last) for article_id, stability, last in cards], now
    )
    by_theme = progress.held_by_group(
        [
            (tuple(theme.slug for theme in articles[article_id].themes), stability, last)
            for article_id, stability, last in cards
            if article_id in articles
        ],
        now,
    )
    themes = {theme.slug: theme for article in articles.values() for theme in article.themes}
    return Progress(
        per_day=progress.answers_per_day((when for when, _ in answers), today, zone),
        per_week=progress.share_right_per_week(answers, today, zone),
        by_article=[
            (articles[int(row.key)], row) for row in by_article if int(row.key) in articles
        ],
        by_theme=[(themes[row.key], row) for row in by_theme],
        held=sum(progress.is_held(s, last, now) for _, s, last in cards),
        cards=len(cards),
    )


@dataclass(frozen=True)
class Forgotten:
    """One fact a class met: how many pupils have a card for it, their average chance of
    recalling it now, and how many of them would more likely than not have lost it (below
    90 %, the point at which the queue asks it again)."""

    fact: Fact
    pupils: int
    recall: float
    slipping: int


def class_forgetting(
    session: Session, learner_ids: Sequence[int], now: dt.datetime, shown: int | None = 20
) -> list[Forgotten]:
    """The facts the class's pupils (`learner_ids`) have cards for, lowest average chance of
    recall first, at most `shown` (None: all); two statements whatever the size of the class."""
    rows = session.execute(
        select(ReviewCard.fact_id, ReviewCard.stability, ReviewCard.last_review).where(
            ReviewCard.learner_id.in_(learner_ids), ReviewCard.fact_id.is_not(None)
        )
    )
    chances: dict[int, list[float]] = {}
    for fact_id, stability, last_review in rows:
        if fact_id is None:  # never: the statement asks for fact cards only
            continue
        chances.setdefault(fact_id, []).append(
            scheduling.recall_chance(stability, last_review, now)
        )
    ranked = sorted(
        chances, key=lambda fact_id: (sum(chances[fact_id]) / len(chances[fact_id]), fact_id)
    )
    chosen = ranked[:shown]
    facts = {
        fact.id: fact
        for fact in session.scalars(
            select(Fact).where(Fact.id.in_(chosen)).options(selectinload(Fact.article))
        )
    }
    return [
        Forgotten(
            facts[fact_id],
            len(chances[fact_id]),
            sum(chances[fact_id]) / len(chances[fact_id]),
            sum(1 for chance in chances[fact_id] if chance <= scheduling.HELD),
        )
        for fact_id in chosen
        if fact_id in facts
    ]
