"""Teachers' pages at district scale: do they stay fast when the database holds 50,000 learners?

Builds, on PostgreSQL and through the app's own tables, a district: teachers, classes of 30
pupils with set quizzes, attempts and about 100 answers per learner (5 million at 50,000
learners), and self-study learners practising on their own. THE measured class is built
through the services (bench/gradebook.py: 30 pupils, 40 set quizzes, about 70 % finished),
as is the teacher who owns it; everything around it is written with COPY, which takes
minutes where the services would take hours.

Then, at 1,000 learners and again after growing the same database to BENCH_LEARNERS, each
per-class teacher page (class page, gradebook, its CSV and XLSX, item analysis, a pupil's
drill-down, one cell, login cards) and a self-study learner's "My results" (300 attempts) is
served by gunicorn with 2 sync workers and asked for BENCH_REQUESTS times in a row on one
keep-alive connection, as a browser would (gzip accepted): p50/p95/p99, size as sent, and
the workers' CPU per request. A bare Flask /hello served alike is the yardstick. SQL
statements per page are counted in-process on SQLite at 10 and at 40 pupils, to show that
they do not grow with the class.

    python bench/district.py            # BENCH_LEARNERS=50000 BENCH_REQUESTS=50
    BENCH_LEARNERS=3000 python bench/district.py   # a quick run

At 50,000 learners the build (about 4.85 million answers) takes about 3 minutes, the whole
run about 10 on two busy cores; read CPU per request first when the machine is shared: it
stays steady where latencies do not. "My results" shows at most 20 mistakes, each with its
evidence (2 statements each), hence its count.

PostgreSQL at BENCH_POSTGRES (default postgres@127.0.0.1:5432, no password); the database
BENCH_DATABASE (default agora_district) is dropped and created afresh, and dropped at the
end unless BENCH_KEEP_DATABASE=1. Build times go to stderr, the table to stdout.
Asserts nothing: speed is measured, not asserted.
"""

import datetime as dt
import gzip
import http.client
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid

from gradebook import PASSWORD, build_class, signed_in_teacher
from gradebook_render import some_answered
from harness import APP_ROOT, Row, Server, prepare_database, table

POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "agora_district")
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "50000"))
FIRST_STEP = min(1000, LEARNERS)  # the small district, measured before it grows
REQUESTS = max(50, int(os.environ.get("BENCH_REQUESTS", "50")))
WARM_UP = 3
PUPILS, QUIZZES = 30, 40  # the measured class, as bench/gradebook_render.py builds it
RESULTS_ATTEMPTS = 300  # the measured self-study learner's quizzes
COUNTED_SIZES = (10, 40)  # class sizes at which SQL statements are counted
COUNTED_QUIZZES = 10  # enough to show a count per quiz, if there were one; quicker to build

# The district's shape: most learners are pupils in classes of 30, a teacher has 5 classes
# with 10 set quizzes each; the rest study on their own. About 100 answers per learner.
CLASS_SIZE = 30
CLASSES_PER_TEACHER = 5
SET_QUIZZES = 10
SELF_STUDY_SHARE = 0.15
BATCH_LEARNERS = 5000  # a transaction each: progress shown, memory bounded
PLANS_PER_SOURCE = 64  # distinct draws per article or theme, from the app's own draw
# fmt: off
FIRST_NAMES = (
    "Adam", "Alice", "Ambre", "Anna", "Arthur", "Awa", "Chloé", "Clément", "Élise", "Émile",
    "Emma", "Éva", "Gabriel", "Hugo", "Inès", "Jade", "Jules", "Julia", "Léa", "Léo", "Liam",
    "Lina", "Louis", "Louise", "Lucas", "Manon", "Mathis", "Maël", "Mia", "Nathan", "Noah",
    "Nina", "Noé", "Paul", "Raphaël", "Rose", "Sacha", "Sarah", "Théo", "Tom", "Yanis", "Zoé",
    "Zélie", "Ilyès", "Mohamed", "Fatou",
)
# fmt: on


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the database ----------------------------------------------------------------------------------


def connect(database: str):
    import psycopg

    return psycopg.connect(f"postgresql://{POSTGRES}/{database}", connect_timeout=5)


