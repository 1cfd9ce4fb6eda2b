"""Set work: teachers assign and follow it in the gradebook; pupils see what is due and do it."""

from functools import partial

from babel.numbers import get_decimal_symbol
from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import format_decimal, format_percent, get_locale, get_timezone, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from edu.accounts.names import name_sort_key
from edu.assignments import rules
from edu.debate.rubric import default_rubric
from edu.extensions import db
from edu.gradebook import charts
from edu.gradebook.analysis import score_distribution
from edu.gradebook.csv_export import Column, Table, table_csv
from edu.i18n import format_day, format_locale, format_share, school_time
from edu.models import Article, Question
from edu.quiz.scoring import AnswerFormatError, parse_number
from edu.services import assignments
from edu.web.access import (
    class_assignment_or_404,
    class_pupil_or_404,
    current_pupil,
    owned_class_or_404,
    pupil_assignment_or_404,
    pupil_required,
    teacher_required,
)
from edu.web.assignments import gradebook_rows
from edu.web.assignments.forms import (
    AssignDebateForm,
    AssignQuizForm,
    CloseForm,
    EditDebateForm,
    EditQuizForm,
    ExtensionForm,
    OverrideForm,
    RemoveForm,
    ReopenForm,
)
from edu.web.classes.forms import ConfirmForm
from edu.web.identity import audit, current_learner, current_user
from edu.web.navigation import where_you_are
from edu.web.refusals import refusal_message

bp = Blueprint("assignments", __name__, template_folder="templates")


def _text(bilingual) -> str:
    """A content text in the interface language, for labels where one language fits."""
    return bilingual.en if str(get_locale()) == "en" else bilingual.fr


def quiz_form() -> AssignQuizForm:
    form = AssignQuizForm(prefix="quiz")
    articles = db.session.scalars(select(Article).order_by(Article.published.desc()))
    form.article.choices = [(a.slug, _text(a.title)) for a in articles]
    return form


def debate_form() -> AssignDebateForm:
    form = AssignDebateForm(prefix="debate")
    questions = db.session.scalars(
        select(Question)
        .join(Question.article)
        .options(selectinload(Question.article))
        .order_by(Article.published.desc(), Question.position)
    )
    form.question.choices = [
        (str(q.id), f"{_text(q.article.title)} — {_text(q.text)}") for q in questions
    ]
    return form


def due_from(form):
    """The due date a form's `due` day means: the end of that day where the school is."""
    if form.due.data is None:
        return None
    return rules.end_of_day(form.due.data, get_timezone())


# -- teachers --------------------------------------------------------------------------------------


@bp.post("/classes/<class_id>/assignments/quiz")
@teacher_required
def assign_quiz(class_id: str):
    school_class = owned_class_or_404(class_id)
    form = quiz_form()
    if form.validate_on_submit():
        article = db.session.scalar(
            select(Article).where(Article.slug == form.article.data)
        ) or abort(404)
        assignments.assign_quiz(
            db.session,
            school_class,
            article,
            due_at=due_from(form),
            max_attempts=form.max_attempts.data,
            feedback=form.feedback.data,
        )
        flash(_("The quiz is set: your pupils see it on their work page."), "info")
    else:
        _flash_errors(form)
    return redirect(url_for("classes.show", class_id=class_id) + "#work")


@bp.post("/classes/<class_id>/assignments/debate")
@teacher_required
def assign_debate(class_id: str):
    school_class = owned_class_or_404(class_id)
    form = debate_form()
    if form.validate_on_submit():
        question = db.session.get(Question, int(form.question.data)) or abort(404)
        assignments.assign_debate(
            db.session,
            school_class,
            question,
            due_at=due_from(form),
            language_class=form.language_class.data,
        )
        flash(_("The debate is set: each pupil who opens it is given a side."), "info")
    else:
        _flash_errors(form)
    return redirect(url_for("classes.show", class_id=class_id) + "#work")


def _flash_errors(form) -> None:
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")


@bp.post("/classes/<class_id>/assignments/<assignment_id>/delete")
@teacher_required
def delete(class_id: str, assignment_id: str):
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Tick the box to confirm: the pupils' work for it is deleted too."), "error")
    else:
        assignments.delete_assignment(db.session, assignment)
        flash(_("The assignment and the work done for it are deleted."), "info")
    return redirect(url_for("classes.show", class_id=class_id) + "#work")


# -- changing set work -----------------------------------------------------------------------------


