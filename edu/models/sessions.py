"""Sessions kept on the server, so that signing out, "Not you?" or a deletion ends them at once."""

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from edu.models.base import Base, created_now


class WebSession(Base):
    """One signed-in browser: an account's or a pupil's. The cookie holds a random token; only
    its SHA-256 is stored, so a copy of this table opens no session."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # account | pupil
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = created_now()
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # The absolute end, whatever the activity (ASVS 7.3.2).
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
