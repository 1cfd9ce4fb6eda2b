"""Printable worksheets: a quiz's questions on paper, in French, English or both, and its key.

A worksheet draws its questions the way a quiz does (`quizzes.draw_plan`), with a seed fixed by
what it is for (the article, the theme or the set work) and the sheet's number, so that the sheet
and its answer key always agree, and printing it again gives the same questions.

Who sees what: an article's or a theme's questions are public, like the quiz itself; their answer
key is for teachers (and admins) only — a self-study learner sees the right answers and the
evidence after answering anyway, but a printed key would let a pupil copy a whole sheet. The
sheet and key of set work are for the class's teacher only. Nothing here changes any state.
"""

import zlib
from typing import Any

from flask import abort, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from edu import policies
from edu.catalog import N_
from edu.extensions import db
from edu.i18n import display_mode, in_each_language
from edu.models import Article, ItemVersion, Theme
from edu.quiz.scoring import display_answer
from edu.quiz.types import item_type
from edu.quiz.types.base import LETTERS
from edu.services import quizzes
from edu.web.access import (
    class_assignment_or_404,
    owned_class_or_404,
    teacher_required,
)
from edu.web.identity import current_user
from edu.web.quiz.routes import bp
from edu.web.quiz.shown import by_paragraph

LANGUAGES = ("fr", "en", "both")
MAX_SHEET = 99  # "another set of questions" goes up to this many different sheets

# The sheet's own words, in the language(s) the questions are printed in (not the interface's).
WORDS = {
    "worksheet": N_("Worksheet"),
    "answer_key": N_("Answer key"),
    "name": N_("Name:"),
    "class": N_("Class:"),
    "date": N_("Date:"),
    "answer": N_("Answer:"),
    "true": N_("True"),
    "false": N_("False"),
    "for": N_("For"),
    "against": N_("Against"),
    "tick_one": N_("Tick one box."),
    "tick_all": N_("Tick every right answer."),
    "order": N_("Give each fact its place: 1 for the earliest."),
    "match": N_("Write the letter of the matching answer in each box."),
    "sort": N_("Is each argument for or against the motion?"),
    "evidence": N_("Evidence"),
    "source": N_("Source:"),
    "right_statement": N_("The right statement:"),
    "word_bank": N_("Word bank:"),
}


def _choice(name: str, allowed, default):
    value = request.args.get(name, "")
    return value if value in allowed else default


def _sheet_number() -> int:
    value = request.args.get("sheet", "")
    number = int(value) if value.isascii() and value.isdigit() and len(value) <= 3 else 1
    return number if 1 <= number <= MAX_SHEET else 1


def _seed(kind: str, ident: str, sheet: int) -> int:
    return zlib.crc32(f"worksheet:{kind}:{ident}:{sheet}".encode())


def _versions(version_ids: list[int]) -> list[ItemVersion]:
    rows = db.session.scalars(
        select(ItemVersion)
        .where(ItemVersion.id.in_(version_ids))
        .options(selectinload(ItemVersion.item))
    )
    by_id = {version.id: version for version in rows}
    return [by_id[version_id] for version_id in version_ids]


def _question(item, seed: int, position: int, evidence: list | None) -> dict:
    """One numbered question as the sheet prints it, and (for the key, which brings the
    evidence) its right answer: in the sheet's terms (letters, places, sides) and in words."""
    kind = item_type(item.type)
    data = kind.in_page_order(kind.read(item), seed, position, sheet=True)
    question = {"number": position, "item": item, "data": data, "template": kind.template}
    if evidence is not None:
        text = {language: display_answer(item, language) for language in ("fr", "en")}
        question["key"] = {"text": text, **kind.answer_key(data, item.prompt)}
        question["evidence"] = by_paragraph(evidence)
    return question


