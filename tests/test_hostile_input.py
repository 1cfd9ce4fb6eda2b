"""Hostile input, everywhere: no value a browser can be made to send gives a 500 or changes a row.

The walk takes every route of app.url_map (static files aside) as each kind of caller — a
stranger, a pupil, a teacher, a self-study learner, an administrator — with the URL's
parameters set to real ids of the world of tests/test_access_control.py (so that the route is
reached: every page opens for someone) and then to bad values, GET and POST, with the fields
the route's forms use (read from the pages that carry them) and a few common names besides,
filled with bad values. POSTs carry the caller's valid CSRF token, so that what answers is the
route, not the CSRF check. The pupil joins with the class code and her PIN, as her browser
would.

Two families of values:

- refused ones, which no form sends: NUL, other control characters, invalid UTF-8, a lone
  surrogate, a bidi override, in a URL part, a query or form key or value. The answer is 400
  and no row changes. A file's content is not checked on the way in: its own parser refuses
  it, so the answer is anything but a 5xx, and no row changes either;
- odd ones, which are text a form may well send (a class may be called "0"): 2**31, 2**64,
  10**30, -1, 0, 5000 digits, 4 KB in a URL, 1 MB in a form field, a key repeated or sent as
  `name[]`. The answer is anything but a 5xx; a GET changes no row, nor does a POST whose
  answers were all refusals (4xx but 422, which keeps a draft).

To stay quick, each caller does not try every value in every place: a NUL (what breaks
PostgreSQL) goes everywhere, the other values go round the places, shifted by caller, so that
each value and each place is tried for every route. Rows are compared through a digest of every
table (bookkeeping columns such as last_seen_at aside, and the audit log, which records
refusals), taken once per route and caller rather than per request. Routes that publish, delete
or end a session come last. The failures are collected and reported together.
"""

import datetime as dt
import hashlib
import io
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from edu import textcheck
from edu.extensions import db, limiter
from edu.models import (
    Article,
    Base,
    Contribution,
    Debate,
    Item,
    ItemVersion,
    Learner,
    Pupil,
    Question,
    SchoolClass,
    Theme,
)
from edu.services import accounts
from edu.web.converters import MAX_ID, parse_id
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token
from tests.test_access_control import build_world

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}
FORM = "application/x-www-form-urlencoded"
REFUSAL_MESSAGE = "The request holds characters a form never sends"


class Raw(bytes):
    """Bytes that go into a URL or a body as they are, already encoded (or deliberately not)."""


# -- the bad values ----------------------------------------------------------------------------
# Refused: (in a URL, in an urlencoded body). A Raw value is sent as its bytes.
REFUSED: dict[str, tuple[object, object]] = {
    "NUL": ("a\x00b", "a\x00b"),
    "BEL": ("\x07", "\x07"),
    "ANSI escape": ("\x1b[31m", "\x1b[31m"),
    "bidi override": ("A\u202eecila", "A\u202eecila"),
    "invalid UTF-8": (Raw(b"%FF%FE"), Raw(b"\xff\xfe")),
    "lone surrogate": (Raw(b"%ED%A0%80"), Raw(b"%ED%A0%80")),
}
MEGABYTE = "x" * (1024 * 1024)  # in a form; a server takes no URL longer than a few KB
LONG_URL_PART = "x" * 4000
ODD: dict[str, str] = {
    "2**64": str(2**64),
    "10**30": str(10**30),
    "-1": "-1",
    "0": "0",
    "5000 digits": "9" * 5000,  # more than int() converts
}
# What the routes read besides their forms' fields (grep request.form / request.args).
COMMON_FIELDS = (
    "action",
    "answer",
    "article",
    "cards",
    "code",
    "comment",
    "confirm",
    "days",
    "display",
    "feedback",
    "first_name",
    "id",
    "language",
    "locale",
    "mode",
    "name",
    "names",
    "next",
    "page",
    "participant",
    "password",
    "pin",
    "question",
    "side",
    "status",
    "target",
    "text",
    "token",
    "username",
    "vote",
)
# Columns that change when a page is merely read, and tables that legitimately record refusals
# or hold sessions.
BOOKKEEPING = {"last_seen_at", "updated_at", "last_sign_in_at"}
UNCOMPARED_TABLES = {"audit_events", "web_sessions"}

