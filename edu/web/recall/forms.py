from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from edu.recall.queue import MOST_NEW_PER_DAY

PACE_MESSAGE = _l(
    "Give a whole number of facts per day, from 0 to %(most)s.", most=MOST_NEW_PER_DAY
)


class WholeNumberField(IntegerField):
    """An integer field that says what it wants, in the reader's language, when the text is no
    whole number ("3,5", "dix")."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(PACE_MESSAGE)) from error


class StartReviewForm(FlaskForm):
    """Starting a session: the CSRF token only."""


class PaceForm(FlaskForm):
    new_per_day = WholeNumberField(
        _l("New facts per day"),
        [
            InputRequired(message=PACE_MESSAGE),
            NumberRange(min=0, max=MOST_NEW_PER_DAY, message=PACE_MESSAGE),
        ],
    )
