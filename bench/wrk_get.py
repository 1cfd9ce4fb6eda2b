"""GET routes driven by wrk, against the bare route served alike, with the workers' CPU.

For each route: three rounds alternating the bare Flask `/hello` and the Agora route, each
served by gunicorn (2 sync workers) and driven by wrk (2 threads, 8 connections, keep-alive).
Each round reads requests/s and p50/p99 from wrk and the workers' CPU (user + system, from
/proc) spent per request. Prints the median of the three rounds, their spread, and the ratio
to the bare route measured in the same rounds. wrk is C: the client is not the bottleneck (a
Python client spends about twice the server's CPU). Asserts nothing.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

from harness import DURATION, Server, prepare_database
from quiz import Browser

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CLIENTS", "8"))
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(port: int, path: str, cookie: str = "", seconds: float = DURATION) -> dict:
    """One wrk run: requests/s, p50 and p99 in ms, requests sent, non-2xx/3xx answers."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--latency"]
    command += ["-H", "Accept-Language: fr"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
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
    }


def measured(server: Server, path: str, cookie: str = "") -> dict:
    wrk(server.port, path, cookie, seconds=1)  # warm-up: templates, catalogs, caches
    before = server.cpu_seconds()
    run = wrk(server.port, path, cookie)
    run["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / max(run["requests"], 1)
    if run["bad"]:
        raise SystemExit(f"GET {path}: {run['bad']} answers were not 2xx/3xx")
    return run


def learner_on_a_question(port: int) -> tuple[str, str]:
    """A learner's cookie and the first question of a quiz they started."""
    browser = Browser(port)
    location = browser.start_quiz("deepseek-shock", browser.csrf_token(), feedback="each")
    return browser.cookie, location


def line(name: str, runs: list[dict], baseline: list[dict] | None) -> str:
    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    rates = [run["rate"] for run in runs]
    spread = f"{min(rates):,.0f}–{max(rates):,.0f}"
    ratio = "baseline"
    if baseline:
        ratio = f"{median('rate') / statistics.median(r['rate'] for r in baseline):.2f}×"
    return (
        f"| {name} | {median('rate'):,.0f} ({spread}) | {median('p50'):.1f} | "
        f"{median('p99'):.1f} | {median('cpu_ms'):.2f} | {ratio} |"
    )


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (bench/quiz.py is the Python fallback)")
    env = {**os.environ, "SECRET_KEY": "bench"}
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        prepare_database(env)
        with Server("bench.hello_app:app", env) as hello, Server("edu:create_app()", env) as agora:
            cookie, question = learner_on_a_question(agora.port)
            routes = [
                ("article page", "/articles/deepseek-shock", ""),
                ("question page", question, cookie),
            ]
            bare: list[dict] = []
            agora_runs: dict[str, list[dict]] = {name: [] for name, _, _ in routes}
            for _ in range(ROUNDS):  # alternating, so that both see the same machine
                for name, path, with_cookie in routes:
                    bare.append(measured(hello, "/hello"))
                    agora_runs[name].append(measured(agora, path, with_cookie))
        print(
            f"wrk, {CONNECTIONS} connections, {DURATION:.0f} s × {ROUNDS} rounds,"
            " gunicorn 2 sync workers, SQLite"
        )
        print("| route | req/s (spread) | p50 ms | p99 ms | server CPU ms/req | ratio |")
        print("| --- | --- | --- | --- | --- | --- |")
        print(line("bare Flask /hello", bare, None))
        for name, _, _ in routes:
            print(line(f"Agora {name}", agora_runs[name], bare))


if __name__ == "__main__":
    main()