ROLES = ("stranger", "alice", "lea", "admin", "teacher_a")  # the owner of class A last
ROLE_NAMES = {
    "stranger": "stranger",
    "alice": "pupil",
    "lea": "self-study learner",
    "admin": "admin",
    "teacher_a": "teacher",
}


# -- the world -------------------------------------------------------------------------------------


@dataclass
class Walk:
    app: Flask
    clients: dict[str, FlaskClient]
    tokens: dict[str, str]
    args: dict[str, str]  # URL parameter -> a real value of the world
    themes_slug: str
    forms: dict[tuple[str, str], dict[str, tuple[str, str]]] = field(default_factory=dict)
    reached: set[str] = field(default_factory=set)  # GET rules some caller opened (< 400)
    failures: list[str] = field(default_factory=list)
    requests: int = 0


def join_class(app: Flask, code: str, first_name: str, pin: str | None = None) -> FlaskClient:
    """A pupil's browser, joined the way a pupil joins: the class code, a first name, the PIN."""
    client = app.test_client()
    token = csrf_token(client, "/join")
    data = {"csrf_token": token, "code": code, "first_name": first_name}
    if pin:
        data["pin"] = pin
    response = client.post("/join", data=data, headers=FRENCH)
    assert response.status_code == 302, f"{first_name} could not join: {response.status_code}"
    return client


def make_walk(app: Flask) -> Walk:
    world = build_world(app)
    clients = {name: world.clients[name] for name in ("teacher_a", "admin", "lea")}
    with app.app_context():
        class_a = db.session.scalar(
            select(SchoolClass).where(SchoolClass.public_id == world.ids["class_a"])
        )
        alice = db.session.get(Pupil, world.ids["alice"])
        code, pin = class_a.join_code, alice.pin
        article = db.session.scalar(select(Article).where(Article.slug == world.ids["article"]))
        item_id = db.session.scalar(
            select(Item.id).where(Item.article_id == article.id).order_by(Item.id)
        )
        theme = db.session.scalar(
            select(Theme.slug).where(Theme.articles.any()).order_by(Theme.slug)
        )
    clients["alice"] = join_class(app, code, "Alice", pin)  # her session, as her browser has it
    # A short draft of a new article: a draft of a published one is a whole article, whose YAML
    # every request to the editor would parse again.
    draft = {"slug": "brouillon-court", "title_fr": "Brouillon", "title_en": "Draft"}
    response = clients["teacher_a"].post(
        "/authoring/drafts/new",
        data={"csrf_token": world.tokens["teacher_a"], "date": "2025", **draft},
    )
    draft_id = re.search(r"/authoring/drafts/(\d+)", response.headers["Location"]).group(1)
    args = {
        "slug": world.ids["article"],
        "language": "fr",
        "draft_id": draft_id,
        "item_id": str(item_id),
        "class_id": world.ids["class_a"],
        "pupil_id": str(world.ids["alice"]),
        "assignment_id": world.ids["quiz"],
        "attempt_id": world.ids["attempt"],
        "position": "2",
        "debate_id": world.ids["class_debate"],
        "phase": "opening",
    }
    tokens = {name: csrf_token(client, "/") for name, client in clients.items()}
    return Walk(app, clients, tokens, args, theme)


# -- the routes and their forms --------------------------------------------------------------------

PARAMETER = re.compile(r"<(?:[^<>:]+:)?(\w+)>")
# Routes that publish or delete what later routes need, or end a session, come last, in this
# rank; the first pattern that matches a rule gives its rank.
LAST = (
    # A teacher ending a pupil's sessions from the server: after the pupil's own requests,
    # since an ended session is sent to the join page before its values are even looked at.
    # Moving a pupil to another class ends their sessions too.
    (r"/pupils/<int:pupil_id>/(pin|signout|move)$", 6),
    (r"/signout$|/not-me$", 5),  # the caller's own session, or a pupil's
    (r"^/classes/<class_id>/delete$", 4),
    (r"/delete$", 3),
    (r"/pupils/<int:pupil_id>/", 2),  # a pupil's PIN and lock
    (r"/publish$", 1),
)


def walked_rules(app: Flask) -> list[tuple[str, str]]:
    """(method, rule) for every route but static files, the ones that end sessions or delete
    what later routes need last."""
    pairs = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    def order(pair):
        method, rule = pair
        for pattern, rank in LAST:
            if re.search(pattern, rule):
                return (rank, rule, method)
        return (0, rule, method)

    return sorted(pairs, key=order)


