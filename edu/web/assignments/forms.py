from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from edu.web.quiz.forms import feedback_field

DUE_LABEL = _l("Due date (optional: the end of that day)")


class AssignQuizForm(FlaskForm):
    article = SelectField(_l("Article"), [InputRequired()], choices=[])
    due = DateField(DUE_LABEL, [Optional()])
    max_attempts = IntegerField(
        _l("Attempts allowed (empty: no limit)"),
        [Optional(), NumberRange(min=1, max=20, message=_l("Between 1 and 20 attempts."))],
    )
    feedback = feedback_field()


class AssignDebateForm(FlaskForm):
    question = SelectField(_l("Discussion question"), [InputRequired()], choices=[])
    due = DateField(DUE_LABEL, [Optional()])
    language_class = BooleanField(_l("Language class (language quality is scored too)"))