def _local_day(moment):
    """The school's calendar day of a stored due date, as a date field shows it."""
    return rules.today(moment, get_timezone()) if moment else None


def _edit_form(assignment, *, submitted: bool = False):
    """The edit form: as sent (`submitted`), or showing what the work has now."""
    form_class = EditQuizForm if assignment.graded_like_quiz else EditDebateForm
    data = {"due": _local_day(assignment.due_at)}
    if assignment.graded_like_quiz:
        data.update(max_attempts=assignment.max_attempts, feedback=assignment.feedback)
    form = form_class() if submitted else form_class(formdata=None, data=data)
    form.current_due = assignment.due_at
    return form


def _subject(assignment, pupil=None) -> str:
    what = {
        "quiz": lambda: f"quiz {assignment.article.slug}",
        "review": lambda: f"review of {len(assignment.facts)} facts",
    }.get(assignment.kind, lambda: f"debate on question {assignment.question_id}")()
    subject = f"assignment {assignment.public_id} ({what})"
    if pupil is not None:
        subject += f", pupil {pupil.id} ({pupil.display_name})"
    return subject


def _audit_changes(action: str, assignment, changes: dict, pupil=None) -> None:
    """One audit row per change: what changed, old → new, in the subject and in the detail."""
    summary = "; ".join(
        f"{name}: {'–' if old is None else old} → {'–' if new is None else new}"
        for name, (old, new) in changes.items()
        if name != "comment"
    )
    audit(action, subject=f"{_subject(assignment, pupil)}: {summary}", changes=changes)


def _is_closed(assignment) -> bool:
    """Closed by the teacher, or past the class's due date: what a teacher may reopen."""
    return assignment.closed_at is not None or rules.is_past_due(
        assignment.due_at, assignments.now()
    )


def _render_edit(school_class, assignment, *, form=None, reopen_form=None, status=200):
    book = assignments.gradebook(db.session, school_class, default_rubric())
    return render_template(
        "assignments/edit.html",
        school_class=school_class,
        assignment=assignment,
        book=book,
        form=form or _edit_form(assignment),
        close_form=CloseForm(),
        reopen_form=reopen_form or ReopenForm(formdata=None),
        closed=_is_closed(assignment),
        past_due=rules.is_past_due(assignment.due_at, assignments.now()),
    ), status


@bp.get("/classes/<class_id>/assignments/<assignment_id>/edit")
@teacher_required
def edit(class_id: str, assignment_id: str):
    """Change set work: its due date, attempts and feedback; close or reopen it; the pupils'
    own due dates and scores, one link each."""
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    return _render_edit(school_class, assignment)


@bp.post("/classes/<class_id>/assignments/<assignment_id>/edit")
@teacher_required
def update(class_id: str, assignment_id: str):
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    form = _edit_form(assignment, submitted=True)
    if not form.validate_on_submit():
        return _render_edit(school_class, assignment, form=form, status=422)
    quiz = assignment.graded_like_quiz
    changes = assignments.update_assignment(
        db.session,
        assignment,
        due_at=due_from(form),
        max_attempts=form.max_attempts.data if quiz else None,
        feedback=form.feedback.data if quiz else None,
    )
    if changes:
        _audit_changes("assignment-changed", assignment, changes)
        flash(_("The changes are saved: your pupils see them now."), "info")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(_edit_url(school_class, assignment))


def _edit_url(school_class, assignment) -> str:
    return url_for(
        "assignments.edit", class_id=school_class.public_id, assignment_id=assignment.public_id
    )


@bp.post("/classes/<class_id>/assignments/<assignment_id>/close")
@teacher_required
def close(class_id: str, assignment_id: str):
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    if not CloseForm().validate_on_submit():
        abort(400)
    if assignments.close(db.session, assignment):
        _audit_changes(
            "assignment-closed",
            assignment,
            {"closed": [None, assignments.audit_day(assignment.closed_at)]},
        )
        flash(_("The work is closed: nobody can start or hand it in any more."), "info")
    else:
        flash(_("This work was already closed."), "info")
    return redirect(_edit_url(school_class, assignment))