def fresh_database() -> None:
    """Our own database, empty: never a shared one, so that other benchmarks are left alone."""
    import psycopg

    try:
        server = connect("postgres")
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL is unreachable at {POSTGRES} ({error}).\n"
            "Start it, or set BENCH_POSTGRES=user@host:port."
        ) from None
    server.autocommit = True
    with server:
        server.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        server.execute(f'CREATE DATABASE "{DATABASE}"')


def drop_database() -> None:
    with connect("postgres") as server:
        server.autocommit = True
        server.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def app_env(database_url: str) -> dict:
    return {**os.environ, "SECRET_KEY": "bench", "DATABASE_URL": database_url}


def make_app(env: dict):
    """The app of the checkout being measured, in this process, on `env`'s database."""
    os.environ.update(env)
    if str(APP_ROOT) not in sys.path:
        sys.path.insert(0, str(APP_ROOT))
    from edu import create_app

    return create_app()


# -- what the services build -----------------------------------------------------------------------


def build_measured(app, results_attempts: int, pupils: int = PUPILS, quizzes: int = QUIZZES):
    """The measured teacher's class through the services (with due dates on every other quiz,
    as bench/gradebook_render.py does), and a self-study learner. With `results_attempts`,
    the learner's quizzes are taken through the services too (small databases only)."""
    from sqlalchemy import select

    from edu.extensions import db
    from edu.models import Article
    from edu.services import accounts
    from edu.services import quizzes as quiz_service
    from tests.classes_helpers import any_answer

    with app.app_context():
        _, set_work = build_class(pupils, quizzes, some_answered)
        for number, assignment in enumerate(set_work):
            if number % 2:
                assignment.due_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=number - 20)
        user = accounts.create_user(db.session, "bench.learner", PASSWORD, "learner")
        articles = db.session.scalars(select(Article).order_by(Article.slug)).all()
        for number in range(results_attempts):
            attempt = quiz_service.start_attempt(
                db.session, user.learner, article=articles[number % len(articles)], seed=number
            )
            for position in range(1, len(attempt.plan) + 1):
                item = quiz_service.item_at(db.session, attempt, position)
                quiz_service.record_response(db.session, attempt, position, any_answer(item), "fr")
        db.session.commit()
        return user.learner_id


def signed_in(app, username: str) -> str:
    """A session cookie of `username`, signed in through the sign-in form."""
    if username == "bench.teacher":
        client = signed_in_teacher(app)
    else:
        client = app.test_client()
        page = client.get("/signin").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        form = {"csrf_token": token, "username": username, "password": PASSWORD}
        client.post("/signin", data=form)
    return client.get_cookie("session").value


def pages(app) -> list[tuple[str, str, str]]:
    """(name, path, who asks) for every page measured, in the measured class."""
    from sqlalchemy import select

    from edu.extensions import db
    from edu.models import Assignment, Attempt, Pupil, SchoolClass, User

    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "bench.teacher"))
        school_class = db.session.scalar(
            select(SchoolClass).where(
                SchoolClass.teacher_id == teacher.id, SchoolClass.name == "Bench"
            )
        )
        quiz = db.session.scalar(
            select(Assignment)
            .where(Assignment.class_id == school_class.id)
            .order_by(Assignment.created_at, Assignment.id)
        )
        # A pupil who started the first quiz: the cell and the drill-down have work to show.
        pupil = db.session.scalar(
            select(Pupil)
            .join(Attempt, Attempt.learner_id == Pupil.learner_id)
            .where(Pupil.class_id == school_class.id, Attempt.assignment_id == quiz.id)
            .order_by(Pupil.id)
        )
        c, a, p = school_class.public_id, quiz.public_id, pupil.id
    return [
        ("class page", f"/classes/{c}", "teacher"),
        ("gradebook", f"/classes/{c}/gradebook", "teacher"),
        ("gradebook CSV", f"/classes/{c}/gradebook.csv", "teacher"),
        ("gradebook XLSX", f"/classes/{c}/gradebook.xlsx", "teacher"),
        ("item analysis", f"/classes/{c}/assignments/{a}", "teacher"),
        ("pupil drill-down", f"/classes/{c}/pupils/{p}", "teacher"),
        ("gradebook cell", f"/classes/{c}/assignments/{a}/pupils/{p}", "teacher"),
        ("login cards", f"/classes/{c}/cards", "teacher"),
        ("my results (300 attempts)", "/me/results", "learner"),
    ]


