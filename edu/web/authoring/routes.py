"""Teachers' authoring tools: download an article as a content pack or a GIFT file, import GIFT."""

import dataclasses

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from edu import textcheck
from edu.content.export import pack_to_yaml
from edu.extensions import db
from edu.models import Article, Item
from edu.quiz import handwritten
from edu.quiz.items import GAP
from edu.services import drafts, gift, item_store, quizzes
from edu.services.content_store import exported_packs
from edu.web.access import current_teacher, teacher_required
from edu.web.authoring.forms import GiftImportForm, HandwrittenForm, StatusForm, wording_form
from edu.web.authoring.handwritten import PROBLEMS as HANDWRITTEN_PROBLEMS
from edu.web.authoring.handwritten import TYPE_NAMES
from edu.web.identity import audit
from edu.web.quiz import shown

bp = Blueprint("authoring", __name__, template_folder="templates")

MAX_GIFT_BYTES = 1024 * 1024


def _article(slug: str) -> Article:
    return db.session.scalar(select(Article).where(Article.slug == slug)) or abort(404)


@bp.get("/authoring")
@teacher_required
def index():
    return _index_page(GiftImportForm())


def _index_page(form: GiftImportForm, status: int = 200, **context):
    articles = db.session.scalars(select(Article).order_by(Article.published.desc()))
    return render_template(
        "authoring/index.html",
        articles=list(articles),
        form=form,
        drafts=drafts.drafts(db.session, current_teacher()),
        **context,
    ), status


def _download(text: str, filename: str, mimetype: str):
    response = make_response(text)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/authoring/articles/<slug>.yaml")
@teacher_required
def export_pack(slug: str):
    """The article as a content pack that `flask --app edu content load` reads back."""
    article = _article(slug)
    return _download(
        pack_to_yaml(exported_packs(db.session, article.slug)[0]),
        f"{slug}.yaml",
        "application/yaml",
    )


@bp.get("/authoring/articles/<slug>.<language>.gift")
@teacher_required
def export_gift(slug: str, language: str):
    """The article's quiz for Moodle: every published item, in one language."""
    if language not in ("fr", "en"):
        abort(404)
    article = _article(slug)
    text = gift.export_gift(db.session, article, language)
    return _download(text, f"{slug}.{language}.gift.txt", "text/plain")


@bp.post("/authoring/articles/<slug>/gift")
@teacher_required
def import_gift(slug: str):
    """Add a GIFT file's questions to the article's quiz; a file with a problem adds nothing."""
    article = _article(slug)
    form = GiftImportForm()
    if not form.validate_on_submit():
        flash(_("Choose a GIFT file to import."), "error")
        return redirect(url_for("authoring.index"))
    raw = form.file.data.read(MAX_GIFT_BYTES + 1)
    problems = None
    try:
        if len(raw) > MAX_GIFT_BYTES:
            raise ValueError
        text = raw.decode("utf-8-sig")
    except (UnicodeDecodeError, ValueError):
        problems = [_("The file must be a GIFT text file in UTF-8, of at most 1 MB.")]
    else:
        unreadable = textcheck.first_forbidden(text)  # a NUL, a bidi override: not text
        try:
            if unreadable is not None:
                line = textcheck.line_of(text, unreadable)
                problems = [
                    _(
                        "line %(line)s: the file holds a character a text never holds (such as "
                        "an invisible control character).",
                        line=line,
                    )
                ]
            else:
                report = gift.import_gift(db.session, text, article, form.language.data)
        except gift.GiftImportError as error:
            problems = [str(problem) for problem in error.problems]
    if problems:
        return _index_page(form, 422, failed=article, problems=problems)
    audit("gift-import", subject=f"article {article.slug}", questions=report.questions)
    flash(
        ngettext(
            "%(num)s question imported into the quiz of this article (%(new)s new).",
            "%(num)s questions imported into the quiz of this article (%(new)s new).",
            report.questions,
            new=report.new_items,
        ),
        "info",
    )
    if report.updated:
        flash(
            _(
                "Already in the quiz, updated (a new version each; answers given before keep "
                "theirs): %(names)s.",
                names=_names(report.updated),
            ),
            "info",
        )
    if report.unchanged:
        flash(
            _(
                "Already in the quiz as they are, left unchanged: %(names)s.",
                names=_names(report.unchanged),
            ),
            "info",
        )
    if report.not_asked:
        flash(
            ngettext(
                "%(num)s essay or description was kept for export but is not asked in quizzes: "
                "open questions belong in a debate.",
                "%(num)s essays or descriptions were kept for export but are not asked in "
                "quizzes: open questions belong in a debate.",
                report.not_asked,
            ),
            "info",
        )
    return redirect(url_for("authoring.index"))


_NAMES_SHOWN, _NAME_LENGTH = 5, 40


