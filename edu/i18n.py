"""Locales: which language the interface speaks, how content is shown, how values are written."""

import datetime as dt
import functools
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_timezone, get_translations, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from edu import catalog, clock
from edu.config import DEFAULT_LOCALE, DISPLAY_MODES, LOCALES
from edu.extensions import babel
from edu.quiz.types import ITEM_TYPES

LOCALE_NAMES = {"fr": "Français", "en": "English"}
FACT_KIND_NAMES = {
    "number": _l("Figure"),
    "date": _l("Date"),
    "entity": _l("Who or what"),
    "claim": _l("Claim"),
}


# Quiz item types as teachers read them (the internal names never show in a page): each type's
# `label`, from the registry, so that a new type names itself in its own module.
ITEM_TYPE_NAMES = {name: _l(kind.label) for name, kind in ITEM_TYPES.items()}


def item_type_names() -> dict[str, str]:
    """The item types' names in the active locale, translated once for a whole page."""
    return {name: gettext(kind.label) for name, kind in ITEM_TYPES.items()}


def fact_kind_names() -> dict[str, str]:
    """The fact kinds' names in the active locale, translated once for a whole page."""
    return {kind: str(name) for kind, name in FACT_KIND_NAMES.items()}


def in_each_language(texts: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Interface texts (English msgids) in every interface language, for a document that
    carries both whatever its reader's language (a pupil's data export)."""
    return {key: catalog.in_each_language(text) for key, text in texts.items()}


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


# -- how values are written ------------------------------------------------------------------------
#
# The interface speaks `fr` or `en`; numbers and dates are written the way that language's
# readers expect. English follows ENGLISH_FORMAT_LOCALE (en_GB by default: "1 Dec 2026",
# 24-hour times), so the code `en` stays the interface's language everywhere else.

DEFAULT_ENGLISH_FORMAT_LOCALE = "en_GB"


def format_locale_for(language: str, english: str = DEFAULT_ENGLISH_FORMAT_LOCALE) -> Locale:
    """The Babel locale that writes numbers and dates for interface `language`."""
    code = english if str(language).split("_")[0] == "en" else str(language)
    try:
        return Locale.parse(str(code).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(str(language).split("_")[0] or "en")


def format_locale() -> Locale:
    """How this request writes numbers and dates (see `format_locale_for`)."""
    language = str(get_locale())
    cache = g.setdefault("format_locales", {}) if has_request_context() else {}
    if language not in cache:
        english = current_app.config.get("ENGLISH_FORMAT_LOCALE", DEFAULT_ENGLISH_FORMAT_LOCALE)
        cache[language] = format_locale_for(language, english)
    return cache[language]


def format_number(value, format: str | None = None) -> str:
    """A number as the reader writes it: `1,120.5` in English, `1 120,5` in French (up to 3
    decimals, or as the Babel pattern `format` says, e.g. "0.00")."""
    return babel_numbers.format_decimal(value, format=format, locale=format_locale())


def format_share(value: float) -> str:
    """A share of 0..1 as a whole percentage the reader's way: `75%` / `75 %`."""
    return _share_text(value, format_locale())


# Babel parses its pattern and walks the locale's data for every value, about 30 µs each: a
# page that lists 300 attempts wrote the same few scores, days and times over and over.
# Each text is a pure function of the value and the locale, so it is kept.
@functools.lru_cache(maxsize=4096)
def _share_text(value: float, locale: Locale) -> str:
    return babel_numbers.format_percent(value, locale=locale)


@functools.lru_cache(maxsize=4096)
def _day_text(day: dt.date, locale: Locale) -> str:
    return babel_dates.format_date(day, "medium", locale=locale)


@functools.lru_cache(maxsize=4096)
def _time_text(hour: int, minute: int, locale: Locale) -> str:
    return babel_dates.format_time(dt.time(hour, minute), "short", locale=locale)


def school_zone() -> ZoneInfo:
    """The school's time zone (EDU_TIMEZONE): its days are the ones "today" and charts count."""
    return clock.zone(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def school_time(value: dt.datetime) -> dt.datetime:
    """A stored time (UTC, naive ones included) in the school's time zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(get_timezone())


def format_when(value: dt.datetime | None) -> str:
    """A moment, day first in both languages: `1 Dec 2026, 14:30` / `1 déc. 2026, 14:30`."""
    if value is None:
        return ""
    locale = format_locale()
    local = school_time(value)
    day = _day_text(local.date(), locale)
    time = _time_text(local.hour, local.minute, locale)
    return str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", time)


def format_day(value: dt.date | dt.datetime | None) -> str:
    """A day: `1 Dec 2026` / `1 déc. 2026` (a moment is first put in the school's zone)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = school_time(value).date()
    return _day_text(value, format_locale())


def format_from_now(moment: dt.datetime, now: dt.datetime) -> str:
    """How far ahead a moment is, in words: `in 4 days` / `dans 4 jours`, `in 10 minutes`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return babel_dates.format_timedelta(
        max(moment - now, dt.timedelta(0)), add_direction=True, locale=format_locale()
    )


def format_short_day(day: dt.date) -> str:
    """A day in a chart's few characters: `1 Dec` / `1 déc.`."""
    return babel_dates.format_skeleton("MMMd", day, locale=format_locale())


def format_partial_date(value: str) -> str:
    """`2025`, `2025-06` or `2025-06-30`, written the way the active locale writes dates."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return babel_dates.format_date(dt.date(*parts), "long", locale=format_locale())
    if len(parts) == 2:
        year, month = parts
        return babel_dates.format_skeleton("yMMMM", dt.date(year, month, 1), locale=format_locale())
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
        item_type_names=item_type_names,
    )
    app.jinja_env.filters.update(
        day=format_day,
        number=format_number,
        partial_date=format_partial_date,
        source_line=source_line,
        source_name=source_name,
    )
    app.context_processor(lambda: {"display": display_mode(), "locale": str(get_locale())})
    # Jinja's i18n extension adds this method to the environment: no type declares it.
    app.jinja_env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]


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