# -- SQL statements per page -----------------------------------------------------------------------


def count_queries() -> dict[str, list[int]]:
    """Statements each page sends, on SQLite, for a class of 10 pupils and one of 40 (and a
    learner with as many attempts): the same count means no query per pupil."""
    from sqlalchemy import event

    from edu.extensions import db

    counts: dict[str, list[int]] = {}
    for size in COUNTED_SIZES:
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as folder:
            env = app_env(f"sqlite:///{folder}/queries.sqlite3")
            prepare_database(env)
            app = make_app(env)
            build_measured(app, results_attempts=size, pupils=size, quizzes=COUNTED_QUIZZES)
            clients = {}
            for who, username in (("teacher", "bench.teacher"), ("learner", "bench.learner")):
                clients[who] = app.test_client()
                clients[who].set_cookie("session", signed_in(app, username))
            for name, path, who in pages(app):
                client = clients[who]
                assert client.get(path).status_code == 200, path  # warm-up: caches filled
                statements = []
                with app.app_context():
                    engine = db.engine

                def counted(*_args, statements=statements):
                    statements.append(1)

                event.listen(engine, "before_cursor_execute", counted)
                try:
                    assert client.get(path).status_code == 200, path
                finally:
                    event.remove(engine, "before_cursor_execute", counted)
                counts.setdefault(name, []).append(len(statements))
            with app.app_context():
                db.engine.dispose()
        log(f"SQL statements counted at {size} pupils in {time.monotonic() - started:.0f} s")
    return counts


# -- the rest of the district, with COPY -----------------------------------------------------------


def copy_text(value) -> str:
    """One field of COPY's text format: NULL as \\N, backslashes and breaks escaped."""
    if value is None:
        return r"\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S+00")


