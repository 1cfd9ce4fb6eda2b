"""The documented deployment, deploy/gunicorn.conf.py, keeps serving while clients hold idle
and slow connections open (the sync workers it replaces stopped for 30 s on two of them)."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN = [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py"]
HOLDERS = 50  # connections held open while real requests are made
TIMEOUT = 10  # seconds a real request may take: generous, this is not a speed test


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """A fresh SQLite database with its schema, and the environment to serve it with."""
    folder = tmp_path_factory.mktemp("deployment")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "RATELIMIT_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{folder / 'agora.sqlite3'}",
        "SECRET_KEY": "test-deployment",
        "EDU_WORKERS": "2",
    }
    flask = [str(BIN / "flask"), "--app", "edu", "db", "upgrade"]
    subprocess.run(flask, cwd=ROOT, env=env, check=True, capture_output=True)
    return env


@pytest.fixture(scope="module")
def port(environment):
    """gunicorn started as documented, on a free port; it and its workers stopped afterwards."""
    port = free_port()
    env = {**environment, "EDU_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        GUNICORN,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # master and workers in a group of their own, stopped together
    )
    try:
        deadline = time.monotonic() + 30
        while get(port, timeout=2) != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start")
            time.sleep(0.2)
        yield port
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    for how in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, how)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()


def get(port: int, timeout: float = TIMEOUT) -> int | None:
    """GET / (the article list, answered on an empty database too); None when unanswered."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:  # refused while starting, or no answer within the timeout
        return None
    finally:
        connection.close()


def hold(port: int, count: int, first_bytes: bytes = b"") -> list[socket.socket]:
    """Open `count` connections that send `first_bytes` (maybe nothing) and then wait."""
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        if first_bytes:
            sock.sendall(first_bytes)
        held.append(sock)
    time.sleep(1)  # let the server accept them before the real requests
    return held


def test_the_config_file_loads(environment):
    check = [*GUNICORN, "--check-config"]
    result = subprocess.run(check, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_requests_are_served_while_idle_connections_are_open(port):
    held = hold(port, HOLDERS)
    try:
        for _ in range(5):
            assert get(port) == 200
    finally:
        for sock in held:
            sock.close()


def test_requests_are_served_while_slow_clients_send_their_headers(port):
    # A request line and the start of a header, never finished: what a slowloris client sends.
    held = hold(port, HOLDERS, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sl")
    try:
        for _ in range(5):
            assert get(port) == 200
        for sock in held:
            sock.send(b"o")  # one more byte each: still going, still unfinished
        for _ in range(5):
            assert get(port) == 200
    finally:
        for sock in held:
            sock.close()
