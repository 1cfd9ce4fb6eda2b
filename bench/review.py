"""The review queue at scale, on SQLite: a learner with 5,000 cards, and a class of 35 pupils
with 500 facts each.

Built in this process through the app's models (an article of 5,000 facts, each with one
published true/false item; cards written with Core inserts, due dates spread over the past and
the next weeks), then served by gunicorn (2 sync workers) beside the bare Flask routes:

- the review page (`/review`) of the learner with 5,000 cards, with wrk, alternating with the
  bare `/hello`, three rounds;
- the answer to a review card: sessions started over HTTP (20 cards each), each question's
  page read and its answer sent by one Python client; only the answers' server CPU is
  counted (read from the workers' /proc counters around each POST), against the bare
  `/insert` measured the same way. A sequential Python client limits req/s, not CPU per
  request, so the ratio given is of CPU per request;
- "what the class is forgetting" for 35 pupils × 500 facts (17,500 cards), with wrk.

Asserts nothing about speed; checks every answer was stored (rows = 302s).
"""

import datetime as dt
import http.client
import os
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.parse

from harness import APP_ROOT, Row, Server, prepare_database, table
from quiz import Browser, answer_fields
from wrk_get import ROUNDS, measured, need_wrk, row

FACTS = int(os.environ.get("BENCH_REVIEW_FACTS", "5000"))
PUPILS = 35
CLASS_FACTS = 500
SESSIONS = int(os.environ.get("BENCH_REVIEW_SESSIONS", "10"))  # 20 answers each
PASSWORD = "three blue herons"


def log(message: str) -> None:
    print(f"review: {message}", file=sys.stderr, flush=True)


def make_app(env: dict):
    os.environ.update(env)
    if str(APP_ROOT) not in sys.path:
        sys.path.insert(0, str(APP_ROOT))
    from edu import create_app

    return create_app()


def build(app, learner_public_id: str) -> tuple[str, str]:
    """The big article, the learner's 5,000 cards and the class's; returns the class's public
    id and a signed-in teacher's session cookie."""
    from sqlalchemy import insert, select

    from edu import clock
    from edu.extensions import db
    from edu.models import Article, Fact, Item, ItemVersion, Learner, ReviewCard
    from edu.recall import scheduling
    from edu.services import accounts, classes

    now = clock.now()
    rng = random.Random(5)
    with app.app_context():
        session = db.session
        article = Article(
            slug="bench-memory",
            published="2026",
            language="fr",
            level="B1",
            title_fr="Mémoire",
            title_en="Memory",
            summary_fr="Des faits à retenir.",
            summary_en="Facts to remember.",
        )
        session.add(article)
        session.flush()
        statement = {"fr": "Le fait {n} est vrai.", "en": "Fact {n} is true."}
        session.execute(
            insert(Fact),
            [
                {
                    "article_id": article.id,
                    "slug": f"fact-{n}",
                    "position": n,
                    "kind": "claim",
                    "text_fr": statement["fr"].format(n=n),
                    "text_en": statement["en"].format(n=n),
                    "paragraph": 1,
                    "answer": {},
                }
                for n in range(FACTS)
            ],
        )
        session.execute(
            insert(Item),
            [
                {
                    "key": f"bench-memory/fact-{n}/true-false",
                    "article_id": article.id,
                    "type": "true-false",
                    "origin": "generated",
                    "status": "published",
                    "source": f"fact-{n}",
                }
                for n in range(FACTS)
            ],
        )
        items = dict(
            session.execute(select(Item.source, Item.id).where(Item.article_id == article.id)).all()
        )
        session.execute(
            insert(ItemVersion),
            [
                {
                    "item_id": items[f"fact-{n}"],
                    "number": 1,
                    "generator_version": 3,
                    "prompt": {k: v.format(n=n) for k, v in statement.items()},
                    "data": {"statement": {k: v.format(n=n) for k, v in statement.items()}},
                    "answer": {"value": True},
                    "facts": [f"fact-{n}"],
                }
                for n in range(FACTS)
            ],
        )
        facts = dict(
            session.execute(select(Fact.slug, Fact.id).where(Fact.article_id == article.id)).all()
        )
        fact_ids = [facts[f"fact-{n}"] for n in range(FACTS)]

        def cards(learner_id: int, ids: list[int], due_share: float) -> list[dict]:
            rows = []
            for fact_id in ids:
                memory = scheduling.review(scheduling.new_memory(now), scheduling.Rating.Good, now)
                memory = scheduling.review(memory, scheduling.Rating.Good, memory.due)
                shift = dt.timedelta(
                    days=rng.uniform(-20, -0.1)
                    if rng.random() < due_share
                    else rng.uniform(0.1, 30)
                )
                rows.append(
                    {
                        "learner_id": learner_id,
                        "fact_id": fact_id,
                        "phase": int(memory.phase),
                        "step": memory.step,
                        "stability": memory.stability,
                        "difficulty": memory.difficulty,
                        "due": now + shift,
                        "last_review": now + shift - dt.timedelta(days=memory.stability or 1),
                        "reviews": 2,
                        "lapses": 0,
                        "queued_at": now - dt.timedelta(days=30),
                        "created_at": now - dt.timedelta(days=40),
                    }
                )
            return rows

        learner = session.scalar(select(Learner).where(Learner.public_id == learner_public_id))
        learner.new_per_day = 200
        session.execute(insert(ReviewCard), cards(learner.id, fact_ids, due_share=0.1))
        teacher = accounts.create_user(session, "bench.teacher", PASSWORD, "teacher")
        school_class = classes.create_class(session, teacher, "Bench")
        for number in range(PUPILS):
            pupil = classes.add_pupil(session, school_class, f"Pupil {number}")
            session.flush()
            chosen = rng.sample(fact_ids, CLASS_FACTS)
            session.execute(insert(ReviewCard), cards(pupil.learner_id, chosen, due_share=0.3))
        session.commit()
        class_id = school_class.public_id
    client = app.test_client()
    page = client.get("/signin").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post(
        "/signin", data={"csrf_token": token, "username": "bench.teacher", "password": PASSWORD}
    )
    return class_id, client.get_cookie("session").value


