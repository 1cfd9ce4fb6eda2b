"""The instance's secret key (edu/config.py): made once, the same for every worker, never empty."""

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from edu import config
from edu.config import instance_secret_key

WORKERS = 16
ROUNDS = 50


def start_like_a_worker(barrier, folder: str, rounds: int, results) -> None:
    """One worker process: each round, wait for all the others, then read the key at once."""
    keys = []
    for round_ in range(rounds):
        barrier.wait()
        try:
            keys.append(instance_secret_key(str(Path(folder) / f"round-{round_}")))
        except Exception as error:  # reported to the test, which names it
            keys.append(f"error: {error!r}")
    results.put(keys)


def test_workers_starting_together_share_one_non_empty_key(tmp_path):
    # Spawned processes, as gunicorn's workers would be: each reads or makes the key at the
    # same moment as fifteen others, round after round in a fresh folder.
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WORKERS)
    results = context.Queue()
    workers = [
        context.Process(target=start_like_a_worker, args=(barrier, str(tmp_path), ROUNDS, results))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    keys = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    for round_ in range(ROUNDS):
        seen = {worker_keys[round_] for worker_keys in keys}
        assert len(seen) == 1, f"round {round_}: the workers got {sorted(seen)}"
        (key,) = seen
        assert len(key) == 64 and not key.startswith("error"), f"round {round_}: {key!r}"
        stored = (tmp_path / f"round-{round_}" / "secret_key").read_text()
        assert stored.strip() == key
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "secret_key"]


def test_a_key_is_made_once_and_kept(tmp_path):
    key = instance_secret_key(str(tmp_path))
    assert len(key) == 64
    assert instance_secret_key(str(tmp_path)) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_an_empty_key_file_is_never_the_key(tmp_path, monkeypatch):
    # Another process has just created the file and not yet written to it, or died doing so.
    monkeypatch.setattr(config, "KEY_WAIT_SECONDS", 0.3, raising=False)
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(RuntimeError, match="secret_key"):
        instance_secret_key(str(tmp_path))


def test_a_short_key_file_is_never_the_key(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "KEY_WAIT_SECONDS", 0.3, raising=False)
    (tmp_path / "secret_key").write_text("abc\n")
    with pytest.raises(RuntimeError, match="secret_key"):
        instance_secret_key(str(tmp_path))


def test_a_key_being_written_is_waited_for(tmp_path):
    # The file is there but empty; the process that created it writes the key a moment later.
    path = tmp_path / "secret_key"
    path.write_text("")
    key = "k" * 64
    writer = threading.Timer(0.2, lambda: path.write_text(key))
    writer.start()
    try:
        started = time.monotonic()
        assert instance_secret_key(str(tmp_path)) == key
        assert time.monotonic() - started < 2
    finally:
        writer.join()
