"""Class pages for teachers, the join page for pupils, and shared-browser safety."""

import hashlib

from flask import (
    Blueprint,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _n

from edu.accounts import pin_lock
from edu.accounts.names import clean_name
from edu.extensions import db, limiter
from edu.i18n import in_each_language
from edu.services import assignments, classes, privacy
from edu.web.access import (
    class_pupil_or_404,
    current_teacher,
    owned_class_or_404,
    teacher_required,
)
from edu.web.classes.forms import ClassForm, ConfirmForm, JoinForm, PupilsForm, RenewCodeForm
from edu.web.errors import render_error
from edu.web.identity import (
    PUPIL_KEY,
    audit,
    current_learner,
    end_session,
    start_pupil_session,
)

bp = Blueprint("classes", __name__, template_folder="templates")

WELCOME_KEY = "welcome"  # a new pupil sees their PIN once; the cookie never holds it


@bp.route("/classes", methods=["GET", "POST"])
@teacher_required
def index():
    teacher = current_teacher()
    form = ClassForm()
    if form.validate_on_submit():
        school_class = classes.create_class(db.session, teacher, form.name.data or "")
        if school_class is not None:
            return redirect(url_for("classes.show", class_id=school_class.public_id))
        # A field's errors are a list once validated; WTForms' stubs say Sequence.
        form.name.errors.append(_("Give the class a name with letters or digits."))  # type: ignore[attr-defined]
    mine = classes.teacher_classes(db.session, teacher)
    return render_template("classes/index.html", classes=mine, form=form)


@bp.get("/classes/<class_id>")
@teacher_required
def show(class_id: str):
    school_class = owned_class_or_404(class_id)
    return render_template(
        "classes/show.html",
        school_class=school_class,
        renew_form=RenewCodeForm(),
        pupils_form=PupilsForm(),
    )


@bp.post("/classes/<class_id>/code")
@teacher_required
def renew_code(class_id: str):
    school_class = owned_class_or_404(class_id)
    form = RenewCodeForm()
    if form.validate_on_submit():
        classes.renew_code(db.session, school_class, form.days.data)
        flash(_("A new code is ready; the old one no longer works."), "info")
    else:
        flash(_("Give a number of days between 1 and 365, or leave it empty."), "error")
    return redirect(url_for("classes.show", class_id=class_id))


@bp.post("/classes/<class_id>/pupils")
@teacher_required
def add_pupils(class_id: str):
    school_class = owned_class_or_404(class_id)
    form = PupilsForm()
    if form.validate_on_submit():
        names = [clean_name(line) for line in (form.names.data or "").splitlines()]
        taken = [n for n in names if n and classes.add_pupil(db.session, school_class, n) is None]
        if taken:
            flash(_("Already in the class: %(names)s", names=", ".join(taken)), "error")
    return redirect(url_for("classes.show", class_id=class_id))


@bp.get("/classes/<class_id>/pupils/<int:pupil_id>/export")
@teacher_required
def export_pupil(class_id: str, pupil_id: int):
    """One pupil's data as a JSON file with labels in French and English."""
    pupil = class_pupil_or_404(owned_class_or_404(class_id), pupil_id)
    response = jsonify(privacy.export_pupil(db.session, pupil, in_each_language(privacy.LABELS)))
    audit("data-export", subject=f"pupil {pupil.id} ({pupil.display_name})")
    filename = f"agora-{pupil.school_class.join_code}-{pupil.id}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/classes/<class_id>/pupils/<int:pupil_id>/delete")
