"""Shared benchmark machinery: gunicorn on 127.0.0.1, a bounded closed-loop load, a report,
an empty PostgreSQL database, the CPU of the processes serving a request."""

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
# The checkout whose app is served and measured: this one, or another version of the code
# (BENCH_APP_ROOT=../old make bench) so that before and after are measured in one run.
APP_ROOT = Path(os.environ.get("BENCH_APP_ROOT", ROOT)).resolve()
BIN = Path(sys.executable).parent
DURATION = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers and no control socket, as the design asks for benchmarks."""

    def __init__(self, app: str, env: dict):
        self.port = free_port()
        command = [
            str(BIN / "gunicorn"),
            "--workers=2",
            "--worker-class=sync",
            "--no-control-socket",
            "--log-level=warning",
            f"--bind=127.0.0.1:{self.port}",
            app,
        ]
        self.process = subprocess.Popen(command, cwd=APP_ROOT, env=env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError(f"{app} did not start")

    def __enter__(self) -> "Server":
        return self

    def workers(self) -> list[int]:
        """The worker processes' ids (the master's children), read from /proc."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # field 4 of stat: the parent's id
                pids.append(int(stat.parent.name))
        return pids

    def cpu_seconds(self) -> float:
        """User and system CPU the workers have spent so far, from their own counters: it stays
        steady when the machine is noisy, where requests per second do not."""
        return cpu_seconds(self.workers())

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait()


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU these processes have spent so far (a process gone counts nothing)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks


def postgres_cpu_seconds(url: str) -> float:
    """CPU spent so far by the PostgreSQL backends connected to `url`'s database (the
    workers' pooled connections), from /proc: a local server's share of each request."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            pids = connection.scalars(
                text(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).all()
    finally:
        engine.dispose()
    return cpu_seconds(pids)


Request = Callable[[http.client.HTTPConnection, int, int], bool | None]


def run(port: int, request: Request, duration: float = DURATION, clients: int = CLIENTS):
    """Closed loop: each client sends its next request once the previous answer arrived.

    `request(connection, client, n)` sends a client's n-th request and raises on a wrong answer;
    it returns False when that client has nothing left to send.
    Returns (requests per second, latencies in seconds).
    """
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, n = [], 0
        try:
            while time.monotonic() < stop_at and not errors:
                started = time.perf_counter()
                if request(connection, index, n) is False:
                    break
                mine.append(time.perf_counter() - started)
                n += 1
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"benchmark stopped: {errors[0]!r}")
    return len(latencies) / (time.monotonic() - started), latencies


def get(path: str, headers: dict | None = None) -> Request:
    """A request that GETs `path` and expects 200."""

    def request(connection, _client, _n):
        connection.request("GET", path, headers={"Accept-Language": "fr", **(headers or {})})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}")

    return request


def report(name: str, rate: float, latencies: list[float], baseline: float | None, of: str = ""):
    cuts = statistics.quantiles(latencies, n=100)
    ratio = f"{rate / baseline:5.2f}x {of}" if baseline else "   baseline"
    print(
        f"{name:40s} {rate:8.0f} req/s  p50 {cuts[49] * 1000:6.1f} ms"
        f"  p99 {cuts[98] * 1000:6.1f} ms  {ratio}",
        flush=True,
    )


def prepare_database(env: dict) -> None:
    """Schema, content and items in place before any worker starts."""
    flask = [str(BIN / "flask"), "--app", "edu"]
    for step in (["db", "upgrade"], ["content", "load"], ["quiz", "generate"]):
        subprocess.run(flask + step, cwd=APP_ROOT, env=env, check=True, capture_output=True)


class Row(dict):
    """One line of `make bench`'s table; every field but `measure` may stay empty.

    measure, setting (e.g. "SQLite", "PostgreSQL, 50,000 learners"), rate (req/s), p50, p95,
    p99 (ms), cpu_ms (server CPU per request), ratio (to the bare route of the same run),
    note (anything else: size, queries, spread).
    """

    COLUMNS = ("measure", "setting", "rate", "p50", "p95", "p99", "cpu_ms", "ratio", "note")


def table(rows: list[Row]) -> str:
    """The rows as one Markdown table, figures rounded as a reader wants them."""

    def cell(row: Row, key: str) -> str:
        value = row.get(key)
        if value is None or value == "":
            return ""
        if key == "rate":
            return f"{value:,.0f}"
        if key in {"p50", "p95", "p99", "cpu_ms"}:
            return f"{value:.2f}" if value < 10 else f"{value:.0f}"
        if key == "ratio" and isinstance(value, float):
            return f"{value:.2f}×"
        return str(value)

    heads = ["measure", "setting", "req/s", "p50 ms", "p95 ms", "p99 ms", "CPU ms/req", "ratio"]
    lines = ["| " + " | ".join([*heads, "note"]) + " |", "|" + " --- |" * len(Row.COLUMNS)]
    lines += ["| " + " | ".join(cell(row, key) for key in Row.COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


# The PostgreSQL server and the database the benchmarks make there (dropped and made again each
# run, and dropped at the end); a database of its own, never one someone else uses.
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/agora_bench"
)


@contextlib.contextmanager
def fresh_postgres(url: str = POSTGRES_URL):
    """An empty PostgreSQL database at `url` for the time of the block: its URL."""
    name = make_url(url).database
    if name in {None, "postgres", "test", "template0", "template1"}:
        raise SystemExit(f"BENCH_POSTGRES_URL must name a database of the benchmark's own: {url}")
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    drop()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url
    finally:
        drop()
        admin.dispose()