class District:
    """Grows the district to a number of learners, a batch (one transaction) at a time.

    Attempts draw their items with the app's own draw on the real item versions; answers are
    the scorer's verdicts on a right or a wrong answer to each version, so credits, details
    and scores are the ones the app would have written.
    """

    def __init__(self, app, teacher_id: int, learner_id: int):
        self.rng = random.Random(2026)
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.teacher_id = teacher_id  # the measured teacher gets the first filler classes too
        self.results_learner = learner_id
        self.extra_classes = CLASSES_PER_TEACHER - 1
        self._load_items(app)
        from edu.services.accounts import hash_password

        self.password_hash = hash_password(PASSWORD)  # one hash for all: signing in is not timed
        from edu.services.classes import name_key

        self.name_keys = {name: name_key(name) for name in FIRST_NAMES}
        self.copied_seconds = 0.0
        self.copied_responses = 0

    def _load_items(self, app) -> None:
        from sqlalchemy import select

        from edu.extensions import db
        from edu.models import Article, ItemVersion, Theme
        from edu.quiz.answers import AnswerFormatError
        from edu.quiz.scoring import score
        from edu.quiz.selection import draw
        from edu.services import quizzes
        from tests.classes_helpers import any_answer

        with app.app_context():
            session = db.session
            self.articles = list(session.scalars(select(Article.id).order_by(Article.id)))
            sources = [("article", a) for a in session.scalars(select(Article))]
            sources += [("theme", t) for t in session.scalars(select(Theme))]
            # plans[source] = [(article_id, theme_id, seed, plan), ...]
            self.plans: dict[tuple[str, int], list] = {}
            for kind, source in sources:
                pool, candidates = quizzes.quiz_candidates(session, **{kind: source})
                drawn = []
                for seed in range(PLANS_PER_SOURCE):
                    plan = [pool[key].current.id for key in draw(candidates, seed)]
                    if plan:
                        article_id = source.id if kind == "article" else None
                        theme_id = source.id if kind == "theme" else None
                        drawn.append((article_id, theme_id, seed, plan))
                if drawn:
                    self.plans[kind, source.id] = drawn
            used = {v for drawn in self.plans.values() for *_, plan in drawn for v in plan}
            # bank[version, locale, right] = (the response's middle fields, credit)
            self.bank: dict[tuple[int, str, bool], tuple[str, float]] = {}
            for version in session.scalars(select(ItemVersion).where(ItemVersion.id.in_(used))):
                item = quizzes.as_item(version)
                for locale in ("fr", "en"):
                    for right in (True, False):
                        answer = _right(item, locale) if right else any_answer(item)
                        try:
                            result = score(item, answer, locale)
                        except AnswerFormatError:  # a form the page would have sent back
                            answer = any_answer(item)
                            result = score(item, answer, locale)
                        fields = (
                            version.id,
                            json.dumps(answer, ensure_ascii=False),
                            locale,
                            repr(float(result.credit)),
                            json.dumps(result.detail, ensure_ascii=False),
                        )
                        middle = "\t".join(copy_text(f) for f in fields)
                        self.bank[version.id, locale, right] = (middle, float(result.credit))
        self.article_plans = [p for (kind, _), p in self.plans.items() if kind == "article"]
        self.all_plans = list(self.plans.values())

    def learners(self, connection) -> int:
        return connection.execute("SELECT count(*) FROM learners").fetchone()[0]

    def grow(self, target: int) -> None:
        """Adds learners (pupils in classes, self-study learners) until there are `target`."""
        started = time.monotonic()
        with connect(DATABASE) as connection:
            if self.results_learner is not None:  # the measured learner's 300 quizzes, once
                self._batch(connection, pupils=0, self_study=0)
                self.results_learner = None
            while (have := self.learners(connection)) < target:
                count = min(BATCH_LEARNERS, target - have)
                self_study = round(count * SELF_STUDY_SHARE)
                self._batch(connection, pupils=count - self_study, self_study=self_study)
            tables = ("learners", "users", "classes", "pupils", "assignments", "attempts")
            for name in (*tables, "responses"):
                # COPY wrote the ids itself: the next row the app adds must not take one.
                connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {name}))"
                )
            connection.commit()
            connection.autocommit = True
            analysed = time.monotonic()
            connection.execute("ANALYZE")  # fresh statistics, as autovacuum would get to later
            log(f"  ANALYZE in {time.monotonic() - analysed:.0f} s")
            responses = connection.execute("SELECT count(*) FROM responses").fetchone()[0]
            learners = self.learners(connection)
        log(
            f"district grown to {learners:,} learners and {responses:,} responses in "
            f"{time.monotonic() - started:.0f} s (COPY of {self.copied_responses:,} responses "
            f"so far: {self.copied_seconds:.0f} s in all)"
        )

    def _next_ids(self, connection) -> dict[str, int]:
        tables = ("learners", "users", "classes", "pupils", "assignments", "attempts", "responses")
        return {
            name: connection.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {name}").fetchone()[0]
            for name in tables
        }

    def _batch(self, connection, pupils: int, self_study: int) -> None:
        started = time.monotonic()
        rng, ids = self.rng, self._next_ids(connection)
        rows: dict[str, list[str]] = {name: [] for name in ids}
        taken_codes = {c for (c,) in connection.execute("SELECT join_code FROM classes")}

        def add(table_name: str, *fields) -> int:
            new_id = ids[table_name]
            ids[table_name] += 1
            rows[table_name].append("\t".join(copy_text(f) for f in (new_id, *fields)))
            return new_id

        def learner(kind: str, name: str | None, since: dt.datetime) -> int:
            return add("learners", uuid.uuid4().hex, kind, name, stamp(since), stamp(self.now))

        # (learner id, [(assignment id or None, plan entry, feedback)], locale, skill)
        work: list[tuple[int, list, str, float]] = []
        year_start = self.now - dt.timedelta(days=200)
        classes = math.ceil(pupils / CLASS_SIZE)
        teacher = None
        for number in range(classes):
            if self.extra_classes > 0:  # the measured teacher teaches other classes too
                owner, self.extra_classes = self.teacher_id, self.extra_classes - 1
            else:
                if teacher is None or number % CLASSES_PER_TEACHER == 0:
                    teacher = add(
                        "users",
                        f"teacher{ids['users']}",
                        self.password_hash,
                        "teacher",
                        None,
                        stamp(year_start),
                        None,
                    )
                owner = teacher
            code = self._code(ids["classes"], taken_codes)
            grade = rng.choice(("6e", "5e", "4e", "3e", "2de", "1re"))
            class_id = add(
                "classes",
                uuid.uuid4().hex,
                f"{grade} {chr(65 + number % 8)}",
                owner,
                code,
                None,
                stamp(year_start),
            )
            set_work = []
            for quiz in range(SET_QUIZZES):
                created = year_start + dt.timedelta(days=quiz * 18, hours=rng.randrange(8, 17))
                due = created + dt.timedelta(days=7) if quiz % 2 else None
                article = self.articles[(number + quiz) % len(self.articles)]
                assignment = add(
                    "assignments",
                    uuid.uuid4().hex,
                    class_id,
                    "quiz",
                    article,
                    None,
                    stamp(due) if due else None,
                    None,
                    "each",
                    None,
                    stamp(created),
                )
                set_work.append((assignment, article, created))
            size = min(CLASS_SIZE, pupils - number * CLASS_SIZE)
            for first_name in rng.sample(FIRST_NAMES, size):  # distinct names in a class
                learner_id = learner("pupil", first_name, year_start)
                add(
                    "pupils",
                    class_id,
                    learner_id,
                    first_name,
                    self.name_keys[first_name],
                    "",
                    f"{rng.randrange(10_000):04d}",
                    0,
                    None,
                    stamp(year_start),
                )
                quizzes = []
                for assignment, article, created in set_work:
                    chance = rng.random()  # as some_answered: 15 % not started, 15 % started
                    if chance >= 0.15:
                        plan = rng.choice(self.plans["article", article])
                        answered = 1 if chance <= 0.3 else None
                        quizzes.append((assignment, plan, answered, created))
                for _ in range(rng.randrange(1, 5)):  # some practice at home
                    quizzes.append((None, rng.choice(rng.choice(self.all_plans)), None, None))
                work.append((learner_id, quizzes, rng.choice(("fr", "fr", "en")), rng.random()))
        self_study_ids = []
        for _ in range(self_study):
            learner_id = learner("self-study", None, year_start)
            self_study_ids.append(learner_id)
            add(
                "users",
                f"learner{ids['users']}",
                self.password_hash,
                "learner",
                learner_id,
                stamp(year_start),
                None,
            )
            quizzes = [
                (None, rng.choice(rng.choice(self.all_plans)), None, None)
                for _ in range(rng.randrange(6, 15))
            ]
            work.append((learner_id, quizzes, rng.choice(("fr", "en")), rng.random()))
        if self.results_learner is not None:
            quizzes = [
                (None, rng.choice(rng.choice(self.article_plans)), None, None)
                for _ in range(RESULTS_ATTEMPTS)
            ]
            work.append((self.results_learner, quizzes, "fr", 0.6))
        self._attempts(work, rows, ids, year_start)
        copied = time.monotonic()
        with connection.cursor() as cursor:
            for name, lines in rows.items():
                if not lines:
                    continue
                with cursor.copy(f"COPY {name} ({COLUMNS[name]}) FROM STDIN") as copy:
                    for start in range(0, len(lines), 20_000):
                        copy.write("\n".join(lines[start : start + 20_000]) + "\n")
        connection.commit()
        self.copied_seconds += time.monotonic() - copied
        self.copied_responses += len(rows["responses"])
        log(
            f"  +{pupils:,} pupils in {classes} classes, +{self_study:,} self-study learners: "
            f"{len(rows['attempts']):,} attempts, {len(rows['responses']):,} responses, "
            f"made in {copied - started:.1f} s, copied in {time.monotonic() - copied:.1f} s"
        )

    def _attempts(self, work, rows, ids, year_start: dt.datetime) -> None:
        rng, bank = self.rng, self.bank
        attempts, responses = rows["attempts"], rows["responses"]
        attempt_id, response_id = ids["attempts"], ids["responses"]
        for learner_id, quizzes, locale, skill in work:
            right_chance = 0.35 + 0.6 * skill  # learners differ, so scores spread
            for assignment, (article, theme, seed, plan), answered, set_at in quizzes:
                if set_at is None:
                    begun = year_start + dt.timedelta(minutes=rng.randrange(200 * 24 * 60))
                else:
                    begun = set_at + dt.timedelta(minutes=rng.randrange(7 * 24 * 60))
                begun = min(begun, self.now - dt.timedelta(hours=1))
                count = len(plan) if answered is None else answered
                credits = []
                minute = begun.strftime("%Y-%m-%d %H:%M")
                for position in range(1, count + 1):
                    middle, credit = bank[plan[position - 1], locale, rng.random() < right_chance]
                    credits.append(credit)
                    responses.append(
                        f"{response_id}\t{attempt_id}\t{position}\t{middle}"
                        f"\t{rng.randrange(4000, 60000)}\t{minute}:{position * 4:02d}+00"
                    )
                    response_id += 1
                finished = count == len(plan)
                attempts.append(
                    "\t".join(
                        (
                            str(attempt_id),
                            uuid.uuid4().hex,
                            str(learner_id),
                            copy_text(article),
                            copy_text(theme),
                            copy_text(assignment),
                            str(seed),
                            "each",
                            json.dumps(plan),
                            stamp(begun),
                            stamp(begun + dt.timedelta(minutes=1)) if finished else r"\N",
                            repr(sum(credits) / len(credits)) if finished else r"\N",
                        )
                    )
                )
                attempt_id += 1
        ids["attempts"], ids["responses"] = attempt_id, response_id

    @staticmethod
    def _code(number: int, taken: set[str]) -> str:
        """A class code from the app's alphabet, unique: the class id spread by a prime, the
        next value when a code (the measured class's random one) is taken already."""
        from edu.models.debate import CODE_ALPHABET

        base = len(CODE_ALPHABET)
        value = number * 48_271
        while True:
            digits, rest = [], value % base**6
            for _ in range(6):
                rest, digit = divmod(rest, base)
                digits.append(CODE_ALPHABET[digit])
            code = "".join(digits)
            if code not in taken:
                taken.add(code)
                return code
            value += 1