def real_url(walk: Walk, rule: str, **bad: str) -> str:
    """The rule with the world's ids in it, or `bad` (already URL-encoded) for some parameters."""

    def value(match):
        name = match.group(1)
        if name in bad:
            return bad[name]
        if name == "slug" and rule.startswith("/quiz/themes/"):
            return walk.themes_slug
        assert name in walk.args, f"no real value for <{name}> of {rule}: add one to make_walk"
        return quote(walk.args[name], safe="")

    return PARAMETER.sub(value, rule)


class FormReader(HTMLParser):
    """Every form of a page: its action, method and fields with the values the page gives."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").upper(),
                "fields": {},
            }
            self.forms.append(self.form)
            return
        if self.form is None or not attrs.get("name"):
            return
        name, fields = attrs["name"], self.form["fields"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox") and name in fields and "checked" not in attrs:
                return
            if kind == "file":
                fields[name] = ("", "file")
            else:
                fields[name] = (attrs.get("value") or "", "hidden" if kind == "hidden" else kind)
        elif tag == "button":
            fields.setdefault(name, (attrs.get("value") or "", "button"))
        elif tag == "textarea":
            self.textarea = name
            fields[name] = ("", "textarea")
        elif tag == "select":
            self.select = name
            fields.setdefault(name, ("", "select"))
        if tag == "option" and self.select and ("selected" in attrs or not fields[self.select][0]):
            fields[self.select] = (attrs.get("value") or "", "select")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            value = self.form["fields"][self.textarea][0]
            self.form["fields"][self.textarea] = (value + data, "textarea")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def discover_forms(walk: Walk, rules: list[tuple[str, str]]) -> None:
    """Read every page each caller can open and note, per route, the fields its forms send."""
    adapter = walk.app.url_map.bind("localhost")
    for caller in ROLES[1:]:
        client = walk.clients[caller]
        for method, rule in rules:
            if method != "GET":
                continue
            page = client.get(real_url(walk, rule), headers=FRENCH)
            if page.status_code < 400:
                walk.reached.add(rule)
            if page.status_code != 200 or page.mimetype != "text/html":
                continue
            reader = FormReader()
            reader.feed(page.get_data(as_text=True))
            for form in reader.forms:
                path = urlsplit(form["action"]).path or urlsplit(real_url(walk, rule)).path
                try:
                    endpoint_rule, _ = adapter.match(path, method=form["method"], return_rule=True)
                except Exception:
                    continue
                known = walk.forms.setdefault((form["method"], endpoint_rule.rule), {})
                for name, value in form["fields"].items():
                    known.setdefault(name, value)


# -- the requests ----------------------------------------------------------------------------------


def url_piece(value) -> bytes:
    if isinstance(value, Raw):
        return bytes(value)
    if value is MEGABYTE:
        return MEGABYTE.encode()  # nothing to quote in it, and quoting a megabyte takes a while
    return quote(str(value), safe="").encode()


def encoded(pairs: list[tuple[object, object]]) -> bytes:
    """An urlencoded string; Raw keys and values go in as they are."""
    return b"&".join(url_piece(key) + b"=" + url_piece(value) for key, value in pairs)


@dataclass
class Sent:
    label: str
    method: str
    url: str
    body: bytes | None = None
    content_type: str = FORM
    refused: bool = False  # the guard must answer 400
    files: dict | None = None  # multipart instead of an urlencoded body


def fields_of(walk: Walk, method: str, rule: str) -> dict[str, tuple[str, str]]:
    fields = dict(walk.forms.get((method, rule), {}))
    for name in COMMON_FIELDS:
        fields.setdefault(name, ("", "text"))
    return fields


def form_pairs(walk, caller, fields, bad, *, keep_hidden=False, only=None) -> list[tuple]:
    """The form's fields with `bad` in them (all, or only `only`), the CSRF token kept valid."""
    pairs = []
    for name, (good, kind) in fields.items():
        if kind == "file":
            continue
        if name.endswith("csrf_token"):
            pairs.append((name, walk.tokens[caller]))
        elif (keep_hidden and kind == "hidden") or (only is not None and name != only):
            pairs.append((name, good))
        else:
            pairs.append((name, bad))
    if not any(name.endswith("csrf_token") for name, _ in pairs):
        pairs.append(("csrf_token", walk.tokens[caller]))
    return pairs


