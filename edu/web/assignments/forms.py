from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from edu import clock
from edu.assignments import rules
from edu.web.quiz.forms import feedback_field

DUE_LABEL = _l("Due date (optional: the end of that day)")
ATTEMPTS = _l("Attempts allowed (empty: no limit)")
BETWEEN = _l("Between 1 and 20 attempts.")
IN_THE_PAST = _l("This day is already over: choose today or a later day.")


def not_in_the_past(form, field) -> None:
    """A due date is a day not yet over where the school is; the date the work already has
    (`form.current_due`, when editing) may stay as it is."""
    refusal = rules.due_date_refusal(
        field.data,
        now=clock.now(),
        zone=get_timezone(),
        current=getattr(form, "current_due", None),
    )
    if refusal is not None:
        raise ValidationError(IN_THE_PAST)


class DayField(DateField):
    """A date field whose unreadable value (31 February, letters) gets our own message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(
                _l("We could not read this date: choose a day in the calendar.")
            ) from None


def due_field(label=DUE_LABEL) -> DateField:
    return DayField(label, [Optional(), not_in_the_past])


def attempts_field() -> IntegerField:
    return IntegerField(ATTEMPTS, [Optional(), NumberRange(min=1, max=20, message=BETWEEN)])


class AssignQuizForm(FlaskForm):
    article = SelectField(_l("Article"), [InputRequired()], choices=[])
    due = due_field()
    max_attempts = attempts_field()
    feedback = feedback_field()


class AssignDebateForm(FlaskForm):
    question = SelectField(_l("Discussion question"), [InputRequired()], choices=[])
    due = due_field()
    language_class = BooleanField(_l("Language class (language quality is scored too)"))


class EditQuizForm(FlaskForm):
    """Changing a set quiz; `current_due` is set by the view to the due date it has."""

    current_due = None
    due = due_field(_l("Due date (empty: no due date; the end of that day)"))
    max_attempts = attempts_field()
    feedback = feedback_field()


class EditDebateForm(FlaskForm):
    current_due = None
    due = due_field(_l("Due date (empty: no due date; the end of that day)"))


class CloseForm(FlaskForm):
    pass


class ReopenForm(FlaskForm):
    due = due_field(_l("New due date"))
    no_due = BooleanField(_l("No due date"))


class ExtensionForm(FlaskForm):
    due = DayField(
        _l("Their own due date (the end of that day)"),
        [InputRequired(message=_l("Choose a day."))],
    )


class OverrideForm(FlaskForm):
    score = StringField(_l("Score given by the teacher (%, from 0 to 100)"), [InputRequired()])
    comment = TextAreaField(
        _l("Why (the pupil reads it)"),
        [
            InputRequired(message=_l("Say why: the pupil reads your comment.")),
            Length(max=rules.MAX_COMMENT, message=_l("At most %(max)d characters.")),
        ],
    )


class RemoveForm(FlaskForm):
    """The button that removes a pupil's extension or the teacher's score, beside the form
    that sets it (the same address): its `action` tells them apart."""

    action = StringField()


class AssignReviewForm(FlaskForm):
    """A review of the facts ticked on "What the class is forgetting"."""

    facts = SelectMultipleField(
        _l("Facts to review"),
        [InputRequired(message=_l("Tick at least one fact to review."))],
        choices=[],
        coerce=int,
    )
    due = due_field()
