"""A pupil's data: everything kept about them, exported in one document or deleted for good."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session, selectinload

from edu.content.messages import N_
from edu.models import (
    Assignment,
    Attempt,
    Contribution,
    Debate,
    Learner,
    Participant,
    Pupil,
    Response,
    ReviewCard,
    ReviewLog,
    RubricScore,
    SchoolClass,
    User,
)
from edu.models.assignments import assignment_facts
from edu.services import web_sessions

# What each key of the export means, in English; the caller gives them in each language.
LABELS = {
    "pupil": N_("Pupil"),
    "first_name": N_("First name"),
    "class": N_("Class"),
    "joined_at": N_("Joined"),
    "quizzes": N_("Quizzes"),
    "quiz": N_("Quiz"),
    "started_at": N_("Started"),
    "finished_at": N_("Finished"),
    "score": N_("Score (0 to 1)"),
    "responses": N_("Answers"),
    "question": N_("Question"),
    "answer": N_("Answer given"),
    "credit": N_("Credit (0 to 1)"),
    "answered_at": N_("Answered"),
    "debates": N_("Debates"),
    "motion": N_("Motion"),
    "side": N_("Side"),
    "first_vote": N_("First vote"),
    "final_vote": N_("Final vote"),
    "contributions": N_("Contributions"),
    "phase": N_("Phase"),
    "text": N_("Text"),
    "scores": N_("Scores"),
    "criterion": N_("Criterion"),
    "level": N_("Level (0 to 4)"),
    "comment": N_("Comment"),
    "reviews": N_("Review cards"),
    "fact": N_("Fact"),
    "due": N_("Next review"),
    "stability": N_("Stability (days)"),
    "difficulty": N_("Difficulty (1 to 10)"),
    "reviewed": N_("Times answered"),
    "lapses": N_("Times forgotten"),
    "log": N_("Review log"),
    "rating": N_("Rating (1 again, 2 hard, 3 good, 4 easy)"),
    "reviewed_at": N_("Reviewed"),
}


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_pupil(session: Session, pupil: Pupil, labels: Mapping[str, Mapping[str, str]]) -> dict:
    """Everything stored about one pupil, as a JSON-ready document; `labels` are `LABELS` in
    each language (both, whatever the reader's), so that the family can read every key."""
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.learner_id == pupil.learner_id)
        .options(selectinload(Attempt.responses).selectinload(Response.item_version))
        .order_by(Attempt.id)
    )
    participants = session.scalars(
        select(Participant)
        .where(Participant.learner_id == pupil.learner_id)
        .options(
            selectinload(Participant.debate).selectinload(Debate.question),
            selectinload(Participant.contributions),
            selectinload(Participant.scores),
        )
        .order_by(Participant.id)
    )
    return {
        "labels": labels,
        "pupil": {
            "first_name": pupil.first_name,
            "initial": pupil.initial,
            "class": pupil.school_class.name,
            "joined_at": _when(pupil.created_at),
        },
        "quizzes": [
            {
                "started_at": _when(attempt.started_at),
                "finished_at": _when(attempt.finished_at),
                "score": attempt.score,
                "responses": [
                    {
                        "question": response.item_version.prompt,
                        "answer": response.answer,
                        "credit": response.credit,
                        "answered_at": _when(response.answered_at),
                    }
                    for response in attempt.responses
                ],
            }
            for attempt in attempts
        ],
        "debates": [
            {
                "motion": {"fr": p.debate.question.motion_fr, "en": p.debate.question.motion_en},
                "side": p.side,
                "first_vote": p.first_vote,
                "final_vote": p.final_vote,
                "contributions": [
                    {"phase": c.phase, "text": c.text, "submitted_at": _when(c.submitted_at)}
                    for c in sorted(p.contributions, key=lambda c: c.id)
                ],
                "scores": [
                    {"criterion": s.criterion, "level": s.level, "comment": s.comment}
                    for s in p.scores
                ],
            }
            for p in participants
        ],
        "reviews": review_cards(session, pupil.learner_id),
    }


def review_cards(session: Session, learner_id: int) -> list[dict]:
    """A learner's review cards, each with the fact (or item) it is for and its log."""
    cards = session.scalars(
        select(ReviewCard)
        .where(ReviewCard.learner_id == learner_id)
        .options(selectinload(ReviewCard.fact), selectinload(ReviewCard.item))
        .order_by(ReviewCard.id)
    ).all()
    logs: dict[int, list[ReviewLog]] = {}
    for log in session.scalars(
        select(ReviewLog)
        .where(ReviewLog.card_id.in_([card.id for card in cards]))
        .order_by(ReviewLog.id)
    ):
        logs.setdefault(log.card_id, []).append(log)
    return [
        {
            "fact": {"fr": card.fact.text_fr, "en": card.fact.text_en}
            if card.fact
            else (card.item.key if card.item else None),
            "due": _when(card.due),
            "stability": card.stability,
            "difficulty": card.difficulty,
            "reviewed": card.reviews,
            "lapses": card.lapses,
            "log": [
                {
                    "rating": log.rating,
                    "reviewed_at": _when(log.reviewed_at),
                    "due": _when(log.due_after),
                }
                for log in logs.get(card.id, [])
            ],
        }
        for card in cards
    ]


