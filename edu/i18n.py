"""Locales: which language the interface speaks, how content is shown, how values are written."""

import datetime as dt

from babel.dates import format_skeleton
from flask import Flask, g, request, session
from flask_babel import format_date, format_decimal, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from edu.config import DEFAULT_LOCALE, DISPLAY_MODES, LOCALES
from edu.extensions import babel

LOCALE_NAMES = {"fr": "Français", "en": "English"}
FACT_KIND_NAMES = {
    "number": _l("Figure"),
    "date": _l("Date"),
    "entity": _l("Who or what"),
    "claim": _l("Claim"),
}


def fact_kind_names() -> dict[str, str]:
    """The fact kinds' names in the active locale, translated once for a whole page."""
    return {kind: str(name) for kind, name in FACT_KIND_NAMES.items()}


def select_locale() -> str:
    """The explicit choice remembered in the session, else the browser's, else French."""
    chosen = session.get("locale")
    if chosen in LOCALES:
        return chosen
    return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE


def display_mode() -> str:
    """How content is shown: in French, in English, or both side by side (default: UI language)."""
    mode = session.get("display")
    return mode if mode in DISPLAY_MODES else str(get_locale())


def format_partial_date(value: str) -> str:
    """`2025`, `2025-06` or `2025-06-30`, written the way the active locale writes dates."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return format_date(dt.date(*parts), "long")
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(*parts, 1), locale=get_locale())
    return str(parts[0])


def source_name(article) -> str:
    return article.publication or article.author or _l("the article")


def source_line(article) -> Markup:
    """Publication, author and date of an article, as one line."""
    parts = [part for part in (article.publication, article.author) if part]
    parts.append(format_partial_date(article.published))
    return Markup(" · ").join(parts)


def vary_on_language(response):
    """Pages differ by the browser's language: shared caches must not mix them up."""
    response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(vary_on_language)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        locale_names=LOCALE_NAMES,
        locales=LOCALES,
        fact_kind_names=fact_kind_names,
    )
    app.jinja_env.filters.update(
        number=format_decimal,
        partial_date=format_partial_date,
        source_line=source_line,
        source_name=source_name,
    )
    app.context_processor(lambda: {"display": display_mode(), "locale": str(get_locale())})
    app.jinja_env.install_gettext_callables(_gettext, _ngettext, newstyle=True)


def _translations():
    """The request's catalog, looked up once per request instead of at every string."""
    if "translations" not in g:
        g.translations = get_translations()
    return g.translations


# Jinja's newstyle gettext formats the placeholders and escapes; these only translate.
def _gettext(string: str) -> str:
    return _translations().ugettext(string)


def _ngettext(singular: str, plural: str, num: int) -> str:
    return _translations().ungettext(singular, plural, num)
