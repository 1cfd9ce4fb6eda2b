"""Switches that change how the app speaks: POST only, CSRF-protected, then back where you were."""

from flask import Blueprint, flash, redirect, session
from flask_babel import gettext as _

from edu.web.navigation import safe_next
from edu.web.preferences.forms import DisplayForm, LanguageForm, WordBankForm

bp = Blueprint("preferences", __name__, url_prefix="/preferences")


@bp.post("/language")
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
    else:
        flash(_("That language is not available."), "error")
    return redirect(safe_next(form.next.data))


@bp.post("/display")
def display():
    form = DisplayForm()
    if form.validate_on_submit():
        session["display"] = form.display.data
    else:
        flash(_("That display mode is not available."), "error")
    return redirect(safe_next(form.next.data))


@bp.post("/word-bank")
def word_bank():
    form = WordBankForm()
    if form.validate_on_submit():
        session["word_bank"] = form.word_bank.data == "on"
    else:
        flash(_("That word bank setting is not available."), "error")
    return redirect(safe_next(form.next.data))


@bp.app_context_processor
def word_bank_preference():
    """Gap fills offer their word bank to a learner who asked for it (off unless asked)."""
    return {"word_bank_shown": session.get("word_bank") is True}
