"""The gradebook page of a full class rendered in-process with the Flask test client, on SQLite,
asked for as a browser asks (gzip accepted).

A class of 30 pupils and 40 set quizzes: about 70 % of the cells finished, 15 % started, the
rest not started, a due date on every other quiz. Prints the median render time over 20
requests and the page's size, in English and in French. Asserts nothing.

    python bench/gradebook_render.py [database.sqlite3]

A database path that already exists is reused as it is, so that two versions of the code can
be measured on the same class.
"""

import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gradebook import build_class, signed_in_teacher
from harness import APP_ROOT, Row, prepare_database, table

PUPILS, QUIZZES, REQUESTS = 30, 40, 20


def some_answered(rng) -> int | None:
    """About 15 % of the quizzes not started, 15 % started (one answer), the rest finished."""
    chance = rng.random()
    return 0 if chance < 0.15 else 1 if chance <= 0.3 else None


def fill_class() -> None:
    import datetime as dt

    from edu import create_app
    from edu.extensions import db

    app = create_app()
    with app.app_context():
        _, set_work = build_class(PUPILS, QUIZZES, some_answered)
        for number, assignment in enumerate(set_work):
            if number % 2:
                assignment.due_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=number - 20)
        db.session.commit()


def measure() -> list[Row]:
    from edu import create_app
    from edu.extensions import db
    from edu.models import SchoolClass

    app = create_app()
    with app.app_context():
        class_id = db.session.query(SchoolClass.public_id).scalar()
    client = signed_in_teacher(app)
    url = f"/classes/{class_id}/gradebook"
    rows = []
    for language in ("en", "fr"):
        headers = {"Accept-Language": language, "Accept-Encoding": "gzip"}  # as a browser asks
        client.get(url, headers=headers)  # warm-up: templates compiled, catalogs read
        times, sent = [], b""
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
            sent = response.data
            assert response.status_code == 200
        compressed = response.headers.get("Content-Encoding") == "gzip"
        size = len(gzip.decompress(sent) if compressed else sent)
        cuts = statistics.quantiles(times, n=20)
        rows.append(
            Row(
                measure=f"gradebook {PUPILS} × {QUIZZES}, rendered in-process ({language})",
                setting="SQLite, Flask test client",
                p50=statistics.median(times),
                p95=cuts[18],
                note=f"{len(sent) / 1024:.0f} KB sent"
                + (f", {size / 1024:.0f} KB of HTML" if compressed else ""),
            )
        )
    return rows


def figures() -> list[Row]:
    """The benchmark on a fresh class (or the database given on the command line)."""
    folder = tempfile.mkdtemp()
    database = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(folder) / "bench.sqlite3"
    env = {**os.environ, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{database}"}
    os.environ.update(env)
    sys.path.insert(0, str(APP_ROOT))
    if not database.exists():
        prepare_database(env)
        fill_class()
    return measure()


def main() -> None:
    print(table(figures()))


if __name__ == "__main__":
    main()