# The columns COPY writes, in the order District writes them: every NOT NULL column whose
# default lives in Python (public ids, kinds, PINs, codes) is written, not left to the server.
COLUMNS = {
    "learners": "id, public_id, kind, display_name, created_at, last_seen_at",
    "users": "id, username, password_hash, role, learner_id, created_at, last_sign_in_at",
    "classes": "id, public_id, name, teacher_id, join_code, code_expires_at, created_at",
    "pupils": "id, class_id, learner_id, first_name, name_key, initial, pin, wrong_pins, "
    "locked_until, created_at",
    "assignments": "id, public_id, class_id, kind, article_id, question_id, due_at, "
    "max_attempts, feedback, closed_at, created_at",
    "attempts": "id, public_id, learner_id, article_id, theme_id, assignment_id, seed, "
    "feedback, plan, started_at, finished_at, score",
    "responses": "id, attempt_id, position, item_version_id, answer, locale, credit, detail, "
    "time_taken_ms, answered_at",
}


def _right(item, locale: str):
    """The right answer in the shape the scorer reads, typed in `locale`."""
    answer = item.answer
    shapes = {
        # French writes a decimal comma, and the scorer refuses a point from a French reader.
        "numeric": lambda: str(answer["value"]).replace(".", "," if locale == "fr" else "."),
        "choice": lambda: answer["choice"],
        "cloze": lambda: answer.get(locale) or answer["en"],
        "true-false": lambda: "true" if answer["value"] else "false",
        "ordering": lambda: answer["order"],
        "matching": lambda: answer["pairs"],
        "sorting": lambda: answer["sides"],
    }
    return shapes[item.type]()


