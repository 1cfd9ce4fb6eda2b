from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.2's, not in its stubs yet

from edu.config import DISPLAY_MODES, LOCALES


class LanguageForm(FlaskForm):
    locale = RadioField(_l("Language"), choices=[SelectChoice(code, code) for code in LOCALES])
    next = HiddenField()


class DisplayForm(FlaskForm):
    display = RadioField(
        _l("Show content in"), choices=[SelectChoice(mode, mode) for mode in DISPLAY_MODES]
    )
    next = HiddenField()


class WordBankForm(FlaskForm):
    word_bank = RadioField(
        _l("Word bank"), choices=[SelectChoice("on", "on"), SelectChoice("off", "off")]
    )
    next = HiddenField()
