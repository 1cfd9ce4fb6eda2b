"""Quiz pages: thin views over the quiz services. One question per page, no JavaScript needed."""

import functools
from typing import Any

from babel import numbers as babel_numbers
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup, escape
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import contains_eager, joinedload

from edu import catalog, clock
from edu.catalog import N_
from edu.debate.rubric import default_rubric
from edu.extensions import db
from edu.i18n import (
    format_from_now,
    format_locale,
    format_number,
    format_share,
    format_when,
    school_zone,
)
from edu.models import Article, Attempt, Learner, Theme
from edu.models.content import Bilingual
from edu.quiz.items import GAP
from edu.quiz.scoring import AnswerFormatError, display_given
from edu.quiz.types import item_type
from edu.services import assignments, debates, quizzes, recall
from edu.web.identity import current_learner, learner_public_id
from edu.web.navigation import safe_referrer, where_you_are
from edu.web.quiz import shown
from edu.web.quiz.forms import PractiseMistakesForm, StartQuizForm
from edu.web.recall.progress_charts import progress_charts
from edu.web.refusals import refuse_past_due

bp = Blueprint("quiz", __name__, template_folder="templates")

MISTAKES_SHOWN = 20


def _tokens() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="quiz-question")


@bp.post("/quiz/articles/<slug>")
def start_article(slug: str):
    article = db.session.scalar(select(Article).where(Article.slug == slug)) or abort(404)
    return _start(article=article)


@bp.post("/quiz/themes/<slug>")
def start_theme(slug: str):
    theme = db.session.scalar(select(Theme).where(Theme.slug == slug)) or abort(404)
    return _start(theme=theme)


def _start(article: Article | None = None, theme: Theme | None = None):
    form = StartQuizForm()
    if not form.validate_on_submit():
        abort(400)
    learner = current_learner(create=True)
    attempt = quizzes.start_attempt(
        db.session, learner, article=article, theme=theme, feedback=form.feedback.data, resume=True
    )
    if attempt is None:
        db.session.rollback()  # nothing started: the guest made for it is not kept either
        flash(_("This quiz has no questions yet."), "error")
        return redirect(safe_referrer(url_for("articles.index")))
    if attempt.responses:
        flash(_("You had started this quiz: here is where you stopped."), "info")
    return where_you_are(attempt)


@functools.cache
def _own_attempt_query() -> Select[Attempt]:
    """The attempt with its learner, answers and article (for the title) in one query, the
    statement built once: the question page and the answer run it on every request (it was a
    third of their time as two queries, and the article a third, lazily). Built on the first
    request, not at import: its loader options configure every mapper (~35 ms), which the
    first query does anyway, so that a command never pays for it just to start."""
    return (
        select(Attempt)
        .join(Attempt.learner)
        .where(Attempt.public_id == bindparam("attempt"), Learner.public_id == bindparam("learner"))
        .options(
            contains_eager(Attempt.learner),
            joinedload(Attempt.responses),
            joinedload(Attempt.article),
        )
    )


def _own_attempt(attempt_id: str) -> Attempt:
    """The attempt, only if it belongs to this browser's learner: anyone else gets a 404."""
    found = db.session.execute(
        _own_attempt_query(), {"attempt": attempt_id, "learner": learner_public_id()}
    )
    attempt = found.unique().scalar_one_or_none()
    if attempt is None:
        abort(404)
    return attempt


def _refuse_past_due(attempt: Attempt):
    """Set work past its due date takes no more answers: the pupil is told, nothing changes."""
    return refuse_past_due(attempt.assignment_id, url_for("assignments.todo"), attempt.learner)


@bp.get("/attempts/<attempt_id>/questions/<int:position>")
def question(attempt_id: str, position: int):
    attempt = _own_attempt(attempt_id)
    if not 1 <= position <= len(attempt.plan):
        abort(404)
    response = next((r for r in attempt.responses if r.position == position), None)
    if response is None:
        refused = _refuse_past_due(attempt)
        if refused:
            return refused
    if response is None and position != quizzes.next_position(attempt):
        flash(_("Here is the question you are on."), "info")
        return where_you_are(attempt)
    return _render_question(attempt, position, response=response)


