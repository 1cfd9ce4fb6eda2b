"""Who is using this browser: the learner kept in the session, created on first need, and the
server-side record that every signed-in session (an account's or a pupil's) must still have."""

from typing import Literal, overload

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select

from edu import clock
from edu.extensions import db
from edu.models import Learner, User
from edu.services import audit as audit_log
from edu.services import web_sessions
from edu.services.web_sessions import Lifetime

SESSION_KEY = "learner"
USER_KEY = "user"
PUPIL_KEY = "pupil"
TOKEN_KEY = "token"  # the server-side record's token; without a live record, no identity


def learner_public_id() -> str | None:
    """The public id of the session's learner, without a database query."""
    return session.get(SESSION_KEY)


@overload
def current_learner(create: Literal[True]) -> Learner: ...
@overload
def current_learner(create: bool = False) -> Learner | None: ...


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
        learner.last_seen_at = clock.now()
    return learner


def current_user() -> User | None:
    """The signed-in teacher or self-study learner, if any: read once per request (the
    session's identity map holds rows only while something refers to them, and the header,
    the access check and the view each ask)."""
    user_id = session.get(USER_KEY)
    if not user_id:
        return None
    known = g.get("current_user")
    if known is not None and known.id == user_id and inspect(known).persistent:
        return known
    g.current_user = user = db.session.get(User, user_id)
    return user


KEPT_PREFERENCES = ("locale", "display")


def fresh_session(**values) -> None:
    """Start a new session: nothing of the previous person's carries over but the language
    and display mode chosen on this browser."""
    kept = {key: session[key] for key in KEPT_PREFERENCES if session.get(key)}
    session.clear()
    session.update(kept, **values)


def lifetimes() -> dict[str, Lifetime]:
    return web_sessions.lifetimes(current_app.config)


def sign_in_session(user: User) -> None:
    """A fresh session for the account, with a new token (the previous one ends)."""
    end_session()
    token = web_sessions.start(
        db.session, "account", lifetimes()["account"], user_id=user.id, learner_id=user.learner_id
    )
    fresh_session(**{USER_KEY: user.id, TOKEN_KEY: token})
    if user.learner is not None:
        session[SESSION_KEY] = user.learner.public_id


def start_pupil_session(pupil) -> None:
    """A fresh session for the pupil: nothing of the previous pupil's stays on this browser."""
    end_session()
    token = web_sessions.start(
        db.session, "pupil", lifetimes()["pupil"], learner_id=pupil.learner_id
    )
    fresh_session(
        **{SESSION_KEY: pupil.learner.public_id, PUPIL_KEY: pupil.display_name, TOKEN_KEY: token}
    )


def end_session() -> None:
    """End this browser's session on the server too: a copy of the cookie opens nothing."""
    token = session.get(TOKEN_KEY)
    if token:
        web_sessions.end(db.session, token)
    fresh_session()


def end_other_sessions(user: User) -> int:
    """End every session of the account but this browser's (ASVS 7.4.3)."""
    return web_sessions.end_for_user(db.session, user.id, keep=session.get(TOKEN_KEY))


def other_session_count(user: User) -> int:
    return web_sessions.count_for_user(db.session, user.id, besides=session.get(TOKEN_KEY))


ENDED_MESSAGES = {
    "idle": _l("Your session ended after a while without activity. Join again."),
    "pupil": _l("Your session has ended. Join your class again."),
    "account": _l("Your session has ended. Sign in again."),
}


def check_session():
    """Before every request: a session that claims someone must have a live record that says
    the same; otherwise it is emptied and the person is sent to join or sign in again."""
    if request.endpoint == "static":
        return None
    token = session.get(TOKEN_KEY)
    if not (token or USER_KEY in session or PUPIL_KEY in session):
        return None  # a guest, or nobody: nothing to check
    live, why = None, "ended"
    if isinstance(token, str):
        live, why = web_sessions.find_live(db.session, token, lifetimes())
    if live is not None and _matches(live):
        return None
    was_pupil = PUPIL_KEY in session
    fresh_session()
    if was_pupil:
        flash(str(ENDED_MESSAGES["idle" if why == "idle" else "pupil"]), "info")
        return redirect(url_for("classes.join"))
    flash(str(ENDED_MESSAGES["account"]), "info")
    next_path = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.signin", next=next_path))


def _matches(live) -> bool:
    """The record is this cookie's person: the same account, the same learner."""
    if live.user_id != session.get(USER_KEY):
        return False
    if live.kind == "pupil" and PUPIL_KEY not in session:
        return False
    return live.learner_public_id is None or live.learner_public_id == session.get(SESSION_KEY)


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


def init_app(app: Flask) -> None:
    app.before_request(check_session)
