"""The gradebook's body rows, written here rather than in its template: a class of 30 pupils
and 40 quizzes has 1,200 cells, and Jinja spent half the page's time on them (an expression
evaluated, looked up and escaped a dozen times per cell). The markup is the template's;
every word in it is translated and formatted once per page by the view."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from edu.assignments import rules


@dataclass(frozen=True)
class Words:
    """What a cell says, in the reader's language, formatted once per page."""

    change: str
    late: str
    set_by: str
    percents: Mapping[float, str]  # each score on the page, as a percentage
    statuses: Mapping[str, str]  # not started, in progress, done
    quiz_score: Callable[[str], str]  # "quiz: 80 %", beside a teacher's score
    extended_to: Callable[[object], str]  # "extended to 4 Dec"


def body_rows(book, words: Words, titles, cell_paths, pupil_url) -> list[Markup]:
    """One `<tr>` per pupil: the pupil's name (a link to their work), then a cell per
    assignment: score, status, lateness, extension and the link to change it."""
    titles = {key: escape(title) for key, title in titles.items()}
    change, late, set_by = escape(words.change), escape(words.late), escape(words.set_by)
    statuses = {key: escape(label) for key, label in words.statuses.items()}
    rows = []
    for pupil in book.pupils:
        name = escape(pupil.display_name)
        cells = [Markup('<tr><th scope="row"><a href="%s">%s</a></th>') % (pupil_url(pupil), name)]
        for assignment in book.assignments:
            cell: rules.Progress = book.cell(pupil, assignment)
            classes = cell.status + (" late" if cell.late else "")
            classes += " overridden" if cell.overridden else ""
            parts = [f'<td class="{classes}">']
            if cell.score is not None:
                parts.append(f"<strong>{escape(words.percents[cell.score])}</strong>")
                if cell.overridden:
                    quiz = ""
                    if cell.computed_score is not None:
                        quiz = "; " + escape(words.quiz_score(words.percents[cell.computed_score]))
                    parts.append(f" <span>({set_by}{quiz})</span>")
                    if cell.comment:
                        parts.append(f"<br><q>{escape(cell.comment)}</q>")
                parts.append("<br>")
            parts.append(f"<span>{statuses[cell.status]}")
            parts.append(f" · {late}</span>" if cell.late else "</span>")
            if cell.extended_to:
                parts.append(f"<br><span>{escape(words.extended_to(cell.extended_to))}</span>")
            parts.append(
                f'<br><a href="{escape(cell_paths[assignment.id])}{pupil.id}">{change}'
                f'<span class="visually-hidden"> — {name}, {titles[assignment.id]}</span></a></td>'
            )
            cells.append(Markup("".join(parts)))  # every piece above escaped where it was made
        cells.append(Markup("</tr>"))
        rows.append(Markup("").join(cells))
    return rows
