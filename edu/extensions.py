"""Unbound extensions, initialised by the app factory; nothing here imports the app."""

from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from edu.models.base import Base

# A request's objects stay readable after its commit: redirects need no reload.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
babel = Babel()
csrf = CSRFProtect()
