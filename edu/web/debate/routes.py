"""Debate pages: thin views over the debate services; who may do what is asked of
`edu.web.access`, what is sent is read by the forms of `edu.web.debate.forms`."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from edu import policies
from edu.debate.phases import MAX_CHARACTERS, PHASES, next_phase
from edu.debate.rubric import default_rubric, given_levels
from edu.extensions import db
from edu.models import Article, Debate, Question
from edu.services import debates
from edu.web.access import (
    check_debate_view,
    debate_or_404,
    debate_scorer_or_404,
    may_score,
    participant_or_404,
)
from edu.web.debate.forms import (
    ConvincingForm,
    FinalVoteForm,
    JoinDebateForm,
    PhaseForm,
    StartDebateForm,
    TakeSideForm,
    scores_form,
    self_assessment_form,
)
from edu.web.identity import current_learner
from edu.web.navigation import safe_referrer
from edu.web.refusals import refuse_past_due

bp = Blueprint("debate", __name__, template_folder="templates")

PROBLEMS = {
    "empty": _l("Write something before submitting."),
    "too-long": _l("This is longer than the word limit: shorten it, your text is kept."),
    "out-of-order": _l("Finish the earlier phases first."),
    "already-done": _l("This phase is already submitted."),
    "unknown-card": _l("Choose evidence cards from this debate only."),
    "no-card": _l("Cite at least one evidence card in your opening statement."),
    "no-target": _l("Choose the opposing argument your rebuttal answers."),
    "unknown-target": _l("That argument is not one you can answer."),
    "target-not-allowed": _l("Only a rebuttal answers a named argument."),
    "unknown-phase": _l("There is no such phase."),
}


def _message(code: str, text: str) -> str:
    """A problem in the learner's words; a text too large says how large, against what limit."""
    if code == "too-large":
        return ngettext(
            "This text has %(length)s character, more than the %(limit)s a text may have: "
            "it is not saved. Shorten it (it is still in the box below), then save it again.",
            "This text has %(length)s characters, more than the %(limit)s a text may have: "
            "it is not saved. Shorten it (it is still in the box below), then save it again.",
            len(text),
            length=format_decimal(len(text)),
            limit=format_decimal(MAX_CHARACTERS),
        )
    return str(PROBLEMS.get(code, PROBLEMS["unknown-phase"]))


@bp.get("/articles/<slug>/debates")
def index(slug: str):
    article = db.session.scalar(
        select(Article).where(Article.slug == slug).options(selectinload(Article.questions))
    )
    if article is None:
        abort(404)
    return render_template("debate/index.html", article=article)


@bp.post("/debates")
def start():
    form = StartDebateForm()
    question = db.session.get(Question, form.question.data) if form.validate_on_submit() else None
    if question is None:
        abort(400)
    learner = current_learner(create=True)
    debate = debates.open_debate(
        db.session, question, learner, form.mode.data, language_class=form.language.data
    )
    return redirect(url_for("debate.show", debate_id=debate.public_id))


@bp.post("/debates/join")
def join_by_code():
    form = JoinDebateForm()
    debate = (
        debates.find_by_code(db.session, form.code.data or "")
        if form.validate_on_submit()
        else None
    )
    if debate is None:
        flash(_("No debate has this code. Check it with your teacher."), "error")
        return redirect(safe_referrer(url_for("articles.index")))
    return redirect(url_for("debate.show", debate_id=debate.public_id))


def _refuse_past_due(debate: Debate):
    """A redirect with a clear message once a class debate's due date has passed; else None."""
    return refuse_past_due(debate.assignment_id, url_for("debate.show", debate_id=debate.public_id))


@bp.get("/debates/<debate_id>")
def show(debate_id: str):
    debate = debate_or_404(debate_id)
    learner = current_learner()
    check_debate_view(debate, learner)
    return _render(debate, learner)


def _render(
    debate,
    learner,
    *,
    phase=None,
    problems=(),
    typed=None,
    side_form=None,
    assessment=None,
    status=200,
):
    """The debate page. What was sent and refused is shown back as it was typed: `typed` for
    `phase`, `side_form` for taking part, `assessment` for the self-assessment; `problems` are
    messages."""
    prompt = debates.prompt_for(db.session, debate.question)
    participant = debates.participant_of(debate, learner)
    rubric = default_rubric()
    context = {
        "debate": debate,
        "prompt": prompt,
        "cards": {card.id: card for card in prompt.cards},
        "participant": participant,
        "is_host": may_score(debate),
        "phases": PHASES,
        "problems": problems,
        "failed_phase": phase,
        "typed": typed,
        "side_form": side_form or TakeSideForm(formdata=None),
        "rubric": rubric,
        "minds_changed": debates.minds_changed(debate),
    }
    if participant is not None:
        done = debates.submitted_phases(participant)
        self_scoring = debates.scoring(participant, "self")
        assessment_errors: list[str] = []
        if assessment is not None:
            self_scoring = _as_typed(assessment.level, assessment.comment, self_scoring)
            assessment_errors = assessment.comment.errors
        context.update(
            current=next_phase(done),
            done=done,
            drafts={c.phase: c for c in participant.contributions},
            targets=debates.rebuttal_targets(debate, participant, prompt),
            self_score=debates.score_of(participant, rubric, debate.language_class, "self"),
            host_score=debates.score_of(participant, rubric, debate.language_class, "host"),
            self_feedback=debates.score_feedback(
                participant, rubric, debate.language_class, "self"
            ),
            host_feedback=debates.score_feedback(
                participant, rubric, debate.language_class, "host"
            ),
            self_scoring=self_scoring,
            assessment_errors=assessment_errors,
        )
    return render_template("debate/show.html", **context), status