def first_text_field(fields) -> str:
    texts = [n for n, (_, kind) in fields.items() if kind == "textarea"]
    texts += [n for n, (_, kind) in fields.items() if kind in ("text", "select", "radio")]
    return texts[0]


def rotation(values: list, shift: int, count: int) -> list:
    """`count` of the values, starting further on for each caller: all of them over five."""
    return [values[(shift * count + j) % len(values)] for j in range(min(count, len(values)))]


def requests_for(walk: Walk, caller: str, method: str, rule: str) -> list[Sent]:
    """The bad requests for one route and one caller.

    A NUL goes in every place a value can be (each URL parameter, the query's values and keys,
    the form's values and keys); the other refused values go round these places, shifted by
    caller, so that each request tries one value in one place, every value and every place is
    tried, and over the callers most pairs are.
    Odd values each fill every field at once (the hidden ones, such as a quiz's signed token,
    kept valid or not), and each URL parameter in turn."""
    shift = ROLES.index(caller)
    parameters = PARAMETER.findall(rule)
    url = real_url(walk, rule)
    query_keys = ["page", "action", "code", "next", "facts", "questions"]
    query_keys += [n for n in walk.forms.get(("GET", rule), {}) if n not in query_keys]
    fields = fields_of(walk, method, rule) if method == "POST" else {}
    files = [n for n, (_, kind) in fields.items() if kind == "file"]
    post = method == "POST"
    empty = encoded([("csrf_token", walk.tokens[caller])]) if post else None

    def query(pairs) -> str:
        return url + "?" + encoded(pairs).decode()

    def refused_in(place: str, label: str, in_url, in_body) -> Sent:
        if place.startswith("<"):
            bad_url = real_url(walk, rule, **{place[1:-1]: url_piece(in_url).decode()})
            return Sent(f"{label} in {place}", method, bad_url, empty, refused=True)
        if place == "query":
            return Sent(f"{label} in the query", method, query([(k, in_url) for k in query_keys]))
        if place == "query key":
            return Sent(f"{label} in a query key", method, query([(in_url, "1")]), empty)
        good = form_pairs(walk, caller, fields, "", keep_hidden=True)
        if place == "form key":
            return Sent(f"{label} in a form key", method, url, encoded([*good, (in_body, "1")]))
        pairs = form_pairs(walk, caller, fields, in_body, keep_hidden=True)
        return Sent(f"{label} in the form", method, url, encoded(pairs))

    sent: list[Sent] = []
    places = [f"<{name}>" for name in parameters] + ["query", "query key"]
    places += ["form", "form key"] if post else []
    labels = [label for label in REFUSED if label != "NUL"]
    pairs = [(place, "NUL") for place in places]  # what breaks PostgreSQL: in every place
    pairs += [
        (places[i % len(places)], labels[(i + shift) % len(labels)])
        for i in range(max(len(places), len(labels)))
    ]
    for place, label in pairs:
        request = refused_in(place, label, *REFUSED[label])
        request.refused = True
        request.body = request.body if request.body is not None or not post else empty
        sent.append(request)
    if files:  # a text file's content is its parser's to refuse, not the guard's
        data = {name: good for name, (good, kind) in fields.items() if kind != "file"}
        data.update({n: walk.tokens[caller] for n in data if n.endswith("csrf_token")})
        for label, (_, in_body) in REFUSED.items():
            raw = bytes(in_body) if isinstance(in_body, Raw) else in_body.encode()
            raw = b"\xed\xa0\x80" if label == "lone surrogate" else raw
            content = b"::Q1:: Une question " + raw + b" {=oui ~non}\n"
            upload = {**data, files[0]: (content, "questions.gift")}
            sent.append(Sent(f"{label} in an uploaded file", method, url, files=upload))

    # Odd values: each caller tries a few of them in each URL parameter and in the form, shifted
    # by caller so that over the callers every one is tried; the query takes some on every key.
    in_path = [*ODD.items(), ("2**31", str(MAX_ID + 1)), ("4 KB", LONG_URL_PART)]
    for name in parameters:
        for label, value in rotation(in_path, shift, 3):
            bad_url = real_url(walk, rule, **{name: quote(value, safe="")})
            sent.append(Sent(f"{label} in <{name}>", method, bad_url, empty))
    odd = list(ODD.values())
    rotated = [(key, odd[(k + shift) % len(odd)]) for k, key in enumerate(query_keys)]
    rotated[-1] = (rotated[-1][0], LONG_URL_PART)
    arrays = [(key, value) for key in query_keys for value in ("x", str(2**64))]
    arrays += [(f"{key}[]", "x") for key in query_keys]
    if not post:
        sent.append(Sent("odd values in the query", method, query(rotated)))
        sent.append(Sent("repeated and name[] query keys", method, query(arrays)))
        return sent
    for label, value in rotation(list(ODD.items()), shift, 2):
        pairs = form_pairs(walk, caller, fields, value, keep_hidden=True)
        sent.append(Sent(f"{label} in the form", method, query(rotated), encoded(pairs)))
    pairs = form_pairs(walk, caller, fields, str(2**64))
    sent.append(Sent("2**64 in the form, hidden fields too", method, query(arrays), encoded(pairs)))
    only = first_text_field(fields)
    pairs = form_pairs(walk, caller, fields, MEGABYTE, keep_hidden=True, only=only)
    sent.append(Sent(f"1 MB in {only}", method, url, encoded(pairs)))
    repeated, brackets = [], []
    for name, good in form_pairs(walk, caller, fields, "", keep_hidden=True):
        if name.endswith("csrf_token"):
            repeated.append((name, good))
            brackets.append((name, good))
        else:
            repeated += [(name, str(2**64)), (name, good or "x")]
            brackets.append((f"{name}[]", good or "x"))
    sent.append(Sent("repeated form keys", method, url, encoded(repeated)))
    sent.append(Sent("name[] form keys", method, url, encoded(brackets)))
    unique, seen = [], set()
    for request in sent:  # without hidden fields, some variants are the same request
        key = (request.method, request.url, request.body, repr(request.files))
        if key not in seen:
            seen.add(key)
            unique.append(request)
    return unique


