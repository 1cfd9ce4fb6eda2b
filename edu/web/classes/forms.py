from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp


class ClassForm(FlaskForm):
    name = StringField(_l("Name of the class"), [InputRequired(), Length(max=80)])


class RenewCodeForm(FlaskForm):
    days = IntegerField(
        _l("Valid for (days, empty for no limit)"), [Optional(), NumberRange(min=1, max=365)]
    )


class PupilsForm(FlaskForm):
    names = TextAreaField(_l("First names, one per line"), [InputRequired(), Length(max=4000)])


class JoinForm(FlaskForm):
    code = StringField(_l("Class code"), [InputRequired(), Length(max=12)])
    first_name = StringField(_l("Your first name"), [InputRequired(), Length(max=40)])
    pin = StringField(
        _l("Your PIN (if you have one)"),
        [Optional(), Regexp(r"^\d{4}$", message=_l("A PIN has 4 digits."))],
    )
