"""A signed-in teacher, a class and pupils with some work, as several test modules need them."""

import re

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import (
    Article,
    Assignment,
    Attempt,
    Contribution,
    Debate,
    Learner,
    Participant,
    Pupil,
    Question,
    Response,
    ReviewCard,
    ReviewLog,
    RubricScore,
    SchoolClass,
)
from edu.services import accounts, assignments, classes, debates, quizzes
from tests.conftest import csrf_token

PASSWORD = "three blue herons"
# Every table that holds something about a pupil, to count what a deletion leaves behind.
PUPIL_DATA = (
    Learner,
    Pupil,
    Attempt,
    Response,
    Participant,
    Contribution,
    RubricScore,
    Debate,
    ReviewCard,
    ReviewLog,
)


def pupil_data_counts() -> dict[str, int]:
    """Rows in each table of pupils' data, read afresh from the database."""
    db.session.expire_all()
    return {t.__name__: db.session.scalar(select(func.count()).select_from(t)) for t in PUPIL_DATA}


def set_quizzes(
    school_class: SchoolClass, count: int, articles: int | None = None
) -> list[Assignment]:
    """`count` quizzes set to the class, on the first `articles` articles (all: None) in turn."""
    query = select(Article).order_by(Article.slug).limit(articles)
    chosen = db.session.scalars(query).all()
    return [
        assignments.assign_quiz(db.session, school_class, chosen[n % len(chosen)])
        for n in range(count)
    ]


def teacher_client(app, username="mme.durand", role="teacher"):
    """A browser signed in to a new account (a teacher's, unless `role` says otherwise)."""
    with app.app_context():
        accounts.create_user(db.session, username, PASSWORD, role)
        db.session.commit()
    client = app.test_client()
    token = csrf_token(client, "/signin")
    client.post("/signin", data={"csrf_token": token, "username": username, "password": PASSWORD})
    return client


def create_class(client, name="4e B") -> tuple[str, str]:
    token = csrf_token(client, "/classes")
    response = client.post("/classes", data={"csrf_token": token, "name": name})
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    code = re.search(r'<strong class="code">(\w+)</strong>', page).group(1)
    return url, code


def any_answer(item):
    """A readable answer, right or wrong, to an item of any type."""
    data = item.data
    answers = {
        "choice": lambda: data["choices"][0]["id"],
        "true-false": lambda: "true",
        "ordering": lambda: [entry["id"] for entry in data["entries"]],
        "matching": lambda: {
            left["id"]: right["id"] for left, right in zip(data["left"], data["right"], strict=True)
        },
        "sorting": lambda: {entry["id"]: "for" for entry in data["entries"]},
    }
    return answers.get(item.type, lambda: "1")()


def pupil_with_work(app, class_url: str, first_name: str) -> int:
    """A pupil who answered a quiz question and debated alone, scoring themselves."""
    with app.app_context():
        public_id = class_url.rsplit("/", 1)[1]
        school_class = db.session.scalar(
            select(SchoolClass).where(SchoolClass.public_id == public_id)
        )
        pupil = classes.add_pupil(db.session, school_class, first_name)
        learner = pupil.learner
        article = db.session.scalar(select(Question)).article
        attempt = quizzes.start_attempt(db.session, learner, article=article, seed=3)
        item = quizzes.item_at(db.session, attempt, 1)
        quizzes.record_response(db.session, attempt, 1, any_answer(item), "fr")
        question = db.session.scalar(select(Question))
        debate = debates.open_debate(db.session, question, learner, "solo")
        participant = debates.join(db.session, debate, learner, "for", "for")
        prompt = debates.prompt_for(db.session, question)
        debates.save(
            db.session,
            debate,
            participant,
            prompt,
            "prepare",
            text="Mes notes.",
            cited=[],
            target=None,
            language="fr",
            submit=True,
        )
        debates.record_scores(db.session, participant, learner, "self", {"claim": 3}, "Bien.")
        db.session.commit()
        return pupil.id
