"""The teacher manages a class's pupils: the projected join page, a class list to import, a
pupil renamed or moved to another class. Views of the `classes` blueprint."""

import unicodedata

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from edu.accounts.names import INVISIBLE, clean_initial, clean_name
from edu.extensions import db
from edu.services import class_lists, classes
from edu.web.access import class_pupil_or_404, current_teacher, owned_class_or_404, teacher_required
from edu.web.classes.forms import ImportForm, MoveForm, RenameForm
from edu.web.classes.routes import bp
from edu.web.identity import audit

SHOWN_LINE = 60  # characters of a refused line shown in the report; the rest is said to be cut
SHOWN_REFUSED = 50  # refused lines listed in the report; the others are counted


def join_address(school_class=None, *, with_code: bool = False) -> str:
    if with_code and school_class is not None:
        return url_for("classes.join", code=school_class.join_code, _external=True)
    return url_for("classes.join", _external=True)


@bp.app_template_global()
def join_qr(school_class) -> Markup:
    """A QR code, inline SVG drawn on the server, that opens the join page with the class code
    filled in (never a PIN). Its text alternative says so; CSS gives its size."""
    url = join_address(school_class, with_code=True)
    label = _(
        "QR code: it opens the page %(url)s, with the class code %(code)s filled in.",
        url=url,
        code=school_class.join_code,
    )
    import segno  # only the join page draws a QR code: no worker needs it to start

    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, title=label
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


@bp.app_template_global()
def join_url(school_class=None) -> str:
    """The address pupils type (without the code, which they type too)."""
    return join_address(school_class)


@bp.app_template_global()
def pupil_tools(school_class) -> dict:
    """What the class page needs to manage pupils: the import form and the teacher's other
    classes (where a pupil may move)."""
    others = [
        c for c in classes.teacher_classes(db.session, current_teacher()) if c.id != school_class.id
    ]
    return {"import_form": ImportForm(), "other_classes": others}


@bp.get("/classes/<class_id>/projector")
@teacher_required
def projector(class_id: str):
    """What the teacher projects: the class code, the address to type and a QR code. Nothing
    private: no pupil's name, no PIN."""
    return render_template("classes/projector.html", school_class=owned_class_or_404(class_id))


# -- a class list ------------------------------------------------------------------------------


