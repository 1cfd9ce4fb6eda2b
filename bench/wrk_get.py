"""GET routes driven by wrk, against the bare route served alike, with the workers' CPU.

For each route: three rounds alternating the bare Flask `/hello` and the Agora route, each
served by gunicorn (2 sync workers) and driven by wrk (2 threads, 8 connections, keep-alive).
Each round reads requests/s and p50/p99 from wrk and the workers' CPU (user + system, from
/proc) spent per request. Reports the median of the three rounds, their spread, and the ratio
to the bare route measured in the same rounds. wrk is C: the client is not the bottleneck (a
Python client spends about twice the server's CPU). Asserts nothing.

`figures()` gives the rows for `make bench`; wrk_post.py uses the same runs and rows.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from harness import DURATION, ROOT, Row, Server, prepare_database, table
from quiz import Browser

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CLIENTS", "8"))
THREADS = 2
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def need_wrk() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (bench/quiz.py is the Python fallback)")


def wrk(
    port: int,
    path: str,
    cookie: str = "",
    seconds: float = DURATION,
    script: str | None = None,
    args: Sequence[str] = (),
) -> dict:
    """One wrk run: requests/s, p50 and p99 in ms, requests answered, non-2xx/3xx answers,
    and wrk's output (where a script's `done` prints what it counted)."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--latency"]
    command += ["-H", "Accept-Language: fr"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    command += ["-s", script] if script else []
    command += [f"http://127.0.0.1:{port}{path}"]
    command += ["--", *args] if args else []
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))

    def ms(text: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
        return float(number) * UNITS[unit]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms(latency["50"]),
        "p99": ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "bad": int(bad.group(1)) if bad else 0,
        "output": out,
    }


def with_cpu(server: Server, run_wrk) -> dict:
    """A wrk run (`run_wrk()`) with the workers' CPU it cost, per request answered."""
    before = server.cpu_seconds()
    run = run_wrk()
    run["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / max(run["requests"], 1)
    return run


def measured(server: Server, path: str, cookie: str = "", script: str | None = None) -> dict:
    wrk(server.port, path, cookie, seconds=1, script=script)  # warm-up: templates, caches
    run = with_cpu(server, lambda: wrk(server.port, path, cookie, script=script))
    if run["bad"]:
        raise SystemExit(f"{path}: {run['bad']} answers were not 2xx/3xx")
    return run


def learner_on_a_question(port: int) -> tuple[str, str, str]:
    """A learner's cookie, CSRF token and the first question of a quiz they started."""
    browser = Browser(port)
    csrf = browser.csrf_token()
    location = browser.start_quiz("deepseek-shock", csrf, feedback="each")
    return browser.cookie, csrf, location


def post_script(folder: str, csrf: str) -> str:
    """A wrk script sending a form with the learner's CSRF token, as every Agora form does."""
    path = Path(folder) / "post-form.lua"
    path.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "csrf_token={csrf}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )
    return str(path)


def row(measure: str, setting: str, runs: list[dict], baseline: list[dict] | None) -> Row:
    """The median of the rounds, their spread, and the ratio to the bare route's median."""

    def median(key: str, of: list[dict] = runs) -> float:
        return statistics.median(run[key] for run in of)

    rates = [run["rate"] for run in runs]
    return Row(
        measure=measure,
        setting=setting,
        rate=median("rate"),
        p50=median("p50"),
        p99=median("p99"),
        cpu_ms=median("cpu_ms"),
        ratio=median("rate") / median("rate", baseline) if baseline else "baseline",
        note=f"{len(runs)} rounds, {min(rates):,.0f}–{max(rates):,.0f} req/s",
    )


def get_routes(
    hello: Server, agora: Server, setting: str, names: Sequence[str] = ("article", "question")
) -> list[Row]:
    """Rounds alternating /hello and each Agora page, so that both see the same machine.
    "floor" and "floor-post" need the app of bench/floor_app.py."""
    cookie, csrf, question = learner_on_a_question(agora.port)
    with tempfile.TemporaryDirectory() as folder:
        post = post_script(folder, csrf)
        routes = {
            "article": ("Agora article page", "/articles/deepseek-shock", "", None),
            "question": ("Agora question page", question, cookie, None),
            "floor": ("Agora empty route, GET (every request's own work)", "/floor", cookie, None),
            "floor-post": ("Agora empty route, POST with CSRF", "/floor", cookie, post),
        }
        chosen = [routes[name] for name in names]
        bare: list[dict] = []
        agora_runs: dict[str, list[dict]] = {measure: [] for measure, *_ in chosen}
        for _ in range(ROUNDS):
            for measure, path, with_cookie, script in chosen:
                bare.append(measured(hello, "/hello"))
                agora_runs[measure].append(measured(agora, path, with_cookie, script))
    rows = [row("bare Flask /hello (wrk)", setting, bare, None)]
    return rows + [row(measure, setting, runs, bare) for measure, runs in agora_runs.items()]


def figures() -> list[Row]:
    need_wrk()
    env = {**os.environ, "SECRET_KEY": "bench"}
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        prepare_database(env)
        # Agora with an empty route added: bench/floor_app.py, from this checkout, on the
        # measured checkout's `edu` (the working directory comes first on the path).
        floor_env = {**env, "PYTHONPATH": str(ROOT / "bench")}
        with (
            Server("bench.hello_app:app", env) as hello,
            Server("floor_app:app", floor_env) as agora,
        ):
            names = ("article", "question", "floor", "floor-post")
            return get_routes(hello, agora, f"SQLite, wrk {CONNECTIONS} connections", names)


def main() -> None:
    print(f"wrk, {CONNECTIONS} connections, {DURATION:.0f} s × {ROUNDS} rounds, gunicorn 2 sync")
    print(table(figures()))


if __name__ == "__main__":
    main()
