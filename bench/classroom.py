"""A real lesson's load: one class of 300 pupils joins, answers a first question at once, then
takes the whole set quiz, each on their own browser session.

Why: the other benchmarks measure one route in a closed loop; a lesson is different. Every
pupil of a class arrives within a minute behind one school address, the teacher says "go" and
the first answers land together, then pupils read, think and answer at their own pace. This
measures what they feel (latency, errors), what the server spends (CPU per request, from the
workers' own counters) and whether every acknowledged answer is stored and every finished
attempt scored.

1. A teacher, a class and one set quiz (an article's quiz, the default feedback after each
   question) are made through the services, as bench/gradebook.py does.
2. Join: each pupil GETs /join, POSTs the class code and a first name (CSRF token included),
   opens "My work" and starts the set quiz, through the real pages. A pupil turned away by the
   join throttle (429) waits as the page tells them and tries again: how many were turned away
   and when the whole class was in are reported, never hidden.
3. Burst: every pupil opens the first question, then the answers are sent spread uniformly
   over BENCH_BURST_SECONDS (2 s).
4. Whole quiz: every pupil follows the redirect (feedback on the question), then for each
   remaining question GETs it, thinks 2-5 s, POSTs the answer and follows the redirect.
5. Check: responses stored for the assignment's attempts = answers acknowledged (302), and
   every finished attempt has a score.

The client runs in several processes (BENCH_PUPILS_PER_PROCESS pupils each, one thread per
pupil) so that the Python client is not the bottleneck; its own CPU and how late the burst's
sends left are reported beside the figures.

SQLite by default; BENCH_DATABASE=postgresql uses a database of its own (agora_classroom on
127.0.0.1:5432, user postgres), dropped and created afresh. Join counters are kept where a
school with several workers keeps them (RATELIMIT_STORAGE_URI, Redis by default), so that the
2 workers count together as they would in a school.

    BENCH_PUPILS=40 bench/classroom.py       # develop with a small class
"""

import multiprocessing
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import APP_ROOT, Row, Server, prepare_database, table
from quiz import Browser, answer_fields

PUPILS = int(os.environ.get("BENCH_PUPILS", "300"))
PER_PROCESS = int(os.environ.get("BENCH_PUPILS_PER_PROCESS", "50"))
DATABASE = os.environ.get("BENCH_DATABASE", "sqlite")
# The documented setting for several workers: counters shared in Redis. "memory://" gives
# each worker its own counters, which is what a school must not run with 2 workers.
LIMITS_STORAGE = os.environ.get("BENCH_RATELIMIT_STORAGE", "redis://127.0.0.1:6379")
JOIN_SECONDS = float(os.environ.get("BENCH_JOIN_SECONDS", "20"))  # a class arriving
BURST_SECONDS = float(os.environ.get("BENCH_BURST_SECONDS", "2"))
THINK = (2.0, 5.0)  # seconds between reading a question and answering it
# "Wait a minute, then try again", as the join page says when the throttle turns one away.
JOIN_RETRY_SECONDS = float(os.environ.get("BENCH_JOIN_RETRY_SECONDS", "60"))
JOIN_TRIES = 5
# Far above any latency worth having: a slow answer is measured, not turned into an error.
TIMEOUT = 60
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/agora_classroom"

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
START = re.compile(r'action="(/assignments/[^"]+/start)"')
NEXT = re.compile(r'class="button" href="(/attempts/[^"]+)"')


# -- the class, made once, and the check, made after: in their own process ---------------------


def _app(env: dict):
    """The served app's code, on the database served, in this (spawned) process only."""
    os.environ.update(env)
    sys.path.insert(0, str(APP_ROOT))  # the same code as the workers serve, and its tests
    from edu import create_app

    return create_app()


def _make_class(env: dict, out) -> None:
    from gradebook import build_class

    from edu.extensions import db

    app = _app(env)
    with app.app_context():
        school_class, (assignment,) = build_class(0, 1)
        db.session.commit()
        out.put((school_class.join_code, assignment.id))


def _count_rows(env: dict, assignment_id: int, out) -> None:
    from sqlalchemy import func, select

    from edu.extensions import db
    from edu.models import Attempt, Response

    app = _app(env)
    with app.app_context():
        mine = Attempt.assignment_id == assignment_id
        stored = db.session.scalar(
            select(func.count()).select_from(Response).join(Attempt).where(mine)
        )
        attempts = db.session.scalar(select(func.count()).select_from(Attempt).where(mine))
        finished = Attempt.finished_at.is_not(None)
        done = db.session.scalar(select(func.count()).where(mine & finished))
        unscored = db.session.scalar(
            select(func.count()).where(mine & finished & Attempt.score.is_(None))
        )
        out.put((stored, attempts, done, unscored))