@bp.post("/classes/<class_id>/assignments/<assignment_id>/reopen")
@teacher_required
def reopen(class_id: str, assignment_id: str):
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        return _render_edit(school_class, assignment, reopen_form=form, status=422)
    moment = assignments.now()
    refusal = rules.reopen_refusal(
        due_at=assignment.due_at,
        new_day=form.due.data,
        no_due=form.no_due.data,
        now=moment,
        zone=get_timezone(),
    )
    if refusal is not None:
        form.due.errors = [
            *form.due.errors,
            _("Its due date has passed: give a new one, or tick “No due date”."),
        ]
        return _render_edit(school_class, assignment, reopen_form=form, status=422)
    change_due = form.due.data is not None or bool(form.no_due.data)
    changes = assignments.reopen(db.session, assignment, due_from(form), change_due=change_due)
    if changes:
        _audit_changes("assignment-reopened", assignment, changes)
        flash(_("The work is open again."), "info")
    else:
        flash(_("This work was already open."), "info")
    return redirect(_edit_url(school_class, assignment))


def _own_cell(class_id: str, assignment_id: str, pupil_id: int):
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    pupil = class_pupil_or_404(school_class, pupil_id)
    return school_class, assignment, pupil


def _render_cell(
    school_class, assignment, pupil, *, extension_form=None, override_form=None, status=200
):
    book = assignments.gradebook(db.session, school_class, default_rubric(), pupils=[pupil])
    extension = assignments.extension_for(db.session, assignment, pupil)
    override = assignments.override_for(db.session, assignment, pupil)
    if extension_form is None:
        extension_form = ExtensionForm(
            formdata=None, data={"due": _local_day(extension.due_at) if extension else None}
        )
    if override_form is None:
        override_form = OverrideForm(
            formdata=None,
            data={
                "score": format_decimal(round(override.score * 100, 1)) if override else "",
                "comment": override.comment if override else "",
            },
        )
    return render_template(
        "assignments/cell.html",
        school_class=school_class,
        assignment=assignment,
        pupil=pupil,
        cell=book.cell(pupil, assignment),
        extension=extension,
        override=override,
        extension_form=extension_form,
        override_form=override_form,
        remove_form=RemoveForm(formdata=None),
    ), status


def _cell_url(school_class, assignment, pupil) -> str:
    return url_for(
        "assignments.cell",
        class_id=school_class.public_id,
        assignment_id=assignment.public_id,
        pupil_id=pupil.id,
    )


@bp.get("/classes/<class_id>/assignments/<assignment_id>/pupils/<int:pupil_id>")
@teacher_required
def cell(class_id: str, assignment_id: str, pupil_id: int):
    """One pupil's piece of set work: their own due date, the teacher's score."""
    return _render_cell(*_own_cell(class_id, assignment_id, pupil_id))


def _removed_from_cell(school_class, assignment, pupil, remove, audited, done):
    """A gradebook cell's "remove" button (an extension, a teacher's score): the change taken
    back, audited as `audited` (event, key) and told; None when the button was not pressed."""
    form = RemoveForm()
    if form.action.data != "remove":
        return None
    if not form.validate_on_submit():
        abort(400)
    removed = remove(db.session, assignment, pupil)
    if removed:
        event, key = audited
        _audit_changes(event, assignment, {key: removed}, pupil)
        flash(str(done), "info")
    return redirect(_cell_url(school_class, assignment, pupil))


EXTENSION_PROBLEMS = {
    rules.NO_CLASS_DUE_DATE: _l("This work has no due date: there is nothing to extend."),
    rules.DUE_IN_THE_PAST: _l("This day is already over: choose today or a later day."),
}


@bp.post("/classes/<class_id>/assignments/<assignment_id>/pupils/<int:pupil_id>/extension")
@teacher_required
def extend(class_id: str, assignment_id: str, pupil_id: int):
    school_class, assignment, pupil = _own_cell(class_id, assignment_id, pupil_id)
    removed = _removed_from_cell(
        school_class,
        assignment,
        pupil,
        assignments.remove_extension,
        ("extension-removed", "extension"),
        _l("The extension is removed: the class’s due date holds again."),
    )
    if removed is not None:
        return removed
    form = ExtensionForm()
    if form.validate_on_submit() and form.due.data is not None:  # InputRequired: it is
        refusal = rules.extension_refusal(
            form.due.data,
            class_due=assignment.due_at,
            now=assignments.now(),
            zone=get_timezone(),
        )
        if refusal is None:
            until = rules.end_of_day(form.due.data, get_timezone())
            change = assignments.set_extension(db.session, assignment, pupil, until, current_user())
            _audit_changes("extension-granted", assignment, {"extension": change}, pupil)
            flash(
                _(
                    "%(name)s may now hand this work in until %(date)s.",
                    name=pupil.display_name,
                    date=due_day(until),
                ),
                "info",
            )
            return redirect(_cell_url(school_class, assignment, pupil))
        message = (
            _(
                "Choose a day after the class’s due date (%(date)s).",
                date=due_day(assignment.due_at),
            )
            if refusal == rules.NOT_AFTER_CLASS_DUE
            else str(EXTENSION_PROBLEMS[refusal])
        )
        form.due.errors = [message]
    return _render_cell(school_class, assignment, pupil, extension_form=form, status=422)


