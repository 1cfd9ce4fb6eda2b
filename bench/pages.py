"""Page throughput and latency under gunicorn, as a ratio to a bare Flask route served alike.

Prints requests/s and p50/p99 latency for the bare hello route and Agora's article pages.
Asserts nothing: speed is measured, not asserted.
"""

import os
import tempfile

from harness import CLIENTS, DURATION, Server, get, prepare_database, report, run

PAGES = ["/", "/articles/hundred-deepseeks", "/articles/sun-tzu-open-source"]


def main() -> None:
    env = {**os.environ, "SECRET_KEY": "bench"}
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        prepare_database(env)
        print(f"{CLIENTS} clients, {DURATION:.0f} s per URL, gunicorn 2 sync workers")
        with Server("bench.hello_app:app", env) as hello:
            run(hello.port, get("/hello"), duration=1)  # warm-up, not measured
            baseline, latencies = run(hello.port, get("/hello"))
            report("bare Flask /hello", baseline, latencies, None)
        with Server("edu:create_app()", env) as agora:
            for path in PAGES:
                run(agora.port, get(path), duration=1)  # warm-up: templates, catalogs
                rate, latencies = run(agora.port, get(path))
                report(f"Agora {path}", rate, latencies, baseline, "hello")


if __name__ == "__main__":
    main()