def _names(names: tuple[str, ...]) -> str:
    """A few names, each cut short: a message must stay small whatever the file holds."""
    cut = [name if len(name) <= _NAME_LENGTH else name[: _NAME_LENGTH - 1] + "…" for name in names]
    if len(cut) <= _NAMES_SHOWN + 1:
        return ", ".join(cut)
    return ngettext(
        "%(names)s and %(num)s more",
        "%(names)s and %(num)s more",
        len(cut) - _NAMES_SHOWN,
        names=", ".join(cut[:_NAMES_SHOWN]),
    )


# -- review of an article's items ------------------------------------------------------------------


@bp.get("/authoring/articles/<slug>/items")
@teacher_required
def items(slug: str):
    """Every item of the article with its current wording: publish, reject or reword it."""
    return _items_page(_article(slug))


def _items_page(
    article: Article,
    written: dict | None = None,
    problems=(),
    status: int = 200,
    errors: dict | None = None,
):
    """The review page; `written`, `problems` (messages) and `errors` (messages by field) are
    those of a hand-written question that was not added, shown back as it was typed."""
    rows = []
    suspicious = quizzes.item_reasons(db.session, article)
    for item in item_store.article_items(db.session, article):
        domain = quizzes.as_item(item.current)
        reasons = [reason.text(_) for reason in suspicious.get(item.key, [])]
        rows.append((item, domain, shown.right_answer(domain), reasons))
    return render_template(
        "authoring/items.html",
        article=article,
        rows=rows,
        types=TYPE_NAMES,
        written=written or {},
        problems=problems,
        errors=errors or {},
    ), status


WRITTEN_FIELDS = [f.name for f in dataclasses.fields(handwritten.Written)]


@bp.post("/authoring/articles/<slug>/items")
@teacher_required
def add_item(slug: str):
    """A hand-written item of any type, beside the generated ones; published at once."""
    article = _article(slug)
    form = HandwrittenForm()
    values = {name: form[name].data for name in WRITTEN_FIELDS}
    if not form.validate_on_submit():  # a text too long: refused whole, shown back as typed
        errors = {field.name: field.errors for field in form if field.errors}
        problems = sorted({str(error) for messages in errors.values() for error in messages})
        return _items_page(article, values, problems, 422, errors)
    taken = {item.key.split("/")[1] for item in item_store.article_items(db.session, article)}
    key = handwritten.key_for(values["prompt_en"], taken)
    built = handwritten.build_item(handwritten.Written(**values), article.slug, key)
    if isinstance(built, list):
        return _items_page(
            article, values, [str(HANDWRITTEN_PROBLEMS[code]) for code in built], 422
        )
    item = item_store.add_handwritten(db.session, built)
    flash(_("Your question is added to the quiz."), "info")
    return redirect(url_for("authoring.items", slug=slug) + f"#item-{item.id}")


def _item(item_id: int) -> Item:
    return db.session.get(Item, item_id) or abort(404)


@bp.post("/authoring/items/<int:item_id>/status")
@teacher_required
def set_status(item_id: int):
    item = _item(item_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    status = form.status.data
    item_store.set_status(db.session, item, status)
    message = (
        _("Published: pupils may get it.")
        if status == "published"
        else _("Rejected: it is no longer asked; answers already given are kept.")
    )
    flash(message, "info")
    return redirect(url_for("authoring.items", slug=item.article.slug) + f"#item-{item.id}")


@bp.post("/authoring/items/<int:item_id>/wording")
@teacher_required
def reword(item_id: int):
    """Both languages are required: the quiz shows either, or both side by side."""
    item = _item(item_id)
    current = item.current
    choice_ids = [choice["id"] for choice in current.data.get("choices", [])]
    form = wording_form(choice_ids)
    if not form.validate_on_submit():  # a text too long: refused, never cut
        flash(next(error for field in form for error in _all_errors(field)), "error")
        return redirect(url_for("authoring.items", slug=item.article.slug) + f"#item-{item.id}")
    prompt = form.prompt.data
    texts = {cid: form[f"choice-{cid}"].data for cid in choice_ids}
    missing = not all(prompt.values()) or not all(all(t.values()) for t in texts.values())
    gap_lost = GAP in current.prompt.get("fr", "") and not all(
        GAP in text for text in prompt.values()
    )
    if missing or gap_lost:
        flash(
            _("Give every text in French and in English (and keep the gap ____ in a gap fill)."),
            "error",
        )
    elif item_store.reword(db.session, item, prompt, texts):
        flash(_("Saved as a new version: answers given before keep the wording they saw."), "info")
    else:
        flash(_("Nothing changed."), "info")
    return redirect(url_for("authoring.items", slug=item.article.slug) + f"#item-{item.id}")


def _all_errors(field) -> list[str]:
    """A field's messages; a sub-form's (one text in two languages) as one list."""
    errors = field.errors
    if isinstance(errors, dict):
        return [error for messages in errors.values() for error in messages]
    return errors