def _score_problem(text: str) -> str | None:
    """Why a typed score is refused, in the teacher's language; None when it reads."""
    try:
        percent = parse_number(text, str(get_locale()))
    except AnswerFormatError as error:
        if error.code == "wrong-decimal-separator":
            return _(
                "This language writes decimals differently: did you mean %(suggestion)s?",
                suggestion=format_decimal(error.hint),
            )
        return _(
            "We could not read this as a number. Write it like this: %(example)s.",
            example=format_decimal(72.5),
        )
    if rules.override_refusal(percent, "-") is not None:
        return _("Give a score from 0 to 100.")
    return None


@bp.post("/classes/<class_id>/assignments/<assignment_id>/pupils/<int:pupil_id>/score")
@teacher_required
def override(class_id: str, assignment_id: str, pupil_id: int):
    school_class, assignment, pupil = _own_cell(class_id, assignment_id, pupil_id)
    if not assignment.graded_like_quiz:
        abort(404)
    removed = _removed_from_cell(
        school_class,
        assignment,
        pupil,
        assignments.remove_override,
        ("score-override-removed", "score"),
        _l("Your score is removed: the quiz’s own score counts again."),
    )
    if removed is not None:
        return removed
    form = OverrideForm()
    if form.validate_on_submit():
        score, comment = form.score.data or "", form.comment.data or ""
        problem = _score_problem(score)
        if not comment.strip():
            form.comment.errors = [_("Say why: the pupil reads your comment.")]
        elif problem is None:
            percent = parse_number(score, str(get_locale()))
            change = assignments.set_override(
                db.session,
                assignment,
                pupil,
                round(float(percent) / 100, 4),
                comment.strip(),
                current_user(),
            )
            _audit_changes("score-overridden", assignment, change, pupil)
            flash(_("Your score is saved; the quiz’s own score is kept beside it."), "info")
            return redirect(_cell_url(school_class, assignment, pupil))
        if problem is not None:
            form.score.errors = [problem]
    return _render_cell(school_class, assignment, pupil, override_form=form, status=422)


@bp.get("/classes/<class_id>/gradebook")
@teacher_required
def gradebook(class_id: str):
    school_class = owned_class_or_404(class_id)
    book = assignments.gradebook(db.session, school_class, default_rubric())
    averages = [book.average(a) for a in book.assignments]
    titles = {a.id: assignment_title(a) for a in book.assignments}
    chart = None
    if book.assignments:
        chart = Markup(
            charts.bar_chart(
                averages,  # None (work with no score yet) is drawn "–", never 0 %
                list(titles.values()),
                title=_("Class average per assignment"),
                value_format=format_percent,
                missing=_("no score"),
            )
        )
    # Formatted once per request, not once per cell: a class of 30 pupils and 40 quizzes has
    # 1,200 cells but only a few distinct scores, three statuses and 40 titles.
    cells = book.cells.values()
    scores = {s for c in cells for s in (c.score, c.computed_score) if s is not None}
    scores.update(a for a in averages if a is not None)
    percents = {score: format_share(score) for score in scores}
    words = gradebook_rows.Words(
        change=_("Change"),
        late=_("late"),
        set_by=_("set by the teacher"),
        percents=percents,
        statuses={status: status_label(status) for status in STATUS_LABELS},
        quiz_score=lambda percent: _("quiz: %(percent)s", percent=percent),
        extended_to=lambda date: _("extended to %(date)s", date=due_day(date)),
    )
    pupil_url = partial(url_for, "assignments.pupil", class_id=school_class.public_id)
    return render_template(
        "assignments/gradebook.html",
        school_class=school_class,
        book=book,
        averages=averages,
        chart=chart,
        percents=percents,
        titles=titles,
        rows=gradebook_rows.body_rows(
            book,
            words,
            titles,
            _cell_paths(school_class, book.assignments),
            lambda pupil: pupil_url(pupil_id=pupil.id),
        ),
    )