@bp.post("/attempts/<attempt_id>/questions/<int:position>")
def answer(attempt_id: str, position: int):
    attempt = _own_attempt(attempt_id)
    if not 1 <= position <= len(attempt.plan):
        abort(404)
    if any(r.position == position for r in attempt.responses):
        flash(_already_answered(position), "info")
        return _after_answer(attempt, position)
    refused = _refuse_past_due(attempt)
    if refused:
        return refused
    if position != quizzes.next_position(attempt):
        flash(_("That page was out of date. Here is the question you are on."), "info")
        return where_you_are(attempt)
    try:
        token_position, shown_at = _tokens().loads(
            request.form.get("token", ""), return_timestamp=True
        )
    except BadSignature:
        abort(400)
    if token_position != [attempt.public_id, position]:
        abort(400)

    item = quizzes.item_at(db.session, attempt, position)
    try:
        submitted = _read_submission(item, request.form)
        elapsed = _milliseconds_since(shown_at)
        recorded = quizzes.record_response(
            db.session,
            attempt,
            position,
            submitted,
            str(get_locale()),
            elapsed,
            sure=request.form.get("sure") == "yes" or None,
        )
    except AnswerFormatError as error:
        return _render_question(attempt, position, error=error, status=422)
    if recorded.replay:
        flash(_already_answered(position), "info")
    return _after_answer(attempt, position)


def _already_answered(position: int) -> str:
    return _(
        "You had already answered question %(number)s: your first answer is kept.", number=position
    )


def _after_answer(attempt: Attempt, position: int):
    if attempt.feedback == "each":
        return redirect(url_for("quiz.question", attempt_id=attempt.public_id, position=position))
    return where_you_are(attempt)


def _milliseconds_since(shown_at) -> int:
    elapsed = clock.now() - shown_at
    return max(0, int(elapsed.total_seconds() * 1000))


def _read_submission(item, form):
    """The answer as the learner gave it, in the shape its item type scores."""
    kind = item_type(item.type)
    return kind.answer_from_form(kind.read(item), form)


ERROR_MESSAGES = {
    "empty": lambda error: _("Please give an answer before going on."),
    "incomplete": lambda error: _("Please answer every part of the question."),
    "duplicate-positions": lambda error: _("Give each fact a different place in the order."),
    "not-a-number": lambda error: _(
        "We could not read this as a number. Write it like this: %(example)s.",
        example=format_number(1120.5),
    ),
    "wrong-decimal-separator": lambda error: _(
        "This language writes decimals differently: did you mean %(suggestion)s?",
        suggestion=babel_numbers.format_decimal(
            error.hint, locale=format_locale(), decimal_quantization=False
        )
        if error.hint is not None
        else "",
    ),
}


def _render_question(attempt, position, *, response=None, error=None, status=200):
    item = quizzes.item_at(db.session, attempt, position)
    kind = item_type(item.type)
    show_feedback = response is not None and (
        attempt.feedback == "each" or attempt.finished_at is not None
    )
    context = {
        "attempt": attempt,
        "title": _quiz_title(attempt),
        "position": position,
        "total": len(attempt.plan),
        "item": item,
        "item_type": kind,
        "data": kind.in_page_order(kind.read(item), attempt.seed, position),
        "response": response,
        "form_values": _form_values(kind, response, error),
        "error": ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["incomplete"])(error)
        if error
        else None,
        "token": _tokens().dumps([attempt.public_id, position]),
        "show_feedback": show_feedback,
        "sure_checked": request.form.get("sure") == "yes" if error else False,
        "comes_back": _comes_back(response) if show_feedback else None,
        **_feedback(item, show_feedback),
        "next_url": _next_url(attempt, position) if response else None,
    }
    return render_template("quiz/question.html", **context), status


