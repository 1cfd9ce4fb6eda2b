"""Articles and what they hold: key facts, discussion questions, model arguments, themes."""

from typing import Any, NamedTuple

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.models.base import Base


class Bilingual(NamedTuple):
    """A text in both languages, as templates show it."""

    fr: str
    en: str


def bilingual(name: str) -> property:
    """Expose the `<name>_fr` / `<name>_en` column pair as one Bilingual value."""

    def getter(self) -> Bilingual:
        return Bilingual(getattr(self, f"{name}_fr"), getattr(self, f"{name}_en"))

    return property(getter)


article_themes = Table(
    "article_themes",
    Base.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name_fr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))

    name = bilingual("name")
    articles: Mapped[list["Article"]] = relationship(
        secondary=article_themes, back_populates="themes"
    )


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    publication: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[str] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    language: Mapped[str] = mapped_column(String(2))
    level: Mapped[str] = mapped_column(String(2))
    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    summary_fr: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)

    title = bilingual("title")
    summary = bilingual("summary")

    themes: Mapped[list[Theme]] = relationship(
        secondary=article_themes, order_by=Theme.slug, back_populates="articles"
    )
    facts: Mapped[list["Fact"]] = relationship(
        back_populates="article", order_by="Fact.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="article", order_by="Question.position", cascade="all, delete-orphan"
    )


class Fact(Base):
    __tablename__ = "facts"
    __table_args__ = (UniqueConstraint("article_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # number | date | entity | claim
    text_fr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int] = mapped_column(Integer)
    # The kind's answer data as in the content pack (value/unit/tolerance, date, entity, false).
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)

    text = bilingual("text")
    article: Mapped[Article] = relationship(back_populates="facts")


question_facts = Table(
    "question_facts",
    Base.metadata,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("fact_id", ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True),
)

argument_facts = Table(
    "argument_facts",
    Base.metadata,
    Column("argument_id", ForeignKey("arguments.id", ondelete="CASCADE"), primary_key=True),
    Column("fact_id", ForeignKey("facts.id", ondelete="CASCADE"), primary_key=True),
)


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("article_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int | None] = mapped_column(Integer)  # set when the article asks it
    text_fr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    motion_fr: Mapped[str] = mapped_column(Text)
    motion_en: Mapped[str] = mapped_column(Text)

    text = bilingual("text")
    motion = bilingual("motion")
    article: Mapped[Article] = relationship(back_populates="questions")
    facts: Mapped[list[Fact]] = relationship(secondary=question_facts, order_by=Fact.position)
    arguments: Mapped[list["Argument"]] = relationship(
        back_populates="question",
        order_by="(Argument.side, Argument.position)",
        cascade="all, delete-orphan",
    )


class Argument(Base):
    """A model argument for or against a question's motion; stable by (question, side, position)."""

    __tablename__ = "arguments"
    __table_args__ = (UniqueConstraint("question_id", "side", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(7))  # for | against
    position: Mapped[int] = mapped_column(Integer)
    text_fr: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)

    text = bilingual("text")
    question: Mapped[Question] = relationship(back_populates="arguments")
    facts: Mapped[list[Fact]] = relationship(secondary=argument_facts, order_by=Fact.position)