def _cell_paths(school_class, work) -> dict[int, str]:
    """For each assignment, its cells' address relative to the gradebook's, up to the pupil's
    id: `assignments/<id>/pupils/`. Shorter than the absolute one repeated in every cell."""
    page = url_for("assignments.gradebook", class_id=school_class.public_id)
    folder = page[: page.rindex("/") + 1]
    paths = {}
    for assignment in work:
        address = url_for(
            "assignments.cell",
            class_id=school_class.public_id,
            assignment_id=assignment.public_id,
            pupil_id=0,
        )
        if not (address.startswith(folder) and address.endswith("/0")):
            raise ValueError(f"a gradebook cell's address is not beside the gradebook: {address}")
        paths[assignment.id] = address[len(folder) : -1]
    return paths


def _late_mark(cell) -> str:
    """yes / no, and until when the pupil was given more time."""
    mark = _("yes") if cell.late else _("no")
    extended_to = getattr(cell, "extended_to", None)
    if extended_to is not None:
        mark = _("%(late)s (more time until %(date)s)", late=mark, date=format_day(extended_to))
    return mark


def _status_mark(cell) -> str:
    """The status, and whether the teacher set the score."""
    status = status_label(cell.status)
    if getattr(cell, "overridden", False):
        return _("%(status)s (score set by the teacher)", status=status)
    return status


def _gradebook_tables(school_class) -> list[Table]:
    """The gradebook as tables for a spreadsheet: one row per pupil (sorted the way people
    read names), then one row per assignment with its due date and class average."""
    book = assignments.gradebook(db.session, school_class, default_rubric())
    columns = [Column(_("First name"))]
    for assignment in book.assignments:
        title = assignment_title(assignment)
        columns += [
            Column(_("%(work)s (%%)", work=title), "percent"),
            Column(_("%(work)s — status", work=title)),
            Column(_("%(work)s — late", work=title)),
        ]
    rows = []
    for pupil in sorted(book.pupils, key=lambda p: name_sort_key(p.display_name)):
        row: list[object] = [pupil.display_name]
        for assignment in book.assignments:
            cell = book.cell(pupil, assignment)
            row += [cell.score, _status_mark(cell), _late_mark(cell)]
        rows.append(row)
    work = [
        [
            assignment_title(assignment),
            school_time(assignment.due_at).date() if assignment.due_at else None,
            book.average(assignment),
            sum(1 for p in book.pupils if book.cell(p, assignment).status == rules.DONE),
        ]
        for assignment in book.assignments
    ]
    work_columns = [
        Column(_("Assignment")),
        Column(_("Due date"), "date"),
        Column(_("Class average"), "percent"),
        Column(_("Pupils who finished"), "number"),
    ]
    return [
        Table(school_class.name, columns, rows),
        Table(_("Assignments"), work_columns, work),
    ]


def _download(school_class, body, mimetype: str, extension: str):
    audit("gradebook-export", subject=f"class {school_class.public_id} ({school_class.name})")
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = (
        f'attachment; filename="agora-{school_class.join_code}-gradebook.{extension}"'
    )
    return response


@bp.get("/classes/<class_id>/gradebook.csv")
@teacher_required
def gradebook_csv(class_id: str):
    """The gradebook for a spreadsheet: one row per pupil, scores as percentages, written the
    way a spreadsheet in the reader's language reads them (`;` and `87,5` in French)."""
    school_class = owned_class_or_404(class_id)
    pupils = _gradebook_tables(school_class)[0]
    body = table_csv(pupils, get_decimal_symbol(format_locale()))
    return _download(school_class, body, "text/csv; charset=utf-8", "csv")


@bp.get("/classes/<class_id>/gradebook.xlsx")
@teacher_required
def gradebook_xlsx(class_id: str):
    """The gradebook as an Excel workbook: scores as numbers shown as percentages, due dates
    as dates, a sheet for the pupils and one for the assignments."""
    school_class = owned_class_or_404(class_id)
    tables = _gradebook_tables(school_class)
    # openpyxl takes ≈ 0.1 s to import: loaded by the first spreadsheet asked for, not by
    # every worker and command.
    from edu import xlsx_export

    body = xlsx_export.write_xlsx(tables, fallback_names=[_("Gradebook"), _("Assignments")])
    return _download(school_class, body, xlsx_export.MIMETYPE, "xlsx")