def _comes_back(response) -> str | None:
    """When the review queue asks this answer's fact again, in words ("in 4 days")."""
    due = recall.next_review(db.session, response.id)
    return format_from_now(due, clock.now()) if due else None


def _feedback(item, shown_now: bool) -> dict[str, Any]:
    """The right answer (a short list for an order, pairs or sides) and the evidence, one
    entry per paragraph; nothing before the learner may see it."""
    if not shown_now:
        return {"right_answer": None, "evidence": []}
    facts = quizzes.evidence(db.session, item)
    return {"right_answer": shown.right_answer(item, facts), "evidence": shown.by_paragraph(facts)}


def _answer_rows(answered: list[tuple[Any, Any, bool]]) -> list[dict[str, Any]]:
    """Answered questions on a results page, from (response, item, with evidence?): the answer
    given and what it earned, the right answer and (where asked) where it stands in the
    article. The evidence of them all is read in one query."""
    evidence = quizzes.evidence_of(db.session, [item for _, item, _ in answered])
    return [
        {
            "response": response,
            "item": item,
            "given": shown.given_answer(item, response.answer, facts),
            "right_answer": shown.right_answer(item, facts),
            "evidence": shown.by_paragraph(facts) if with_evidence else [],
        }
        for (response, item, with_evidence), facts in zip(answered, evidence, strict=True)
    ]


def _form_values(kind, response, error) -> dict:
    """What the form shows chosen: the answer given, or what was sent and must be corrected."""
    if response is not None:
        return kind.form_fields(response.answer)
    return _given(request.form) if error else {}


def _given(form) -> dict:
    return {key: value for key, value in form.items() if key not in {"csrf_token", "token", "sure"}}


def _next_url(attempt, position):
    if position < len(attempt.plan):
        return url_for("quiz.question", attempt_id=attempt.public_id, position=position + 1)
    return url_for("quiz.results", attempt_id=attempt.public_id)


@bp.get("/attempts/<attempt_id>")
def results(attempt_id: str):
    attempt = _own_attempt(attempt_id)
    finished = attempt.finished_at is not None
    if not finished and not _no_longer_open(attempt):
        return where_you_are(attempt)
    versions = quizzes.attempt_versions(db.session, attempt)
    rows = _answer_rows(
        [
            (response, quizzes.as_item(versions[response.position - 1]), response.credit < 1)
            for response in attempt.responses
        ]
    )
    return render_template(
        "quiz/results.html",
        attempt=attempt,
        title=_quiz_title(attempt),
        rows=rows,
        finished=finished,
        mistakes_form=PractiseMistakesForm()
        if finished and any(r.credit < 1 for r in attempt.responses)
        else None,
    )


@bp.post("/attempts/<attempt_id>/mistakes")
def practise_mistakes(attempt_id: str):
    """A short session, now, of the facts this attempt missed, each asked another way."""
    attempt = _own_attempt(attempt_id)
    if not PractiseMistakesForm().validate_on_submit():
        abort(400)
    if attempt.finished_at is None:
        return where_you_are(attempt)
    session_ = recall.practise_mistakes(db.session, attempt, clock.now())
    if session_ is None:
        flash(_("There is nothing to practise again: every answer was right."), "info")
        return redirect(url_for("quiz.results", attempt_id=attempt.public_id))
    return where_you_are(session_)


def _no_longer_open(attempt: Attempt) -> bool:
    """Set work that can no longer be handed in (past its due date, closed): its unfinished
    attempt shows what was answered, instead of questions that would be refused."""
    # The attempt's own learner, loaded with it: no second lookup of who is asking.
    refusal = assignments.submission_refusal(db.session, attempt.assignment_id, attempt.learner)
    return refusal is not None


