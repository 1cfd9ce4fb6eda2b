"""Work a teacher sets a class: a quiz on an article or a debate on a question, maybe due."""

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edu.models.base import Base, created_now
from edu.models.classes import SchoolClass
from edu.models.content import Article, Question
from edu.models.people import new_public_id


class Assignment(Base):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # quiz | debate
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    max_attempts: Mapped[int | None] = mapped_column(Integer)  # quizzes; empty: no limit
    feedback: Mapped[str] = mapped_column(String(8), default="each")  # each | end
    created_at: Mapped[dt.datetime] = created_now()

    school_class: Mapped[SchoolClass] = relationship(back_populates="assignments")
    article: Mapped[Article | None] = relationship()
    question: Mapped[Question | None] = relationship()
