"""Set work: teachers assign and follow it in the gradebook; pupils see what is due and do it."""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_percent, get_locale, get_timezone
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from edu.assignments import rules
from edu.extensions import db
from edu.gradebook import charts
from edu.gradebook.analysis import score_distribution
from edu.gradebook.csv_export import write_csv
from edu.models import Article, Question
from edu.services import assignments
from edu.web.assignments.forms import AssignDebateForm, AssignQuizForm
from edu.web.classes.routes import _own_class, _own_pupil
from edu.web.debate.routes import rubric
from edu.web.identity import audit, current_learner
from edu.web.quiz.routes import where_you_are
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


def _due(form):
    if form.due.data is None:
        return None
    return rules.end_of_day(form.due.data, get_timezone())


# -- teachers --------------------------------------------------------------------------------------


@bp.post("/classes/<class_id>/assignments/quiz")
def assign_quiz(class_id: str):
    school_class = _own_class(class_id)
    form = quiz_form()
    if form.validate_on_submit():
        article = db.session.scalar(select(Article).where(Article.slug == form.article.data))
        assignments.assign_quiz(
            db.session,
            school_class,
            article,
            due_at=_due(form),
            max_attempts=form.max_attempts.data,
            feedback=form.feedback.data,
        )
        flash(_("The quiz is set: your pupils see it on their work page."), "info")
    else:
        _flash_errors(form)
    return redirect(url_for("classes.show", class_id=class_id) + "#work")


@bp.post("/classes/<class_id>/assignments/debate")
def assign_debate(class_id: str):
    school_class = _own_class(class_id)
    form = debate_form()
    if form.validate_on_submit():
        question = db.session.get(Question, int(form.question.data))
        assignments.assign_debate(
            db.session,
            school_class,
            question,
            due_at=_due(form),
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


def _own_assignment(school_class, assignment_id: str):
    assignment = assignments.class_assignment(db.session, school_class, assignment_id)
    if assignment is None:
        audit("permission-denied", subject=request.path)
        abort(404)
    return assignment


@bp.post("/classes/<class_id>/assignments/<assignment_id>/delete")
def delete(class_id: str, assignment_id: str):
    school_class = _own_class(class_id)
    assignment = _own_assignment(school_class, assignment_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm: the pupils' work for it is deleted too."), "error")
    else:
        assignments.delete_assignment(db.session, assignment)
        flash(_("The assignment and the work done for it are deleted."), "info")
    return redirect(url_for("classes.show", class_id=class_id) + "#work")


@bp.get("/classes/<class_id>/gradebook")
def gradebook(class_id: str):
    school_class = _own_class(class_id)
    book = assignments.gradebook(db.session, school_class, rubric())
    averages = [book.average(a) for a in book.assignments]
    chart = None
    if book.assignments:
        chart = Markup(
            charts.bar_chart(
                [value or 0 for value in averages],
                [assignment_title(a) for a in book.assignments],
                title=_("Class average per assignment"),
                value_format=format_percent,
            )
        )
    return render_template(
        "assignments/gradebook.html",
        school_class=school_class,
        book=book,
        averages=averages,
        chart=chart,
    )


@bp.get("/classes/<class_id>/gradebook.csv")
def gradebook_csv(class_id: str):
    """The gradebook for a spreadsheet: one row per pupil, scores as numbers from 0 to 100."""
    school_class = _own_class(class_id)
    book = assignments.gradebook(db.session, school_class, rubric())
    header = [_("First name")]
    for assignment in book.assignments:
        title = assignment_title(assignment)
        header += [title, f"{title} — {_('status')}", f"{title} — {_('late')}"]
    rows = [header]
    for pupil in book.pupils:
        row: list[object] = [pupil.display_name]
        for assignment in book.assignments:
            cell = book.cell(pupil, assignment)
            row += [
                round(cell.score * 100, 1) if cell.score is not None else None,
                status_label(cell.status),
                _("yes") if cell.late else _("no"),
            ]
        rows.append(row)
    audit("gradebook-export", subject=f"class {school_class.public_id} ({school_class.name})")
    response = make_response(write_csv(rows))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="agora-{school_class.join_code}-gradebook.csv"'
    )
    return response


@bp.get("/classes/<class_id>/pupils/<int:pupil_id>")
def pupil(class_id: str, pupil_id: int):
    """One pupil's drill-down: every answer of every set quiz, every debate and its scores."""
    school_class = _own_class(class_id)
    pupil = _own_pupil(school_class, pupil_id)
    attempts, participants = assignments.pupil_work(db.session, pupil)
    return render_template(
        "assignments/pupil.html",
        school_class=school_class,
        pupil=pupil,
        attempts=attempts,
        participants=participants,
        as_item=assignments.quizzes.as_item,
        criteria={criterion.id: criterion for criterion in rubric().criteria},
    )


@bp.get("/classes/<class_id>/assignments/<assignment_id>")
def analysis(class_id: str, assignment_id: str):
    """Item analysis of a set quiz: how hard each item was and how well it told pupils apart."""
    school_class = _own_class(class_id)
    assignment = _own_assignment(school_class, assignment_id)
    if assignment.kind == "debate":
        debate = assignments.debate_of(db.session, assignment)
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


def _pupil():
    pupil = assignments.pupil_of(db.session, current_learner())
    if pupil is None:
        abort(404)
    return pupil


@bp.get("/assignments")
def todo():
    """What the pupil's teacher has set, what is done and what is due."""
    pupil = assignments.pupil_of(db.session, current_learner())
    if pupil is None:
        return render_template("assignments/todo.html", pupil=None, rows=[])
    book = assignments.gradebook(db.session, pupil.school_class, rubric(), pupils=[pupil])
    rows = [(a, book.cell(pupil, a)) for a in reversed(book.assignments)]
    return render_template("assignments/todo.html", pupil=pupil, rows=rows)


@bp.post("/assignments/<assignment_id>/start")
def start(assignment_id: str):
    pupil = _pupil()
    assignment = assignments.pupil_assignment(db.session, pupil, assignment_id) or abort(404)
    if assignment.kind == "debate":
        debate = assignments.debate_of(db.session, assignment)
        return redirect(url_for("debate.show", debate_id=debate.public_id))
    started = assignments.start_quiz(db.session, assignment, pupil.learner)
    if started.attempt is None:
        flash(refusal_message(started.refusal), "error")
        return redirect(url_for("assignments.todo"))
    return where_you_are(started.attempt)


# -- template helpers ------------------------------------------------------------------------------


@bp.app_template_global()
def assignment_title(assignment) -> str:
    if assignment.kind == "quiz":
        return _("Quiz: %(title)s", title=_text(assignment.article.title))
    return _("Debate: %(question)s", question=_text(assignment.question.text))


STATUS_LABELS = {
    rules.NOT_STARTED: lambda: _("not started"),
    rules.IN_PROGRESS: lambda: _("in progress"),
    rules.DONE: lambda: _("done"),
}


@bp.app_template_global()
def status_label(status: str) -> str:
    return STATUS_LABELS[status]()


FLAG_LABELS = {
    "too-hard": lambda: _("very hard: check the wording and the right answer"),
    "too-easy": lambda: _("almost everyone gets it right"),
    "poor-discrimination": lambda: _("does not tell strong and weak answers apart"),
}


@bp.app_template_global()
def flag_label(flag: str | None) -> str:
    return FLAG_LABELS[flag]() if flag in FLAG_LABELS else ""


@bp.app_template_global()
def assignment_forms():
    return {"quiz": quiz_form(), "debate": debate_form()}