def _as_typed(levels, comment, stored: debates.Scoring) -> debates.Scoring:
    """A refused scoring as it was typed, to show back instead of what is stored."""
    chosen = {key: level for key, level in levels.data.items() if isinstance(level, int)}
    return debates.Scoring(chosen, comment.data, stored.draft)


@bp.post("/debates/<debate_id>/participants")
def take_side(debate_id: str):
    debate = debate_or_404(debate_id)
    learner = current_learner()
    check_debate_view(debate, learner)
    refused = _refuse_past_due(debate)
    if refused:
        return refused
    form = TakeSideForm()
    form.validate_on_submit()
    side, vote = form.side.data, form.vote.data
    no_choice = bool(form.vote.errors) or (debate.mode != "group" and side is None)
    if form.name.errors:  # a name too long: the page again, with what was chosen and typed
        problems = [_("Choose a side and give your first vote.")] if no_choice else []
        return _render(debate, learner, side_form=form, problems=problems, status=422)
    if no_choice:
        flash(_("Choose a side and give your first vote."), "error")
        return redirect(url_for("debate.show", debate_id=debate.public_id))
    learner = current_learner(create=True)  # a guest made for a side taken: a refusal keeps none
    if form.name.data and not learner.display_name:
        learner.display_name = form.name.data
    already = debates.participant_of(debate, learner) is not None
    participant = debates.join(db.session, debate, learner, side, vote)
    if not already and debate.assignment_id is None and side and participant.side != side:
        flash(str(SIDE_CHANGED[participant.side]), "info")
    return redirect(url_for("debate.show", debate_id=debate.public_id))


# Why a learner argues the other side than the one they chose in a group debate.
SIDE_CHANGED = {
    "against": _l(
        "More debaters are already for the motion: you argue against it, "
        "so that each side has someone to answer."
    ),
    "for": _l(
        "More debaters are already against the motion: you argue for it, "
        "so that each side has someone to answer."
    ),
}


@bp.post("/debates/<debate_id>/phases/<phase>")
def write(debate_id: str, phase: str):
    debate = debate_or_404(debate_id)
    learner, participant = participant_or_404(debate)
    if phase not in {p.id for p in PHASES}:
        abort(404)
    refused = _refuse_past_due(debate)
    if refused:
        return refused
    form = PhaseForm()
    typed: dict[str, Any] = {
        "text": form.text.data,  # whole: never cut, kept or refused as it is
        "cited": form.cards.data,
        "target": form.target.data,
        "language": form.language.data or str(get_locale()),
    }
    if not form.validate_on_submit():
        problems = [error for field in form for error in field.errors]
        return _render(debate, learner, phase=phase, problems=problems, typed=typed, status=422)
    prompt = debates.prompt_for(db.session, debate.question)
    submit = form.action.data == "submit"
    saved = debates.save(db.session, debate, participant, prompt, phase, **typed, submit=submit)
    if saved.problems:
        problems = [_message(code, typed["text"]) for code in saved.problems]
        return _render(debate, learner, phase=phase, problems=problems, typed=typed, status=422)
    if submit:
        flash(_("Submitted."), "info")
    else:
        flash(_("Draft saved. You can come back to it later."), "info")
    return redirect(url_for("debate.show", debate_id=debate.public_id) + f"#phase-{phase}")


@bp.post("/debates/<debate_id>/vote")
def vote(debate_id: str):
    debate = debate_or_404(debate_id)
    participant = participant_or_404(debate)[1]
    refused = _refuse_past_due(debate)
    if refused:
        return refused
    form = FinalVoteForm()
    if not (
        form.validate_on_submit() and debates.final_vote(db.session, participant, form.vote.data)
    ):
        flash(_("Vote after your closing statement, once."), "error")
    return redirect(url_for("debate.show", debate_id=debate.public_id) + "#result")