def answers(server: Server, browser: Browser, csrf: str) -> dict:
    """Review sessions started over HTTP, every question answered; the CPU of the answers
    alone, and their latencies."""
    cpu, latencies, redirects = 0.0, [], 0
    for _ in range(SESSIONS):
        status, location, _ = browser.send("POST", "/review", {"csrf_token": csrf})
        if status != 302 or "/questions/" not in (location or ""):
            raise SystemExit(f"no review session started: HTTP {status} to {location}")
        first = urllib.parse.urlsplit(location).path
        _, _, page = browser.send("GET", first)
        total = int(re.search(r"Question 1 (?:sur|of) (\d+)", page).group(1))
        for position in range(1, total + 1):
            # Right answers after each question: each answer comes back to its own page.
            path = first.rsplit("/", 1)[0] + f"/{position}"
            _, _, page = browser.send("GET", path)
            fields = answer_fields(page)
            fields["answer"] = "true"
            before = server.cpu_seconds()
            started = time.perf_counter()
            status, _, _ = browser.send("POST", path, fields)
            latencies.append(time.perf_counter() - started)
            cpu += server.cpu_seconds() - before
            redirects += status == 302
            if status != 302:
                raise SystemExit(f"an answer was refused: HTTP {status}")
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "cpu_ms": cpu * 1000 / len(latencies),
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "rate": len(latencies) / sum(latencies),
        "redirects": redirects,
    }


def inserts(server: Server, count: int) -> dict:
    """The bare insert, sent and measured as the answers are."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    cpu, latencies = 0.0, []
    for _ in range(count):
        before = server.cpu_seconds()
        started = time.perf_counter()
        connection.request("POST", "/insert", body=b"")
        connection.getresponse().read()
        latencies.append(time.perf_counter() - started)
        cpu += server.cpu_seconds() - before
    connection.close()
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "cpu_ms": cpu * 1000 / count,
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "rate": count / sum(latencies),
    }


def figures() -> list[Row]:
    need_wrk()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        env = {**os.environ, "SECRET_KEY": "bench", "DATABASE_URL": url, "BENCH_INSERT_URL": url}
        prepare_database(env)
        import subprocess

        create = "from bench.hello_app import create_schema; create_schema()"
        subprocess.run([sys.executable, "-c", create], cwd=APP_ROOT, env=env, check=True)
        with Server("bench.hello_app:app", env) as hello, Server("edu:create_app()", env) as agora:
            browser = Browser(agora.port)
            csrf = browser.csrf_token()
            browser.start_quiz("deepseek-shock", csrf)  # makes the browser's learner
            app = make_app(env)
            with app.app_context():
                from sqlalchemy import select

                from edu.extensions import db
                from edu.models import Learner

                # The browser's learner, made by its quiz: the only one on a fresh database.
                public_id = db.session.scalar(select(Learner.public_id).order_by(Learner.id.desc()))
            log("building the cards")
            class_id, teacher = build(app, public_id)
            log("measuring the pages")
            setting = f"SQLite, {FACTS:,} cards"
            bare, page_runs, forgetting_runs = [], [], []
            for _ in range(ROUNDS):
                bare.append(measured(hello, "/hello"))
                page_runs.append(measured(agora, "/review", browser.cookie))
                bare.append(measured(hello, "/hello"))
                forgetting_runs.append(
                    measured(agora, f"/classes/{class_id}/forgetting", f"session={teacher}")
                )
            rows = [
                row("bare Flask /hello (wrk)", setting, bare, None),
                row(f"Agora review page, {FACTS:,} cards (wrk)", setting, page_runs, bare),
                row(
                    f"Agora what the class is forgetting, {PUPILS} × {CLASS_FACTS}",
                    f"SQLite, {PUPILS * CLASS_FACTS:,} cards",
                    forgetting_runs,
                    bare,
                ),
            ]
            log("answering review sessions")
            answered = answers(agora, browser, csrf)
            insert = inserts(hello, answered["requests"])
            stored = _stored_reviews(app)
            rows.append(
                Row(
                    measure="bare Flask /insert (one client)",
                    setting=setting,
                    rate=insert["rate"],
                    p50=insert["p50"],
                    p99=insert["p99"],
                    cpu_ms=insert["cpu_ms"],
                    ratio="baseline",
                )
            )
            rows.append(
                Row(
                    measure="Agora answer to a review card (one client)",
                    setting=setting,
                    rate=answered["rate"],
                    p50=answered["p50"],
                    p99=answered["p99"],
                    cpu_ms=answered["cpu_ms"],
                    ratio=insert["cpu_ms"] / answered["cpu_ms"],
                    note=f"ratio of CPU per request; {answered['requests']} answers, all 302;"
                    f" {stored} review log rows written",
                )
            )
            return rows


def _stored_reviews(app) -> int:
    from sqlalchemy import func, select

    from edu.extensions import db
    from edu.models import ReviewLog

    with app.app_context():
        db.session.expire_all()
        return db.session.scalar(select(func.count()).select_from(ReviewLog))


def main() -> None:
    print(table(figures()))


if __name__ == "__main__":
    main()
