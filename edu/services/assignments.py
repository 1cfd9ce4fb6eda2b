"""Set work in the database: assign it, let pupils start and hand it in, build the gradebook."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from edu.assignments import rules
from edu.gradebook.analysis import ItemStats, item_analysis
from edu.models import (
    Article,
    Assignment,
    Attempt,
    Debate,
    ItemVersion,
    Learner,
    Participant,
    Pupil,
    Question,
    Response,
    SchoolClass,
)
from edu.services import quizzes
from edu.services.debates import score_of


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    session.commit()
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
    session.commit()
    return assignment


def delete_assignment(session: Session, assignment: Assignment) -> None:
    """The assignment and the work done for it (attempts, the class debate) go together."""
    debate = debate_of(session, assignment)
    attempts = select(Attempt.id).where(Attempt.assignment_id == assignment.id)
    session.execute(Response.__table__.delete().where(Response.attempt_id.in_(attempts)))
    session.execute(Attempt.__table__.delete().where(Attempt.assignment_id == assignment.id))
    if debate is not None:
        session.delete(debate)
    session.delete(assignment)
    session.commit()


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
    """The assignment, only if it was set to this pupil's class."""
    return session.scalar(
        select(Assignment).where(
            Assignment.public_id == public_id, Assignment.class_id == pupil.class_id
        )
    )


# -- quizzes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    attempt: Attempt | None
    refusal: str | None = None  # rules.PAST_DUE | rules.NO_ATTEMPTS_LEFT | "empty"


def start_quiz(session: Session, assignment: Assignment, learner: Learner) -> Started:
    """Resume the pupil's unfinished attempt, or start one if the rules allow; a double click
    therefore never opens two attempts."""
    attempts = learner_attempts(session, assignment, learner)
    unfinished = next((a for a in attempts if a.finished_at is None), None)
    moment = now()
    if unfinished is not None and not rules.is_past_due(assignment.due_at, moment):
        return Started(unfinished)
    refusal = rules.start_refusal(
        now=moment,
        due_at=assignment.due_at,
        attempts_used=len(attempts),
        max_attempts=assignment.max_attempts,
    )
    if refusal is not None:
        return Started(None, refusal)
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


def submission_refusal(session: Session, assignment_id: int | None) -> str | None:
    """Why work for this assignment can no longer be handed in; None for free practice."""
    if assignment_id is None:
        return None
    assignment = session.get(Assignment, assignment_id)
    return rules.submission_refusal(now=now(), due_at=assignment.due_at) if assignment else None


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
            self.cells[p.id, assignment.id].score
            for p in self.pupils
            if self.cells[p.id, assignment.id].score is not None
        ]
        return sum(scores) / len(scores) if scores else None


def gradebook(
    session: Session, school_class: SchoolClass, rubric, pupils: list[Pupil] | None = None
) -> Gradebook:
    """Every pupil (or only `pupils`, such as the one reading their own work) against every
    assignment: status, lateness, score."""
    pupils = school_class.pupils_by_name if pupils is None else pupils
    assignments = sorted(school_class.assignments, key=lambda a: (a.created_at, a.id))
    learner_to_pupil = {p.learner_id: p for p in pupils}
    ids = [a.id for a in assignments]
    attempts = session.scalars(
        select(Attempt).where(
            Attempt.assignment_id.in_(ids), Attempt.learner_id.in_(learner_to_pupil)
        )
    )
    quiz_work: dict[tuple[int, int], list[Attempt]] = {}
    for attempt in attempts:
        pupil = learner_to_pupil.get(attempt.learner_id)
        if pupil is not None:
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
            if pupil is not None:
                debate_work[pupil.id, debate.assignment_id] = participant
    cells = {}
    moment = now()
    for pupil in pupils:
        for assignment in assignments:
            key = (pupil.id, assignment.id)
            if assignment.kind == "quiz":
                tries = quiz_work.get(key, [])
                finished = [a.score for a in tries if a.finished_at is not None]
                cells[key] = rules.progress(
                    started=bool(tries),
                    done=bool(finished),
                    score=max(finished) if finished else None,
                    due_at=assignment.due_at,
                    now=moment,
                )
            else:
                participant = debate_work.get(key)
                cells[key] = rules.progress(
                    started=participant is not None,
                    done=participant is not None and participant.final_vote is not None,
                    score=_teacher_score(participant, rubric, language_class[assignment.id])
                    if participant
                    else None,
                    due_at=assignment.due_at,
                    now=moment,
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
    items = {}
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