@bp.post("/debates/<debate_id>/convincing")
def convincing(debate_id: str):
    debate = debate_or_404(debate_id)
    participant = participant_or_404(debate)[1]
    refused = _refuse_past_due(debate)
    if refused:
        return refused
    form = ConvincingForm()
    chosen = form.participant.data if form.validate_on_submit() else None
    if not debates.vote_convincing(db.session, debate, participant, chosen or 0):
        flash(_("Vote once for a classmate, after your final vote."), "error")
    return redirect(url_for("debate.show", debate_id=debate.public_id) + "#result")


def _draft_kept(given, name: str | None = None) -> str:
    if name:
        return ngettext(
            "Draft kept for %(name)s: %(num)s of %(total)s criteria scored; "
            "the score counts once every criterion has a level.",
            "Draft kept for %(name)s: %(num)s of %(total)s criteria scored; "
            "the score counts once every criterion has a level.",
            len(given.levels),
            name=name,
            total=given.counted,
        )
    return ngettext(
        "Draft kept: %(num)s of %(total)s criteria scored; "
        "the score counts once every criterion has a level.",
        "Draft kept: %(num)s of %(total)s criteria scored; "
        "the score counts once every criterion has a level.",
        len(given.levels),
        total=given.counted,
    )


@bp.post("/debates/<debate_id>/self-assessment")
def self_assess(debate_id: str):
    debate = debate_or_404(debate_id)
    learner, participant = participant_or_404(debate)
    if not policies.can_self_assess(debate, participant):
        abort(404)
    form = self_assessment_form(default_rubric())
    if not form.validate_on_submit():  # a comment too long: the page again, as typed
        return _render(debate, learner, assessment=form, status=422)
    given = given_levels(default_rubric(), form.level.data, debate.language_class)
    if given.empty:
        flash(_("Give a level from 0 to 4 for every criterion."), "error")
        return redirect(url_for("debate.show", debate_id=debate.public_id) + "#assessment")
    debates.record_scores(
        db.session,
        participant,
        learner,
        "self",
        given.levels,
        form.comment.data,
        draft=not given.complete,
    )
    if given.complete:
        flash(_("Your self-assessment is saved."), "info")
    else:
        flash(_draft_kept(given), "info")
    return redirect(url_for("debate.show", debate_id=debate.public_id) + "#assessment")


@bp.route("/debates/<debate_id>/scores", methods=["GET", "POST"])
def scores(debate_id: str):
    debate = debate_or_404(debate_id)
    scorer = debate_scorer_or_404(debate)
    if request.method == "POST":
        form = scores_form(default_rubric(), [p.id for p in debate.participants])
        if form.validate_on_submit():
            return _save_scores(debate, scorer, form)
        return _render_scores(debate, scorer, form, status=422)  # shown back as typed
    return _render_scores(debate, scorer)


def _render_scores(debate: Debate, scorer, form=None, status=200):
    prompt = debates.prompt_for(db.session, debate.question)
    rows, errors = [], {}
    for p in debate.participants:
        scoring = debates.scoring(p, "host")
        if form is not None:
            row = form[f"p{p.id}"]
            scoring = _as_typed(row, row.comment, scoring)
            errors[p.id] = row.comment.errors
        rows.append((p, debates.indicators(p), scoring, debates.scores_self(p, scorer, "host")))
    return render_template(
        "debate/scores.html",
        debate=debate,
        prompt=prompt,
        cards={card.id: card for card in prompt.cards},
        rows=rows,
        errors=errors,
        rubric=default_rubric(),
        peer_votes=debates.convincing_votes(debate),
    ), status


def _save_scores(debate: Debate, scorer, form):
    """Every row given at least one level is kept: whole, it counts; half-filled, as a draft."""
    drafts, refused, saved = [], False, 0
    for number, participant in enumerate(debate.participants, start=1):
        row = form[f"p{participant.id}"]
        given = given_levels(default_rubric(), row.data, debate.language_class)
        if given.empty:
            continue  # nothing chosen (or a classmate who joined after the page was shown)
        if debates.scores_self(participant, scorer, "host"):
            refused = True
            continue
        debates.record_scores(
            db.session,
            participant,
            scorer,
            "host",
            given.levels,
            row.comment.data,
            draft=not given.complete,
        )
        saved += 1
        if not given.complete:
            name = participant.learner.display_name or _("Participant %(number)s", number=number)
            drafts.append(_draft_kept(given, name))
    if refused:
        flash(_("You host this debate: you cannot score your own participation."), "error")
    for message in drafts:
        flash(message, "info")
    if saved > len(drafts):
        flash(_("Scores saved."), "info")
    elif not saved and not refused:
        flash(_("No level chosen: nothing was saved."), "info")
    return redirect(url_for("debate.scores", debate_id=debate.public_id))