# A caller whose session the walk has already ended (a pupil deleted, a new PIN) is sent to
# the join or sign-in page before any value is read: refused too, in its own way.
ENDED_SESSION_PAGES = {"/join", "/signin"}
ENDED = -302


def send(walk: Walk, client: FlaskClient, request: Sent) -> tuple[int, str]:
    """(status, problem): the status, and what the exception was if the app raised one."""
    walk.requests += 1
    try:
        if request.files is not None:
            data = {
                k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v
                for k, v in request.files.items()
            }
            response = client.post(request.url, data=data, headers=FRENCH)
        elif request.method == "GET":
            response = client.get(request.url, headers=FRENCH)
        else:
            response = client.post(
                request.url, data=request.body, content_type=request.content_type, headers=FRENCH
            )
    except Exception as error:  # the test client re-raises what the app did not handle
        return 500, f"{type(error).__name__}: {str(error)[:160]}"
    status = response.status_code
    location = response.headers.get("Location", "")
    response.close()
    if status == 302 and location.split("?")[0] in ENDED_SESSION_PAGES:
        return ENDED, ""
    return status, ""


# -- the digest of every table ---------------------------------------------------------------------


def digest(app: Flask) -> dict[str, str]:
    """A hash of every compared table's rows, bookkeeping columns aside: one query for all the
    tables, each hashed by the database (PostgreSQL) or put in one string (SQLite)."""
    tables = [t for t in Base.metadata.sorted_tables if t.name not in UNCOMPARED_TABLES]
    with app.app_context(), db.engine.connect() as connection:
        postgresql = connection.dialect.name == "postgresql"
        parts = []
        for table in tables:
            columns = [f'"{c.name}"' for c in table.columns if c.name not in BOOKKEEPING]
            order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns) or columns[0]
            rows = f'SELECT {", ".join(columns)} FROM "{table.name}"'
            if postgresql:
                text = f"coalesce(string_agg(r::text, '|' ORDER BY {order}), '')"
                parts.append(f"(SELECT md5({text}) FROM ({rows}) AS r)")
            else:
                row = " || ',' || ".join(f"quote({column})" for column in columns)
                parts.append(f"(SELECT group_concat({row}, '|') FROM ({rows} ORDER BY {order}))")
        values = connection.exec_driver_sql("SELECT " + ", ".join(parts)).one()
    return {
        table.name: hashlib.sha256(str(value).encode()).hexdigest()
        for table, value in zip(tables, values, strict=True)
    }


