"""Measure page throughput and latency under gunicorn, as a ratio to a bare Flask route.

Starts gunicorn (2 sync workers, no control socket) on 127.0.0.1 twice: once with the bare
hello app, once with Agora on a fresh SQLite database (schema and content loaded before the
workers start). A bounded closed-loop load of keep-alive clients then hits each URL for a few
seconds. Prints requests/s, p50/p99 latency and the ratio to the hello route. Asserts nothing.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DURATION = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
PAGES = ["/", "/articles/hundred-deepseeks", "/articles/sun-tzu-open-source"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app: str, env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--workers=2",
        "--worker-class=sync",
        "--no-control-socket",
        "--log-level=warning",
        f"--bind=127.0.0.1:{port}",
        app,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def load(port: int, path: str, duration: float = DURATION) -> tuple[float, list[float]]:
    """Closed loop: each client sends its next request when the previous answer arrived."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop_at and not errors:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Language": "fr"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
                break
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"benchmark stopped: {errors[0]}")
    return len(latencies) / (time.monotonic() - started), latencies


def report(name: str, rate: float, latencies: list[float], baseline: float | None) -> None:
    cuts = statistics.quantiles(latencies, n=100)
    ratio = f"{rate / baseline:5.2f}x hello" if baseline else "   baseline"
    print(
        f"{name:36s} {rate:8.0f} req/s  p50 {cuts[49] * 1000:6.1f} ms"
        f"  p99 {cuts[98] * 1000:6.1f} ms  {ratio}"
    )


def main() -> None:
    env = {**os.environ}
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        env["SECRET_KEY"] = "bench"
        flask = [str(BIN / "flask"), "--app", "edu"]
        for step in (["db", "upgrade"], ["content", "load"]):
            subprocess.run(flask + step, cwd=ROOT, env=env, check=True, capture_output=True)

        print(f"{CLIENTS} keep-alive clients, {DURATION:.0f} s per URL, gunicorn 2 sync workers")
        process, port = serve("bench.hello_app:app", env)
        try:
            load(port, "/hello", duration=1)  # warm-up, not measured
            rate, latencies = load(port, "/hello")
            report("bare Flask /hello", rate, latencies, None)
        finally:
            process.terminate()
            process.wait()
        baseline = rate

        process, port = serve("edu:create_app()", env)
        try:
            for path in PAGES:
                load(port, path, duration=1)  # warm-up: templates compiled, catalogs read
                rate, latencies = load(port, path)
                report(f"Agora {path}", rate, latencies, baseline)
        finally:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
