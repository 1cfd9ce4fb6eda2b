"""Importing a 2,000-question GIFT file into one article's quiz, on a fresh database.

SQLite always, PostgreSQL too when EDU_TEST_DATABASE_URL is set (in a schema of its own,
dropped afterwards). Times reading the file, a first import (every question new), the same
file again (every question unchanged) and the file with every question changed (a new version
each), and counts the SQL statements of each import. Asserts nothing: speed is measured, not
asserted.
"""

import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from edu import database  # noqa: E402
from edu.gift.parser import parse_gift  # noqa: E402
from edu.models import Article  # noqa: E402
from edu.services import gift  # noqa: E402
from edu.services.content_store import load_content  # noqa: E402

QUESTIONS = int(os.environ.get("BENCH_QUESTIONS", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONTENT = ROOT / "content"


def gift_file(count: int, edition: str = "") -> str:
    """`count` named questions of the usual kinds; `edition` changes every question's text."""
    shapes = (
        "::Q{n}:: Which river flows through city {n}{e}? {{=Seine ~Loire ~Rhône ~Garonne}}",
        "::Q{n}:: Fact {n}{e} is true. {{T#It is true.#Right.}}",
        "::Q{n}:: The answer to riddle {n}{e} is {{=%100%echo =%50%écho}}.",
        "::Q{n}:: In which year did event {n}{e} happen? {{#{year}:2 ~#Look at the date.}}",
        "::Q{n}:: Match the capitals{e}. {{=France -> Paris =Italy -> Rome =Spain -> Madrid}}",
    )
    blocks = [
        shapes[n % len(shapes)].format(n=n, e=edition, year=1900 + n % 120)
        for n in range(1, count + 1)
    ]
    return "\n\n".join(blocks) + "\n"


@contextmanager
def fresh_database(url: str | None) -> Iterator[Engine]:
    """A migrated database holding the content packs, gone afterwards."""
    if url is None:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            engine = create_engine(f"sqlite:///{folder}/bench.sqlite3")
            yield from _prepared(engine)
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
        yield from _prepared(engine)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _prepared(engine: Engine) -> Iterator[Engine]:
    with engine.begin() as connection:
        database.upgrade(connection)
    with Session(engine) as session:
        load_content(session, CONTENT)
        session.commit()
    try:
        yield engine
    finally:
        engine.dispose()


def timed_import(engine: Engine, slug: str, source: str) -> tuple[float, float, int, str]:
    """Seconds (wall clock, and this process's CPU), SQL statements of one import, and what the
    import says it did."""
    statements = 0

    def count(*_args) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as session:
            article = session.query(Article).filter_by(slug=slug).one()
            started, cpu = time.perf_counter(), time.process_time()
            report = gift.import_gift(session, source, article, "en")
            session.commit()  # the caller commits: timed with the import, as it always was
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seconds, cpu, statements, _said(report)


def _said(report: gift.ImportReport) -> str:
    return (
        f"{report.new_items} new, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )


def bench(name: str, url: str | None) -> None:
    first, second = gift_file(QUESTIONS), gift_file(QUESTIONS, " (revised)")
    started = time.perf_counter()
    parse_gift(first)
    print(f"{name:10s} {f'read {QUESTIONS} questions':32s} {time.perf_counter() - started:7.3f} s")
    steps = (
        ("first import", first),
        ("same file again", first),
        ("every question changed", second),
    )
    best: dict[str, tuple[float, float, int, str]] = {}
    for _ in range(ROUNDS):
        with fresh_database(url) as engine:
            slug = "deepseek-shock"
            for label, source in steps:
                result = timed_import(engine, slug, source)
                if label not in best or result[0] < best[label][0]:
                    best[label] = result
    for label, _source in steps:
        seconds, cpu, statements, said = best[label]
        print(
            f"{name:10s} {label:32s} {seconds:7.3f} s  (CPU {cpu:6.3f} s)"
            f"  {statements:5d} statements  ({said})"
        )


def main() -> None:
    print(f"{QUESTIONS} GIFT questions into one article, best of {ROUNDS} fresh databases")
    bench("SQLite", None)
    url = os.environ.get("EDU_TEST_DATABASE_URL")
    if url:
        bench("PostgreSQL", url)


if __name__ == "__main__":
    main()