def changed(before: dict, after: dict) -> list[str]:
    return sorted(name for name in after if after[name] != before.get(name))


# -- the walk --------------------------------------------------------------------------------------


def shorten(url: str) -> str:
    return url if len(url) < 120 else url[:100] + f"…({len(url)} chars)"


def walk_route(walk: Walk, caller: str, method: str, rule: str, before: dict) -> dict:
    """Every bad request for the route by the caller, refused values first; the digest of the
    tables after each family (after both at once for a GET, which may change nothing)."""
    if caller == "stranger":
        client = walk.app.test_client()
        walk.tokens["stranger"] = csrf_token(client, "/")
    else:
        client = walk.clients[caller]
    who = f"{ROLE_NAMES[caller]}: {method} {rule}"
    requests = requests_for(walk, caller, method, rule)
    refused = [r for r in requests if r.refused or r.files is not None]
    odd = [r for r in requests if not (r.refused or r.files is not None)]

    def problem(request: Sent, status: int, error: str) -> None:
        where = f"{who} [{request.label}] {shorten(request.url)}"
        if status >= 500:
            walk.failures.append(f"{where} -> {status} {error}")
        elif request.refused and status not in (400, ENDED):
            walk.failures.append(f"{where} -> {status}, not 400")

    for request in refused:
        problem(request, *send(walk, client, request))
    if method == "POST":
        middle = digest(walk.app)
        if middle != before:
            walk.failures.append(f"{who} [refused values] changed {changed(before, middle)}")
        before = middle
    quiet = True  # every odd request was refused: then it must have changed nothing either
    for request in odd:
        status, error = send(walk, client, request)
        problem(request, status, error)
        quiet = quiet and ((400 <= status < 500 and status != 422) or status == ENDED)
    after = digest(walk.app)
    if (method == "GET" or quiet) and after != before:
        values = "bad values" if method == "GET" else "odd values, all refused,"
        walk.failures.append(f"{who} [{values}] changed {changed(before, after)}")
    return after


@pytest.mark.slow
def test_no_route_gives_a_5xx_or_changes_a_row_on_hostile_input(app, monkeypatch, capsys):
    walk = make_walk(app)
    monkeypatch.setattr(limiter, "enabled", False)  # the walk sends many POSTs to /join, /signin
    # Argon2 takes a good tenth of a second per password on purpose, and none of the walk's
    # sign-ins holds a right one: without this, they would take a third of the walk.
    monkeypatch.setattr(accounts, "verify_password", lambda hashed, password: False, raising=False)
    rules = walked_rules(app)
    started = time.perf_counter()
    discover_forms(walk, rules)
    unreached = {r for m, r in rules if m == "GET"} - walk.reached
    assert not unreached, f"the world's ids open none of these pages: {sorted(unreached)}"
    before = digest(app)
    for method, rule in rules:
        for caller in ROLES:
            before = walk_route(walk, caller, method, rule, before)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nhostile walk: {len(rules)} routes, {walk.requests} requests, {elapsed:.1f} s")
    report = "\n".join(walk.failures)
    assert not walk.failures, (
        f"{len(walk.failures)} problems in {walk.requests} requests:\n{report}"
    )


# -- direct tests ----------------------------------------------------------------------------------


def test_the_walks_digest_sees_a_changed_row_but_not_bookkeeping(app):
    """The control of the walk's digest: a renamed article counts, a learner merely seen not."""
    before = digest(app)
    with app.app_context():
        learner = Learner(kind="guest")
        db.session.add(learner)
        db.session.commit()
    added = digest(app)
    assert changed(before, added) == ["learners"]
    with app.app_context():
        db.session.get(Learner, learner.id).last_seen_at = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        db.session.commit()
    assert digest(app) == added
    with app.app_context():
        article = db.session.scalar(select(Article).order_by(Article.slug))
        article.title_fr = article.title_fr + " !"
        db.session.commit()
    assert changed(added, digest(app)) == ["articles"]


