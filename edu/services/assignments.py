"""Set work in the database: assign it, let pupils start and hand it in, build the gradebook."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from edu import clock, policies
from edu.assignments import rules
from edu.gradebook.analysis import ItemStats, item_analysis
from edu.models import (
    Article,
    Assignment,
    Attempt,
    Debate,
    Extension,
    Fact,
    ItemVersion,
    Learner,
    Participant,
    Pupil,
    Question,
    Response,
    SchoolClass,
    ScoreOverride,
)
from edu.quiz.items import Item as QuizItem
from edu.services import quizzes, recall
from edu.services.debates import score_of
from edu.services.races import first_write_wins


def now() -> dt.datetime:
    return clock.now()


def assign_quiz(
    session: Session,
    school_class: SchoolClass,
    article: Article,
    *,
    due_at: dt.datetime | None = None,
    max_attempts: int | None = None,
    feedback: str = "each",
) -> Assignment:
    assignment = Assignment(
        school_class=school_class,
        kind="quiz",
        article=article,
        due_at=due_at,
        max_attempts=max_attempts,
        feedback=feedback,
    )
    session.add(assignment)
    session.flush()
    return assignment


def assign_debate(
    session: Session,
    school_class: SchoolClass,
    question: Question,
    *,
    due_at: dt.datetime | None = None,
    language_class: bool = False,
) -> Assignment:
    """A class debate: one group debate for the whole class, scored by its teacher."""
    assignment = Assignment(
        school_class=school_class, kind="debate", question=question, due_at=due_at
    )
    session.add(assignment)
    session.flush()
    session.add(
        Debate(
            question=question,
            mode="group",
            host=None,
            language_class=language_class,
            assignment_id=assignment.id,
        )
    )
    session.flush()
    return assignment


def assign_review(
    session: Session,
    school_class: SchoolClass,
    facts: Sequence[Fact],
    *,
    due_at: dt.datetime | None = None,
) -> Assignment:
    """A review of chosen facts (what the class is forgetting) as set work, graded like a
    quiz: each pupil is asked each fact with an item of it, the right answers shown after
    each question."""
    assignment = Assignment(
        school_class=school_class, kind="review", facts=list(facts), due_at=due_at, feedback="each"
    )
    session.add(assignment)
    session.flush()
    return assignment


def delete_assignment(session: Session, assignment: Assignment) -> None:
    """The assignment and the work done for it (attempts, the class debate) go together; the
    review cards its answers moved stay, as what the pupils remember does."""
    debate = debate_of(session, assignment)
    attempts = select(Attempt.id).where(Attempt.assignment_id == assignment.id)
    recall.forget_responses(session, attempts)
    session.execute(Response.__table__.delete().where(Response.attempt_id.in_(attempts)))
    session.execute(Attempt.__table__.delete().where(Attempt.assignment_id == assignment.id))
    if debate is not None:
        session.delete(debate)
    session.delete(assignment)
    session.flush()


def debate_of(session: Session, assignment: Assignment) -> Debate | None:
    return session.scalar(select(Debate).where(Debate.assignment_id == assignment.id))


def pupil_of(session: Session, learner: Learner | None) -> Pupil | None:
    if learner is None:
        return None
    return session.scalar(
        select(Pupil)
        .where(Pupil.learner_id == learner.id)
        .options(selectinload(Pupil.school_class))
    )


def class_assignment(session: Session, school_class: SchoolClass, public_id: str):
    return session.scalar(
        select(Assignment).where(
            Assignment.public_id == public_id, Assignment.class_id == school_class.id
        )
    )


def pupil_assignment(session: Session, pupil: Pupil, public_id: str) -> Assignment | None:
    """The assignment, only if this pupil may start it (it was set to their class)."""
    assignment = session.scalar(select(Assignment).where(Assignment.public_id == public_id))
    if assignment is None or not policies.can_start_assignment(pupil, assignment):
        return None
    return assignment


# -- quizzes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    attempt: Attempt | None
    refusal: str | None = None  # rules.PAST_DUE | rules.NO_ATTEMPTS_LEFT | "empty"


def start_quiz(session: Session, assignment: Assignment, learner: Learner) -> Started:
    """Resume the pupil's unfinished attempt, or start one if the rules allow; a double click
    therefore never opens two attempts. Only finished attempts count against the limit."""
    attempts = learner_attempts(session, assignment, learner)
    unfinished = next((a for a in attempts if a.finished_at is None), None)
    moment = now()
    due = due_for(session, assignment, learner)
    refusal = rules.submission_refusal(now=moment, due_at=due, closed_at=assignment.closed_at)
    if unfinished is not None and refusal is None:
        return Started(unfinished)
    finished = sum(1 for a in attempts if a.finished_at is not None)
    refusal = rules.start_refusal(
        now=moment,
        due_at=due,
        attempts_used=rules.attempts_used(
            finished=finished,
            unfinished=len(attempts) - finished,
            past_due=rules.is_past_due(due, moment),
        ),
        max_attempts=assignment.max_attempts,
        closed_at=assignment.closed_at,
    )
    if refusal is not None:
        return Started(None, refusal)
    if assignment.kind == "review":
        attempt = recall.start_set_review(session, learner, assignment.id, assignment.facts, moment)
    else:
        attempt = quizzes.start_attempt(
            session,
            learner,
            article=assignment.article,
            feedback=assignment.feedback,
            assignment_id=assignment.id,
        )
    return Started(attempt, None if attempt else "empty")


def learner_attempts(session: Session, assignment: Assignment, learner: Learner) -> list[Attempt]:
    return list(
        session.scalars(
            select(Attempt)
            .where(Attempt.assignment_id == assignment.id, Attempt.learner_id == learner.id)
            .order_by(Attempt.id)
        )
    )


def submission_refusal(
    session: Session, assignment_id: int | None, learner: Learner | None = None
) -> str | None:
    """Why work for this assignment can no longer be handed in (by `learner`, whose extension
    counts); None for free practice."""
    if assignment_id is None:
        return None
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        return None
    pupil = pupil_of(session, learner)
    if pupil is not None and pupil.class_id != assignment.class_id:
        return rules.OTHER_CLASS
    return rules.submission_refusal(
        now=now(),
        due_at=due_for(session, assignment, learner),
        closed_at=assignment.closed_at,
    )


def extension_for(session: Session, assignment: Assignment, pupil: Pupil) -> Extension | None:
    return session.scalar(
        select(Extension).where(
            Extension.assignment_id == assignment.id, Extension.pupil_id == pupil.id
        )
    )


def due_for(
    session: Session, assignment: Assignment, learner: Learner | None
) -> dt.datetime | None:
    """The due date that holds for this learner: their own, if their teacher extended it."""
    if assignment.due_at is None or learner is None:
        return assignment.due_at
    extended = session.scalar(
        select(Extension.due_at)
        .join(Pupil, Pupil.id == Extension.pupil_id)
        .where(Extension.assignment_id == assignment.id, Pupil.learner_id == learner.id)
    )
    return rules.effective_due(assignment.due_at, extended)


# -- changing set work -----------------------------------------------------------------------------


def audit_day(moment: dt.datetime | None) -> str | None:
    """A due date for the audit log: when it falls, in UTC, to the minute."""
    return rules.aware(moment).strftime("%Y-%m-%d %H:%M UTC") if moment else None


def update_assignment(
    session: Session,
    assignment: Assignment,
    *,
    due_at: dt.datetime | None,
    max_attempts: int | None = None,
    feedback: str | None = None,
) -> dict[str, list]:
    """Change the due date (and, for a quiz, the attempts allowed and when answers show).
    Returns what changed, as {field: [old, new]}; nothing changed, nothing written."""
    changes: dict[str, list] = {}
    if audit_day(assignment.due_at) != audit_day(due_at):
        changes["due"] = [audit_day(assignment.due_at), audit_day(due_at)]
        assignment.due_at = due_at
    if assignment.graded_like_quiz:
        if assignment.max_attempts != max_attempts:
            changes["attempts"] = [assignment.max_attempts, max_attempts]
            assignment.max_attempts = max_attempts
        if feedback is not None and assignment.feedback != feedback:
            changes["feedback"] = [assignment.feedback, feedback]
            assignment.feedback = feedback
    if changes:
        session.flush()
    return changes


def close(session: Session, assignment: Assignment) -> bool:
    """Close the work now, for every pupil, extensions included; False if it already was."""
    if assignment.closed_at is not None:
        return False
    assignment.closed_at = now()
    session.flush()
    return True


def reopen(
    session: Session, assignment: Assignment, due_at: dt.datetime | None, *, change_due: bool
) -> dict[str, list]:
    """Open closed work again (and, when `change_due`, give it `due_at`, maybe none)."""
    changes: dict[str, list] = {}
    if assignment.closed_at is not None:
        changes["closed"] = [audit_day(assignment.closed_at), None]
        assignment.closed_at = None
    if change_due and audit_day(assignment.due_at) != audit_day(due_at):
        changes["due"] = [audit_day(assignment.due_at), audit_day(due_at)]
        assignment.due_at = due_at
    if changes:
        session.flush()
    return changes


def set_extension(
    session: Session, assignment: Assignment, pupil: Pupil, due_at: dt.datetime, by
) -> list:
    """Give (or move) one pupil's own due date; returns [old, new]."""

    def write() -> list:
        extension = extension_for(session, assignment, pupil)
        old = audit_day(extension.due_at) if extension else None
        if extension is None:
            extension = Extension(assignment=assignment, pupil=pupil, due_at=due_at)
            session.add(extension)
        extension.due_at = due_at
        extension.granted_by = by
        return [old, audit_day(due_at)]

    # Made by another request at the same moment (a double click, two tabs): written again, the
    # row that won is found and updated.
    return first_write_wins(session, write, lost=write)


