"""Answer submission and question page under gunicorn, against bare Flask routes served alike.

(a) a bare Flask route doing one SQLAlchemy insert, (b) Agora's answer submission (score,
store, redirect), (c) Agora's question page, and the bare hello route. Prints requests/s,
p50/p99 and the ratios (b)/(a) and (c)/(hello). Asserts nothing.

Before (b) is measured, every client starts enough quizzes and reads each first question's
form, so the measured phase sends nothing but answers, each to a fresh question.
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

from harness import CLIENTS, DURATION, ROOT, Server, get, prepare_database, report, run

ARTICLES = ["deepseek-shock", "hundred-deepseeks", "open-source-statecraft", "global-ai-race"]
PREPARED_PER_CLIENT = int(os.environ.get("BENCH_ATTEMPTS", "250"))


class Browser:
    """One learner's browser: a keep-alive connection and the session cookie."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookie = ""

    def send(self, method, path, form=None, connection=None):
        headers = {"Accept-Language": "fr", "Cookie": self.cookie}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = connection or self.connection
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.getheader("Location"), text

    def csrf_token(self) -> str:
        _, _, home = self.send("GET", "/")
        return re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)

    def start_quiz(self, slug: str, csrf: str, feedback: str = "end") -> str:
        """Starts a quiz on the article; its first question's address."""
        form = {"csrf_token": csrf, "feedback": feedback}
        status, location, _ = self.send("POST", f"/quiz/articles/{slug}", form)
        if status != 302:
            raise RuntimeError(f"starting a quiz: HTTP {status}")
        return location


def answer_fields(page: str) -> dict[str, str]:
    """A readable (not necessarily right) answer to whatever question the page shows."""
    fields = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "token": re.search(r'name="token" value="([^"]+)"', page).group(1),
    }
    radios: dict[str, str] = {}
    for name, value in re.findall(r'type="radio" name="([^"]+)" id="[^"]*" value="([^"]+)"', page):
        radios.setdefault(name, value)
    fields.update(radios)
    selects = re.findall(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', page, re.S)
    for place, (name, options) in enumerate(selects, start=1):
        values = [v for v in re.findall(r'<option value="([^"]*)"', options) if v]
        fields[name] = str(place) if name.startswith("position-") else values[0]
    if 'id="answer" name="answer" type="text"' in page:
        fields["answer"] = "1"
    return fields


def prepare(port: int) -> list[list[tuple[Browser, str, dict]]]:
    """Per client: prepared (learner, question url, answer) triples.

    Each prepared attempt is a learner of its own: a learner who starts the same article's
    quiz again is handed back the unfinished one, so one learner's prepared "fresh" questions
    would all be a single question answered once and then replayed."""
    clients = []
    for index in range(CLIENTS):
        connection = Browser(port).connection  # one keep-alive connection per client
        answers = []
        for n in range(PREPARED_PER_CLIENT):
            learner = Browser(port)
            learner.connection = connection
            location = learner.start_quiz(
                ARTICLES[(index + n) % len(ARTICLES)], learner.csrf_token()
            )
            _, _, page = learner.send("GET", location)
            answers.append((learner, location, answer_fields(page)))
        clients.append(answers)
    return clients


def main() -> None:
    env = {**os.environ, "SECRET_KEY": "bench"}
    with tempfile.TemporaryDirectory() as folder:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        env["BENCH_INSERT_URL"] = f"sqlite:///{folder}/insert.sqlite3"
        prepare_database(env)
        subprocess.run(
            [sys.executable, "-c", "from bench.hello_app import create_schema; create_schema()"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"{CLIENTS} clients, {DURATION:.0f} s per measure, gunicorn 2 sync workers, SQLite")

        def insert(connection, _client, _n):
            connection.request("POST", "/insert")
            response = connection.getresponse()
            response.read()
            if response.status != 204:
                raise RuntimeError(f"insert: HTTP {response.status}")

        with Server("bench.hello_app:app", env) as bare:
            run(bare.port, get("/hello"), duration=1)
            hello, latencies = run(bare.port, get("/hello"))
            report("(hello) bare Flask route", hello, latencies, None)
            run(bare.port, insert, duration=1)
            inserts, latencies = run(bare.port, insert)
            report("(a) bare Flask route, one insert", inserts, latencies, None)

        with Server("edu:create_app()", env) as agora:
            clients = prepare(agora.port)

            def submit(connection, client, n):
                answers = clients[client]
                if n >= len(answers):
                    return False
                learner, url, fields = answers[n]
                status, _, _ = learner.send("POST", url, fields, connection)
                if status != 302:
                    raise RuntimeError(f"answer: HTTP {status}")
                return None

            rate, latencies = run(agora.port, submit)
            report("(b) Agora answer submission", rate, latencies, inserts, "(a)")

            def question(connection, client, n):
                answers = clients[client]
                learner, page, _ = answers[-1 - n % len(answers)]
                status, _, _ = learner.send("GET", page, None, connection)
                if status != 200:
                    raise RuntimeError(f"question page: HTTP {status}")

            run(agora.port, question, duration=1)
            rate, latencies = run(agora.port, question)
            report("(c) Agora question page", rate, latencies, hello, "hello")


if __name__ == "__main__":
    main()