@pytest.mark.parametrize(
    "path",
    ["/articles/%00", "/articles/a%00b", "/classes/%00/cards", "/?page=%00", "/articles/%FF%FE"],
)
def test_a_nul_or_invalid_utf8_in_a_url_is_a_400_not_a_500(client, path):
    response = client.get(path, headers=ENGLISH)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert REFUSAL_MESSAGE in page and "Nothing was changed." in page


def test_joining_with_a_nul_in_the_first_name_is_refused_and_adds_no_pupil(app):
    teacher = teacher_client(app)
    _, code = create_class(teacher)
    pupil = app.test_client()
    token = csrf_token(pupil, "/join")
    response = pupil.post(
        "/join", data={"csrf_token": token, "code": code, "first_name": "Al\x00ice"}, headers=FRENCH
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pupil)) == 0
    response = pupil.post(
        "/join", data={"csrf_token": token, "code": code, "first_name": "Alice"}, headers=FRENCH
    )
    assert response.status_code == 302, "the same join without the NUL goes through"


def test_refused_characters_in_a_form_key_or_a_multipart_field(app):
    teacher = teacher_client(app)
    token = csrf_token(teacher, "/classes")
    for data in (
        {"csrf_token": token, "name": "4e B", "x\u202e": "1"},
        {"csrf_token": token, "name": "4e\x1b[31m B"},
    ):
        assert teacher.post("/classes", data=data).status_code == 400
    multipart = {"csrf_token": token, "name": "4e\x07B", "file": (io.BytesIO(b"x"), "a.txt")}
    assert teacher.post("/classes", data=multipart).status_code == 400
    raw = b"csrf_token=" + token.encode() + b"&name=4e+%C3%A9l%E8ve"  # Latin-1, not UTF-8
    assert teacher.post("/classes", data=raw, content_type=FORM).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SchoolClass)) == 0


def test_ids_beyond_the_database_are_a_404_or_a_form_message(app):
    teacher = teacher_client(app)
    token = csrf_token(teacher, "/authoring")
    for path in (
        f"/authoring/items/{2**64}/status",
        f"/authoring/items/{MAX_ID + 1}/wording",
        f"/authoring/drafts/{10**30}/delete",
        "/authoring/items/99999999999999999999/status",
    ):
        assert (
            teacher.post(path, data={"csrf_token": token, "status": "rejected"}).status_code == 404
        )
    assert teacher.get(f"/authoring/drafts/{MAX_ID + 1}").status_code == 404
    with app.app_context():
        item_id = db.session.scalar(select(Item.id).order_by(Item.id))
    response = teacher.post(
        f"/authoring/items/{item_id}/status", data={"csrf_token": token, "status": "rejected"}
    )
    assert response.status_code == 302, "a real id still goes through the bounded converter"

    learner = app.test_client()
    token = csrf_token(learner, "/articles/hundred-deepseeks/debates")
    for question in (str(2**64), str(MAX_ID + 1), "-1", "0", "9" * 5000):
        response = learner.post(
            "/debates", data={"csrf_token": token, "question": question, "mode": "solo"}
        )
        assert response.status_code == 400, "no such question: a bad request, as before"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Debate)) == 0
        question_id = db.session.scalar(select(Question.id).order_by(Question.id))
    response = learner.post(
        "/debates", data={"csrf_token": token, "question": question_id, "mode": "group"}
    )
    url = response.headers["Location"]
    take = {"csrf_token": token, "side": "for", "vote": "for"}
    assert learner.post(f"{url}/participants", data=take).status_code == 302
    response = learner.post(
        f"{url}/convincing", data={"csrf_token": token, "participant": str(2**64)}, headers=ENGLISH
    )
    assert response.status_code == 302
    page = learner.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "Vote once for a classmate, after your final vote." in page


def test_newlines_tabs_accents_and_emoji_are_still_accepted(app):
    text = "Première ligne\r\n\tdeuxième : « ça marche » !\r\nNaïve 👩‍💻 🇫🇷 — fin\u202f?"
    learner = app.test_client()
    token = csrf_token(learner, "/articles/hundred-deepseeks/debates")
    with app.app_context():
        question_id = db.session.scalar(select(Question.id).order_by(Question.id))
    response = learner.post(
        "/debates", data={"csrf_token": token, "question": question_id, "mode": "solo"}
    )
    url = response.headers["Location"]
    take = {"csrf_token": token, "side": "for", "vote": "for"}
    assert learner.post(f"{url}/participants", data=take).status_code == 302
    draft = {"csrf_token": token, "text": text, "action": "save", "language": "fr"}
    response = learner.post(f"{url}/phases/prepare?note=été+🎉", data=draft)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Contribution.text)) == text
    teacher = teacher_client(app)
    name = "Élèves de 4e B 🎓 « Ça »"
    token = csrf_token(teacher, "/classes")
    assert teacher.post("/classes", data={"csrf_token": token, "name": name}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SchoolClass.name)) == name