def delete_pupil(session: Session, pupil: Pupil) -> None:
    """Delete the pupil and everything kept about them; nothing that points at them remains."""
    _delete_learners(session, [pupil.learner_id])
    session.flush()


def delete_class(session: Session, school_class: SchoolClass) -> None:
    """Delete a class, its pupils and all their work."""
    learner_ids = [pupil.learner_id for pupil in school_class.pupils]
    set_work = select(Assignment.id).where(Assignment.class_id == school_class.id)
    _delete_learners(session, learner_ids)
    # What is left of the class's set work: attempts by nobody now, its empty class debates.
    attempts = select(Attempt.id).where(Attempt.assignment_id.in_(set_work))
    session.execute(delete(Response).where(Response.attempt_id.in_(attempts)))
    session.execute(delete(assignment_facts).where(assignment_facts.c.assignment_id.in_(set_work)))
    session.execute(delete(Attempt).where(Attempt.assignment_id.in_(set_work)))
    session.execute(delete(Debate).where(Debate.assignment_id.in_(set_work)))
    session.execute(delete(Assignment).where(Assignment.class_id == school_class.id))
    session.execute(delete(SchoolClass).where(SchoolClass.id == school_class.id))
    session.flush()


@dataclass(frozen=True)
class PurgeReport:
    pupils: int
    guests: int


PURGE_BATCH = 200


def purge_inactive(session: Session, older_than: dt.datetime, dry_run: bool = False) -> PurgeReport:
    """Delete the pupils and guest learners not seen since `older_than`, with all their work,
    as `delete_pupil` does; with `dry_run`, only count them.

    Self-study learners and teachers are never touched: they keep an account.
    """
    inactive = _inactive_since(_as_utc(older_than))
    pupils = list(
        session.scalars(
            select(Pupil.learner_id)
            .join(Learner, Learner.id == Pupil.learner_id)
            .where(inactive)
            .order_by(Pupil.learner_id)
        )
    )
    guests = list(
        session.scalars(
            select(Learner.id)
            .where(
                Learner.kind == "guest",
                ~exists().where(User.learner_id == Learner.id),
                ~exists().where(Pupil.learner_id == Learner.id),
                inactive,
            )
            .order_by(Learner.id)
        )
    )
    if not dry_run:
        ids = pupils + guests
        for start in range(0, len(ids), PURGE_BATCH):
            _delete_learners(session, ids[start : start + PURGE_BATCH])
    return PurgeReport(pupils=len(pupils), guests=len(guests))


def _as_utc(moment: dt.datetime) -> dt.datetime:
    # SQLite keeps timestamps as UTC text without an offset: compare in UTC everywhere.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _inactive_since(cutoff: dt.datetime):
    """Not seen since `cutoff`: neither the learner's last visit nor any answer or debate text
    they saved is more recent (saving work does not always refresh the last visit)."""
    recent_answer = (
        exists()
        .where(Attempt.learner_id == Learner.id, Response.attempt_id == Attempt.id)
        .where(Response.answered_at >= cutoff)
    )
    recent_text = (
        exists()
        .where(Participant.learner_id == Learner.id, Contribution.participant_id == Participant.id)
        .where(Contribution.updated_at >= cutoff)
    )
    return (Learner.last_seen_at < cutoff) & ~recent_answer & ~recent_text


def _delete_learners(session: Session, learner_ids: list[int]) -> None:
    # Explicit deletes, children first, so that no database relies on cascades being enabled.
    cards = select(ReviewCard.id).where(ReviewCard.learner_id.in_(learner_ids))
    session.execute(delete(ReviewLog).where(ReviewLog.card_id.in_(cards)))
    session.execute(delete(ReviewCard).where(ReviewCard.learner_id.in_(learner_ids)))
    attempts = select(Attempt.id).where(Attempt.learner_id.in_(learner_ids))
    session.execute(delete(Response).where(Response.attempt_id.in_(attempts)))
    session.execute(delete(Attempt).where(Attempt.learner_id.in_(learner_ids)))
    participants = select(Participant.id).where(Participant.learner_id.in_(learner_ids))
    session.execute(delete(Contribution).where(Contribution.participant_id.in_(participants)))
    session.execute(delete(RubricScore).where(RubricScore.participant_id.in_(participants)))
    session.execute(delete(RubricScore).where(RubricScore.scorer_id.in_(learner_ids)))
    session.execute(
        Participant.__table__.update()
        .where(Participant.convincing_id.in_(participants))
        .values(convincing_id=None)
    )
    session.execute(delete(Participant).where(Participant.learner_id.in_(learner_ids)))
    # Their solo debates go; group debates they opened stay, for the others' work, hostless.
    session.execute(delete(Debate).where(Debate.host_id.in_(learner_ids), Debate.mode == "solo"))
    session.execute(update(Debate).where(Debate.host_id.in_(learner_ids)).values(host_id=None))
    session.execute(delete(Pupil).where(Pupil.learner_id.in_(learner_ids)))
    web_sessions.end_for_learners(session, learner_ids)  # their browsers are signed out too
    session.execute(delete(Learner).where(Learner.id.in_(learner_ids)))
    session.expire_all()