def _shown(text: str) -> str:
    """A refused line as the report shows it: invisible and control characters named, a long
    line cut where it says so."""
    shown = "".join(
        f"⟨U+{ord(char):04X}⟩"
        if char in INVISIBLE
        or (char != " " and unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl"})
        else char
        for char in text
    )
    if len(shown) > SHOWN_LINE:
        return ngettext(
            "%(start)s… (%(num)s character)",
            "%(start)s… (%(num)s characters)",
            len(text),
            start=shown[:SHOWN_LINE],
        )
    return shown


def _reason(line, why: str) -> str:
    if why == "empty":
        return _("no name in this line")
    if why == "invisible":
        return _("invisible or control characters")
    if why == "no-letters":
        return _("no letters")
    if why == "no-first-name":
        return _("no first name: the first word has no letters")
    if why == "too-long":
        return _(
            "too long: a first name has at most %(first)s characters, a line %(line)s",
            first=class_lists.MAX_FIRST_NAME,
            line=class_lists.MAX_LINE,
        )
    return _(
        "characters a name does not have: %(characters)s",
        characters=" ".join(class_lists.odd_characters(clean_name(line.text))),
    )


def _import_failed(school_class, form, message: str):
    if len(form.names.data or "") > class_lists.MAX_BYTES:
        form = ImportForm(formdata=None)  # a megabyte is not worth sending back
    return render_template(
        "classes/imported.html", school_class=school_class, form=form, message=message
    ), 422


@bp.post("/classes/<class_id>/pupils/import")
@teacher_required
def import_pupils(class_id: str):
    school_class = owned_class_or_404(class_id)
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_failed(school_class, form, _("The form has expired: send it again."))
    upload = request.files.get(form.file.name)
    pasted = form.names.data or ""
    raw = upload.stream.read(class_lists.MAX_BYTES + 1) if upload and upload.filename else None
    too_big = _(
        "This list is too long: at most %(names)s names or %(size)s KB. Import it in parts.",
        names=class_lists.MAX_NAMES,
        size=class_lists.MAX_BYTES // 1000,
    )
    if raw is not None and pasted.strip():
        return _import_failed(
            school_class, form, _("Paste the names or choose a file, not both at once.")
        )
    if raw is not None:
        if len(raw) > class_lists.MAX_BYTES:
            return _import_failed(school_class, form, too_big)
        text = class_lists.decode(raw)
    elif len(pasted.encode()) > class_lists.MAX_BYTES:
        return _import_failed(school_class, form, too_big)
    else:
        text = pasted
    report = classes.import_pupils(db.session, school_class, class_lists.lines_of(text))
    if report.problem == "too-many":
        return _import_failed(school_class, form, too_big)
    if report.problem == "nothing":
        return _import_failed(
            school_class, form, _("Paste the names, one per line, or choose a CSV file.")
        )
    if report.problem == "busy":
        return _import_failed(
            school_class, form, _("Pupils were joining the class meanwhile: send the list again.")
        )
    audit(
        "pupils-imported",
        subject=f"class {school_class.public_id} ({school_class.name})",
        created=len(report.created),
        already=len(report.already),
        refused=len(report.refused),
    )
    refused = [
        (line, _shown(line.text), _reason(line, why))
        for line, why in report.refused[:SHOWN_REFUSED]
    ]
    return render_template(
        "classes/imported.html",
        school_class=school_class,
        form=ImportForm(formdata=None),
        report=report,
        refused=refused,
        refused_more=len(report.refused) - len(refused),
        message=None,
    )


# -- one pupil: a new name, another class ------------------------------------------------------

RENAME_PROBLEMS = {
    "empty": _l("Type a first name with letters."),
    "no-letters": _l("Type a first name with letters."),
    "invisible": _l("The name holds invisible or control characters: type it again."),
    "too-long": _l("A first name has at most 40 characters, an initial 7."),
    "initial": _l("An initial needs a letter or a digit: “B.”, “Ber.”."),
    "characters": _l("A name has letters, digits, spaces, hyphens, apostrophes and dots only."),
}


@bp.post("/classes/<class_id>/pupils/<int:pupil_id>/rename")
@teacher_required
def rename_pupil(class_id: str, pupil_id: int):
    pupil = class_pupil_or_404(owned_class_or_404(class_id), pupil_id)
    back = redirect(url_for("classes.show", class_id=class_id, _anchor="pupils-title"))
    form = RenameForm()
    if not form.validate_on_submit():
        flash(_("Type a first name with letters."), "error")
        return back
    old = pupil.display_name
    first_name, initial = form.first_name.data or "", form.initial.data or ""
    wanted = f"{clean_name(first_name)} {clean_initial(initial)}"
    problem = classes.rename_pupil(db.session, pupil, first_name, initial)
    if problem == "taken":
        flash(
            _(
                "Another pupil of the class is called %(name)s: add or change the initial.",
                name=wanted.strip(),
            ),
            "error",
        )
    elif problem:
        flash(str(RENAME_PROBLEMS[problem]), "error")
    else:
        audit("pupil-renamed", subject=f"pupil {pupil.id} ({old} → {pupil.display_name})")
        flash(
            _(
                "%(old)s is now called %(new)s, and joins with this name.",
                old=old,
                new=pupil.display_name,
            ),
            "info",
        )
    return back


@bp.post("/classes/<class_id>/pupils/<int:pupil_id>/move")
@teacher_required
def move_pupil(class_id: str, pupil_id: int):
    school_class = owned_class_or_404(class_id)
    pupil = class_pupil_or_404(school_class, pupil_id)
    back = redirect(url_for("classes.show", class_id=class_id, _anchor="pupils-title"))
    form = MoveForm()
    target = None
    if form.validate_on_submit():
        target = classes.teacher_class(
            db.session, current_teacher(), (form.target.data or "").strip()
        )
    if target is None:
        flash(_("Choose one of your other classes."), "error")
        return back
    name = pupil.display_name
    problem = classes.move_pupil(db.session, pupil, target)
    if problem == "same":
        flash(_("Choose one of your other classes."), "error")
    elif problem == "taken":
        flash(
            _(
                "The class %(target)s already has a pupil called %(name)s: rename one of them "
                "first.",
                target=target.name,
                name=name,
            ),
            "error",
        )
    else:
        audit(
            "pupil-moved",
            subject=f"pupil {pupil.id} ({name}) from class {school_class.public_id} "
            f"to class {target.public_id}",
        )
        flash(
            _(
                "%(name)s is now in %(target)s, with all their work. They join again with "
                "the code of that class.",
                name=name,
                target=target.name,
            ),
            "info",
        )
    return back


@bp.app_template_global()
def import_counts(report) -> list[str]:
    return [
        ngettext("%(num)s pupil added", "%(num)s pupils added", len(report.created)),
        ngettext(
            "%(num)s name already in the class",
            "%(num)s names already in the class",
            len(report.already),
        ),
        ngettext("%(num)s line refused", "%(num)s lines refused", len(report.refused)),
    ]