def _in_process(target, *args):
    """Runs target(*args, queue) in a fresh process and returns what it put in the queue."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=target, args=(*args, out))
    process.start()
    result = out.get()
    process.join()
    return result


# -- the pupils: one thread each, in several processes -----------------------------------------


class Pupil:
    """One pupil's browser and where they are in the lesson."""

    def __init__(self, number: int, port: int):
        self.number = number
        self.browser = Browser(port)
        self.browser.connection.timeout = TIMEOUT
        self.location = ""  # the page the next step starts from
        self.fields: dict = {}  # the answer ready for the burst
        self.done = False  # stopped: finished, or an error a pupil could not get past


def first_name(number: int) -> str:
    """A different first name for each pupil, letters only, as the join form asks."""
    syllables = ["ba", "de", "ki", "lo", "mu", "ne", "ri", "sa", "to", "vi"]
    return "".join(syllables[int(d)] for d in f"{number:04d}").capitalize()


class Tally:
    """One process's figures for one phase; merged by the coordinator."""

    def __init__(self):
        self.lock = threading.Lock()
        self.data: dict = {"pages": [], "answers": [], "joins": [], "late": [], "errors": []}
        self.counts: dict = {}

    def add(self, key: str, value) -> None:
        with self.lock:
            self.data[key].append(value)

    def count(self, key: str, n: int = 1) -> None:
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n


def _timed(pupil: Pupil, tally: Tally, kind: str, method: str, path: str, form=None):
    """One request, its latency kept under `kind`; an error response or a broken connection
    is counted (and the pupil stops) rather than raised."""
    started = time.perf_counter()
    try:
        status, location, page = pupil.browser.send(method, path, form)
    except OSError as error:
        pupil.browser.connection.close()
        tally.add("errors", f"{method} {kind}: {type(error).__name__}")
        pupil.done = True
        return None
    tally.add(kind, time.perf_counter() - started)
    if not 200 <= status < 400:
        tally.add("errors", f"{method} {kind}: HTTP {status}")
        pupil.done = True
        return None
    return status, location, page


def _join(pupil: Pupil, code: str, at: float, tally: Tally) -> None:
    _sleep_until(at)
    started = time.monotonic()
    status, location = 0, ""
    for _try in range(JOIN_TRIES):
        result = _timed(pupil, tally, "pages", "GET", "/join")
        if result is None:
            return
        form = {"csrf_token": CSRF.search(result[2]).group(1), "code": code}
        form |= {"first_name": first_name(pupil.number), "pin": "", "initial": ""}
        sent = time.perf_counter()
        try:
            status, location, _ = pupil.browser.send("POST", "/join", form)
        except OSError as error:
            pupil.browser.connection.close()
            tally.add("errors", f"POST join: {type(error).__name__}")
            pupil.done = True
            return
        tally.add("joins", time.perf_counter() - sent)
        if status != 429:  # turned away by the throttle: counted, then as the page says
            break
        tally.count("refused")
        time.sleep(JOIN_RETRY_SECONDS)
    if status != 302:
        tally.add("errors", f"join: HTTP {status}")
        pupil.done = True
        return
    tally.add("late", time.monotonic() - started)  # how long until this pupil was in
    result = _timed(pupil, tally, "pages", "GET", location)  # "My work"
    if result is None:
        return
    page = result[2]
    start = {"csrf_token": CSRF.search(page).group(1)}
    result = _timed(pupil, tally, "pages", "POST", START.search(page).group(1), start)
    if result is not None:
        pupil.location = result[1]  # the first question


def _open_first(pupil: Pupil, tally: Tally) -> None:
    result = _timed(pupil, tally, "pages", "GET", pupil.location)
    if result is not None:
        pupil.fields = answer_fields(result[2])


def _burst(pupil: Pupil, at: float, tally: Tally) -> None:
    _sleep_until(at)
    tally.add("late", time.monotonic() - at)  # the client's own delay in sending
    result = _timed(pupil, tally, "answers", "POST", pupil.location, pupil.fields)
    if result is not None and result[0] == 302:
        tally.count("acknowledged")
        pupil.location = result[1]


