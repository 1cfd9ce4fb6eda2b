"""The article editor: drafts written in forms, French and English side by side, checked with
the content files' validator, previewed, then published. Pupils never see a draft."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from edu.content.checks import SLUG
from edu.extensions import db
from edu.models import ArticleDraft
from edu.services import drafts
from edu.services.content_store import stored_themes
from edu.web.access import current_teacher, own_draft_or_404, teacher_required
from edu.web.authoring.editor import form_to_pack, pack_to_form_data, pad, place_problems
from edu.web.authoring.forms import ArticleForm, DraftActionForm
from edu.web.authoring.routes import bp
from edu.web.content_messages import localized
from edu.web.identity import audit
from edu.web.quiz import shown

MAX_EXTRA_ROWS = 10


def _form(**kwargs) -> ArticleForm:
    form = ArticleForm(**kwargs)
    english = str(get_locale()).startswith("en")
    form.themes.choices = [
        (theme.id, theme.name.en if english else theme.name.fr)
        for theme in stored_themes(db.session)
    ]
    return form


def _extra(name: str) -> int:
    return min(max(request.args.get(name, 1, type=int), 1), MAX_EXTRA_ROWS)


def _after_save(draft: ArticleDraft, action: str | None):
    """Where the editor's buttons lead once the draft is saved."""
    if action == "preview":
        return redirect(url_for("authoring.preview_draft", draft_id=draft.id))
    extra: dict[str, Any] = {}
    if action == "add-fact":
        extra = {"facts": _extra("facts") + 1}
    elif action == "add-question":
        extra = {"questions": _extra("questions") + 1}
    else:
        flash(_("Draft saved. Pupils will see it once it is published."), "info")
    return redirect(url_for("authoring.edit_draft", draft_id=draft.id, **extra))


def _editor(form: ArticleForm, draft: ArticleDraft | None, status: int = 200, **context):
    published = draft is not None and drafts.is_published(db.session, draft)
    return render_template(
        "authoring/editor.html",
        form=form,
        draft=draft,
        published=published,
        action_form=DraftActionForm(),
        **context,
    ), status


@bp.route("/authoring/drafts/new", methods=["GET", "POST"])
@teacher_required
def new_draft():
    """A new article; it becomes a draft once it has a free id."""
    user = current_teacher()
    form = _form()
    if not form.is_submitted():
        pad(form, facts=2, questions=0)
        return _editor(form, None)
    if form.validate():
        slug = (form.slug.data or "").strip()
        if not SLUG.match(slug) or len(slug) > 64:
            form.slug.errors = [_("Use lowercase letters, digits and single hyphens.")]
        elif drafts.slug_taken(db.session, slug):
            form.slug.errors = [
                _("An article or a draft already has this id: open it from the list instead.")
            ]
        else:
            draft = drafts.create(db.session, form_to_pack(form, slug), user)
            return _after_save(draft, form.action.data)
    return _editor(form, None, 422)


@bp.post("/authoring/articles/<slug>/draft")
@teacher_required
def edit_article(slug: str):
    """Edit a published article: a draft of it (the one under way, or a new one)."""
    user = current_teacher()
    try:
        draft = drafts.draft_of_article(db.session, slug, user) or abort(404)
    except drafts.DraftOfAnother:
        flash(
            _(
                "This article already has a draft under way, by someone else: it can be edited "
                "again once that draft is published or deleted."
            ),
            "error",
        )
        return redirect(url_for("authoring.index"))
    return redirect(url_for("authoring.edit_draft", draft_id=draft.id))


@bp.route("/authoring/drafts/<int:draft_id>", methods=["GET", "POST"])
@teacher_required
def edit_draft(draft_id: int):
    draft = own_draft_or_404(draft_id)
    if request.method == "POST":
        form = _form()
        if form.validate():
            drafts.save(db.session, draft, form_to_pack(form, draft.slug))
            return _after_save(draft, form.action.data)
        return _editor(form, draft, 422)
    data = drafts.read(draft.yaml)
    form = _form(data=pack_to_form_data(data))
    pad(form, facts=_extra("facts"), questions=_extra("questions"))
    result = drafts.check(db.session, draft.yaml)
    general = place_problems(form, result.placed, data)
    return _editor(form, draft, problems=result.problems, general=general)


@bp.get("/authoring/drafts/<int:draft_id>/preview")
@teacher_required
def preview_draft(draft_id: int):
    """The quiz items and debate prompts the draft would give, stored nowhere."""
    draft = own_draft_or_404(draft_id)
    result = drafts.check(db.session, draft.yaml)
    preview, rows = None, []
    if result.ok and result.article is not None:
        preview = drafts.preview(db.session, result.article)
        rows = [(item, shown.right_answer(item)) for item in preview.items]
    return render_template(
        "authoring/preview.html",
        draft=draft,
        article=result.article,
        problems=[localized(problem.text) for problem in result.problems],
        rows=rows,
        prompts=preview.prompts if preview else [],
        published=drafts.is_published(db.session, draft),
        action_form=DraftActionForm(),
    )


@bp.post("/authoring/drafts/<int:draft_id>/publish")
@teacher_required
def publish_draft(draft_id: int):
    draft = own_draft_or_404(draft_id)
    if not DraftActionForm().validate_on_submit():
        abort(400)
    slug = draft.slug
    result = drafts.publish(db.session, draft)
    if not result.ok:
        flash(_("This draft has problems: fix them before publishing."), "error")
        return redirect(url_for("authoring.edit_draft", draft_id=draft_id))
    audit("article-publish", subject=f"article {slug}")
    flash(_("Published: everyone can now read this article and practise its quiz."), "info")
    return redirect(url_for("articles.show", slug=slug))


@bp.post("/authoring/drafts/<int:draft_id>/delete")
@teacher_required
def delete_draft(draft_id: int):
    """Throw a draft away; a published article stays as it was."""
    draft = own_draft_or_404(draft_id)
    if not DraftActionForm().validate_on_submit():
        abort(400)
    audit("draft-delete", subject=f"draft {draft.slug}")
    db.session.delete(draft)
    flash(_("Draft deleted."), "info")
    return redirect(url_for("authoring.index"))
