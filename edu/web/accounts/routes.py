"""Account pages: a form in, an accounts service call, a page or a redirect out."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from edu import policies
from edu.accounts.passwords import password_problems
from edu.extensions import db, limiter
from edu.services import accounts
from edu.web.access import signed_in_required, signed_in_user
from edu.web.accounts.forms import EndSessionsForm, PasswordChangeForm, SignInForm, SignUpForm
from edu.web.identity import (
    audit,
    current_learner,
    current_user,
    end_other_sessions,
    end_session,
    other_session_count,
    sign_in_session,
)
from edu.web.navigation import safe_next

bp = Blueprint("accounts", __name__, template_folder="templates")

PASSWORD_MESSAGES = {
    "too-short": _l("Use at least 8 characters; a few words make a good password."),
    "too-long": _l("Use at most 128 characters."),
    "common": _l("This password is too common: anyone could guess it."),
    "like-username": _l("Your password must not be your username."),
    "too-simple": _l(
        "This password is too simple: use more different characters, such as a few words."
    ),
}


def _account_key() -> str:
    return "signin:" + accounts.normalise_username(request.form.get("username", ""))[:40]


def _account_and_address_key() -> str:
    """Guesses at one account from one address: the tight limit. A stranger hammering the
    account from elsewhere never uses up the real teacher's tries."""
    return f"{_account_key()}@{request.remote_addr}"


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=_account_and_address_key)
# The ceiling for one account from everywhere: far above what one address may try.
@limiter.limit("30 per minute", methods=["POST"], key_func=_account_key)
def signin():
    form = SignInForm()
    if form.validate_on_submit():
        # InputRequired: the data is there (or else the empty text that signs nobody in).
        username, password = form.username.data or "", form.password.data or ""
        user = accounts.authenticate(db.session, username, password)
        if user is not None:
            moved = _keep_guest_history(user)  # before the fresh session forgets the guest
            sign_in_session(user)
            audit("sign-in")
            if moved:
                flash(_("Your practice as a guest is now in your account."), "info")
            return redirect(safe_next(request.args.get("next"), url_for("articles.index")))
        # A field's errors are a list once validated; WTForms' stubs say Sequence.
        form.password.errors.append(_("Wrong username or password."))  # type: ignore[attr-defined]
        audit("sign-in-failed", actor=username.strip().casefold())
    return render_template("accounts/signin.html", form=form), 422 if form.errors else 200


def _keep_guest_history(user) -> int:
    """A guest who signs in to their self-study account brings their practice along; a pupil's
    or another account's learner never merges, and teachers have no learner to merge into."""
    if user.role != "learner" or user.learner is None:
        return 0
    guest = current_learner()
    if guest is None:
        return 0
    return accounts.merge_guest(db.session, guest, user.learner)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def signup():
    form = SignUpForm()
    teachers_allowed = current_app.config["TEACHER_SIGNUP"]
    if not teachers_allowed:
        del form.role
    if form.validate_on_submit():
        role = form.role.data if teachers_allowed else "learner"
        username, password = form.username.data or "", form.password.data or ""
        problems = password_problems(password, username)
        # A field's errors are a list once validated; WTForms' stubs say Sequence.
        form.password.errors.extend(str(PASSWORD_MESSAGES[code]) for code in problems)  # type: ignore[attr-defined]
        if not problems:
            guest = current_learner() if role == "learner" else None
            user = accounts.create_user(db.session, username, password, role, learner=guest)
            if user is None:
                taken = _("This username is taken: choose another one.")
                form.username.errors.append(taken)  # type: ignore[attr-defined]
            else:
                sign_in_session(user)
                flash(_("Your account is ready. Welcome!"), "info")
                return redirect(url_for("articles.index"))
    return render_template("accounts/signup.html", form=form), 422 if form.errors else 200


@bp.post("/signout")
def signout():
    if current_user() is None:
        abort(400)
    audit("sign-out")
    end_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("articles.index"))


@bp.route("/account", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@signed_in_required
def account():
    """Change the password; every other session of the account ends with the old one."""
    user = signed_in_user()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        current, password = form.current.data or "", form.password.data or ""
        problems = password_problems(password, user.username)
        # A field's errors are a list once validated; WTForms' stubs say Sequence.
        form.password.errors.extend(str(PASSWORD_MESSAGES[code]) for code in problems)  # type: ignore[attr-defined]
        if not problems and not accounts.change_password(db.session, user, current, password):
            form.current.errors.append(_("This is not your current password."))  # type: ignore[attr-defined]
        elif not problems:
            ended = end_other_sessions(user)
            audit("password-changed", ended=ended)
            flash(_("Your password is changed. You are signed out everywhere else."), "info")
            return redirect(url_for("accounts.account"))
    others = other_session_count(user)
    return render_template(
        "accounts/account.html", form=form, others=others, end_form=EndSessionsForm()
    ), (422 if form.errors else 200)


@bp.post("/account/sessions")
@signed_in_required
def end_sessions():
    """Sign out on every other browser (a forgotten computer in the staff room)."""
    user = signed_in_user()
    if EndSessionsForm().validate_on_submit():
        ended = end_other_sessions(user)
        audit("sign-out", everywhere=True, ended=ended)
        flash(_("You are signed out on every other browser."), "info")
    return redirect(url_for("accounts.account"))


@bp.app_context_processor
def who_is_signed_in():
    """The signed-in account, and what it may open, for the header of every page."""
    return {
        "signed_in_user": current_user(),
        "can_teach": policies.can_teach,
        "can_administer": policies.can_administer,
    }
