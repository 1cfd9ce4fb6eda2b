"""Prepared answers for wrk_post.py: attempts for each learner, and one request per question.

Run by wrk_post.py with the measured checkout's `edu` importable (its directory as working
directory and PYTHONPATH), so that the attempts are drawn, and the answers read, by the code
being measured. Reads a JSON description of the learners (cookie, CSRF token, the attempt each
started over HTTP) from stdin; writes `thread-<n>.txt` files for bench/replay.lua, and prints
how many requests each holds.

Every request answers a question no request before it answered, in the order the route takes
answers (position p once p - 1 is stored), and only one wrk thread ever answers an attempt.
"""

import json
import sys
import urllib.parse
from pathlib import Path

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from edu import create_app
from edu.extensions import db
from edu.models import Article, Attempt
from edu.quiz.answers import AnswerFormatError
from edu.quiz.types import item_type
from edu.services import quizzes

WINDOW = 256  # attempts a thread answers side by side; see `schedule`


def right_answer(kind: str, payload):
    """The right answer in the shape the type stores (what `form_fields` turns into fields)."""
    if kind == "choice":
        return payload.right
    if kind == "true-false":
        return "true" if payload.value else "false"
    if kind == "cloze":
        return payload.answers.get("fr") or next(iter(payload.answers.values()))
    if kind == "short":
        return max(payload.accepted, key=lambda accepted: float(accepted.weight)).text
    if kind == "numeric":
        # French decimals: the requests are sent with Accept-Language: fr.
        value = payload.value if payload.value is not None else 1
        return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")
    if kind == "multiple":
        return sorted(payload.right)
    if kind == "matching":
        return dict(payload.pairs)
    if kind == "ordering":
        return list(payload.order)
    if kind == "sorting":
        return dict(payload.sides)
    raise SystemExit(f"no prepared answer for {kind} items")


def answer_fields(item) -> tuple[dict, bool]:
    """The form fields of the right answer, and whether it scores as right. An answer that
    cannot be read would be refused (422) without being stored: that stops the preparation."""
    kind = item_type(item.type)
    payload = kind.read(item)
    fields = kind.form_fields(right_answer(item.type, payload))
    try:
        scored = kind.score(payload, kind.answer_from_form(payload, MultiDict(fields)), "fr")
    except AnswerFormatError as error:
        raise SystemExit(f"the prepared answer to {item.id} cannot be read: {error}") from error
    return fields, scored.credit == 1.0


def schedule(lengths: list[int], window: int) -> list[tuple[int, int]]:
    """(attempt index, position) in the order to send them.

    `window` slots answer side by side, one question each per step, each slot taking its
    attempts one after the other. Between an attempt's position p and p + 1 come the other
    active slots' requests: far more than a thread's connections, so p is stored before p + 1
    is sent. The slots start staggered (slot j waits j * L / window steps) so that every step,
    from the first, mixes all positions: later positions cost more (more answers to load, the
    last one finishes the attempt), and each round should see the same mix.
    """
    window = min(window, len(lengths))
    longest = max(lengths)
    slots = [
        [None] * (j * longest // window)
        + [(a, p) for a in range(j, len(lengths), window) for p in range(1, lengths[a] + 1)]
        for j in range(window)
    ]
    order = []
    for step in range(max(len(slot) for slot in slots)):
        order += [slot[step] for slot in slots if step < len(slot) and slot[step] is not None]
    return order


def smallest_gap(order: list[tuple[int, int]]) -> int:
    """The fewest requests between two questions of one attempt."""
    last: dict[int, int] = {}
    gap = len(order)
    for index, (attempt, _) in enumerate(order):
        if attempt in last:
            gap = min(gap, index - last[attempt])
        last[attempt] = index
    return gap


def main() -> None:
    brief = json.load(sys.stdin)
    out = Path(brief["out"])
    app = create_app()
    tokens = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="quiz-question")
    with app.app_context():
        articles = list(db.session.scalars(select(Article).order_by(Article.id)))
        per_thread: list[list[tuple[dict, Attempt]]] = [[] for _ in range(brief["threads"])]
        for index, learner in enumerate(brief["learners"]):
            first = db.session.scalar(
                select(Attempt).where(Attempt.public_id == learner["attempt"])
            )
            attempts = [first]
            n = 0
            while len(attempts) < brief["attempts_per_learner"]:
                article = articles[(index + n) % len(articles)]
                n += 1
                attempt = quizzes.start_attempt(
                    db.session, first.learner, article=article, feedback="end"
                )
                if attempt is not None:
                    attempts.append(attempt)
            db.session.commit()
            # A learner's attempts all go to one thread, so the threads split the attempts.
            per_thread[index % len(per_thread)] += [(learner, a) for a in attempts]

        answers: dict[int, tuple[dict, bool]] = {}
        counts, gaps, right, total = [], [], 0, 0
        for number, attempts in enumerate(per_thread, start=1):
            order = schedule([len(a.plan) for _, a in attempts], WINDOW)
            gaps.append(smallest_gap(order))
            with open(out / f"thread-{number}.txt", "w") as lines:
                for index, position in order:
                    learner, attempt = attempts[index]
                    version = attempt.plan[position - 1]
                    if version not in answers:
                        answers[version] = answer_fields(
                            quizzes.item_at(db.session, attempt, position)
                        )
                    fields, is_right = answers[version]
                    right, total = right + is_right, total + 1
                    form = {
                        "csrf_token": learner["csrf"],
                        "token": tokens.dumps([attempt.public_id, position]),
                        **fields,
                    }
                    body = urllib.parse.urlencode(form, doseq=True)
                    path = f"/attempts/{attempt.public_id}/questions/{position}"
                    lines.write(f"{path}\t{learner['cookie']}\t{body}\n")
            counts.append(len(order))
    json.dump({"requests": counts, "smallest_gap": gaps, "right": right / total}, sys.stdout)


if __name__ == "__main__":
    main()
