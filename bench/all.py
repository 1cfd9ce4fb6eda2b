"""`make bench`: every benchmark of the figures the README quotes, in one run, one table.

Each benchmark runs in a process of its own (one's database settings or imported app never
leak into the next) and hands back its rows; the table is printed at the end, and written to
BENCH_TABLE when set. BENCH_ONLY="wrk_get,district" runs some of them; BENCH_APP_ROOT measures
another checkout of the app with these same benchmarks (see harness.py).

BENCH_BEFORE=<another checkout> makes a before/after table in one run: each benchmark runs on
that checkout, then at once on this one, so that both see the same machine.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Row, table

HERE = Path(__file__).resolve().parent

# Name: the expression, in the benchmark's module, that gives its rows.
BENCHMARKS = {
    "startup": "startup.figures()",
    "wrk_get": "wrk_get.figures()",
    "wrk_post": "wrk_post.figures()",
    "gradebook_render": "gradebook_render.figures()",
    "classroom": "classroom.figures('sqlite') + classroom.figures('postgresql')",
    "district": "district.figures()",
    "review": "review.figures()",
}


def run(name: str, expression: str, env: dict | None = None) -> list[Row]:
    module = expression.split(".", 1)[0]
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        code = (
            f"import json, {module}\n"
            f"rows = {expression}\n"
            f"open({out.name!r}, 'w').write(json.dumps(rows))\n"
        )
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", code], cwd=HERE, env=env)
        took = time.monotonic() - started
        if done.returncode != 0:
            print(f"{name}: failed after {took:.0f} s (exit {done.returncode})", file=sys.stderr)
            return [Row(measure=f"{name}: failed", note=f"exit status {done.returncode}")]
        print(f"{name}: {took:.0f} s", file=sys.stderr, flush=True)
        return [Row(row) for row in json.loads(out.read() or "[]")]


def main() -> None:
    chosen = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n] or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        sys.exit(
            f"unknown benchmarks: {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}"
        )
    before = os.environ.get("BENCH_BEFORE")
    rows: list[Row] = []
    for name in chosen:
        if before:
            env = {**os.environ, "BENCH_APP_ROOT": before}
            for row in run(name, BENCHMARKS[name], env):
                rows.append(Row(row, setting=f"before: {row.get('setting', '')}"))
            for row in run(name, BENCHMARKS[name]):
                rows.append(Row(row, setting=f"after: {row.get('setting', '')}"))
        else:
            rows += run(name, BENCHMARKS[name])
    text = table(rows)
    print(text)
    if os.environ.get("BENCH_TABLE"):
        Path(os.environ["BENCH_TABLE"]).write_text(text + "\n")
    if any(row["measure"].endswith(": failed") for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
