from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2's, not in its stubs yet


def feedback_field() -> RadioField:
    """When the right answers show: a learner's choice, or a teacher's for set work."""
    return RadioField(
        _l("Show the right answers"),
        choices=[
            SelectChoice("each", _l("after each question")),
            SelectChoice("end", _l("at the end")),
        ],
        default="each",
    )


class StartQuizForm(FlaskForm):
    feedback = feedback_field()


class PractiseMistakesForm(FlaskForm):
    """ "Practise my mistakes" on a results page: the CSRF token only."""
