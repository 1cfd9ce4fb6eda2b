"""Article pages: thin views over the content tables."""

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from edu.extensions import db
from edu.models import Article, Fact, Question, Theme

bp = Blueprint("articles", __name__, template_folder="templates")


@bp.get("/")
def index():
    articles = db.session.scalars(
        select(Article)
        .options(selectinload(Article.themes))
        .order_by(Article.published.desc(), Article.slug)
    ).all()
    return render_template(
        "articles/index.html",
        articles=articles,
        fact_counts=_counts_by_article(Fact),
        question_counts=_counts_by_article(Question),
        themes=db.session.scalars(
            select(Theme).where(Theme.articles.any()).order_by(Theme.slug)
        ).all(),
    )


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links: the same small SVG icon."""
    if current_app.static_folder is None:
        abort(404)
    icon = Path(current_app.static_folder, "favicon.svg").read_bytes()
    response = current_app.response_class(icon, mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


def _counts_by_article(model) -> dict[int, int]:
    """How many rows of `model` each article has, in one query rather than loading them all."""
    rows = db.session.execute(select(model.article_id, func.count()).group_by(model.article_id))
    return {article_id: count for article_id, count in rows}


@bp.get("/articles/<slug>")
def show(slug: str):
    article = db.session.scalar(
        select(Article)
        .where(Article.slug == slug)
        .options(
            selectinload(Article.themes),
            selectinload(Article.facts),
            selectinload(Article.questions).selectinload(Question.facts),
            selectinload(Article.questions).selectinload(Question.arguments),
        )
    )
    if article is None:
        abort(404)
    return render_template("articles/show.html", article=article)
