"""Server-side session records: started at sign-in or joining, checked on every request, ended
by signing out, "Not you?", a new PIN, a password change or a deletion, on every worker at once.

The browser's cookie carries a random token (256 bits); the table keeps only its SHA-256.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from edu import clock
from edu.models import Learner, WebSession

# A record's last_seen_at is written at most this often: idle limits stay exact to the
# minute without a write on every page.
TOUCH_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Lifetime:
    """How long a kind of session lives: without activity, and at the most."""

    idle: dt.timedelta
    absolute: dt.timedelta


@dataclass(frozen=True)
class LiveSession:
    id: int
    kind: str
    user_id: int | None
    learner_public_id: str | None
    touched: bool  # last_seen_at was written (the request commits it)


def lifetimes(config: Mapping) -> dict[str, Lifetime]:
    """From the settings: accounts get an idle limit and an absolute end (a school day); pupils
    on shared browsers a short idle limit, and the same absolute end."""
    absolute = dt.timedelta(hours=config["ACCOUNT_SESSION_HOURS"])
    return {
        "account": Lifetime(dt.timedelta(minutes=config["ACCOUNT_IDLE_MINUTES"]), absolute),
        "pupil": Lifetime(dt.timedelta(minutes=config["PUPIL_IDLE_MINUTES"]), absolute),
    }


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def start(
    session: Session,
    kind: str,
    lifetime: Lifetime,
    *,
    user_id: int | None = None,
    learner_id: int | None = None,
    now: dt.datetime | None = None,
) -> str:
    """A new session record; returns the token for the cookie (a new one at every sign-in)."""
    now = now or clock.now()
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_hash(token),
            kind=kind,
            user_id=user_id,
            learner_id=learner_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime.absolute,
        )
    )
    session.flush()
    return token


def find_live(
    session: Session, token: str, lifetimes: dict[str, Lifetime], now: dt.datetime | None = None
) -> tuple[LiveSession | None, str]:
    """The live session this token opens, or None and why not ("ended", "idle", "expired").
    An idle or expired record is deleted on the way; a live one is touched now and then."""
    now = now or clock.now()
    row = session.execute(
        select(WebSession, Learner.public_id)
        .outerjoin(Learner, Learner.id == WebSession.learner_id)
        .where(WebSession.token_hash == _hash(token))
    ).first()
    if row is None:
        return None, "ended"
    record, learner_public_id = row
    lifetime = lifetimes[record.kind]
    last_seen = _utc(record.last_seen_at)
    why = ""
    if now >= _utc(record.expires_at):
        why = "expired"
    elif now - last_seen > lifetime.idle:
        why = "idle"
    if why:
        session.execute(delete(WebSession).where(WebSession.id == record.id))
        return None, why
    touched = now - last_seen > TOUCH_EVERY
    if touched:
        session.execute(
            update(WebSession).where(WebSession.id == record.id).values(last_seen_at=now)
        )
    return LiveSession(record.id, record.kind, record.user_id, learner_public_id, touched), ""


def end(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))


def end_for_user(session: Session, user_id: int, keep: str | None = None) -> int:
    """End every session of an account (but the one given, if any); how many ended."""
    query = delete(WebSession).where(WebSession.user_id == user_id)
    if keep:
        query = query.where(WebSession.token_hash != _hash(keep))
    # DML gives a CursorResult (rowcount), which Session.execute's types do not say.
    return session.execute(query).rowcount  # type: ignore[attr-defined]


def count_for_user(session: Session, user_id: int, besides: str | None = None) -> int:
    """How many sessions the account has open (besides the one given)."""
    query = select(func.count()).select_from(WebSession).where(WebSession.user_id == user_id)
    if besides:
        query = query.where(WebSession.token_hash != _hash(besides))
    return session.scalar(query) or 0


def end_all(session: Session) -> int:
    """Sign everybody out (after a suspected leak, say)."""
    return session.execute(delete(WebSession)).rowcount  # type: ignore[attr-defined]


def end_for_learners(session: Session, learner_ids: list[int]) -> int:
    """End every session of these learners (a pupil signed out everywhere, or deleted)."""
    if not learner_ids:
        return 0
    return session.execute(
        delete(WebSession).where(WebSession.learner_id.in_(learner_ids))
    ).rowcount  # type: ignore[attr-defined]


def purge_ended(session: Session, lifetimes: dict[str, Lifetime], now: dt.datetime) -> int:
    """Delete the records no request can use any more: past their end or idle too long."""
    stale = [WebSession.expires_at <= now]
    for kind, lifetime in lifetimes.items():
        stale.append((WebSession.kind == kind) & (WebSession.last_seen_at < now - lifetime.idle))
    return session.execute(delete(WebSession).where(or_(*stale))).rowcount  # type: ignore[attr-defined]