@bp.get("/me/results")
def mine():
    learner = current_learner()
    # An attempt whose article and theme were both deleted has nothing left to name it by.
    titled = [
        (line, title)
        for line in (quizzes.learner_history(db.session, learner) if learner else [])
        if (title := _quiz_title(line.attempt)) is not None
    ]
    summary: dict[str, dict] = {}
    for line, title in reversed(titled):  # oldest first, so "latest" ends up the newest
        row = summary.setdefault(
            title.en, {"title": title, "attempts": 0, "best": None, "latest": None}
        )
        row["attempts"] += 1
        if line.attempt.score is not None:
            row["best"] = max(row["best"] or 0, line.attempt.score)
            row["latest"] = line.attempt.score
    mistakes = quizzes.recent_mistakes(db.session, learner, MISTAKES_SHOWN) if learner else []
    progress = drawn = None
    if learner is not None:
        now, zone = clock.now(), school_zone()
        progress = recall.learner_progress(db.session, learner, now, zone, clock.today(zone, now))
        language = str(get_locale())
        drawn = progress_charts(progress, lambda text: getattr(text, language, text.en))
    return render_template(
        "quiz/mine.html",
        progress=progress,
        charts=drawn,
        attempts=[
            {"attempt": line.attempt, "title": title, "answered": line.answered}
            for line, title in titled
        ],
        answered=sum(line.answered for line, _ in titled),
        summary=list(summary.values()),
        mistakes=_answer_rows(
            [(response, quizzes.as_item(response.item_version), True) for response in mistakes]
        ),
        debates=_my_debates(learner),
    )


# What a review session is called, in both languages like an article's title.
KIND_TITLES = {"review": N_("Review session"), "mistakes": N_("My mistakes, again")}


def _quiz_title(attempt: Attempt) -> Bilingual | None:
    """What the attempt was on: its article's title or its theme's name (None once deleted),
    or, for a review session, what kind of review it is."""
    if attempt.kind in KIND_TITLES:
        return Bilingual(**catalog.in_each_language(KIND_TITLES[attempt.kind]))
    if attempt.article is not None:
        return attempt.article.title
    return attempt.theme.name if attempt.theme is not None else None


def _my_debates(learner) -> list[dict]:
    """The learner's debates beside their quizzes: side, progress, scores and feedback."""
    if learner is None:
        return []
    rubric = default_rubric()
    rows = []
    for participant in debates.learner_debates(db.session, learner):
        debate = participant.debate
        scores = {
            role: debates.score_of(participant, rubric, debate.language_class, role)
            for role in ("host", "self")
        }
        comments = [
            s.comment
            for s in participant.scores
            if s.role == "host" and s.comment and not s.draft  # a draft is not shown yet
        ]
        rows.append(
            {
                "participant": participant,
                "debate": debate,
                "phases_done": len(debates.submitted_phases(participant)),
                "scores": scores,
                "feedback": {
                    role: debates.score_feedback(participant, rubric, debate.language_class, role)
                    for role in ("host", "self")
                },
                "comment": comments[0] if comments else None,
            }
        )
    return rows


# -- template helpers ------------------------------------------------------------------------------


@bp.app_template_filter("gap")
def gap(text: str) -> Markup:
    """A prompt with its blank drawn as a gap that screen readers announce."""
    blank = Markup('<span class="gap"><span class="visually-hidden">%s</span></span>') % _("blank")
    return blank.join(escape(part) for part in text.split(GAP))


@bp.app_template_filter("percent")
def percent(value: float) -> str:
    return format_share(value)


@bp.app_template_filter("datetime_short")
def datetime_short(value) -> str:
    """A moment, day first: `1 Dec 2026, 14:30` / `1 déc. 2026, 14:30`."""
    return format_when(value) if value else ""


@bp.app_template_global()
def describe_answer(item, answer) -> str:
    """A learner's answer in words, on one line, in the interface's language."""
    return display_given(item, answer, str(get_locale()))


@bp.app_template_global()
def given_answer(item, answer):
    """A learner's answer in both languages, a short list where it has several parts (for
    `quiz/answer_macros.html`)."""
    return shown.given_answer(item, answer)


bp.add_app_template_global(shown.cited_line, "cited_line")
bp.add_app_template_global(shown.paragraph_line, "paragraph_line")
bp.add_app_template_global(shown.paragraph_in_each_language, "paragraph_in_each_language")