# -- measuring ---------------------------------------------------------------------------------


def timed(server: Server, path: str, cookie: str | None) -> dict:
    """`REQUESTS` GETs in a row on one keep-alive connection, as one browser tab sends them."""
    headers = {"Accept-Language": "fr", "Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    latencies, body, encoding = [], b"", None
    try:
        for number in range(WARM_UP + REQUESTS):
            if number == WARM_UP:
                cpu, began = server.cpu_seconds(), time.perf_counter()
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"GET {path}: HTTP {response.status}")
            encoding = response.getheader("Content-Encoding")
            if number >= WARM_UP:
                latencies.append(time.perf_counter() - started)
        elapsed = time.perf_counter() - began
        cpu = server.cpu_seconds() - cpu
    finally:
        connection.close()
    cuts = statistics.quantiles(latencies, n=100)
    raw = len(gzip.decompress(body)) if encoding == "gzip" else len(body)
    size = f"{len(body) / 1024:.1f} KB" if len(body) >= 1024 else f"{len(body)} bytes"
    size += f" gzip ({raw / 1024:.1f} KB raw)" if encoding == "gzip" else " (not compressed)"
    return {
        "rate": REQUESTS / elapsed,
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "cpu_ms": cpu * 1000 / REQUESTS,
        "size": size,
    }


