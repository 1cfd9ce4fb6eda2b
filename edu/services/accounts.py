"""Accounts in the database: create a user, check a password, keep a guest's history."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from edu.accounts.passwords import hash_password, needs_rehash, verify_password
from edu.models import Learner, User

ROLES = ("teacher", "learner", "admin")
# Checked when the username is unknown too, so that the answer takes as long either way.
_DUMMY_HASH = hash_password("no such user, but the same amount of work")


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def create_user(
    session: Session, username: str, password: str, role: str, learner: Learner | None = None
) -> User | None:
    """A new account, or None when the username is taken. A learner account keeps the record of
    the guest learner given (their quizzes and debates so far), or starts a new one."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if role == "learner":
        learner = learner if learner is not None and not _has_account(session, learner) else None
        learner = learner or Learner()
        learner.kind = "self-study"
    else:
        learner = None
    user = User(
        username=normalise_username(username),
        password_hash=hash_password(password),
        role=role,
        learner=learner,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return user


def _has_account(session: Session, learner: Learner) -> bool:
    return session.scalar(select(User.id).where(User.learner_id == learner.id)) is not None


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user these credentials belong to, or None; a stale hash is upgraded on the way."""
    user = session.scalar(select(User).where(User.username == normalise_username(username)))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = dt.datetime.now(dt.UTC)
    session.commit()
    return user
