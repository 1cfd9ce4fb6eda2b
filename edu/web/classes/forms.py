from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, Regexp


class ConfirmForm(FlaskForm):
    """A deletion for good: sent only with its box ticked (the view says what is deleted)."""

    confirm = StringField(validators=[AnyOf(["yes"])])


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
        [Optional(), Regexp(r"^\s*\d{4}\s*$", message=_l("A PIN has 4 digits."))],
    )
    # Only for a second pupil of the class with the same first name: "B" makes "Zoé B.".
    initial = StringField(
        _l("Initial of your surname (only if another pupil has your first name)"),
        [Optional(), Length(max=8)],
    )


class ImportForm(FlaskForm):
    """A class list: pasted, or a CSV file. Sizes are checked in the view, with their message."""

    names = TextAreaField(_l("Names, one per line (first name, or first name and surname)"))
    file = FileField(_l("Or a CSV file (names in the first column)"))


class RenameForm(FlaskForm):
    first_name = StringField(_l("First name"), [InputRequired()])
    initial = StringField(_l("Initial (optional)"))


class MoveForm(FlaskForm):
    target = StringField(_l("Move to the class"), [InputRequired()])
