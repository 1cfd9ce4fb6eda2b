from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2's, not in its stubs yet
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

USERNAME_RULE = Regexp(
    r"^[\w.-]+$", message=_l("Use letters, digits, dots, hyphens or underscores only.")
)


class SignInForm(FlaskForm):
    username = StringField(_l("Username"), [InputRequired(), Length(max=40)])
    password = PasswordField(_l("Password"), [InputRequired(), Length(max=128)])


class SignUpForm(FlaskForm):
    username = StringField(_l("Username"), [InputRequired(), Length(min=3, max=40), USERNAME_RULE])
    password = PasswordField(_l("Password"), [InputRequired()])
    confirm = PasswordField(
        _l("The same password again"),
        [InputRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    role = RadioField(
        _l("I am"),
        choices=[
            SelectChoice("learner", _l("a learner")),
            SelectChoice("teacher", _l("a teacher")),
        ],
        default="learner",
    )


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), [InputRequired(), Length(max=128)])
    password = PasswordField(_l("New password"), [InputRequired()])
    confirm = PasswordField(
        _l("The same password again"),
        [InputRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class EndSessionsForm(FlaskForm):
    """Only the CSRF token: signing out elsewhere is a POST like every change."""
