from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice


class StartQuizForm(FlaskForm):
    feedback = RadioField(
        _l("Show the right answers"),
        choices=[
            SelectChoice("each", _l("after each question")),
            SelectChoice("end", _l("at the end")),
        ],
        default="each",
    )
