"""Unbound extensions, initialised by the app factory; nothing here imports the app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from edu.models.base import Base

# A request's objects stay readable after its commit: redirects need no reload.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
babel = Babel()
csrf = CSRFProtect()
# Limits are kept in memory for one process, or in Redis (RATELIMIT_STORAGE_URI) for several.
limiter = Limiter(get_remote_address)
