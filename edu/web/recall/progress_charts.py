"""The charts of a learner's progress on "My results", drawn on the server as SVG."""

from flask_babel import gettext as _
from markupsafe import Markup

from edu.gradebook import charts
from edu.i18n import format_number, format_share, format_short_day
from edu.services.recall import Progress


def progress_charts(progress: Progress, title_of) -> dict[str, Markup]:
    """Answers per day (columns), share right per week and facts held by article and theme
    (bars); `title_of` gives an article's title or a theme's name in the reader's language.
    Each chart has a table beside it with the same figures, for screen readers and printing."""

    def count(value: float) -> str:
        return format_number(round(value))

    def held(rows, name_of, title: str) -> str:
        """Bars of facts held per group, against the group with the most facts met."""
        return charts.bar_chart(
            [row.held for _group, row in rows],
            [title_of(name_of(group)) for group, _row in rows],
            title=title,
            maximum=max((row.cards for _group, row in rows), default=1),
            value_format=count,
        )

    drawn = {
        "per_day": charts.histogram(
            [n for _day, n in progress.per_day],
            [format_short_day(day) for day, _n in progress.per_day],
            title=_("Answers per day"),
        ),
        "per_week": charts.bar_chart(
            [share for _monday, share in progress.per_week],
            [
                _("week of %(day)s", day=format_short_day(monday))
                for monday, _share in progress.per_week
            ],
            title=_("Share right per week"),
            value_format=format_share,
            missing=_("no answer"),
        ),
        "by_article": held(
            progress.by_article, lambda article: article.title, _("Facts held, by article")
        ),
        "by_theme": held(progress.by_theme, lambda theme: theme.name, _("Facts held, by theme")),
    }
    # Safe: charts escape every text they draw (titles and labels are content).
    return {name: Markup(svg) for name, svg in drawn.items()}