def remove_extension(session: Session, assignment: Assignment, pupil: Pupil) -> list | None:
    extension = extension_for(session, assignment, pupil)
    if extension is None:
        return None
    old = audit_day(extension.due_at)
    session.delete(extension)
    session.flush()
    return [old, None]


def override_for(session: Session, assignment: Assignment, pupil: Pupil) -> ScoreOverride | None:
    return session.scalar(
        select(ScoreOverride).where(
            ScoreOverride.assignment_id == assignment.id, ScoreOverride.pupil_id == pupil.id
        )
    )


def set_override(
    session: Session, assignment: Assignment, pupil: Pupil, score: float, comment: str, by
) -> dict[str, list]:
    """The teacher's score (0..1) for the pupil's quiz, with why; the computed one is kept."""

    def write() -> dict[str, list]:
        override = override_for(session, assignment, pupil)
        old = [override.score, override.comment] if override else [None, None]
        if override is None:
            override = ScoreOverride(assignment=assignment, pupil=pupil)
            session.add(override)
        override.score = score
        override.comment = comment
        override.set_by = by
        override.set_at = now()
        return {"score": [old[0], score], "comment": [old[1], comment]}

    return first_write_wins(session, write, lost=write)  # as for extensions


def pupil_overrides(session: Session, pupil: Pupil) -> list[ScoreOverride]:
    return list(
        session.scalars(
            select(ScoreOverride)
            .where(ScoreOverride.pupil_id == pupil.id)
            .options(selectinload(ScoreOverride.assignment))
            .order_by(ScoreOverride.assignment_id)
        )
    )


