"""Real requests while idle and slow clients hold connections open: old command against the config.

Serves Agora with the old documented command (sync workers) and then with
deploy/gunicorn.conf.py, on a fresh SQLite database. For each, attackers keep connections open
(reopening any the server closes): idle ones send nothing; slowloris ones send a request line
and headers a byte every 2 s and never finish. Meanwhile clients GET an article page, one
fresh connection per request, with a 5 s timeout. Prints how many requests were served, their
p50/p99 latency and how many failed or timed out. Asserts nothing.

BENCH_SECONDS (10) sets how long clients request under each attack, BENCH_CLIENTS (8) how
many request at once, BENCH_WORKERS (4) the worker processes of both servers, BENCH_IDLE
("50,300") the numbers of idle connections and BENCH_SLOW ("50") of slowloris ones.
"""

import http.client
import os
import selectors
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time

from harness import BIN, CLIENTS, ROOT, free_port, prepare_database

DURATION = float(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
IDLE = [int(n) for n in os.environ.get("BENCH_IDLE", "50,300").split(",") if n]
SLOW = [int(n) for n in os.environ.get("BENCH_SLOW", "50").split(",") if n]
PATH = "/articles/hundred-deepseeks"
CLIENT_TIMEOUT = 5.0
SLOW_REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow" + b"w" * 4000

SERVERS = {
    "sync (old command)": [f"--workers={WORKERS}", "--no-control-socket"],
    "deploy/gunicorn.conf.py": ["--config=deploy/gunicorn.conf.py"],
}


class Gunicorn:
    """gunicorn on a free port of 127.0.0.1 with the given options, stopped on exit."""

    def __init__(self, options: list[str], env: dict):
        self.port = free_port()
        env = {**env, "EDU_BIND": f"127.0.0.1:{self.port}", "EDU_WORKERS": str(WORKERS)}
        command = [str(BIN / "gunicorn"), *options, "--log-level=error"]
        command += [f"--bind=127.0.0.1:{self.port}", "edu:create_app()"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(self.port, 2.0) == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop(signal.SIGKILL)
        raise RuntimeError(f"gunicorn {' '.join(options)} did not start")

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *exc) -> None:
        self.stop(signal.SIGTERM)

    def stop(self, how: signal.Signals) -> None:
        """Stop the master and its workers (a process group of their own)."""
        os.killpg(self.process.pid, how)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Attack:
    """Keeps `count` connections open to the port; slow ones trickle an endless request."""

    def __init__(self, port: int, count: int, slow: bool):
        self.port, self.count, self.slow = port, count, slow
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.hold, daemon=True)

    def __enter__(self) -> "Attack":
        self.thread.start()
        time.sleep(1.0)  # every connection made and, where the server will, accepted
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    def hold(self) -> None:
        selector = selectors.DefaultSelector()
        sent: dict[socket.socket, int] = {}

        def open_one() -> None:
            sock = socket.create_connection(("127.0.0.1", self.port))
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
            sent[sock] = 0

        def close(sock: socket.socket) -> None:
            selector.unregister(sock)
            del sent[sock]
            sock.close()

        for _ in range(self.count):
            open_one()
        next_byte = time.monotonic()
        while not self.stop.is_set():
            for key, _ in selector.select(timeout=0.2):
                try:  # the server closed it (or answered 408/400): open another
                    if not key.fileobj.recv(65536):
                        close(key.fileobj)
                except OSError:
                    close(key.fileobj)
            if self.slow and time.monotonic() >= next_byte:
                next_byte = time.monotonic() + 2.0
                for sock in list(sent):
                    try:
                        sock.send(SLOW_REQUEST[sent[sock] : sent[sock] + 1])
                        sent[sock] += 1
                    except OSError:
                        close(sock)
            for _ in range(self.count - len(sent)):
                open_one()
        for sock in list(sent):
            close(sock)
        selector.close()


def get(port: int, timeout: float) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", PATH, headers={"Accept-Language": "fr"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def measure(port: int) -> tuple[list[float], int]:
    """CLIENTS clients GET the page for DURATION seconds; latencies of the 200s, failures."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + DURATION

    def client() -> None:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                ok = get(port, CLIENT_TIMEOUT) == 200
            except (OSError, http.client.HTTPException):  # refused, reset, cut or timed out
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - started)
                else:
                    failures[0] += 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0]


def report(server: str, attack: str, latencies: list[float], failures: int) -> None:
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=100)
        p50, p99 = f"{cuts[49] * 1000:8.0f} ms", f"{cuts[98] * 1000:8.0f} ms"
    else:
        p50 = p99 = f"{'-':>11s}"
    print(f"{server:24s} {attack:16s} {len(latencies):7d} {p50} {p99} {failures:8d}", flush=True)


def main() -> None:
    env = {**os.environ, "SECRET_KEY": "bench"}
    attacks = [("none", 0, False)]
    attacks += [(f"{n} idle", n, False) for n in IDLE]
    attacks += [(f"{n} slowloris", n, True) for n in SLOW]
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        prepare_database(env)
        print(
            f"GET {PATH}: {CLIENTS} clients, {DURATION:.0f} s per row, {WORKERS} workers, "
            f"client timeout {CLIENT_TIMEOUT:.0f} s"
        )
        print(f"{'server':24s} {'attack':16s} {'served':>7s} {'p50':>11s} {'p99':>11s} failed")
        for server, options in SERVERS.items():
            for attack, count, slow in attacks:
                with Gunicorn(options, env) as gunicorn, Attack(gunicorn.port, count, slow):
                    latencies, failures = measure(gunicorn.port)
                report(server, attack, latencies, failures)


if __name__ == "__main__":
    main()
