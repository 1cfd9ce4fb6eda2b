"""Unbound extensions, initialised by the app factory; nothing here imports the app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

from edu.models.base import Base


class Database(SQLAlchemy):
    """Flask-SQLAlchemy, its session typed as the Session that the services take."""

    # The scoped session forwards every Session method to the request's own session, but
    # Flask-SQLAlchemy types it as the proxy, which is no Session subclass.
    session: Session  # type: ignore[assignment]


# A request's objects stay readable after its commit: redirects need no reload.
db = Database(model_class=Base, session_options={"expire_on_commit": False})
babel = Babel()
csrf = CSRFProtect()
# Limits are kept in memory for one process, or in Redis (RATELIMIT_STORAGE_URI) for several.
limiter = Limiter(get_remote_address)