def remove_override(session: Session, assignment: Assignment, pupil: Pupil) -> list | None:
    override = override_for(session, assignment, pupil)
    if override is None:
        return None
    old = override.score
    session.delete(override)
    session.flush()
    return [old, None]


# -- the gradebook ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gradebook:
    pupils: list[Pupil]
    assignments: list[Assignment]  # oldest first, as columns
    cells: dict[tuple[int, int], rules.Progress]  # (pupil id, assignment id)

    def cell(self, pupil: Pupil, assignment: Assignment) -> rules.Progress:
        return self.cells[pupil.id, assignment.id]

    def average(self, assignment: Assignment) -> float | None:
        scores = [
            score
            for p in self.pupils
            if (score := self.cells[p.id, assignment.id].score) is not None
        ]
        return sum(scores) / len(scores) if scores else None


def gradebook(
    session: Session, school_class: SchoolClass, rubric, pupils: list[Pupil] | None = None
) -> Gradebook:
    """Every pupil (or only `pupils`, such as the one reading their own work) against every
    assignment: status, lateness, score."""
    pupils = school_class.pupils_by_name if pupils is None else pupils
    # With the article or question each is titled by, in the same query.
    assignments = list(
        session.scalars(
            select(Assignment)
            .where(Assignment.class_id == school_class.id)
            .options(joinedload(Assignment.article), joinedload(Assignment.question))
            .order_by(Assignment.created_at, Assignment.id)
        )
    )
    learner_to_pupil = {p.learner_id: p for p in pupils}
    ids = [a.id for a in assignments]
    # Only the four columns a cell needs, as plain rows: a class's thousand attempts were
    # loaded as objects, each with its plan decoded, for nothing.
    attempts = session.execute(
        select(Attempt.learner_id, Attempt.assignment_id, Attempt.finished_at, Attempt.score).where(
            Attempt.assignment_id.in_(ids), Attempt.learner_id.in_(learner_to_pupil)
        )
    )
    quiz_work: dict[tuple[int, int], list[Any]] = {}
    for attempt in attempts:
        pupil = learner_to_pupil.get(attempt.learner_id)
        if pupil is not None and attempt.assignment_id is not None:
            quiz_work.setdefault((pupil.id, attempt.assignment_id), []).append(attempt)
    debates = session.scalars(
        select(Debate)
        .where(Debate.assignment_id.in_(ids))
        .options(
            selectinload(Debate.participants).selectinload(Participant.scores),
        )
    )
    debate_work: dict[tuple[int, int], Participant] = {}
    language_class = {}
    for debate in debates:
        language_class[debate.assignment_id] = debate.language_class
        for participant in debate.participants:
            pupil = learner_to_pupil.get(participant.learner_id)
            if pupil is not None and debate.assignment_id is not None:
                debate_work[pupil.id, debate.assignment_id] = participant
    pupil_ids = [p.id for p in pupils]
    extensions = {
        (e.pupil_id, e.assignment_id): e.due_at
        for e in session.scalars(
            select(Extension).where(
                Extension.assignment_id.in_(ids), Extension.pupil_id.in_(pupil_ids)
            )
        )
    }
    overrides = {
        (o.pupil_id, o.assignment_id): o
        for o in session.scalars(
            select(ScoreOverride).where(
                ScoreOverride.assignment_id.in_(ids), ScoreOverride.pupil_id.in_(pupil_ids)
            )
        )
    }
    cells = {}
    moment = now()
    for pupil in pupils:
        for assignment in assignments:
            key = (pupil.id, assignment.id)
            progress_in_time = partial(
                rules.progress,
                due_at=assignment.due_at,
                extended_to=extensions.get(key),
                closed_at=assignment.closed_at,
                now=moment,
            )
            if assignment.graded_like_quiz:
                tries = quiz_work.get(key, [])
                finished = [a.score for a in tries if a.finished_at is not None]
                override = overrides.get(key)
                due = rules.effective_due(assignment.due_at, extensions.get(key))
                cells[key] = progress_in_time(
                    started=bool(tries),
                    done=bool(finished),
                    score=max((s for s in finished if s is not None), default=None),
                    override=override.score if override else None,
                    comment=override.comment if override else None,
                    attempts_used=rules.attempts_used(
                        finished=len(finished),
                        unfinished=len(tries) - len(finished),
                        past_due=rules.is_past_due(due, moment),
                    ),
                )
            else:
                debater = debate_work.get(key)
                cells[key] = progress_in_time(
                    started=debater is not None,
                    done=debater is not None and debater.final_vote is not None,
                    score=_teacher_score(debater, rubric, language_class[assignment.id])
                    if debater
                    else None,
                )
    return Gradebook(pupils, assignments, cells)