@bp.get("/classes/<class_id>/pupils/<int:pupil_id>")
@teacher_required
def pupil(class_id: str, pupil_id: int):
    """One pupil's drill-down: every answer of every set quiz, every debate and its scores."""
    school_class = owned_class_or_404(class_id)
    pupil = class_pupil_or_404(school_class, pupil_id)
    attempts, participants = assignments.pupil_work(db.session, pupil)
    overrides = assignments.pupil_overrides(db.session, pupil)
    computed: dict[int | None, float] = {}
    for attempt in attempts:
        if attempt.score is not None:
            best = computed.get(attempt.assignment_id)
            computed[attempt.assignment_id] = max(best or 0, attempt.score)
    return render_template(
        "assignments/pupil.html",
        school_class=school_class,
        pupil=pupil,
        attempts=attempts,
        participants=participants,
        overrides=overrides,
        computed=computed,
        as_item=assignments.quizzes.as_item,
        criteria={criterion.id: criterion for criterion in default_rubric().criteria},
    )


@bp.get("/classes/<class_id>/assignments/<assignment_id>")
@teacher_required
def analysis(class_id: str, assignment_id: str):
    """Item analysis of a set quiz: how hard each item was and how well it told pupils apart."""
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    if assignment.kind == "debate":
        debate = assignments.debate_of(db.session, assignment) or abort(404)
        return redirect(url_for("debate.scores", debate_id=debate.public_id))
    stats, items, scores = assignments.quiz_analysis(db.session, assignment)
    bins = score_distribution(scores, bins=5)
    labels = [f"{format_percent(i / 5)}–{format_percent((i + 1) / 5)}" for i in range(len(bins))]
    histogram = Markup(
        charts.histogram(bins, labels, title=_("How many pupils reached each score"))
    )
    difficulty = Markup(
        charts.bar_chart(
            [s.difficulty for s in stats],
            [str(n) for n in range(1, len(stats) + 1)],
            title=_("Share of right answers per question"),
            value_format=format_percent,
        )
    )
    return render_template(
        "assignments/analysis.html",
        school_class=school_class,
        assignment=assignment,
        stats=stats,
        items=items,
        pupils_counted=len(scores),
        histogram=histogram,
        difficulty=difficulty,
    )


# -- pupils ----------------------------------------------------------------------------------------


@bp.get("/assignments")
def todo():
    """What the pupil's teacher has set, what is done and what is due."""
    pupil = assignments.pupil_of(db.session, current_learner())
    if pupil is None:
        return render_template("assignments/todo.html", pupil=None, rows=[])
    book = assignments.gradebook(db.session, pupil.school_class, default_rubric(), pupils=[pupil])
    rows = [(a, book.cell(pupil, a)) for a in reversed(book.assignments)]
    return render_template("assignments/todo.html", pupil=pupil, rows=rows)


@bp.post("/assignments/<assignment_id>/start")
@pupil_required
def start(assignment_id: str):
    pupil = current_pupil()
    assignment = pupil_assignment_or_404(pupil, assignment_id)
    if assignment.kind == "debate":
        debate = assignments.debate_of(db.session, assignment) or abort(404)
        return redirect(url_for("debate.show", debate_id=debate.public_id))
    started = assignments.start_quiz(db.session, assignment, pupil.learner)
    if started.attempt is None:
        flash(refusal_message(started.refusal or "empty"), "error")
        return redirect(url_for("assignments.todo"))
    return where_you_are(started.attempt)


# -- template helpers ------------------------------------------------------------------------------


@bp.app_template_global()
def assignment_title(assignment) -> str:
    if assignment.kind == "quiz":
        return _("Quiz: %(title)s", title=_text(assignment.article.title))
    if assignment.kind == "review":
        return ngettext("Review: %(num)s fact", "Review: %(num)s facts", len(assignment.facts))
    return _("Debate: %(question)s", question=_text(assignment.question.text))


STATUS_LABELS = {
    rules.NOT_STARTED: _l("not started"),
    rules.IN_PROGRESS: _l("in progress"),
    rules.DONE: _l("done"),
}


@bp.app_template_global()
def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


FLAG_LABELS = {
    "too-hard": _l("very hard: check the wording and the right answer"),
    "too-easy": _l("almost everyone gets it right"),
    "poor-discrimination": _l("does not tell strong and weak answers apart"),
}


@bp.app_template_global()
def flag_label(flag: str | None) -> str:
    return str(FLAG_LABELS[flag]) if flag in FLAG_LABELS else ""


@bp.app_template_filter("due_day")
def due_day(value) -> str:
    """A due date as the day it falls on where the school is: due dates end that day."""
    return format_day(value) if value else ""


@bp.app_template_global()
def assignment_forms():
    return {"quiz": quiz_form(), "debate": debate_form()}
