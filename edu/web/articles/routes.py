"""Article pages: thin views over the content tables."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from edu.extensions import db
from edu.models import Article, Question

bp = Blueprint("articles", __name__, template_folder="templates")


@bp.get("/")
def index():
    articles = db.session.scalars(
        select(Article)
        .options(
            selectinload(Article.themes),
            selectinload(Article.facts),
            selectinload(Article.questions),
        )
        .order_by(Article.published.desc(), Article.slug)
    ).all()
    return render_template("articles/index.html", articles=articles)


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