def _teacher_score(participant: Participant, rubric, language_class: bool) -> float | None:
    return score_of(participant, rubric, language_class, "host")


def quiz_analysis(session: Session, assignment: Assignment) -> tuple[list[ItemStats], dict, list]:
    """Item analysis over each pupil's first finished attempt (first tries measure learning
    best), the items' wordings, and the finished scores for the distribution."""
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.assignment_id == assignment.id, Attempt.finished_at.is_not(None))
        .options(
            selectinload(Attempt.responses)
            .selectinload(Response.item_version)
            .selectinload(ItemVersion.item)
        )
        .order_by(Attempt.id)
    )
    first: dict[int, Attempt] = {}
    for attempt in attempts:
        first.setdefault(attempt.learner_id, attempt)
    scores: dict[str, dict[str, float]] = {}
    items: dict[str, QuizItem] = {}
    for learner_id, attempt in first.items():
        for response in attempt.responses:
            item = response.item_version.item
            items.setdefault(item.key, quizzes.as_item(response.item_version))
            scores.setdefault(str(learner_id), {})[item.key] = response.credit
    order = sorted(items)
    finished_scores = [a.score for a in first.values() if a.score is not None]
    return item_analysis(scores, order=order), items, finished_scores


def pupil_work(session: Session, pupil: Pupil) -> tuple[list[Attempt], list[Participant]]:
    """Everything a pupil handed in for their class: attempts with answers, debates with
    contributions and scores."""
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.learner_id == pupil.learner_id, Attempt.assignment_id.is_not(None))
        .options(
            selectinload(Attempt.responses)
            .selectinload(Response.item_version)
            .selectinload(ItemVersion.item),
            selectinload(Attempt.article),
        )
        .order_by(Attempt.id)
    )
    participants = session.scalars(
        select(Participant)
        .join(Participant.debate)
        .where(Participant.learner_id == pupil.learner_id, Debate.assignment_id.is_not(None))
        .options(
            selectinload(Participant.debate).selectinload(Debate.question),
            selectinload(Participant.contributions),
            selectinload(Participant.scores),
        )
        .order_by(Participant.id)
    )
    return list(attempts), list(participants)
