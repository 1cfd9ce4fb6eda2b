from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2's, not in its stubs yet
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from edu.content.pack import ENTITY_CATEGORIES, LEVELS
from edu.services.item_store import REVIEW_STATUSES

LANGUAGES = [SelectChoice("fr", _l("French")), SelectChoice("en", _l("English"))]
MAX_WORDING = 2000  # characters of one text of a question: a prompt, a choice, its answers
AT_MOST = _l("At most %(max)d characters.")


def _stripped(value):
    return value.strip() if isinstance(value, str) else ""


def wording_field(field_class=StringField):
    """One text of a question, stripped; longer than MAX_WORDING, refused with a message."""
    return field_class(
        validators=[Length(max=MAX_WORDING, message=AT_MOST)], filters=[_stripped], default=""
    )


class StatusForm(FlaskForm):
    """Publish or reject an item."""

    status = RadioField(choices=[SelectChoice(status, status) for status in REVIEW_STATUSES])


class HandwrittenForm(FlaskForm):
    """A question written by hand: its fields are those of `edu.quiz.handwritten.Written`,
    which judges them; here only their length is checked."""

    type = wording_field()
    prompt_fr = wording_field(TextAreaField)
    prompt_en = wording_field(TextAreaField)
    lines_fr = wording_field(TextAreaField)
    lines_en = wording_field(TextAreaField)
    value = wording_field()
    tolerance = wording_field()
    unit_fr = wording_field()
    unit_en = wording_field()
    truth = wording_field()
    answer_fr = wording_field()
    answer_en = wording_field()


class BilingualForm(Form):
    fr = wording_field(TextAreaField)
    en = wording_field(TextAreaField)


def wording_form(choice_ids) -> FlaskForm:
    """A new wording of an item: `prompt-fr`, `prompt-en`, and `choice-<id>-<language>` for
    each of its choices."""
    fields = {"prompt": FormField(BilingualForm, separator="-")}
    fields |= {f"choice-{cid}": FormField(BilingualForm, separator="-") for cid in choice_ids}
    return type("WordingForm", (FlaskForm,), fields)()


class GiftImportForm(FlaskForm):
    file = FileField(_l("GIFT file (.gift or .txt, from Moodle)"), [FileRequired()])
    language = RadioField(_l("Language of the questions"), choices=LANGUAGES, default="fr")


# -- the article editor ------------------------------------------------------------------------
# Every field is plain text: the content validator, the one content/ files go through, judges
# the values (a number, a paragraph, a date) and its messages are shown next to the fields.

KINDS = [
    SelectChoice("number", _l("A number")),
    SelectChoice("date", _l("A date")),
    SelectChoice("entity", _l("A name (person, company…)")),
    SelectChoice("claim", _l("A claim (true or false)")),
]
# Every category of `ENTITY_CATEGORIES`, persons by role: a wrong choice is a name of the same
# category only (a central banker is never offered beside a strategist of antiquity).
CATEGORIES = [
    SelectChoice("leader", _l("a person: head of state or government")),
    SelectChoice("official", _l("a person: central banker or public official")),
    SelectChoice("business", _l("a person: company head, entrepreneur or investor")),
    SelectChoice("thinker", _l("a person: thinker or historical figure")),
    SelectChoice("company", _l("a company")),
    SelectChoice("organisation", _l("an organisation")),
    SelectChoice("country", _l("a country")),
    SelectChoice("place", _l("a place")),
    SelectChoice("model", _l("an AI model")),
    SelectChoice("programme", _l("a programme")),
    SelectChoice("product", _l("a product (a chip, a device)")),
    SelectChoice("technology", _l("a technology or a standard (5G)")),
    SelectChoice("policy", _l("a policy or a doctrine")),
]
assert [choice.value for choice in CATEGORIES] == list(ENTITY_CATEGORIES)
DEFAULT_CATEGORY = "company"
LEVEL_CHOICES = [SelectChoice(level, level) for level in LEVELS]


class ArgumentForm(Form):
    fr = TextAreaField(_l("In French"))
    en = TextAreaField(_l("In English"))
    facts = StringField(_l("Facts it leans on (ids, separated by commas; optional)"))


class FactForm(Form):
    id = StringField(_l("Id (lowercase letters, digits and hyphens)"))
    kind = SelectField(_l("Kind"), choices=KINDS, default="number")
    text_fr = TextAreaField(_l("The fact in French"))
    text_en = TextAreaField(_l("The fact in English"))
    where = StringField(_l("Paragraph of the article"))
    value = StringField(_l("Number: the value, as written in the texts"))
    unit_fr = StringField(_l("Unit in French (optional)"))
    unit_en = StringField(_l("Unit in English (optional)"))
    tolerance = StringField(_l("Tolerance (relative, 0 to 1; optional)"))
    date = StringField(_l("Date: YYYY, YYYY-MM or YYYY-MM-DD"))
    entity_fr = StringField(_l("Name: the answer in the French text"))
    entity_en = StringField(_l("Name: the answer in the English text"))
    category = SelectField(_l("Name: what it names"), choices=CATEGORIES, default=DEFAULT_CATEGORY)
    also = StringField(_l("Name: other spellings accepted when typed, separated by semicolons"))
    wrong = StringField(
        _l(
            "Wrong options of the choice item, separated by semicolons (“Fr / En” where a name "
            "differs); empty: Agora draws them"
        )
    )
    no_choice = BooleanField(_l("No choice item: any option would be arguable or give it away"))
    false_fr = TextAreaField(_l("Claim: a plausible false variant in French"))
    false_en = TextAreaField(_l("Claim: a plausible false variant in English"))


class QuestionForm(Form):
    id = StringField(_l("Id (lowercase letters, digits and hyphens)"))
    where = StringField(_l("Paragraph, if the article asks it (optional)"))
    text_fr = TextAreaField(_l("The question in French"))
    text_en = TextAreaField(_l("The question in English"))
    motion_fr = TextAreaField(_l("Debate motion in French"))
    motion_en = TextAreaField(_l("Debate motion in English"))
    facts = StringField(_l("Evidence: ids of the facts, separated by commas"))
    arguments_for = FieldList(FormField(ArgumentForm), min_entries=2)
    arguments_against = FieldList(FormField(ArgumentForm), min_entries=2)


class ArticleForm(FlaskForm):
    slug = StringField(_l("Id of the article (lowercase letters, digits and hyphens)"))
    publication = StringField(_l("Publication (optional)"))
    author = StringField(_l("Author (optional)"))
    date = StringField(_l("Date of the article: YYYY, YYYY-MM or YYYY-MM-DD"))
    language = SelectField(_l("Language of the article"), choices=LANGUAGES, default="fr")
    level = SelectField(_l("CEFR level of the French text"), choices=LEVEL_CHOICES, default="B1")
    themes = SelectMultipleField(
        _l("Themes"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )
    title_fr = StringField(_l("Title in French"))
    title_en = StringField(_l("Title in English"))
    summary_fr = TextAreaField(_l("Summary in French"))
    summary_en = TextAreaField(_l("Summary in English"))
    facts = FieldList(FormField(FactForm), min_entries=1)
    questions = FieldList(FormField(QuestionForm), min_entries=1)
    action = StringField()  # the button pressed: save, preview, add a fact or a question


class DraftActionForm(FlaskForm):
    """Publish or delete a draft: a button and the CSRF token."""
