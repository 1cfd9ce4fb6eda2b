"""Answer submission driven by wrk, against a bare Flask insert served alike, on SQLite and
PostgreSQL; and, on PostgreSQL, the question page against the bare hello route.

An answer (POST /attempts/<id>/questions/<n>) reads the attempt with its answers, checks the
signed question token, scores, stores one row and redirects: the write path every learner
takes, once per question. Its yardstick is the bare `/insert` route (one SQLAlchemy insert,
bench/hello_app.py) on the same database, gunicorn and wrk settings, in rounds alternating the
two so that both see the same machine. Reported as wrk_get.py reports GET routes: the median of
the rounds and their spread, p50/p99 from wrk, the workers' CPU per request, the ratio to the
bare insert of the same rounds. On PostgreSQL the note adds its backends' CPU per request:
they are not the workers' children, and the database's share is what SQLite does in-process.

Each measured request must answer a fresh question: a replay or an out-of-order position takes
a cheaper path (a redirect, nothing stored). So before measuring, 16 learners (each its own
session cookie and CSRF token, over HTTP) start attempts with feedback at the end (every
answer then redirects, 302, to the next question), and bench/prepared_answers.py starts the
other attempts and writes a request for every question: the signed question token and the
right answer computed offline, in an order that answers position p long after p - 1, each
attempt on one wrk thread only. Enough are prepared for 1,500 answers/s over the warm-up and
every round (BENCH_MOST_ANSWERS_PER_SECOND); if they run out, the run stops and says so.
bench/replay.lua sends them, each once, and counts the statuses; after each run the rows the
database gained must be the 302 answers (and the requests still in flight when wrk stopped,
which the server answered after), and every status a 302. Asserts nothing about speed.
"""

import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    APP_ROOT,
    DURATION,
    ROOT,
    Row,
    Server,
    fresh_postgres,
    postgres_cpu_seconds,
    prepare_database,
    table,
)
from quiz import ARTICLES, Browser
from sqlalchemy import create_engine, text
from wrk_get import CONNECTIONS, ROUNDS, THREADS, get_routes, need_wrk, row, with_cpu, wrk

LEARNERS = int(os.environ.get("BENCH_LEARNERS", "16"))
# Answers are prepared for this rate over the warm-up and every round; the route is far below.
MOST_PER_SECOND = int(os.environ.get("BENCH_MOST_ANSWERS_PER_SECOND", "1500"))
WARM_UP = 1  # second
QUESTIONS = 10  # a quiz's questions, to size the attempts (fewer only means more attempts)
# An answer overtaken by this many others on its thread's few connections is long stored
# when the next question of its attempt is sent.
SMALLEST_GAP = 4 * CONNECTIONS // THREADS
REPLAY = str(ROOT / "bench" / "replay.lua")


def insert_script(folder: str) -> str:
    path = Path(folder) / "insert.lua"
    path.write_text('wrk.method = "POST"\n')
    return str(path)


def prepare_answers(port: int, env: dict, folder: str) -> dict:
    """Learners over HTTP (their cookies and CSRF tokens, the first attempt each started), then
    every other attempt and the requests, written by prepared_answers.py."""
    needed = MOST_PER_SECOND * (WARM_UP + ROUNDS * DURATION) * 1.1  # wrk runs a little over
    # Enough attempts side by side on each thread for the order to keep them apart (the
    # smallest gap checked below), and enough questions for every run.
    side_by_side = THREADS * SMALLEST_GAP * QUESTIONS
    per_learner = math.ceil(max(needed / QUESTIONS, side_by_side) / LEARNERS)
    learners = []
    for index in range(LEARNERS):
        browser = Browser(port)
        csrf = browser.csrf_token()
        location = browser.start_quiz(ARTICLES[index % len(ARTICLES)], csrf, feedback="end")
        attempt = re.match(r"/attempts/([^/]+)/questions/1$", location).group(1)
        learners.append({"cookie": browser.cookie, "csrf": csrf, "attempt": attempt})
    brief = {"out": folder, "threads": THREADS, "attempts_per_learner": per_learner}
    brief["learners"] = learners
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "prepared_answers.py")],
        cwd=APP_ROOT,
        env={**env, "PYTHONPATH": str(APP_ROOT)},
        input=json.dumps(brief),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"preparing the answers failed:\n{done.stderr}")
    prepared = json.loads(done.stdout)
    if min(prepared["smallest_gap"]) < SMALLEST_GAP:
        raise SystemExit(f"prepared answers too close together: {prepared['smallest_gap']}")
    return prepared


def stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM responses")).scalar_one()
    finally:
        engine.dispose()


def costed(server: Server, url: str, run_wrk) -> dict:
    """A wrk run with the workers' CPU per request and, on PostgreSQL, its backends' too: the
    database's work is a large share of an answer's, and its own processes are not the
    workers' children."""
    on_postgres = url.startswith("postgresql")
    before = postgres_cpu_seconds(url) if on_postgres else 0.0
    run = with_cpu(server, run_wrk)
    if on_postgres:
        spent = postgres_cpu_seconds(url) - before
        run["database_cpu_ms"] = spent * 1000 / max(run["requests"], 1)
    return run