@teacher_required
def delete_pupil(class_id: str, pupil_id: int):
    pupil = class_pupil_or_404(owned_class_or_404(class_id), pupil_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Tick the box to confirm: the pupil's work is deleted for good."), "error")
    else:
        name = pupil.display_name
        audit("data-delete", subject=f"pupil {pupil.id} ({name})")
        privacy.delete_pupil(db.session, pupil)
        flash(_("%(name)s and all their work are deleted.", name=name), "info")
    return redirect(url_for("classes.show", class_id=class_id))


@bp.post("/classes/<class_id>/delete")
@teacher_required
def delete_class(class_id: str):
    school_class = owned_class_or_404(class_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Tick the box to confirm: the class and its pupils' work are deleted."), "error")
        return redirect(url_for("classes.show", class_id=class_id))
    audit("class-delete", subject=f"class {school_class.public_id} ({school_class.name})")
    privacy.delete_class(db.session, school_class)
    flash(_("The class and all its pupils' work are deleted."), "info")
    return redirect(url_for("classes.index"))


@bp.post("/classes/<class_id>/pupils/<int:pupil_id>/unlock")
@teacher_required
def unlock_pupil(class_id: str, pupil_id: int):
    pupil = class_pupil_or_404(owned_class_or_404(class_id), pupil_id)
    classes.unlock(db.session, pupil)
    audit("pin-unlocked", subject=f"pupil {pupil.id} ({pupil.display_name})")
    flash(_("%(name)s can type their PIN again.", name=pupil.display_name), "info")
    return redirect(url_for("classes.show", class_id=class_id, _anchor="pupils-title"))


@bp.post("/classes/<class_id>/pupils/<int:pupil_id>/pin")
@teacher_required
def new_pin(class_id: str, pupil_id: int):
    pupil = class_pupil_or_404(owned_class_or_404(class_id), pupil_id)
    classes.new_pupil_pin(db.session, pupil)
    audit("pin-renewed", subject=f"pupil {pupil.id} ({pupil.display_name})")
    # The PIN shows on the login cards, never in a message: messages wait in the cookie.
    flash(
        _(
            "%(name)s has a new PIN, shown below. The old one no longer works, and %(name)s "
            "is signed out everywhere.",
            name=pupil.display_name,
        ),
        "info",
    )
    return redirect(url_for("classes.cards", class_id=class_id, _anchor=f"pupil-{pupil.id}"))


@bp.post("/classes/<class_id>/pupils/<int:pupil_id>/signout")
@teacher_required
def sign_out_pupil(class_id: str, pupil_id: int):
    """The teacher ends every session of a pupil: a forgotten browser, a borrowed PIN."""
    pupil = class_pupil_or_404(owned_class_or_404(class_id), pupil_id)
    classes.sign_out_everywhere(db.session, pupil)
    audit("pupil-signed-out", subject=f"pupil {pupil.id} ({pupil.display_name})")
    flash(_("%(name)s is signed out on every computer.", name=pupil.display_name), "info")
    return redirect(url_for("classes.show", class_id=class_id, _anchor="pupils-title"))


@bp.get("/classes/<class_id>/cards")
@teacher_required
def cards(class_id: str):
    return render_template("classes/cards.html", school_class=owned_class_or_404(class_id))


JOIN_PROBLEMS = {
    "no-class": _l("No class has this code, or the code has expired. Ask your teacher."),
    "empty-name": _l("Type your first name with letters."),
    "name-taken": _l(
        "A pupil with this first name is already in the class. If that is you, type your PIN. "
        "If you are a different pupil with the same first name, add the initial of your "
        "surname."
    ),
    "unknown-name": _l(
        "No pupil of this class has this name yet. If you are new, leave the PIN empty; if you "
        "have a login card, type your name as it is written on it."
    ),
    "wrong-pin": _l("This name and PIN don't match. Ask your teacher."),
    "locked": _n(
        "Too many wrong PINs for this name: it is locked for %(num)s minute. "
        "Ask your teacher to unlock it.",
        "Too many wrong PINs for this name: it is locked for %(num)s minutes. "
        "Ask your teacher to unlock it.",
        pin_lock.LOCK_MINUTES,
    ),
}


# Joining is throttled per class and per pupil, never per address alone, so that a class behind
# one school address joins at once; only wrong (or expired) codes count per address, and only
# failed joins (a wrong PIN, a name taken) per class: a year group joining is not guessing.
JOIN_PER_CLASS = "150 per minute"  # failed joins to each class code, from everywhere
JOIN_PER_PUPIL = "20 per minute"  # each name in each class (wrong PINs also lock it)
WRONG_CODES_PER_ADDRESS = "40 per 10 minutes"  # then the address waits for the window to end


def _hashed(text: str) -> str:
    """A storage key of any typed text, even with characters Redis cannot take."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _class_key() -> str:
    return "join-class:" + _hashed(classes.normalise_code(request.form.get("code", "")))


def _pupil_key() -> str:
    code = classes.normalise_code(request.form.get("code", ""))
    # "Zoé B.", "zoe b" and "Zoé" with the initial "b" are one pupil: one count.
    first, initial = classes.typed_name_key(
        request.form.get("first_name", "")[:80], request.form.get("initial", "")[:20]
    )
    return "join-pupil:" + _hashed(f"{code}:{first}:{initial}")


def _wrong_code(response) -> bool:
    return bool(g.get("wrong_class_code"))


def _not_in(response) -> bool:
    """The join failed: a pupil who got in (a redirect to their work) is not counted."""
    return response.status_code != 302


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(
    WRONG_CODES_PER_ADDRESS,
    methods=["POST"],
    deduct_when=_wrong_code,
    error_message=lambda: _(
        "Too many wrong class codes were typed from this network. Check the code with your "
        "teacher, then try again in a few minutes."
    ),
)
@limiter.limit(
    JOIN_PER_CLASS,
    methods=["POST"],
    key_func=_class_key,
    deduct_when=_not_in,
    error_message=lambda: _(
        "Many pupils are joining this class right now. Wait a minute, then try again."
    ),
)
@limiter.limit(
    JOIN_PER_PUPIL,
    methods=["POST"],
    key_func=_pupil_key,
    error_message=lambda: _("Too many tries for this name. Wait a minute, then try again."),
)
def join():
    form = JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:12]  # from the QR code on the board
    problem, taken_name = None, ""
    if form.validate_on_submit():
        school_class = classes.class_by_code(db.session, form.code.data or "")
        if school_class is None:
            g.wrong_class_code = True  # counted against the address, after the response
            problem = "no-class"
        else:
            joined = classes.join(
                db.session,
                school_class,
                form.first_name.data or "",
                form.pin.data or "",
                initial=form.initial.data or "",
            )
            problem = joined.problem
            if joined.known is not None:
                taken_name = joined.known.display_name  # "A pupil called Zoé B. is …"
            _audit_pin_problem(joined)
            if joined.pupil is not None:
                start_pupil_session(joined.pupil)
                if joined.new:
                    # The PIN itself never goes into the cookie: the page reads it afresh.
                    session[WELCOME_KEY] = True
                return redirect(url_for("assignments.todo"))
    if problem == "initial-taken":  # the one problem that names someone
        message = _(
            "A pupil called %(name)s is already in the class. If that is you, type your PIN.",
            name=taken_name,
        )
    else:
        message = str(JOIN_PROBLEMS[problem]) if problem else None
    status = 422 if problem or form.errors else 200
    return render_template("classes/join.html", form=form, problem=message), status


@bp.errorhandler(429)
def too_many_requests(error):
    """Too many joins: the join page again, saying which limit and what to do."""
    if request.endpoint != "classes.join":
        return render_error(429, _("Too many requests"), _("Please wait a moment, then try again."))
    form = JoinForm()
    form.pin.data = ""
    return render_template("classes/join.html", form=form, problem=error.description), 429


def _audit_pin_problem(joined) -> None:
    """Every pupil a wrong PIN counted against, or the locked pupil it was refused for."""
    if joined.problem not in {"wrong-pin", "locked"}:
        return
    for pupil in joined.counted or (joined.known,):
        subject = f"pupil {pupil.id} ({pupil.display_name}) of class {pupil.school_class.public_id}"
        locked = pupil.locked_until is not None and classes.is_locked(pupil)
        audit("pin-locked" if locked else "pin-failed", subject=subject, wrong=pupil.wrong_pins)


@bp.post("/not-me")
def not_me():
    """ "Not you?": end the pupil's session, here and on the server, so the next pupil starts
    clean and a copy of the cookie opens nothing."""
    end_session()
    return redirect(url_for("classes.join"))


@bp.app_context_processor
def pupil_name():
    return {
        "pupil_name": session.get(PUPIL_KEY),
        "welcome_pin": _welcome_pin,
        "pupil_locked": classes.is_locked,
    }


def _welcome_pin() -> tuple[str, str] | None:
    """Once, right after joining: the new pupil's name and PIN, read from the database."""
    if not session.pop(WELCOME_KEY, None):
        return None
    pupil = assignments.pupil_of(db.session, current_learner())
    return (pupil.display_name, pupil.pin) if pupil else None