def test_an_uploaded_text_file_with_a_nul_is_refused_by_its_parser(app):
    teacher = teacher_client(app)
    token = csrf_token(teacher, "/authoring")
    with app.app_context():
        versions = db.session.scalar(select(func.count()).select_from(ItemVersion))
    gift = b"// Une question\n::Q1:: Une question\x00 {=oui ~non}\n"
    response = teacher.post(
        "/authoring/articles/hundred-deepseeks/gift",
        data={"csrf_token": token, "language": "fr", "file": (io.BytesIO(gift), "q.gift")},
        headers=ENGLISH,
    )
    assert response.status_code == 422
    assert "line 2: the file holds a character a text never holds" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ItemVersion)) == versions


def test_the_refusal_page_speaks_the_visitors_language(client):
    english = client.get("/articles/%00", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="en">' in english and REFUSAL_MESSAGE in english
    french = client.get("/articles/%00", headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in french and "Requête incorrecte" in french
    assert "La requête contient des caractères qu’aucun formulaire n’envoie" in french
    token = csrf_token(client, "/")
    client.post("/preferences/language", data={"csrf_token": token, "locale": "en", "next": "/"})
    chosen = client.get("/articles/%00", headers=FRENCH).get_data(as_text=True)
    assert '<html lang="en">' in chosen and REFUSAL_MESSAGE in chosen  # the session's choice


def test_the_refusal_page_offers_the_way_back(client):
    response = client.get("/articles/%00", headers={**ENGLISH, "Referer": "http://localhost/"})
    assert 'href="/">Go back to the previous page' in response.get_data(as_text=True)
    elsewhere = {**ENGLISH, "Referer": "https://example.org/"}
    page = client.get("/articles/%00", headers=elsewhere).get_data(as_text=True)
    assert "Go back to the previous page" not in page and "example.org" not in page


@pytest.mark.parametrize(
    "text",
    [
        "Élève naïve, ça va ?",
        "tab\tnewline\ncarriage\r\n",
        "👩‍💻 🇫🇷 👍🏽",  # zero-width joiner, flags, skin tones
        "« guillemets »\u00a0; fine\u202fespace !",  # the no-break spaces of French
        "עברית العربية \u200e\u200f",  # right-to-left scripts, with their marks
        "",
    ],
)
def test_text_a_person_types_is_clean(text):
    assert textcheck.is_clean(text)
    assert textcheck.is_clean_urlencoded(quote(text).encode())


@pytest.mark.parametrize(
    "character",
    [
        *"\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x9f",
        *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        "\ud800",
        "\udfff",
        "\ufffd",
    ],
)
def test_characters_no_form_sends_are_not(character):
    assert not textcheck.is_clean(f"a{character}b")
    assert textcheck.first_forbidden(f"ab\n{character}") == 3
    assert textcheck.line_of(f"ab\n{character}", 3) == 2


@pytest.mark.parametrize(
    "raw", [b"a=%FF", b"a=\xff\xfe", b"a=%ED%A0%80", b"a=%C3&b=%A9", b"%00=1", b"a=%E2%80%AE"]
)
def test_invalid_bytes_in_a_query_or_body_are_not_clean(raw):
    assert not textcheck.is_clean_urlencoded(raw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (str(2**64), None),
        ("9" * 5000, None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("1e3", None),
        ("²", None),
        ("١٢", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_takes_only_ids_the_database_can_hold(value, expected):
    assert parse_id(value) == expected


def test_int_routes_are_bounded(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match(f"/authoring/drafts/{MAX_ID}")[1] == {"draft_id": MAX_ID}
    for too_big in (str(MAX_ID + 1), str(2**64), "99999999999999999999", "١"):
        with pytest.raises(NotFound):
            adapter.match(f"/authoring/drafts/{too_big}")
