"""What the debate pages send: each form reads its fields, and a value too long is refused with
a message, never cut. The pages draw the fields themselves (radio buttons, a score grid)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    Form,
    FormField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2's, not in its stubs yet
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import TextInput

from edu.debate.phases import SIDES
from edu.debate.rubric import Rubric
from edu.web.converters import parse_id

MAX_CODE = 20  # a code has 6 characters; spaces typed around them are fine
MAX_NAME = 40
MAX_TARGET = 40  # the longest argument id a contribution stores
MAX_COMMENT = 1000

AT_MOST = _l("At most %(max)d characters.")
NO_SUCH_CODE = _l("No debate has this code. Check it with your teacher.")
SIDE_CHOICES = [SelectChoice("for", _l("For")), SelectChoice("against", _l("Against"))]


class IdField(Field):
    """An id sent by a form: the number the database can hold, or None for anything else."""

    widget = TextInput()
    data: int | None

    def process_formdata(self, valuelist):
        self.data = parse_id(valuelist[0]) if valuelist else None


class LevelField(Field):
    """One criterion's level: one of the levels the rubric gives it, or None when none is
    chosen; anything else a browser may send counts as no level, so a half-filled row stays a
    draft instead of an error."""

    def __init__(self, label=None, validators=None, *, levels=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.levels = tuple(levels)

    def process_formdata(self, valuelist):
        raw = valuelist[0].strip() if valuelist else ""
        self.data = next((level for level in self.levels if str(level) == raw), None)


def _known(choices):
    """A filter: a value among `choices`, or None (no choice made)."""
    return lambda value: value if value in choices else None


def _none_if_empty(value):
    return value or None


def comment_field() -> TextAreaField:
    return TextAreaField(
        _l("Comment"), [Optional(), Length(max=MAX_COMMENT, message=AT_MOST)], default=""
    )


class StartDebateForm(FlaskForm):
    question = IdField(validators=[DataRequired()])
    mode = RadioField(
        choices=[
            SelectChoice("solo", _l("Practise alone")),
            SelectChoice("group", _l("Open a group debate")),
        ]
    )
    language = BooleanField()  # a language class: language quality is scored too


class JoinDebateForm(FlaskForm):
    code = StringField(
        validators=[
            InputRequired(message=NO_SUCH_CODE),
            Length(max=MAX_CODE, message=NO_SUCH_CODE),
        ]
    )


class TakeSideForm(FlaskForm):
    # No side, or an unknown one: in a group debate, the side that needs a debater.
    side = RadioField(choices=SIDE_CHOICES, validate_choice=False, filters=[_known(SIDES)])
    vote = RadioField(choices=SIDE_CHOICES)
    name = StringField(
        _l("Your first name"),
        [Optional(), Length(max=MAX_NAME, message=AT_MOST)],
        filters=[lambda value: value.strip() if value else ""],
    )


class PhaseForm(FlaskForm):
    """A phase's text, whole: the debate service refuses one too large to keep, with its own
    message saying how large; here only the fields around it are checked."""

    text = TextAreaField(_l("Your text"), default="")
    cards = SelectMultipleField(validate_choice=False, default=())  # the service checks them
    target = StringField(
        validators=[
            Optional(),
            Length(max=MAX_TARGET, message=_l("That argument is not one you can answer.")),
        ],
        filters=[_none_if_empty],
    )
    # A language other than French or English: the interface's, as when none is chosen.
    language = RadioField(
        validate_choice=False,
        choices=[SelectChoice("fr", "fr"), SelectChoice("en", "en")],
        filters=[_known({"fr", "en"})],
    )
    action = StringField()  # "submit", or anything else for a draft


class FinalVoteForm(FlaskForm):
    vote = RadioField(choices=SIDE_CHOICES)


class ConvincingForm(FlaskForm):
    participant = IdField()


def _levels_form(rubric: Rubric) -> type[Form]:
    """A level field for each criterion of the rubric, named by the criterion's id."""
    fields = {
        criterion.id: LevelField(levels=tuple(criterion.levels)) for criterion in rubric.criteria
    }
    return type("LevelsForm", (Form,), fields)


def self_assessment_form(rubric: Rubric) -> FlaskForm:
    """`level-<criterion>` for each criterion, and a comment."""
    fields: dict[str, Field] = {
        "level": FormField(_levels_form(rubric), separator="-"),
        "comment": comment_field(),
    }
    return type("SelfAssessmentForm", (FlaskForm,), fields)()


def scores_form(rubric: Rubric, participant_ids) -> FlaskForm:
    """A row for each participant: `p<id>-<criterion>` for each criterion, `p<id>-comment`."""
    row = type("ScoreRowForm", (_levels_form(rubric),), {"comment": comment_field()})
    fields: dict[str, Field] = {f"p{pid}": FormField(row, separator="-") for pid in participant_ids}
    return type("ScoresForm", (FlaskForm,), fields)()
