"""What a pupil is told when set work can no longer be started or handed in."""

from flask import flash, redirect
from flask_babel import lazy_gettext as _l

from edu.assignments import rules
from edu.extensions import db
from edu.models import Learner
from edu.services import assignments
from edu.web.identity import current_learner

REFUSALS = {
    rules.PAST_DUE: _l(
        "The due date has passed: this work can no longer be handed in. "
        "Nothing you did before has changed."
    ),
    rules.CLOSED: _l(
        "Your teacher has closed this work: it can no longer be handed in. "
        "Nothing you did before has changed."
    ),
    rules.OTHER_CLASS: _l(
        "This work was set to a class you are no longer in: it can no longer be handed in. "
        "Nothing you did before has changed."
    ),
    rules.NO_ATTEMPTS_LEFT: _l(
        "You have used every attempt allowed for this quiz. Your results are kept."
    ),
    "empty": _l("This quiz has no questions yet."),
}


def refusal_message(code: str) -> str:
    return str(REFUSALS[code])


def refuse_past_due(assignment_id: int | None, back_to: str, learner: Learner | None = None):
    """Set work past its due date takes nothing more: a redirect to `back_to` with the reason,
    or None when the work (or free practice) may still be handed in. `learner`: the one
    handing in, when the caller has it already (else the session's)."""
    if assignment_id is None:  # free practice is never refused: no need to look anyone up
        return None
    learner = learner or current_learner()
    refusal = assignments.submission_refusal(db.session, assignment_id, learner)
    if refusal is None:
        return None
    flash(refusal_message(refusal), "error")
    return redirect(back_to)
