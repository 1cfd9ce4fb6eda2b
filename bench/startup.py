"""Start-up time and memory: what a worker or a command costs before it does any work.

- `create_app()`: import and build the app in a fresh interpreter (the import is most of it),
  median of 7 processes, wall and CPU time; the same for the floor, a bare app with the same
  extensions (Flask, Flask-SQLAlchemy, Flask-Babel, Flask-WTF), which no change to Agora can
  go below;
- `flask --app edu quiz generate` end to end on a fresh SQLite database with the content loaded
  (every item new), then the median of 5 reruns (nothing new: start-up plus reading content);
- memory: gunicorn, 2 sync workers, each worker's RSS, PSS and private memory (from
  /proc/<pid>/smaps_rollup) once started, after 1,000 and after 10,000 requests over home, an
  article page and a started quiz's question page; the bare app bench/hello_app.py alike;
- what the Python heap is made of: tracemalloc in a fresh process, after `create_app()` and
  after some requests through the test client, grouped by top-level package.

Asserts nothing. `BENCH_APP_ROOT=../old python bench/startup.py` measures another checkout.
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from harness import APP_ROOT, BIN, Row, Server, table
from wrk_get import learner_on_a_question

PROCESSES = 7
GENERATE_RUNS = 6  # the first on a fresh database, then 5 reruns
CHECKPOINTS = (1_000, 10_000)
CLIENTS = 4  # more than the workers, so that both serve: gunicorn hands requests to whichever
MB = 1024 * 1024

# The config every fresh process gets: no database is touched by create_app().
CONFIG = "{'SECRET_KEY': 'bench', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'}"
TIMED = """
import time
wall, cpu = time.perf_counter(), time.process_time()
{body}
print(time.perf_counter() - wall, time.process_time() - cpu)
"""
AGORA = f"from edu import create_app\ncreate_app({CONFIG})"
FLOOR = """
from flask import Flask
from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

class Base(DeclarativeBase):
    pass

app = Flask("floor")
app.config.update(SECRET_KEY="bench", SQLALCHEMY_DATABASE_URI="sqlite://")
SQLAlchemy(model_class=Base).init_app(app)
Babel(app)
CSRFProtect(app)
"""

# Run in a fresh process from APP_ROOT: the Python heap by top-level package, traced from the
# first import, after create_app() and after requests like those the workers are sent. Most of
# it is made while importing (code objects, classes, functions), in importlib's frames: each
# block goes to the innermost frame that is not importlib's, the module running the `import`,
# so a package's first module counts to whoever imported it and the rest to the package.
HEAP = """
import json, re, sys, sysconfig, tracemalloc
tracemalloc.start(12)  # enough to reach past importlib's frames
from edu import create_app

app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": sys.argv[1]})
stdlib = sysconfig.get_paths()["stdlib"]


def package(filename):
    if "site-packages/" in filename:
        top = filename.split("site-packages/", 1)[1].split("/")[0]
        return top.removesuffix(".py").split(".")[0].lstrip("_") or "other"
    if "/edu/" in filename:
        return "edu"
    if filename.startswith(stdlib):
        return "stdlib"
    return "other"


def by_package():
    sizes = {}
    for stat in tracemalloc.take_snapshot().statistics("traceback"):
        # a traceback runs from the oldest frame to the innermost, the one that allocated
        frames = [f.filename for f in stat.traceback if not f.filename.startswith("<frozen")]
        name = package(frames[-1]) if frames else "other"
        sizes[name] = sizes.get(name, 0) + stat.size
    return sizes


after_start = by_package()
client = app.test_client()
home = client.get("/", headers={"Accept-Language": "fr"}).text
token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
started = client.post(
    "/quiz/articles/deepseek-shock", data={"csrf_token": token, "feedback": "each"}
)
question = started.headers["Location"]
for _ in range(int(sys.argv[2])):
    for path in ("/", "/articles/deepseek-shock", question):
        if client.get(path, headers={"Accept-Language": "fr"}).status_code != 200:
            raise SystemExit(f"GET {path} failed")
