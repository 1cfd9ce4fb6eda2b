"""People who use Agora. Today: learners known by their browser session; accounts come next."""

import datetime as dt
import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from edu.models.base import Base, created_now


def new_public_id() -> str:
    return uuid.uuid4().hex


class Learner(Base):
    """A learner. `kind`: how they are known (a guest session now; accounts and pupils later)."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    kind: Mapped[str] = mapped_column(String(16), default="guest")
    display_name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = created_now()
    last_seen_at: Mapped[dt.datetime] = created_now()
