"""What a pupil is told when set work can no longer be started or handed in."""

from flask_babel import gettext as _

from edu.assignments import rules

REFUSALS = {
    rules.PAST_DUE: lambda: _(
        "The due date has passed: this work can no longer be handed in. "
        "Nothing you did before has changed."
    ),
    rules.NO_ATTEMPTS_LEFT: lambda: _(
        "You have used every attempt allowed for this quiz. Your results are kept."
    ),
    "empty": lambda: _("This quiz has no questions yet."),
}


def refusal_message(code: str) -> str:
    return REFUSALS[code]()
