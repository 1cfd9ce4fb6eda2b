"""Who may open a page: decorators and lookups that ask `edu.policies`, then refuse the way
every page does. Nobody signed in: the sign-in page. The wrong kind of person: 403. What is
someone else's: 404, the same answer as for what does not exist. A refused teacher's page,
and another teacher's class, set work or draft, or a score grid refused to someone signed in,
go to the audit log."""

import functools
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

from flask import abort, redirect, request, url_for

from edu import policies
from edu.extensions import db
from edu.models import (
    ArticleDraft,
    Assignment,
    Debate,
    Learner,
    Participant,
    Pupil,
    SchoolClass,
    User,
)
from edu.services import assignments, classes, debates, drafts
from edu.web.identity import audit, current_learner, current_user

P = ParamSpec("P")
R = TypeVar("R")


def _to_sign_in() -> NoReturn:
    """To the sign-in page; back to this page afterwards when it can be opened again (a GET)."""
    target = None
    if request.method == "GET":
        target = request.full_path if request.query_string else request.path
    abort(redirect(url_for("accounts.signin", next=target)))


def _refuse(status: int) -> NoReturn:
    audit("permission-denied", subject=request.path)
    abort(status)


def signed_in_user() -> User:
    """The signed-in account; nobody is sent to sign in."""
    user = current_user()
    if user is None:
        _to_sign_in()
    return user


def current_teacher() -> User:
    """The signed-in teacher (or admin); a learner's account is refused, nobody signs in."""
    user = signed_in_user()
    if not policies.can_teach(user):
        _refuse(403)
    return user


def current_admin() -> User:
    user = signed_in_user()
    if not policies.can_administer(user):
        _refuse(403)
    return user


def current_pupil() -> Pupil:
    """The pupil using this browser; anyone else finds nothing here (404)."""
    pupil = assignments.pupil_of(db.session, current_learner())
    if pupil is None:
        abort(404)
    return pupil


def _requiring(check: Callable[[], object]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A decorator that runs `check` (which refuses by aborting) before the view."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            check()
            return view(*args, **kwargs)

        return guarded

    return decorator


signed_in_required = _requiring(signed_in_user)
teacher_required = _requiring(current_teacher)
admin_required = _requiring(current_admin)
pupil_required = _requiring(current_pupil)


# -- classes and set work ----------------------------------------------------------------------


def owned_class_or_404(class_id: str) -> SchoolClass:
    """The signed-in teacher's class."""
    school_class = classes.teacher_class(db.session, current_teacher(), class_id)
    if school_class is None:  # not there, or another teacher's: both look the same
        _refuse(404)
    return school_class


def class_pupil_or_404(school_class: SchoolClass, pupil_id: int) -> Pupil:
    """A pupil of this class (one of the teacher's, from `owned_class_or_404`), never of
    another one reached through it."""
    pupil = next((p for p in school_class.pupils if p.id == pupil_id), None)
    if pupil is None:
        abort(404)
    return pupil


def class_assignment_or_404(school_class: SchoolClass, assignment_id: str) -> Assignment:
    """Work set to this class (one of the teacher's, from `owned_class_or_404`)."""
    assignment = assignments.class_assignment(db.session, school_class, assignment_id)
    if assignment is None:
        _refuse(404)
    return assignment


def pupil_assignment_or_404(pupil: Pupil, assignment_id: str) -> Assignment:
    """Work set to the pupil's class."""
    assignment = assignments.pupil_assignment(db.session, pupil, assignment_id)
    if assignment is None:
        abort(404)
    return assignment


# -- content -----------------------------------------------------------------------------------


def own_draft_or_404(draft_id: int) -> ArticleDraft:
    """A draft the signed-in teacher may open."""
    draft = drafts.teacher_draft(db.session, current_teacher(), draft_id)
    if draft is None:  # not there, or another teacher's: both look the same
        _refuse(404)
    return draft


# -- debates -----------------------------------------------------------------------------------


def debate_or_404(debate_id: str) -> Debate:
    """The debate, whoever asks: `check_debate_view` says whether they may see it."""
    debate = debates.find(db.session, debate_id)
    if debate is None:
        abort(404)
    return debate


def check_debate_view(debate: Debate, learner: Learner | None) -> None:
    """404 unless this browser's learner (or signed-in teacher) may see the debate."""
    pupil = assignments.pupil_of(db.session, learner) if debate.assignment_id else None
    if not policies.can_view_debate(debate, learner, user=current_user(), pupil=pupil):
        abort(404)


def may_score(debate: Debate) -> bool:
    """Whether this browser's person scores the debate (its page then links the score grid)."""
    return policies.can_score(debate, user=current_user(), learner=current_learner())


def debate_scorer_or_404(debate: Debate) -> User | Learner:
    """Who scores the debate from this browser: its class's teacher, or its host."""
    user = current_user()
    scorer = policies.debate_scorer(debate, user=user, learner=current_learner())
    if scorer is None:
        if user is not None:
            _refuse(404)
        abort(404)
    return scorer


def participant_or_404(debate: Debate) -> tuple[Learner, Participant]:
    """This browser's learner and their part in the debate: only participants write and vote."""
    learner = current_learner()
    participant = debates.participant_of(debate, learner)
    if learner is None or participant is None:
        abort(404)
    return learner, participant
