"""Debate persistence: open and join debates, keep drafts, submit phases, votes, rubric scores."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from edu import clock, policies
from edu.debate.phases import (
    MAX_CHARACTERS,
    PHASES,
    assign_side,
    change_of_mind,
    check_contribution,
    word_count,
)
from edu.debate.prompts import DebatePrompt, ModelArgument, build_prompt
from edu.debate.rubric import CriterionFeedback, Rubric, debate_score, feedback
from edu.models import (
    Article,
    Assignment,
    Contribution,
    Debate,
    Learner,
    Participant,
    Question,
    RubricScore,
    User,
)
from edu.services.content_store import as_pack, whole_article

SIDES = ("for", "against")
TARGET_PREFIX = "contribution:"


def prompt_for(session: Session, question: Question) -> DebatePrompt:
    """The structured prompt of a stored question (motion, brief, evidence cards, phases)."""
    article = session.scalars(
        select(Article).where(Article.id == question.article_id).options(*whole_article())
    ).one()
    domain = as_pack(article)
    return build_prompt(domain, next(q for q in domain.questions if q.id == question.slug))


def open_debate(
    session: Session, question: Question, host: Learner, mode: str, language_class: bool = False
) -> Debate:
    debate = Debate(question=question, host=host, mode=mode, language_class=language_class)
    session.add(debate)
    session.flush()
    return debate


def find(session: Session, public_id: str) -> Debate | None:
    """A debate with what its pages show: participants, their work and scores, its class."""
    return session.scalar(
        select(Debate)
        .where(Debate.public_id == public_id)
        .options(
            selectinload(Debate.participants).selectinload(Participant.contributions),
            selectinload(Debate.participants).selectinload(Participant.scores),
            selectinload(Debate.participants).selectinload(Participant.learner),
            selectinload(Debate.assignment).selectinload(Assignment.school_class),
        )
    )


def find_by_code(session: Session, code: str) -> Debate | None:
    code = "".join(code.split()).upper()
    return session.scalar(select(Debate).where(Debate.code == code)) if code else None


def participant_of(debate: Debate, learner: Learner | None) -> Participant | None:
    if learner is None:
        return None
    return next((p for p in debate.participants if p.learner_id == learner.id), None)


def join(
    session: Session, debate: Debate, learner: Learner, side: str | None, vote: str
) -> Participant:
    """Take a side and give a first vote on the motion; joining twice keeps the first choice.

    Alone, the learner argues the side they chose. In a group debate the sides are kept
    balanced (`assign_side`), so that every rebuttal has an opponent to answer: a class's debate
    ignores the side asked for (the teacher's debaters are shared out evenly), a debate opened
    by a learner honours it while that side has no more debaters than the other.
    """
    existing = participant_of(debate, learner)
    if existing is not None:
        return existing
    if vote not in SIDES or (debate.mode != "group" and side not in SIDES):
        raise ValueError("side and vote are 'for' or 'against'")
    if debate.mode == "group":
        preferred = side if debate.assignment_id is None else None
        side = assign_side(preferred, (p.side for p in debate.participants))
    participant = Participant(learner=learner, side=side, first_vote=vote)
    debate.participants.append(participant)
    session.flush()
    return participant


def contribution(participant: Participant, phase: str) -> Contribution | None:
    return next((c for c in participant.contributions if c.phase == phase), None)


def submitted_phases(participant: Participant) -> set[str]:
    return {c.phase for c in participant.contributions if c.submitted_at is not None}


def rebuttal_targets(debate: Debate, participant: Participant, prompt: DebatePrompt) -> dict:
    """What a rebuttal may answer, mapping target id to the Contribution or ModelArgument.

    In a group debate: the submitted opening statements of classmates on the other side
    first, then the model arguments of the other side, so that a rebuttal always has something
    to answer, even before any opponent has written (and a target chosen in a draft never
    disappears). Alone: the model arguments of the other side.
    """
    targets: dict[str, Contribution | ModelArgument] = {}
    if debate.mode == "group":
        for other in debate.participants:
            opening = contribution(other, "opening")
            if other.side != participant.side and opening and opening.submitted_at:
                targets[f"{TARGET_PREFIX}{opening.id}"] = opening
    targets.update({a.id: a for a in prompt.arguments if a.side != participant.side})
    return targets


@dataclass(frozen=True)
class Saved:
    contribution: Contribution | None  # None when nothing was ever kept for this phase
    problems: list[str]  # empty when the phase was submitted (or the draft saved) as asked


def save(
    session: Session,
    debate: Debate,
    participant: Participant,
    prompt: DebatePrompt,
    phase: str,
    *,
    text: str,
    cited: list[str],
    target: str | None,
    language: str,
    submit: bool,
) -> Saved:
    """Keep what was written whatever happens; submit it only when every check passes."""
    row = contribution(participant, phase)
    if row is not None and row.submitted_at is not None:
        return Saved(row, ["already-done"])
    if len(text) > MAX_CHARACTERS:  # never cut: refused whole, the earlier draft stays as it was
        return Saved(row, ["too-large"])
    if row is None:
        row = Contribution(phase=phase, language=language)
        participant.contributions.append(row)
    row.text, row.cited, row.target, row.language = text, list(cited), target, language
    row.words = word_count(text)
    row.updated_at = clock.now()
    problems = []
    if submit:
        problems = check_contribution(
            phase,
            text,
            done=submitted_phases(participant),
            cited=cited,
            cards=[card.id for card in prompt.cards],
            target=target,
            targets=list(rebuttal_targets(debate, participant, prompt)),
        )
        if not problems:
            row.submitted_at = clock.now()
    session.flush()
    return Saved(row, problems)


def final_vote(session: Session, participant: Participant, vote: str) -> bool:
    """The vote after the closing statement; False when it is not yet time or already given."""
    if vote not in SIDES or participant.final_vote is not None:
        return False
    if "closing" not in submitted_phases(participant):
        return False
    participant.final_vote = vote
    session.flush()
    return True


def vote_convincing(session: Session, debate: Debate, voter: Participant, chosen_id: int) -> bool:
    """A peer vote for the most convincing classmate: once, after one's own final vote."""
    chosen = next((p for p in debate.participants if p.id == chosen_id), None)
    if debate.mode != "group" or chosen is None or chosen.id == voter.id:
        return False
    if voter.final_vote is None or voter.convincing_id is not None:
        return False
    voter.convincing_id = chosen.id
    session.flush()
    return True


def convincing_votes(debate: Debate) -> dict[int, int]:
    """How many classmates found each participant the most convincing."""
    counts = {p.id: 0 for p in debate.participants}
    for participant in debate.participants:
        if participant.convincing_id in counts:
            counts[participant.convincing_id] += 1
    return counts


def minds_changed(debate: Debate) -> int:
    first = {str(p.id): p.first_vote for p in debate.participants}
    final = {str(p.id): p.final_vote for p in debate.participants if p.final_vote}
    return change_of_mind(first, final)


def finished(participant: Participant) -> bool:
    return participant.final_vote is not None


@dataclass(frozen=True)
class Indicators:
    """What the scorer sees at a glance beside each participant."""

    cards_cited: int
    words: dict[str, int]
    rebuttal_named: bool


def indicators(participant: Participant) -> Indicators:
    cited = {card for c in participant.contributions for card in (c.cited or [])}
    rebuttal = contribution(participant, "rebuttal")
    return Indicators(
        cards_cited=len(cited),
        words={
            phase.id: (contribution(participant, phase.id) or Contribution()).words or 0
            for phase in PHASES
        },
        rebuttal_named=bool(rebuttal and rebuttal.target),
    )


def scores_self(participant: Participant, scorer: Learner | User, role: str) -> bool:
    """True when a host would score their own participation: refused (self-assessment, role
    "self", is another thing)."""
    return role == "host" and not policies.can_score_participant(scorer, participant)


def record_scores(
    session: Session,
    participant: Participant,
    scorer: Learner | User,
    role: str,
    levels: dict[str, int],
    comment: str | None,
    *,
    draft: bool = False,
) -> None:
    """Store one scorer's levels for a participant, replacing that scorer's earlier ones.

    The scorer is a learner (the host of a group debate, or oneself) or the class's teacher.
    `draft`: some criteria are still unset; the levels given are kept (marked draft, so not
    counted by `score_of`) until every criterion has one. A criterion the scorer left unset
    this time loses its earlier level. A host scoring themself is refused (ValueError).
    """
    if scores_self(participant, scorer, role):
        raise ValueError("a host cannot score their own participation")
    by_teacher = isinstance(scorer, User)
    mine = [
        s
        for s in participant.scores
        if (s.scorer_user_id if by_teacher else s.scorer_id) == scorer.id and s.role == role
    ]
    existing = {s.criterion: s for s in mine}
    now = clock.now()
    for criterion, dropped in existing.items():
        if criterion not in levels:
            participant.scores.remove(dropped)
    for criterion, level in levels.items():
        row = existing.get(criterion)
        if row is None:
            row = RubricScore(role=role, criterion=criterion)
            if isinstance(scorer, User):  # by_teacher
                row.scorer_user_id = scorer.id
            else:
                row.scorer = scorer
            participant.scores.append(row)
        row.level, row.comment, row.scored_at = level, comment or None, now
        row.draft = draft
    session.flush()


@dataclass(frozen=True)
class Scoring:
    """One role's scoring of a participant, as stored: for showing it back or to the learner."""

    levels: dict[str, int]
    comment: str | None
    draft: bool  # some criteria still unset: kept, not counted


def scoring(participant: Participant, role: str) -> Scoring:
    rows = [s for s in participant.scores if s.role == role]
    comment = next((s.comment for s in rows if s.comment), None)
    return Scoring({s.criterion: s.level for s in rows}, comment, any(s.draft for s in rows))


def score_feedback(
    participant: Participant, rubric: Rubric, language_class: bool, role: str
) -> list[CriterionFeedback] | None:
    """Each criterion's level and descriptor from one role's counted (not draft) levels, or None
    when that role has not finished scoring: a learner sees a score once it counts."""
    if score_of(participant, rubric, language_class, role) is None:
        return None
    return feedback(rubric, scoring(participant, role).levels, language_class)


def score_of(participant: Participant, rubric: Rubric, language_class: bool, role: str):
    """A participant's debate score (0..1) from one role's levels, or None if incomplete (a
    draft, with some criteria still unset, does not count)."""
    levels = {s.criterion: s.level for s in participant.scores if s.role == role and not s.draft}
    try:
        return debate_score(rubric, levels, language_class=language_class)
    except ValueError:
        return None


def learner_debates(session: Session, learner: Learner) -> list[Participant]:
    return list(
        session.scalars(
            select(Participant)
            .where(Participant.learner_id == learner.id)
            .options(
                selectinload(Participant.debate).selectinload(Debate.question),
                selectinload(Participant.scores),
                selectinload(Participant.contributions),
            )
            .order_by(Participant.joined_at.desc(), Participant.id.desc())
        )
    )
