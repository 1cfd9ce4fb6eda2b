"""Who is using this browser: the learner kept in the session, created on first need."""

import datetime as dt

from flask import request, session
from sqlalchemy import select

from edu.extensions import db
from edu.models import Learner, User
from edu.services import audit as audit_log

SESSION_KEY = "learner"
USER_KEY = "user"


def learner_public_id() -> str | None:
    """The public id of the session's learner, without a database query."""
    return session.get(SESSION_KEY)


def current_learner(create: bool = False) -> Learner | None:
    """The session's learner; with `create`, a new guest learner if there is none yet."""
    public_id = session.get(SESSION_KEY)
    learner = None
    if public_id:
        learner = db.session.scalar(select(Learner).where(Learner.public_id == public_id))
    if learner is None and create:
        learner = Learner(kind="guest")
        db.session.add(learner)
        db.session.flush()
        session[SESSION_KEY] = learner.public_id
    if learner is not None and create:
        learner.last_seen_at = dt.datetime.now(dt.UTC)
    return learner


def current_user() -> User | None:
    """The signed-in teacher or self-study learner, if any."""
    user_id = session.get(USER_KEY)
    return db.session.get(User, user_id) if user_id else None


KEPT_PREFERENCES = ("locale", "display")


def fresh_session(**values) -> None:
    """Start a new session: nothing of the previous person's carries over but the language
    and display mode chosen on this browser."""
    kept = {key: session[key] for key in KEPT_PREFERENCES if session.get(key)}
    session.clear()
    session.update(kept, **values)


def sign_in_session(user: User) -> None:
    """A fresh session for the account."""
    fresh_session(**{USER_KEY: user.id})
    if user.learner is not None:
        session[SESSION_KEY] = user.learner.public_id


def sign_out_session() -> None:
    fresh_session()


def audit(action: str, subject: str = "", actor: str = "", **detail) -> None:
    """Record who did what from where, for the school's audit log."""
    audit_log.record(
        db.session,
        action,
        user=current_user(),
        actor=actor,
        subject=subject,
        address=request.remote_addr,
        **detail,
    )