def _render(*, title, subtitle, version_ids, seed, sheet, urls, show_sheet, show_key):
    language = _choice("lang", LANGUAGES, None)
    if language is None:
        language = display_mode()
    word_banks = request.args.get("bank") == "1"  # printed under the gap fills that have one
    items = [quizzes.as_item(version) for version in _versions(version_ids)]
    # The key's evidence for every question in one query.
    evidence = quizzes.evidence_of(db.session, items) if show_key else [None] * len(items)
    questions = [
        _question(item, seed, position, facts)
        for position, (item, facts) in enumerate(zip(items, evidence, strict=True), start=1)
    ]
    return render_template(
        "quiz/worksheet.html",
        title=title,
        subtitle=subtitle,
        questions=questions,
        words=in_each_language(WORDS),
        display=language,  # the sheet's language(s) for its content, whatever the interface's
        display_preference=display_mode(),  # what the header's switch shows as chosen
        sheet_language=language,
        word_banks=word_banks,
        sheet=sheet,
        urls=urls,
        show_sheet=show_sheet,
        show_key=show_key,
        may_see_key=policies.can_see_answer_key(current_user()) if urls.get("key") else False,
        languages=LANGUAGES,
        letters=LETTERS,
    )


def _public_sheet(kind: str, subject, *, key_only: bool):
    """An article's or a theme's sheet (anyone) or key (teachers only)."""
    sheet = _sheet_number()
    seed = _seed(kind, subject.slug, sheet)
    plan = quizzes.draw_plan(db.session, **{kind: subject}, seed=seed)
    endpoint = f"quiz.{kind}_worksheet"
    title = subject.title if kind == "article" else subject.name
    with_key = key_only or (
        request.args.get("key") == "1" and policies.can_see_answer_key(current_user())
    )
    return _render(
        title=title,
        subtitle=None,
        version_ids=plan,
        seed=seed,
        sheet=sheet,
        urls={
            "sheet": lambda **args: url_for(endpoint, slug=subject.slug, **args),
            "key": lambda **args: url_for(f"{endpoint}_key", slug=subject.slug, **args),
        },
        show_sheet=not key_only,
        show_key=with_key,
    )


@bp.get("/quiz/articles/<slug>/worksheet")
def article_worksheet(slug: str):
    article = db.session.scalar(select(Article).where(Article.slug == slug)) or abort(404)
    return _public_sheet("article", article, key_only=False)


@bp.get("/quiz/articles/<slug>/worksheet/key")
@teacher_required
def article_worksheet_key(slug: str):
    article = db.session.scalar(select(Article).where(Article.slug == slug)) or abort(404)
    return _public_sheet("article", article, key_only=True)


@bp.get("/quiz/themes/<slug>/worksheet")
def theme_worksheet(slug: str):
    theme = db.session.scalar(select(Theme).where(Theme.slug == slug)) or abort(404)
    return _public_sheet("theme", theme, key_only=False)


@bp.get("/quiz/themes/<slug>/worksheet/key")
@teacher_required
def theme_worksheet_key(slug: str):
    theme = db.session.scalar(select(Theme).where(Theme.slug == slug)) or abort(404)
    return _public_sheet("theme", theme, key_only=True)


def _set_work_sheet(class_id: str, assignment_id: str, *, key_only: bool):
    """The sheet and key of a quiz set to a class: its teacher only."""
    school_class = owned_class_or_404(class_id)
    assignment = class_assignment_or_404(school_class, assignment_id)
    if assignment.kind != "quiz" or assignment.article is None:
        abort(404)
    sheet = _sheet_number()
    seed = _seed("assignment", assignment.public_id, sheet)
    plan = quizzes.draw_plan(db.session, article=assignment.article, seed=seed)
    ids: dict[str, Any] = {
        "class_id": school_class.public_id,
        "assignment_id": assignment.public_id,
    }
    return _render(
        title=assignment.article.title,
        subtitle=school_class.name,
        version_ids=plan,
        seed=seed,
        sheet=sheet,
        urls={
            "sheet": lambda **args: url_for("quiz.assignment_worksheet", **ids, **args),
            "key": lambda **args: url_for("quiz.assignment_worksheet_key", **ids, **args),
            "back": url_for("assignments.analysis", **ids),
        },
        show_sheet=not key_only,
        show_key=key_only or request.args.get("key") == "1",
    )


@bp.get("/classes/<class_id>/assignments/<assignment_id>/worksheet")
@teacher_required
def assignment_worksheet(class_id: str, assignment_id: str):
    return _set_work_sheet(class_id, assignment_id, key_only=False)


@bp.get("/classes/<class_id>/assignments/<assignment_id>/worksheet/key")
@teacher_required
def assignment_worksheet_key(class_id: str, assignment_id: str):
    return _set_work_sheet(class_id, assignment_id, key_only=True)
