"""Class pages for teachers, the join page for pupils, and shared-browser safety."""

import datetime as dt

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from edu.extensions import db, limiter
from edu.services import classes, privacy
from edu.web.classes.forms import ClassForm, JoinForm, PupilsForm, RenewCodeForm
from edu.web.identity import SESSION_KEY, audit, current_user, fresh_session

bp = Blueprint("classes", __name__, template_folder="templates")

PUPIL_KEY = "pupil"
SEEN_KEY = "seen"


def _teacher():
    user = current_user()
    if user is None:
        abort(redirect(url_for("accounts.signin", next=request.path)))
    if user.role not in {"teacher", "admin"}:
        audit("permission-denied", subject=request.path)
        abort(403)
    return user


@bp.route("/classes", methods=["GET", "POST"])
def index():
    teacher = _teacher()
    form = ClassForm()
    if form.validate_on_submit():
        school_class = classes.create_class(db.session, teacher, form.name.data)
        return redirect(url_for("classes.show", class_id=school_class.public_id))
    mine = classes.teacher_classes(db.session, teacher)
    return render_template("classes/index.html", classes=mine, form=form)


def _own_class(class_id: str):
    school_class = classes.teacher_class(db.session, _teacher(), class_id)
    if school_class is None:  # not there, or another teacher's: both look the same
        audit("permission-denied", subject=request.path)
        abort(404)
    return school_class


@bp.get("/classes/<class_id>")
def show(class_id: str):
    school_class = _own_class(class_id)
    return render_template(
        "classes/show.html",
        school_class=school_class,
        renew_form=RenewCodeForm(),
        pupils_form=PupilsForm(),
    )


@bp.post("/classes/<class_id>/code")
def renew_code(class_id: str):
    school_class = _own_class(class_id)
    form = RenewCodeForm()
    if form.validate_on_submit():
        classes.renew_code(db.session, school_class, form.days.data)
        flash(_("A new code is ready; the old one no longer works."), "info")
    else:
        flash(_("Give a number of days between 1 and 365, or leave it empty."), "error")
    return redirect(url_for("classes.show", class_id=class_id))


@bp.post("/classes/<class_id>/pupils")
def add_pupils(class_id: str):
    school_class = _own_class(class_id)
    form = PupilsForm()
    if form.validate_on_submit():
        names = [" ".join(line.split()) for line in form.names.data.splitlines()]
        taken = [n for n in names if n and classes.add_pupil(db.session, school_class, n) is None]
        if taken:
            flash(_("Already in the class: %(names)s", names=", ".join(taken)), "error")
    return redirect(url_for("classes.show", class_id=class_id))


def _own_pupil(school_class, pupil_id: int):
    pupil = next((p for p in school_class.pupils if p.id == pupil_id), None)
    if pupil is None:
        abort(404)
    return pupil


@bp.get("/classes/<class_id>/pupils/<int:pupil_id>/export")
def export_pupil(class_id: str, pupil_id: int):
    """One pupil's data as a JSON file with labels in French and English."""
    pupil = _own_pupil(_own_class(class_id), pupil_id)
    response = jsonify(privacy.export_pupil(db.session, pupil))
    audit("data-export", subject=f"pupil {pupil.id} ({pupil.first_name})")
    filename = f"agora-{pupil.school_class.join_code}-{pupil.id}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/classes/<class_id>/pupils/<int:pupil_id>/delete")
def delete_pupil(class_id: str, pupil_id: int):
    pupil = _own_pupil(_own_class(class_id), pupil_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm: the pupil's work is deleted for good."), "error")
    else:
        name = pupil.first_name
        audit("data-delete", subject=f"pupil {pupil.id} ({name})")
        privacy.delete_pupil(db.session, pupil)
        flash(_("%(name)s and all their work are deleted.", name=name), "info")
    return redirect(url_for("classes.show", class_id=class_id))


@bp.post("/classes/<class_id>/delete")
def delete_class(class_id: str):
    school_class = _own_class(class_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm: the class and its pupils' work are deleted."), "error")
        return redirect(url_for("classes.show", class_id=class_id))
    audit("class-delete", subject=f"class {school_class.public_id} ({school_class.name})")
    privacy.delete_class(db.session, school_class)
    flash(_("The class and all its pupils' work are deleted."), "info")
    return redirect(url_for("classes.index"))


@bp.get("/classes/<class_id>/cards")
def cards(class_id: str):
    return render_template("classes/cards.html", school_class=_own_class(class_id))


JOIN_PROBLEMS = {
    "no-class": lambda: _("No class has this code, or the code has expired. Ask your teacher."),
    "pin-needed": lambda: _(
        "A pupil of this class already has this first name: type your PIN to come back."
    ),
    "wrong-pin": lambda: _("This PIN is not the right one. Ask your teacher for your card."),
}


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def join():
    form = JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    problem = None
    if form.validate_on_submit():
        school_class = classes.class_by_code(db.session, form.code.data)
        if school_class is None:
            problem = "no-class"
        else:
            joined = classes.join(db.session, school_class, form.first_name.data, form.pin.data)
            problem = joined.problem
            if joined.pupil is not None:
                _start_pupil_session(joined.pupil)
                if joined.new:
                    flash(
                        _(
                            "Welcome, %(name)s! Your PIN is %(pin)s: keep it to find your "
                            "work again on any computer.",
                            name=joined.pupil.first_name,
                            pin=joined.pupil.pin,
                        ),
                        "info",
                    )
                return redirect(url_for("assignments.todo"))
    message = JOIN_PROBLEMS[problem]() if problem else None
    status = 422 if problem or form.errors else 200
    return render_template("classes/join.html", form=form, problem=message), status


def _start_pupil_session(pupil) -> None:
    """A fresh session for the pupil: nothing of the previous pupil's stays on this browser."""
    fresh_session(
        **{SESSION_KEY: pupil.learner.public_id, PUPIL_KEY: pupil.first_name, SEEN_KEY: _now()}
    )


@bp.post("/not-me")
def not_me():
    """ "Not you?": end the pupil's session so the next pupil starts clean."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    return redirect(url_for("classes.join"))


def _now() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp())


@bp.before_app_request
def end_idle_pupil_sessions():
    """A pupil's session ends after a while without activity, for the next one at this desk."""
    if PUPIL_KEY not in session:
        return None
    idle = _now() - session.get(SEEN_KEY, 0)
    if idle > current_app.config["PUPIL_IDLE_MINUTES"] * 60:
        fresh_session()
        flash(_("Your session ended after a while without activity. Join again."), "info")
        return redirect(url_for("classes.join"))
    session[SEEN_KEY] = _now()
    return None


@bp.app_context_processor
def pupil_name():
    return {"pupil_name": session.get(PUPIL_KEY)}