def database_note(runs: list[dict]) -> str:
    if "database_cpu_ms" not in runs[0]:
        return ""
    spent = statistics.median(run["database_cpu_ms"] for run in runs)
    return f"; PostgreSQL backends {spent:.2f} CPU ms/req more"


class Replay:
    """The prepared answers, sent run after run from where the previous run stopped."""

    def __init__(self, agora: Server, url: str, folder: str, prepared: dict):
        self.agora, self.url, self.folder = agora, url, folder
        self.right = prepared["right"]
        self.offsets = [0] * THREADS
        self.checked: list[str] = []

    def run(self, seconds: float = DURATION) -> dict:
        before = stored(self.url)
        run = costed(
            self.agora,
            self.url,
            lambda: wrk(
                self.agora.port,
                "/",
                seconds=seconds,
                script=REPLAY,
                args=[self.folder, *map(str, self.offsets)],
            ),
        )
        out = run["output"]
        sent = {
            int(t): int(n) for t, n, _ in re.findall(r"thread (\d+) sent (\d+) exhausted (\d)", out)
        }
        if re.search(r"exhausted 1", out):
            raise SystemExit(
                "the prepared answers ran out: raise BENCH_MOST_ANSWERS_PER_SECOND"
                f" (now {MOST_PER_SECOND}) so that more are prepared"
            )
        statuses: dict[int, int] = {}
        for _, status, n in re.findall(r"thread (\d+) status (\d+) (\d+)", out):
            statuses[int(status)] = statuses.get(int(status), 0) + int(n)
        for thread, n in sent.items():
            self.offsets[thread - 1] += n
        time.sleep(0.5)  # the requests in flight when wrk stopped: the workers finish them
        added = stored(self.url) - before
        answered = sum(statuses.values())
        in_flight = sum(sent.values()) - answered
        redirects = statuses.get(302, 0)
        if set(statuses) - {302} or added != redirects + in_flight:
            raise SystemExit(
                f"answers not as prepared: statuses {statuses}, {added} rows stored for"
                f" {redirects} redirects and {in_flight} requests in flight at the end"
            )
        self.checked.append(f"{added} rows = {redirects} × 302 + {in_flight} in flight")
        return run


def answers(env: dict, url: str, setting: str, folder: str, question_page: bool) -> list[Row]:
    """Rounds alternating the bare insert and Agora's answer; then, if asked, the question
    page against /hello."""
    env = {**env, "DATABASE_URL": url, "BENCH_INSERT_URL": url}
    prepare_database(env)
    create = "from bench.hello_app import create_schema; create_schema()"
    subprocess.run([sys.executable, "-c", create], cwd=APP_ROOT, env=env, check=True)
    insert = insert_script(folder)
    with Server("bench.hello_app:app", env) as bare, Server("edu:create_app()", env) as agora:
        replay = Replay(agora, url, folder, prepare_answers(agora.port, env, folder))

        def inserted(seconds: float = DURATION) -> dict:
            run = costed(
                bare, url, lambda: wrk(bare.port, "/insert", seconds=seconds, script=insert)
            )
            if run["bad"]:
                raise SystemExit(f"POST /insert: {run['bad']} answers were not 2xx/3xx")
            return run

        inserted(WARM_UP)  # warm-up: connections, imports
        replay.run(WARM_UP)  # warm-up: templates, catalogs, the items' cache
        bare_runs, agora_runs = [], []
        for _ in range(ROUNDS):
            bare_runs.append(inserted())
            agora_runs.append(replay.run())
        answer = row("Agora answer submission (wrk)", setting, agora_runs, bare_runs)
        answer["note"] += database_note(agora_runs) + (
            f"; {replay.right:.0%} of the answers right"
            f"; rows stored = 302s + in flight in all {len(replay.checked)} runs"
            f" (last: {replay.checked[-1]})"
        )
        insert_row = row("bare Flask /insert (wrk)", setting, bare_runs, None)
        insert_row["note"] += database_note(bare_runs)
        rows = [insert_row, answer]
        if question_page:
            rows += get_routes(bare, agora, setting, names=("question",))
        return rows


def figures() -> list[Row]:
    need_wrk()
    env = {**os.environ, "SECRET_KEY": "bench"}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        rows += answers(env, url, f"SQLite, wrk {CONNECTIONS} connections", folder, False)
    with tempfile.TemporaryDirectory() as folder, fresh_postgres() as url:
        rows += answers(env, url, f"PostgreSQL, wrk {CONNECTIONS} connections", folder, True)
    return rows


def main() -> None:
    print(
        f"wrk, {CONNECTIONS} connections, {DURATION:.0f} s × {ROUNDS} rounds, gunicorn 2 sync",
        flush=True,
    )
    print(table(figures()))


if __name__ == "__main__":
    main()