def measure_district(env, app, learners: int, hello: float, counts) -> list[Row]:
    setting = f"PostgreSQL, {learners:,} learners"
    cookies = {
        "teacher": signed_in(app, "bench.teacher"),
        "learner": signed_in(app, "bench.learner"),
    }
    rows = []
    with Server("edu:create_app()", env) as server:
        for name, path, who in pages(app):
            figures = timed(server, path, cookies[who])
            queries = "/".join(str(n) for n in counts.get(name, []))
            sizes = "/".join(str(n) for n in COUNTED_SIZES)
            scale = "pupils" if who == "teacher" else "attempts"  # what could make it grow
            note = f"{figures.pop('size')}; SQL statements at {sizes} {scale}: {queries}"
            rows.append(
                Row(
                    measure=f"Agora {name}",
                    setting=setting,
                    ratio=figures["rate"] / hello,
                    note=note,
                    **figures,
                )
            )
            log(f"  {learners:,} learners, {name}: p50 {figures['p50']:.1f} ms")
    return rows


def figures() -> list[Row]:
    """The whole benchmark: build, measure at 1,000 learners, grow, measure again."""
    fresh_database()  # first, so that an unreachable server is said before anything is built
    try:
        return _figures()
    finally:
        if os.environ.get("BENCH_KEEP_DATABASE") != "1":
            try:
                drop_database()
            except Exception as error:  # the figures matter more than the tidying
                log(f"could not drop {DATABASE}: {error}")


def _figures() -> list[Row]:
    began = time.monotonic()
    counts = count_queries()
    url = f"postgresql+psycopg://{POSTGRES}/{DATABASE}"
    env = app_env(url)
    prepare_database(env)
    started = time.monotonic()
    app = make_app(env)
    learner_id = build_measured(app, results_attempts=0)
    log(
        f"measured class (30 pupils x 40 quizzes) built through the services in "
        f"{time.monotonic() - started:.0f} s"
    )
    from sqlalchemy import select

    from edu.extensions import db
    from edu.models import User

    with app.app_context():
        teacher_id = db.session.scalar(select(User.id).where(User.username == "bench.teacher"))
    district = District(app, teacher_id, learner_id)
    with Server("bench.hello_app:app", env) as server:
        hello = timed(server, "/hello", None)
    rows = [
        Row(
            measure="bare Flask /hello",
            setting="gunicorn, 2 sync workers",
            ratio="baseline",
            note=hello.pop("size"),
            **hello,
        )
    ]
    for learners in dict.fromkeys((FIRST_STEP, LEARNERS)):
        district.grow(learners)
        rows += measure_district(env, app, learners, hello["rate"], counts)
    with app.app_context():
        db.engine.dispose()  # no connection left open on the database about to be dropped
    log(f"benchmark done in {time.monotonic() - began:.0f} s")
    return rows


def main() -> None:
    print(table(figures()))


if __name__ == "__main__":
    main()
