"""Browse the articles: the list, and one article with its key facts and questions."""

from edu.web.articles.routes import bp

__all__ = ["bp"]