print(json.dumps({"start": after_start, "requests": by_package()}))
"""
HEAP_ROUNDS = 100  # 300 requests: templates compiled, catalogs and caches filled


def fresh_process_times(body: str, env: dict) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `body`, each in a new interpreter (nothing already imported)."""
    walls, cpus = [], []
    for _ in range(PROCESSES):
        out = subprocess.run(
            [sys.executable, "-c", TIMED.format(body=body)],
            cwd=APP_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        walls.append(float(out[-2]))
        cpus.append(float(out[-1]))
    return walls, cpus


def timing_row(measure: str, walls: list[float], cpus: list[float], floor: float | None) -> Row:
    median = statistics.median(walls) * 1000
    return Row(
        measure=measure,
        setting=f"median of {len(walls)} fresh processes",
        p50=median,
        ratio=median / floor if floor else "floor",
        note=(
            f"wall {min(walls) * 1000:.0f}–{max(walls) * 1000:.0f} ms, "
            f"CPU median {statistics.median(cpus) * 1000:.0f} ms"
        ),
    )


def generate_times(env: dict) -> list[float]:
    """The first run on a fresh database (every item new), then reruns (nothing new)."""
    flask = [str(BIN / "flask"), "--app", "edu"]
    for step in (["db", "upgrade"], ["content", "load"]):
        subprocess.run(flask + step, cwd=APP_ROOT, env=env, check=True, capture_output=True)
    command = [*flask, "quiz", "generate"]
    walls = []
    for _ in range(GENERATE_RUNS):
        started = time.perf_counter()
        subprocess.run(command, cwd=APP_ROOT, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
    return walls


def memory(pid: int) -> dict[str, float]:
    """RSS from status; PSS (shared pages split among their users) and private (this
    process's alone, what a new worker really adds) from smaps_rollup; in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0]) * 1024
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(status.split("VmRSS:", 1)[1].split()[0]) * 1024
    return {
        "rss": rss / MB,
        "pss": fields["Pss"] / MB,
        "private": (fields["Private_Clean"] + fields["Private_Dirty"]) / MB,
    }


def settled_workers(server: Server) -> list[int]:
    """The two workers once they have built the app: both exist and their RSS stopped moving
    (the master's socket answers before the workers have imported anything)."""
    deadline = time.monotonic() + 60
    last: dict[int, float] = {}
    while time.monotonic() < deadline:
        pids = sorted(server.workers())
        if len(pids) == 2:
            now = {pid: memory(pid)["rss"] for pid in pids}
            if now == last:
                return pids
            last = now
        time.sleep(0.5)
    raise RuntimeError("the workers did not settle")


def send(port: int, paths: list[tuple[str, str]], count: int) -> None:
    """`count` GETs spread over CLIENTS threads, cycling through `paths` (path, cookie)."""
    errors: list[str] = []

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for n in range(index, count, CLIENTS):
            path, cookie = paths[n % len(paths)]
            headers = {"Accept-Language": "fr", **({"Cookie": cookie} if cookie else {})}
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"GET {path}: HTTP {response.status}")
                return
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(errors[0])


def agora_pages(port: int) -> list[tuple[str, str]]:
    """Home, an article page, and the question page of a quiz a learner started (its cookie)."""
    cookie, question = learner_on_a_question(port)
    return [("/", ""), ("/articles/deepseek-shock", ""), (question, cookie)]


def memory_rows(
    name: str, server: Server, paths: Callable[[int], list[tuple[str, str]]]
) -> list[Row]:
    """The workers' memory once started, before any request, then at each checkpoint;
    `paths(port)` gives the pages to cycle through (it may send requests to set them up)."""
    pids = settled_workers(server)
    started = [memory(pid) for pid in pids]
    cycle = paths(server.port)
    rows = []
    sent = 0
    for checkpoint in (0, *CHECKPOINTS):
        send(server.port, cycle, checkpoint - sent)
        sent = checkpoint
        figures = [memory(pid) for pid in pids] if checkpoint else started
        note = "; ".join(
            f"RSS {m['rss']:.1f} MB, PSS {m['pss']:.1f}, private {m['private']:.1f}"
            for m in figures
        )
        if checkpoint:
            pairs = zip(figures, started, strict=True)
            growth = ", ".join(f"{m['rss'] - s['rss']:+.1f}" for m, s in pairs)
            note += f" (RSS since started: {growth} MB)"
        rows.append(
            Row(
                measure=f"{name} worker memory",
                setting=f"after {checkpoint:,} requests" if checkpoint else "started, no request",
                note=note,
            )
        )
    return rows


def heap_rows(database_url: str, env: dict) -> list[Row]:
    out = subprocess.run(
        [sys.executable, "-c", HEAP, database_url, str(HEAP_ROUNDS)],
        cwd=APP_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = json.loads(out.splitlines()[-1])
    rows = []
    after = f"after {HEAP_ROUNDS * 3} requests"
    for moment, label in (("start", "after create_app()"), ("requests", after)):
        ranked = sorted(sizes[moment].items(), key=lambda item: -item[1])
        total = sum(sizes[moment].values()) / MB
        top = ", ".join(f"{package} {size / MB:.1f}" for package, size in ranked[:8])
        rows.append(
            Row(
                measure="Python heap by package (tracemalloc)",
                setting=label,
                note=f"{total:.1f} MB traced: {top} MB",
            )
        )
    return rows


def figures() -> list[Row]:
    env = {**os.environ, "SECRET_KEY": "bench"}
    env.pop("PYTHONPATH", None)  # the app imported is APP_ROOT's: the fresh processes run there
    floor_walls, floor_cpus = fresh_process_times(FLOOR, env)
    floor = statistics.median(floor_walls) * 1000
    rows = [
        timing_row("bare Flask + extensions, built", floor_walls, floor_cpus, None),
        timing_row("Agora create_app()", *fresh_process_times(AGORA, env), floor),
    ]
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/bench.sqlite3"
        env["DATABASE_URL"] = database_url
        first, *again = generate_times(env)
        rows.append(
            Row(
                measure="flask --app edu quiz generate",
                setting="end to end, fresh database",
                p50=first * 1000,
                note="every item new",
            )
        )
        rows.append(
            Row(
                measure="flask --app edu quiz generate",
                setting=f"end to end, median of {len(again)} reruns",
                p50=statistics.median(again) * 1000,
                note=f"{min(again):.2f}–{max(again):.2f} s, nothing new to generate",
            )
        )
        with Server("bench.hello_app:app", env) as hello:
            rows += memory_rows("bare Flask /hello", hello, lambda _port: [("/hello", "")])
        with Server("edu:create_app()", env) as agora:
            rows += memory_rows("Agora", agora, agora_pages)
        rows += heap_rows(database_url, env)
    return rows


def main() -> None:
    print(table(figures()))


if __name__ == "__main__":
    main()
