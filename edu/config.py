"""Configuration: safe defaults that work out of the box, overridden by environment variables."""

import os
import secrets
from pathlib import Path

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
DISPLAY_MODES = ("fr", "en", "both")


def default_config(instance_path: str) -> dict:
    """Settings for a fresh checkout: a SQLite file in the instance folder, French by default."""
    database = Path(instance_path) / "agora.sqlite3"
    https = os.environ.get("EDU_HTTPS", "").lower() in {"1", "true", "yes"}
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{database}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "CONTENT_DIR": os.environ.get(
            "EDU_CONTENT_DIR", str(Path(__file__).resolve().parent.parent / "content")
        ),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        # Where the school is: due dates end at midnight there, and times show in its zone.
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("EDU_TIMEZONE", "Europe/Paris"),
        "BABEL_TRANSLATION_DIRECTORIES": "../translations",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "PUPIL_IDLE_MINUTES": int(os.environ.get("EDU_PUPIL_IDLE_MINUTES", "20")),
        # Pupils and guest learners not seen for this long are deleted by `privacy purge`.
        "PUPIL_RETENTION_DAYS": int(os.environ.get("EDU_PUPIL_RETENTION_DAYS", "365")),
        # Teachers sign themselves up only where the school allows it; otherwise the CLI.
        "TEACHER_SIGNUP": os.environ.get("EDU_TEACHER_SIGNUP", "").lower() in {"1", "true", "yes"},
    }


def instance_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it once so every worker signs cookies alike."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