def _quiz(pupil: Pupil, seed: int, tally: Tally) -> None:
    """From the burst's redirect (the first question's feedback) to the results page."""
    rng = random.Random(seed)
    result = _timed(pupil, tally, "pages", "GET", pupil.location)
    while result is not None:
        link = NEXT.search(result[2])
        if link is None:
            tally.add("errors", "a feedback page without its next link")
            return
        if "/questions/" not in link.group(1):
            _timed(pupil, tally, "pages", "GET", link.group(1))  # the results
            tally.count("finished")
            return
        result = _timed(pupil, tally, "pages", "GET", link.group(1))  # reading the question
        if result is None:
            return
        time.sleep(rng.uniform(*THINK))
        result = _timed(pupil, tally, "answers", "POST", link.group(1), answer_fields(result[2]))
        if result is None:
            return
        if result[0] == 302:
            tally.count("acknowledged")
        result = _timed(pupil, tally, "pages", "GET", result[1])  # the feedback


def _sleep_until(at: float) -> None:
    # CLOCK_MONOTONIC is one clock for every process of the machine: one "go" for all.
    time.sleep(max(0.0, at - time.monotonic()))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _step(name: str, pupil: Pupil, arguments: dict, tally: Tally) -> None:
    if name == "join":
        _join(pupil, arguments["code"], arguments["at"][pupil.number], tally)
    elif name == "open":
        _open_first(pupil, tally)
    elif name == "burst":
        _burst(pupil, arguments["at"][pupil.number], tally)
    else:
        _quiz(pupil, arguments["seed"] + pupil.number, tally)


