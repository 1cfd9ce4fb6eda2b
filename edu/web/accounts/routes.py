"""Account pages: a form in, an accounts service call, a page or a redirect out."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from edu.accounts.passwords import password_problems
from edu.extensions import db, limiter
from edu.services import accounts
from edu.web import safe_next
from edu.web.accounts.forms import SignInForm, SignUpForm
from edu.web.identity import (
    audit,
    current_learner,
    current_user,
    sign_in_session,
    sign_out_session,
)

bp = Blueprint("accounts", __name__, template_folder="templates")

PASSWORD_MESSAGES = {
    "too-short": _l("Use at least 8 characters; a few words make a good password."),
    "too-long": _l("Use at most 128 characters."),
    "common": _l("This password is too common: anyone could guess it."),
    "like-username": _l("Your password must not be your username."),
}


def _username_key() -> str:
    """Sign-in attempts are throttled per account as well as per address."""
    return "signin:" + request.form.get("username", "").strip().casefold()[:40]


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=_username_key)
def signin():
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            moved = _keep_guest_history(user)  # before the fresh session forgets the guest
            sign_in_session(user)
            audit("sign-in")
            if moved:
                flash(_("Your practice as a guest is now in your account."), "info")
            return redirect(safe_next(request.args.get("next"), url_for("articles.index")))
        form.password.errors.append(_("Wrong username or password."))
        audit("sign-in-failed", actor=form.username.data.strip().casefold())
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
        problems = password_problems(form.password.data, form.username.data)
        form.password.errors.extend(str(PASSWORD_MESSAGES[code]) for code in problems)
        if not problems:
            guest = current_learner() if role == "learner" else None
            user = accounts.create_user(
                db.session, form.username.data, form.password.data, role, learner=guest
            )
            if user is None:
                form.username.errors.append(_("This username is taken: choose another one."))
            else:
                sign_in_session(user)
                flash(_("Your account is ready. Welcome!"), "info")
                return redirect(url_for("articles.index"))
    return render_template("accounts/signup.html", form=form), 422 if form.errors else 200


@bp.post("/signout")
def signout():
    if current_user() is None:
        abort(400)
    sign_out_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("articles.index"))


@bp.app_context_processor
def signed_in_user():
    return {"signed_in_user": current_user()}
