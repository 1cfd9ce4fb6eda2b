"""Refuse request values no honest form sends (control characters, invalid text), in one place.

Every URL path, query key and value, form key and value is checked before any view, session
change or database query: a NUL would make PostgreSQL fail, a bidi override would make a name
read differently from how it is stored. A refused request gets a 400 page that says what was
wrong, and nothing is changed. Files' contents are left to their own parsers.
"""

from urllib.parse import unquote_to_bytes

from flask import Flask, request
from werkzeug.exceptions import BadRequest

from edu import textcheck
from edu.web.converters import IdConverter

URLENCODED = "application/x-www-form-urlencoded"


class UnreadableRequest(BadRequest):
    """A request holding characters no form sends; the error pages explain it in words."""


def _wsgi_bytes(value: str) -> bytes:
    """A WSGI environ string as the bytes the client sent (PEP 3333 keeps them as Latin-1)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _clean_path() -> bool:
    environ = request.environ
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw_uri:
        raw_path = _wsgi_bytes(raw_uri).split(b"?", 1)[0]
        if not textcheck.is_clean_bytes(unquote_to_bytes(raw_path)):
            return False
    if not textcheck.is_clean_bytes(_wsgi_bytes(environ.get("PATH_INFO", ""))):
        return False
    return textcheck.is_clean(request.path)


def _clean_pairs(pairs) -> bool:
    return all(textcheck.is_clean(key) and textcheck.is_clean(value) for key, value in pairs)


def check_request() -> None:
    """Refuse the request, with a 400 page, when any part of it holds a forbidden character."""
    if request.endpoint == "static":
        return
    clean = _clean_path() and textcheck.is_clean_urlencoded(request.query_string)
    if clean and request.method not in ("GET", "HEAD", "OPTIONS"):
        if request.mimetype == URLENCODED:  # before the form parser turns bad bytes into %XX
            clean = textcheck.is_clean_urlencoded(request.get_data(cache=True))
        else:  # multipart: the fields as decoded (bad bytes become U+FFFD), not the files
            clean = _clean_pairs(request.form.items(multi=True))
            clean = clean and all(textcheck.is_clean(key) for key in request.files)
    if not clean:
        raise UnreadableRequest()


def init_app(app: Flask) -> None:
    """Check every request's URL, query and form values before any view sees them, and bound
    the ids of `<int:...>` routes (registered before any blueprint adds its rules)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(check_request)