def _client(numbers: list[int], port: int, pipe) -> None:
    """A client process: its pupils, one thread each per phase, on the coordinator's word."""
    pupils = [Pupil(number, port) for number in numbers]
    while True:
        command = pipe.recv()
        if command is None:
            return
        name, arguments = command
        tally, cpu = Tally(), _cpu()
        threads = []
        for pupil in pupils:
            if pupil.done:
                continue
            threads.append(threading.Thread(target=_step, args=(name, pupil, arguments, tally)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        pipe.send((tally.data, tally.counts, _cpu() - cpu))


class Class:
    """The coordinator's side: the client processes, a phase at a time, figures merged."""

    def __init__(self, pupils: int, port: int):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for first in range(0, pupils, PER_PROCESS):
            mine, theirs = context.Pipe()
            numbers = list(range(first, min(first + PER_PROCESS, pupils)))
            process = context.Process(target=_client, args=(numbers, port, theirs))
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)

    def phase(self, name: str, **arguments) -> tuple[dict, dict, float, float]:
        """(latencies and errors, counts, client CPU seconds, wall seconds) of one phase."""
        started = time.monotonic()
        for pipe in self.pipes:
            pipe.send((name, arguments))
        data: dict = {"pages": [], "answers": [], "joins": [], "late": [], "errors": []}
        counts: dict = {}
        cpu = 0.0
        for pipe in self.pipes:
            their_data, their_counts, their_cpu = pipe.recv()
            for key, values in their_data.items():
                data[key] += values
            for key, value in their_counts.items():
                counts[key] = counts.get(key, 0) + value
            cpu += their_cpu
        return data, counts, cpu, time.monotonic() - started

    def close(self) -> None:
        for pipe in self.pipes:
            pipe.send(None)
        for process in self.processes:
            process.join()


# -- the lesson ----------------------------------------------------------------------------------


def _cuts(latencies: list[float]) -> dict:
    if len(latencies) < 2:
        return {}
    cuts = statistics.quantiles(latencies, n=100)
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def _errors(data: dict) -> str:
    if not data["errors"]:
        return "0 errors"
    kinds: dict = {}
    for error in data["errors"]:
        kinds[error] = kinds.get(error, 0) + 1
    return (
        f"{len(data['errors'])} errors (" + ", ".join(f"{k} ×{n}" for k, n in kinds.items()) + ")"
    )


def _client_load(cpu: float, wall: float) -> str:
    return f"client CPU {cpu:.1f} s over {wall:.1f} s ({cpu / wall:.2f} cores of {os.cpu_count()})"


def _spread(pupils: int, seconds: float, rng: random.Random) -> list[float]:
    """Start times spread uniformly over `seconds` from one second from now, in random order
    of pupils, so that no client process sends all its own at once."""
    go = time.monotonic() + 1.0
    offsets = [go + seconds * n / pupils for n in range(pupils)]
    rng.shuffle(offsets)
    return offsets


def lesson(env: dict, setting: str) -> list[Row]:
    prepare_database(env)
    code, assignment_id = _in_process(_make_class, env)
    rows: list[Row] = []
    rng = random.Random(11)
    with Server("edu:create_app()", env) as server:
        pupils = Class(PUPILS, server.port)
        try:
            cpu = server.cpu_seconds()
            data, counts, client, wall = pupils.phase(
                "join", code=code, at=_spread(PUPILS, JOIN_SECONDS, rng)
            )
            joined = len(data["late"])
            rows.append(
                Row(
                    measure="pupils join (code + first name, My work, start)",
                    setting=setting,
                    **_cuts(data["joins"]),
                    cpu_ms=(server.cpu_seconds() - cpu)
                    * 1000
                    / max(1, len(data["joins"]) + len(data["pages"])),
                    note=f"{joined}/{PUPILS} in, arriving over {JOIN_SECONDS:.0f} s;"
                    f" {counts.get('refused', 0)} join POSTs refused (429), all in after"
                    f" {max(data['late'], default=0):.0f} s; {_errors(data)};"
                    f" {_client_load(client, wall)}",
                )
            )
            pupils.phase("open")
            cpu = server.cpu_seconds()
            data, counts, client, wall = pupils.phase(
                "burst", at=_spread(PUPILS, BURST_SECONDS, rng)
            )
            answers = len(data["answers"])
            acknowledged = counts.get("acknowledged", 0)
            late = max(data["late"], default=0) * 1000
            rows.append(
                Row(
                    measure=f"burst: first answer, {answers} over {BURST_SECONDS:.0f} s",
                    setting=setting,
                    rate=answers / BURST_SECONDS,
                    **_cuts(data["answers"]),
                    cpu_ms=(server.cpu_seconds() - cpu) * 1000 / max(1, answers),
                    note=f"{_errors(data)}; sends at most {late:.0f} ms late;"
                    f" {_client_load(client, wall)}",
                )
            )
            cpu = server.cpu_seconds()
            data, counts, client, wall = pupils.phase("quiz", seed=rng.randrange(1 << 30))
            requests = len(data["pages"]) + len(data["answers"])
            acknowledged += counts.get("acknowledged", 0)
            common = {"setting": setting, "rate": requests / wall}
            rows.append(
                Row(
                    measure="whole quiz: question and feedback pages",
                    **common,
                    **_cuts(data["pages"]),
                    cpu_ms=(server.cpu_seconds() - cpu) * 1000 / max(1, requests),
                    note=f"{len(data['pages'])} pages; {_errors(data)}; CPU per request of"
                    " either kind",
                )
            )
            rows.append(
                Row(
                    measure="whole quiz: answers (think 2-5 s)",
                    **common,
                    **_cuts(data["answers"]),
                    note=f"{len(data['answers'])} answers, {counts.get('finished', 0)}"
                    f" pupils finished in {wall:.0f} s; {_client_load(client, wall)}",
                )
            )
        finally:
            pupils.close()
    stored, attempts, finished, unscored = _in_process(_count_rows, env, assignment_id)
    verdict = "OK" if stored == acknowledged and unscored == 0 else "MISMATCH"
    rows.append(
        Row(
            measure="check: rows stored = answers acknowledged",
            setting=setting,
            note=f"{verdict}: {stored} responses stored, {acknowledged} answers acknowledged"
            f" (302); {attempts} attempts, {finished} finished, {unscored} finished unscored",
        )
    )
    return rows


def figures(database: str = DATABASE) -> list[Row]:
    """The whole lesson on SQLite, or on PostgreSQL (`database` "postgresql")."""
    env = {**os.environ, "SECRET_KEY": "bench", "RATELIMIT_STORAGE_URI": LIMITS_STORAGE}
    setting = f"{PUPILS} pupils, "
    if database == "postgresql":
        # A database of its own, made afresh: never another benchmark's or the tests' one.
        server = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(
            ["dropdb", *server, "--if-exists", "agora_classroom"], check=True, capture_output=True
        )
        subprocess.run(["createdb", *server, "agora_classroom"], check=True)
        env["DATABASE_URL"] = POSTGRES
        return lesson(env, setting + "PostgreSQL")
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'classroom.sqlite3'}"
        return lesson(env, setting + "SQLite")


def main() -> None:
    print(
        f"{PUPILS} pupils in {-(-PUPILS // PER_PROCESS)} client processes, gunicorn 2 sync"
        f" workers, join counters in {LIMITS_STORAGE}",
        flush=True,
    )
    print(table(figures()))


if __name__ == "__main__":
    main()
