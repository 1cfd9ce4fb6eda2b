"""Configuration: safe defaults that work out of the box, overridden by environment variables."""

import os
import secrets
import tempfile
import time
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
        # How the English interface writes dates and numbers: en_GB puts the day first.
        "ENGLISH_FORMAT_LOCALE": os.environ.get("EDU_ENGLISH_FORMAT_LOCALE", "en_GB"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: keep counting in this process's memory rather than refuse everyone.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "PUPIL_IDLE_MINUTES": int(os.environ.get("EDU_PUPIL_IDLE_MINUTES", "20")),
        # Teachers' and self-study learners' sessions: an idle limit and an absolute end.
        "ACCOUNT_IDLE_MINUTES": int(os.environ.get("EDU_ACCOUNT_IDLE_MINUTES", "120")),
        "ACCOUNT_SESSION_HOURS": int(os.environ.get("EDU_ACCOUNT_SESSION_HOURS", "12")),
        # Reverse proxies in front that set X-Forwarded-For (nginx: 1); 0 trusts none.
        "PROXY_COUNT": int(os.environ.get("EDU_PROXY_COUNT", "0")),
        # Requests a worker serves before its long-lived objects leave the garbage
        # collector's sight (see edu/web/garbage.py); 0: never.
        "GC_FREEZE_AFTER": int(os.environ.get("EDU_GC_FREEZE_AFTER", "200")),
        # Pupils and guest learners not seen for this long are deleted by `privacy purge`.
        "PUPIL_RETENTION_DAYS": int(os.environ.get("EDU_PUPIL_RETENTION_DAYS", "365")),
        # Teachers sign themselves up only where the school allows it; otherwise the CLI.
        "TEACHER_SIGNUP": os.environ.get("EDU_TEACHER_SIGNUP", "").lower() in {"1", "true", "yes"},
    }


KEY_FILE = "secret_key"
KEY_MIN_LENGTH = 32  # characters; the key made here has 64 (hexadecimal)
KEY_WAIT_SECONDS = 2.0  # how long a file still empty may be waited for


def instance_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it once so every worker signs cookies alike."""
    # Written whole to a temporary file in the same folder, then hard-linked to its name (which
    # fails if another worker was first): no worker ever reads a key half written.
    path = Path(instance_path) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _create_key_file(path, secrets.token_hex(32))
    return _read_key(path)


def _create_key_file(path: Path, key: str) -> None:
    """Put `key` in place whole, unless a key file is there already (then that one stays)."""
    fd, temporary = tempfile.mkstemp(prefix=f".{KEY_FILE}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker made it first: everyone uses that one
        except OSError:  # no hard links on this file system: create in place, readers wait
            _create_in_place(path, key)
    finally:
        os.unlink(temporary)


def _create_in_place(path: Path, key: str) -> None:
    """The old way, for file systems without hard links: readers wait while it is written."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(key)


def _read_key(path: Path) -> str:
    """The key in the file; a file still empty or short is waited for, then refused."""
    deadline = time.monotonic() + KEY_WAIT_SECONDS
    while True:
        key = path.read_text().strip()
        if len(key) >= KEY_MIN_LENGTH:
            return key
        if time.monotonic() >= deadline:
            raise RuntimeError(
                f"{path} holds no usable secret key (empty, or under {KEY_MIN_LENGTH} "
                "characters): delete it to have a new one made (everyone is signed out), "
                "or set SECRET_KEY"
            )
        time.sleep(0.05)
