"""Moodle GIFT files in and out of an article's quiz: all of a file or nothing of it."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from edu import textcheck
from edu.gift.convert import to_items, to_question
from edu.gift.parser import GiftProblem, GiftQuestion, parse_gift
from edu.gift.writer import write_gift
from edu.models import Article, Item
from edu.quiz.items import NOT_ASKED
from edu.services.item_store import store_items
from edu.services.quizzes import as_item

ORIGIN = "imported"
# The most questions one file may bring: past it a file is refused before it is read, since
# reading and storing grow with it (a 1 MB file holds some 26,000 questions).
MAX_QUESTIONS = 2_000
_LABEL_LENGTH = 40


class GiftImportError(Exception):
    """The file cannot be imported; `problems` say where and why, and nothing was stored."""

    def __init__(self, problems: list[GiftProblem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportReport:
    questions: int
    new_items: int
    not_asked: int  # essays and descriptions: kept for export, never drawn into a quiz
    # Questions the quiz already had (the same name, or the same text when unnamed), by their
    # name or the start of their text: given a new version, or left as they were.
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


def import_gift(session: Session, text: str, article: Article, language: str) -> ImportReport:
    """Add a GIFT file's questions to an article's quiz; a file with any problem adds nothing."""
    unreadable = textcheck.first_forbidden(text)  # a NUL would fail PostgreSQL; bidi misleads
    if unreadable is not None:
        line = textcheck.line_of(text, unreadable)
        raise GiftImportError(
            [
                GiftProblem(
                    line,
                    f"line {line}: the file holds a character a text never holds "
                    "(such as an invisible control character)",
                )
            ]
        )
    read = parse_gift(text, max_questions=MAX_QUESTIONS)
    if read.problems:
        raise GiftImportError(list(read.problems))
    if not read.questions:
        raise GiftImportError([GiftProblem(1, "line 1: the file holds no question")])
    items = to_items(read.questions, article.slug, language)
    # Imports only add or update: an item absent from this file was another file's.
    report = store_items(session, items, origin=ORIGIN, articles=[])
    session.flush()
    not_asked = sum(1 for item in items if item.type in NOT_ASKED)
    labels = {
        item.id: _label(question) for item, question in zip(items, read.questions, strict=True)
    }
    return ImportReport(
        report.items,
        report.new_items,
        not_asked,
        updated=tuple(labels[key] for key in report.updated),
        unchanged=tuple(labels[key] for key in report.unchanged),
    )


def _label(question: GiftQuestion) -> str:
    """How a teacher knows a question again: its name, or the start of its text."""
    if question.name:
        return question.name
    text = " ".join(question.text.split())
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1].rstrip() + "…"


def export_gift(session: Session, article: Article, language: str) -> str:
    """The article's published items as GIFT, in one language, under the article's category."""
    items = session.scalars(
        select(Item)
        .where(Item.article_id == article.id, Item.status == "published")
        .options(selectinload(Item.versions))
        .order_by(Item.origin, Item.key)
    )
    category = f"Agora/{article.slug}"
    return write_gift(to_question(as_item(item.current), language, category) for item in items)
