"""How answers and their evidence are shown to a person: an answer of several parts as a short
list, and the evidence one line per paragraph ("the article, paragraphs 7 and 9").

An answer is given in both languages, `{"fr": …, "en": …}`, each either a `Listed` (an order,
pairs, sides: drawn as `<ol>`/`<ul>` by `quiz/answer_macros.html`) or plain words; the page's
display mode picks one or both.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list
from flask import url_for
from flask_babel import force_locale, ngettext
from markupsafe import Markup, escape

from edu.i18n import format_locale, format_number, source_name
from edu.models import Article, Fact
from edu.quiz.scoring import Listed, shown_answer, shown_given
from edu.quiz.types.base import shortened

LANGUAGES = ("fr", "en")


def right_answer(item, facts: Sequence[Fact] = ()) -> dict[str, Listed | str]:
    """The right answer in both languages; the facts of an order shown whole (`facts`: the
    item's evidence, already read)."""
    return {lang: _whole_facts(shown_answer(item, lang), facts, lang) for lang in LANGUAGES}


def given_answer(item, answer: Any, facts: Sequence[Fact] = ()) -> dict[str, Listed | str]:
    """A learner's stored answer in both languages, as `right_answer` shows it."""
    return {lang: _whole_facts(shown_given(item, answer, lang), facts, lang) for lang in LANGUAGES}


def _whole_facts(shown: Listed | str, facts: Sequence[Fact], language: str) -> Listed | str:
    """A list whose lines are facts (blanked where the quiz asked) with each fact's whole text."""
    if isinstance(shown, str) or not facts:
        return shown
    texts = {fact.slug: getattr(fact.text, language, "") or "" for fact in facts}
    groups = tuple(
        dataclasses.replace(
            group,
            lines=tuple(
                dataclasses.replace(line, text=shortened(texts[line.fact or ""]))
                if texts.get(line.fact or "")
                else line
                for line in group.lines
            ),
        )
        for group in shown.groups
    )
    return dataclasses.replace(shown, groups=groups)


# -- evidence -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    number: int
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Cited:
    """The paragraphs of one article an item rests on, each once, in the article's order."""

    article: Article
    paragraphs: tuple[Paragraph, ...]

    @property
    def numbers(self) -> list[int]:
        return [paragraph.number for paragraph in self.paragraphs]


def by_paragraph(facts: Iterable[Fact]) -> list[Cited]:
    """Evidence facts grouped by article, then by paragraph: a paragraph cited five times by
    five facts is one paragraph."""
    articles: dict[int, tuple[Article, dict[int, list[Fact]]]] = {}
    for fact in facts:
        _, paragraphs = articles.setdefault(fact.article.id, (fact.article, {}))
        paragraphs.setdefault(fact.paragraph, []).append(fact)
    return [
        Cited(
            article,
            tuple(Paragraph(number, tuple(found)) for number, found in sorted(paragraphs.items())),
        )
        for article, paragraphs in articles.values()
    ]


def _paragraphs(numbers: Sequence[Markup | str], count: int) -> Markup:
    """ "paragraph 9", "paragraphs 7 and 9", "paragraphes 7, 8 et 9": numbers written already."""
    listed = format_list([str(escape(number)) for number in numbers], locale=format_locale())
    template = ngettext("paragraph %(numbers)s", "paragraphs %(numbers)s", count, numbers="\0")
    before, _, after = template.partition("\0")
    return escape(before) + Markup(listed) + escape(after)


def cited_line(cited: Cited, *, links: bool = True) -> Markup:
    """One article's evidence on one line: "the article, paragraphs 7 and 9", each number a
    link to its place in the article (`links`)."""
    numbers: list[Markup | str] = []
    for paragraph in cited.paragraphs:
        number = format_number(paragraph.number)
        if links:
            anchor = url_for("articles.show", slug=cited.article.slug)
            anchor += f"#fact-{paragraph.facts[0].slug}"
            number = Markup('<a href="%s">%s</a>') % (anchor, number)
        numbers.append(number)
    return escape(str(source_name(cited.article))) + ", " + _paragraphs(numbers, len(numbers))


def paragraph_line(number: int) -> Markup:
    """One paragraph: "paragraph 9"."""
    return _paragraphs([format_number(number)], 1)


def paragraph_in_each_language(number: int) -> dict[str, Markup]:
    """ "paragraphe 9" and "paragraph 9", for a sheet printed in both languages."""
    shown = {}
    for language in LANGUAGES:
        with force_locale(language):
            shown[language] = paragraph_line(number)
    return shown
