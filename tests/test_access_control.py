"""Access control, as a matrix: every route that takes an id, tried by people it is not theirs.

Each entry of MATRIX names a route exactly as app.url_map spells it, the method, whose it is
(the owner kind, which says who the outsiders are) and the ids to put in it. Every outsider, of
each kind (a wrong teacher, a wrong pupil or learner, a stranger with no session), must be
refused: 403 or 404, or, for a caller who is not signed in, a redirect to the sign-in page.
Never a 200, never a page that shows the owner's data, never a changed row. POSTs carry a
valid CSRF token, so that the refusal comes from the ownership check, not from CSRF.

A test of the map itself fails when a route with an id (or an admin page) has no entry, so a
new route cannot be added without saying who may use it. The owners' own requests go through
(a control: the ids and forms of the matrix are the right ones, and the POSTs would change
rows if they were let through).

Building the world costs a full app with its content (about a second): the matrix is walked
once per caller kind, and the failures are collected and reported together, each naming the
caller, the route and the answer.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from edu import clock, create_app
from edu.debate.rubric import load_default_rubric
from edu.extensions import db
from edu.models import Article, Base, Item, ItemVersion, Learner, Question, SchoolClass, User
from edu.services import accounts, assignments, classes, debates, drafts, quizzes, recall
from tests.classes_helpers import PASSWORD, any_answer, create_class, teacher_client
from tests.conftest import CONTENT, csrf_token
from tests.quiz_helpers import form_for, plan_versions

CLASS_NAME = "Classe secrète Alpha"
SECRET_NOTES = "Notes privées d’Alice : personne d’autre ne les lit."
DRAFT_TITLE = "Brouillon de prof. A : pas encore publié"
FRENCH = {"Accept-Language": "fr"}

# Routes with an id that anyone may use, by design.
PUBLIC = {
    "/static/<path:filename>": "stylesheets and images",
    "/articles/<slug>": "published articles are public content",
    "/articles/<slug>/debates": "an article's discussion questions are public content",
    "/quiz/articles/<slug>": "anyone may practise an article's quiz (their own attempt)",
    "/quiz/themes/<slug>": "anyone may practise a theme's quiz (their own attempt)",
    "/quiz/articles/<slug>/worksheet": "anyone may print an article's questions",
    "/quiz/themes/<slug>/worksheet": "anyone may print a theme's questions",
    # Answer keys of public quizzes: any teacher; tests/test_worksheet.py checks the others.
    "/quiz/articles/<slug>/worksheet/key": "shared content, for every teacher",
    "/quiz/themes/<slug>/worksheet/key": "shared content, for every teacher",
    # Content belongs to the school, not to one teacher: any teacher may export it or import
    # into it; tests/test_authoring.py checks that pupils, learners and strangers cannot.
    "/authoring/articles/<slug>.yaml": "shared content, for every teacher",
    "/authoring/articles/<slug>.<language>.gift": "shared content, for every teacher",
    "/authoring/articles/<slug>/gift": "shared content, for every teacher",
    "/authoring/articles/<slug>/items": "shared content, for every teacher",
    "/authoring/items/<int:item_id>/status": "shared content, for every teacher",
    "/authoring/items/<int:item_id>/wording": "shared content, for every teacher",
    "/authoring/articles/<slug>/draft": "shared content, for every teacher",
}
# Not an exemption, but a design choice the matrix works around: a group debate that a learner
# opened (not one a teacher set) is open to anyone with its link or code, so /debates/<id> is
# tried with a learner's SOLO debate and with a CLASS debate; for the learner's group debate,
# only its scoring (by the learner who opened it) is private.

# The callers of each kind who have no business with a resource, by owner kind. Callers:
# teacher_a owns class A (pupils alice and bruno), teacher_b owns class B (pupil chloe), lea is a
# signed-in self-study learner, admin is an administrator; a stranger is a fresh client.
OUTSIDERS: dict[str, dict[str, list[str]]] = {
    # Class A, its pupils, the work set to it: teacher A only (a pupil is never a teacher).
    "class": {"teacher": ["teacher_b"], "pupil": ["alice", "chloe", "lea"]},
    # Ids of class A under class B: teacher B may not reach A's pupils or work through B.
    "mismatch": {"teacher": ["teacher_a", "teacher_b"], "pupil": ["alice", "chloe", "lea"]},
    # Starting work set to class A: its pupils only.
    "class-work": {"teacher": ["teacher_a", "teacher_b"], "pupil": ["chloe", "lea"]},
    # Alice's quiz attempt, Alice's solo debate: Alice only, not even her teacher.
    "alice": {"teacher": ["teacher_a", "teacher_b"], "pupil": ["bruno", "chloe", "lea"]},
    # The debate set to class A: its pupils and its teacher.
    "class-debate": {"teacher": ["teacher_b"], "pupil": ["chloe", "lea"]},
    # Scoring the debate set to class A: its teacher only.
    "class-debate-scoring": {
        "teacher": ["teacher_b"],
        "pupil": ["alice", "bruno", "chloe", "lea"],
    },
    # Scoring the group debate Bruno opened (the debate itself is open by design): Bruno only.
    "group-debate-scoring": {
        "teacher": ["teacher_a", "teacher_b"],
        "pupil": ["alice", "chloe", "lea"],
    },
    # The audit log: administrators only.
    "admin": {"teacher": ["teacher_a", "teacher_b"], "pupil": ["alice", "lea"]},
    # Teacher A's article draft: its author (and admins) only, until it is published.
    "draft": {"teacher": ["teacher_b"], "pupil": ["alice", "lea"]},
}
KINDS = ("teacher", "pupil", "stranger")
SIGNED_IN = {"teacher_a", "teacher_b", "admin", "lea"}  # a sign-in redirect is no answer for them

Form = Callable[[dict, str], dict]  # (world ids, CSRF token) -> extra form fields


@dataclass(frozen=True)
class Route:
    method: str
    rule: str  # exactly as in app.url_map
    owner: str  # a key of OUTSIDERS
    args: dict[str, str]  # rule argument -> key of the world's ids
    form: Form | None = None
    by: str | None = None  # whom the request is for (the control); None: nobody
    effect: bool = False  # their request changes rows (so an outsider's would too)

    def url(self, ids: dict) -> str:
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[self.args[m.group(1)]]), self.rule)


def route(method, rule, owner, *, by=None, effect=False, form=None, **args) -> Route:
    return Route(method, rule, owner, args, form, by, effect)


def levels(prefix: str) -> dict:
    return {f"{prefix}{criterion.id}": "3" for criterion in load_default_rubric().criteria}


CONFIRM = {"confirm": "yes"}
CLASS = "/classes/<class_id>"
PUPIL = "/classes/<class_id>/pupils/<int:pupil_id>"
WORK = "/classes/<class_id>/assignments/<assignment_id>"
CELL = f"{WORK}/pupils/<int:pupil_id>"  # one pupil's piece of set work
QUESTION = "/attempts/<attempt_id>/questions/<int:position>"
DEBATE = "/debates/<debate_id>"
A, B = "class_a", "class_b"

# Destructive entries come last, so that the owners' control requests find everything in place.
MATRIX: list[Route] = [
    # -- a teacher's class ---------------------------------------------------------------------
    route("GET", CLASS, "class", by="teacher_a", class_id=A),
    route("GET", f"{CLASS}/cards", "class", by="teacher_a", class_id=A),
    route("GET", f"{CLASS}/projector", "class", by="teacher_a", class_id=A),
    route("GET", f"{CLASS}/gradebook", "class", by="teacher_a", class_id=A),
    route("GET", f"{CLASS}/forgetting", "class", by="teacher_a", class_id=A),
    route(
        "POST",
        f"{CLASS}/forgetting",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {"facts": str(ids["fact"])},
        class_id=A,
    ),
    route("GET", f"{CLASS}/gradebook.csv", "class", by="teacher_a", class_id=A),
    route("GET", f"{CLASS}/gradebook.xlsx", "class", by="teacher_a", class_id=A),
    route("GET", PUPIL, "class", by="teacher_a", class_id=A, pupil_id="alice"),
    route("GET", f"{PUPIL}/export", "class", by="teacher_a", class_id=A, pupil_id="alice"),
    route("GET", WORK, "class", by="teacher_a", class_id=A, assignment_id="quiz"),
    route("GET", WORK, "class", by="teacher_a", class_id=A, assignment_id="debate_work"),
    route("GET", f"{WORK}/edit", "class", by="teacher_a", class_id=A, assignment_id="quiz"),
    route("GET", CELL, "class", by="teacher_a", class_id=A, assignment_id="quiz", pupil_id="alice"),
    route("GET", f"{WORK}/worksheet", "class", by="teacher_a", class_id=A, assignment_id="quiz"),
    route(
        "GET", f"{WORK}/worksheet/key", "class", by="teacher_a", class_id=A, assignment_id="quiz"
    ),
    route(
        "POST",
        f"{CLASS}/code",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {"days": "30"},
        class_id=A,
    ),
    route(
        "POST",
        f"{CLASS}/pupils",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {"names": "Intrus\nIntruse"},
        class_id=A,
    ),
    route(
        "POST",
        f"{CLASS}/assignments/quiz",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {
            "quiz-csrf_token": token,
            "quiz-article": ids["article"],
            "quiz-feedback": "each",
        },
        class_id=A,
    ),
    route(
        "POST",
        f"{CLASS}/assignments/debate",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {
            "debate-csrf_token": token,
            "debate-question": str(ids["question"]),
        },
        class_id=A,
    ),
    route(
        "POST",
        f"{CLASS}/pupils/import",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {"names": "Invité\nInvitée Dupont"},
        class_id=A,
    ),
    route(
        "POST",
        f"{PUPIL}/rename",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {"first_name": "Bruno", "initial": "Z"},
        class_id=A,
        pupil_id="bruno",
    ),
    # Changing set work: a due date first, so that Alice's own, later one can be given.
    route(
        "POST",
        f"{WORK}/edit",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {"due": "2099-01-01", "max_attempts": "5", "feedback": "end"},
        class_id=A,
        assignment_id="quiz",
    ),
    *[
        route(
            "POST",
            f"{CELL}/{what}",
            "class",
            by="teacher_a",
            effect=True,
            form=lambda ids, token, fields=fields: fields,
            class_id=A,
            assignment_id="quiz",
            pupil_id="alice",
        )
        for what, fields in (
            ("extension", {"due": "2099-02-01"}),
            ("score", {"score": "50", "comment": "Oral."}),
        )
    ],
    # -- class A's ids reached through class B -------------------------------------------------
    route(
        "POST",
        f"{PUPIL}/rename",
        "mismatch",
        form=lambda ids, token: {"first_name": "Intrus", "initial": ""},
        class_id=B,
        pupil_id="alice",
    ),
    route("GET", PUPIL, "mismatch", class_id=B, pupil_id="alice"),
    route("GET", f"{PUPIL}/export", "mismatch", class_id=B, pupil_id="alice"),
    route(
        "POST",
        f"{PUPIL}/delete",
        "mismatch",
        form=lambda ids, token: CONFIRM,
        class_id=B,
        pupil_id="alice",
    ),
    route("GET", WORK, "mismatch", class_id=B, assignment_id="quiz"),
    route("GET", f"{WORK}/edit", "mismatch", class_id=B, assignment_id="quiz"),
    route("GET", CELL, "mismatch", class_id=B, assignment_id="quiz", pupil_id="alice"),
    *[
        route(
            "POST",
            rule,
            "mismatch",
            form=lambda ids, token, fields=fields: fields,
            class_id=B,
            assignment_id="quiz",
            pupil_id="alice",
        )
        for rule, fields in (
            (f"{CELL}/extension", {"due": "2099-02-01"}),
            (f"{CELL}/score", {"score": "50", "comment": "Intrus."}),
        )
    ],
    *[
        route(
            "POST",
            f"{WORK}/{what}",
            "mismatch",
            form=lambda ids, token, fields=fields: fields,
            class_id=B,
            assignment_id="quiz",
        )
        for what, fields in (
            ("edit", {"max_attempts": "9", "feedback": "each"}),
            ("close", {}),
            ("reopen", {"no_due": "y"}),
        )
    ],
    route("GET", f"{WORK}/worksheet", "mismatch", class_id=B, assignment_id="quiz"),
    route("GET", f"{WORK}/worksheet/key", "mismatch", class_id=B, assignment_id="quiz"),
    route(
        "POST",
        f"{WORK}/delete",
        "mismatch",
        form=lambda ids, token: CONFIRM,
        class_id=B,
        assignment_id="quiz",
    ),
    # -- set work, pupils' side ----------------------------------------------------------------
    route(
        "POST",
        "/assignments/<assignment_id>/start",
        "class-work",
        by="bruno",
        effect=True,
        assignment_id="quiz",
    ),
    route(
        "POST",
        "/assignments/<assignment_id>/start",
        "class-work",
        by="bruno",
        assignment_id="debate_work",
    ),
    # -- a pupil's quiz attempt ----------------------------------------------------------------
    route("GET", "/attempts/<attempt_id>", "alice", by="alice", attempt_id="attempt"),
    route("POST", "/attempts/<attempt_id>/mistakes", "alice", by="alice", attempt_id="attempt"),
    route("GET", QUESTION, "alice", by="alice", attempt_id="attempt", position="answered"),
    route(
        "POST",
        QUESTION,
        "alice",
        by="alice",
        effect=True,
        form=lambda ids, token: {"token": ids["quiz_token"], **ids["answer"]},
        attempt_id="attempt",
        position="next",
    ),
    # -- debates: a pupil's solo debate, then the debate set to class A ------------------------
    *[
        entry
        for debate, owner, member, joiner, scorer, scores in (
            ("solo", "alice", "alice", "alice", None, "alice"),
            ("class_debate", "class-debate", "alice", "bruno", "teacher_a", "class-debate-scoring"),
        )
        for entry in (
            route("GET", DEBATE, owner, by=member, debate_id=debate),
            route(
                "POST",
                f"{DEBATE}/participants",
                owner,
                by=joiner,
                effect=joiner != member,  # Alice is in her solo debate already
                form=lambda ids, token: {"side": "for", "vote": "for", "name": "Intrus"},
                debate_id=debate,
            ),
            route(
                "POST",
                f"{DEBATE}/phases/<phase>",
                owner,
                by=member,
                effect=True,
                form=lambda ids, token: {"text": "Un brouillon.", "action": "save"},
                debate_id=debate,
                phase="phase",
            ),
            route(
                "POST",
                f"{DEBATE}/vote",
                owner,
                by=member,
                form=lambda ids, token: {"vote": "against"},
                debate_id=debate,
            ),
            route(
                "POST",
                f"{DEBATE}/convincing",
                owner,
                by=member,
                form=lambda ids, token, debate=debate: {"participant": str(ids[f"{debate}_alice"])},
                debate_id=debate,
            ),
            route(  # only a solo debate is self-assessed, once finished
                "POST",
                f"{DEBATE}/self-assessment",
                owner,
                by=member if debate == "solo" else None,
                effect=True,
                form=lambda ids, token: {**levels("level-"), "comment": "Bien."},
                debate_id=debate,
            ),
            route("GET", f"{DEBATE}/scores", scores, by=scorer, debate_id=debate),
            route(
                "POST",
                f"{DEBATE}/scores",
                scores,
                by=scorer,
                effect=True,
                form=lambda ids, token, debate=debate: levels(f"p{ids[f'{debate}_alice']}-"),
                debate_id=debate,
            ),
        )
    ],
    # -- a learner's group debate: open to anyone with the link, scored by its host only --------
    route("GET", f"{DEBATE}/scores", "group-debate-scoring", by="bruno", debate_id="group"),
    route(
        "POST",
        f"{DEBATE}/scores",
        "group-debate-scoring",
        by="bruno",
        effect=True,
        form=lambda ids, token: levels(f"p{ids['group_guest']}-"),
        debate_id="group",
    ),
    # -- administration --------------------------------------------------------------------------
    route("GET", "/admin/audit", "admin", by="admin"),
    route("GET", "/admin/audit.csv", "admin", by="admin"),
    # -- a pupil's sign-in, managed by the teacher (ends the pupil's sessions: near the end) --
    route("POST", f"{PUPIL}/unlock", "class", by="teacher_a", class_id=A, pupil_id="bruno"),
    route("POST", f"{PUPIL}/unlock", "mismatch", class_id=B, pupil_id="alice"),
    route(
        "POST", f"{PUPIL}/pin", "class", by="teacher_a", effect=True, class_id=A, pupil_id="bruno"
    ),
    route("POST", f"{PUPIL}/pin", "mismatch", class_id=B, pupil_id="alice"),
    route(
        "POST",
        f"{PUPIL}/signout",
        "class",
        by="teacher_a",
        effect=True,
        class_id=A,
        pupil_id="alice",
    ),
    route("POST", f"{PUPIL}/signout", "mismatch", class_id=B, pupil_id="alice"),
    # Into class B, teacher B's: refused for everyone, teacher A included (not her class). Her
    # own moves, between her classes, are in tests/test_managing_pupils.py.
    *[
        route(
            "POST",
            f"{PUPIL}/move",
            owner,
            form=lambda ids, token: {"target": ids["class_b"]},
            class_id=class_id,
            pupil_id="alice",
        )
        for owner, class_id in (("class", A), ("mismatch", B))
    ],
    # -- closing set work and reopening it: after the pupils' own requests ----------------------
    *[
        route(
            "POST",
            f"{WORK}/{what}",
            "class",
            by="teacher_a",
            effect=True,
            class_id=A,
            assignment_id="quiz",
        )
        for what in ("close", "reopen")
    ],
    # -- teacher A's article drafts -------------------------------------------------------------
    route("GET", "/authoring/drafts/<int:draft_id>", "draft", by="teacher_a", draft_id="draft"),
    route(
        "GET",
        "/authoring/drafts/<int:draft_id>/preview",
        "draft",
        by="teacher_a",
        draft_id="draft",
    ),
    route(
        "POST",
        "/authoring/drafts/<int:draft_id>",
        "draft",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: {"action": "save"},
        draft_id="draft",
    ),
    # -- deletions, last -------------------------------------------------------------------------
    route(
        "POST",
        "/authoring/drafts/<int:draft_id>/publish",
        "draft",
        by="teacher_a",
        effect=True,
        draft_id="draft_to_publish",
    ),
    route(
        "POST",
        "/authoring/drafts/<int:draft_id>/delete",
        "draft",
        by="teacher_a",
        effect=True,
        draft_id="draft",
    ),
    route(
        "POST",
        f"{PUPIL}/delete",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: CONFIRM,
        class_id=A,
        pupil_id="alice",
    ),
    *[
        route(
            "POST",
            f"{WORK}/delete",
            "class",
            by="teacher_a",
            effect=True,
            form=lambda ids, token: CONFIRM,
            class_id=A,
            assignment_id=work,
        )
        for work in ("quiz", "debate_work")
    ],
    route(
        "POST",
        f"{CLASS}/delete",
        "class",
        by="teacher_a",
        effect=True,
        form=lambda ids, token: CONFIRM,
        class_id=A,
    ),
]


# -- the world -------------------------------------------------------------------------------------


@dataclass
class World:
    app: Flask
    clients: dict[str, FlaskClient]
    tokens: dict[str, str]  # each caller's CSRF token
    ids: dict[str, object]
    markers: tuple[str, ...] = field(default=())  # what no outsider may ever read


def signed_in(app, username: str, role: str) -> FlaskClient:
    with app.app_context():
        accounts.create_user(db.session, username, PASSWORD, role)
        db.session.commit()
    client = app.test_client()
    token = csrf_token(client, "/signin")
    client.post("/signin", data={"csrf_token": token, "username": username, "password": PASSWORD})
    return client


def pupil_client(app, code: str, first_name: str, pin: str) -> FlaskClient:
    """A browser where the pupil came back with their PIN, as at a classroom computer."""
    client = app.test_client()
    token = csrf_token(client, "/join")
    data = {"csrf_token": token, "code": code, "first_name": first_name, "pin": pin}
    assert client.post("/join", data=data).status_code == 302, f"{first_name} could not join"
    return client


def build_world(app) -> World:
    """Two teachers with a class each; in class A, Alice and Bruno, a quiz and a debate set,
    Alice's attempt (one answer) and her part in the class debate; Alice's finished solo debate,
    self-assessed; a group debate Bruno opened; Chloé in class B; Léa, a self-study learner."""
    clients = {
        "teacher_a": teacher_client(app, "prof.a"),
        "teacher_b": teacher_client(app, "prof.b"),
        "admin": signed_in(app, "admin", "admin"),
        "lea": signed_in(app, "lea", "learner"),
    }
    url_a, code_a = create_class(clients["teacher_a"], CLASS_NAME)
    url_b, _ = create_class(clients["teacher_b"], "5e B")
    with app.app_context():
        session = db.session
        class_a, class_b = (
            session.scalar(select(SchoolClass).where(SchoolClass.public_id == url.rsplit("/")[-1]))
            for url in (url_a, url_b)
        )
        alice = classes.add_pupil(session, class_a, "Alice")
        bruno = classes.add_pupil(session, class_a, "Bruno")
        chloe = classes.add_pupil(session, class_b, "Chloé")
        article = session.scalar(
            select(Article).where(Article.questions.any()).order_by(Article.slug)
        )
        question = session.scalar(
            select(Question).where(Question.article_id == article.id).order_by(Question.position)
        )
        prompt = debates.prompt_for(session, question)
        quiz = assignments.assign_quiz(session, class_a, article)
        debate_work = assignments.assign_debate(session, class_a, question)
        class_debate = assignments.debate_of(session, debate_work)

        attempt = assignments.start_quiz(session, quiz, alice.learner).attempt
        quizzes.record_response(
            session, attempt, 1, any_answer(quizzes.item_at(session, attempt, 1)), "fr"
        )
        # A fact Alice is forgetting (she missed it), for the class's forgetting view.
        cloze = session.scalar(
            select(ItemVersion).join(Item).where(Item.type == "cloze").order_by(ItemVersion.id)
        )
        (card,) = recall.remember(
            session, alice.learner_id, quizzes.as_item(cloze), cloze.id, 0.0, clock.now()
        )
        quiz_token = URLSafeTimedSerializer(app.secret_key, salt="quiz-question").dumps(
            [attempt.public_id, 2]
        )

        def take_part(debate, learner, side):
            participant = debates.join(session, debate, learner, side, side)
            debates.save(
                session,
                debate,
                participant,
                prompt,
                "prepare",
                text=SECRET_NOTES,
                cited=[],
                target=None,
                language="fr",
                submit=True,
            )
            return participant

        in_class = take_part(class_debate, alice.learner, "for")
        solo = debates.open_debate(session, question, alice.learner, "solo")
        alone = take_part(solo, alice.learner, "for")
        alone.final_vote = "against"  # finished: the self-assessment is open to her
        session.commit()
        debates.record_scores(
            session, alone, alice.learner, "self", {"claim": 3}, "Mon avis sur moi."
        )
        group = debates.open_debate(session, question, bruno.learner, "group")
        hosting = debates.join(session, group, bruno.learner, "for", "for")
        # A guest who took part: the host scores her (a host does not score themself).
        guest = debates.join(session, group, Learner(display_name="Inès"), "against", "for")

        # Teacher A's drafts: one being written (its title not yet public), one ready to publish.
        author = session.scalar(select(User).where(User.username == "prof.a"))
        draft = drafts.draft_of_article(session, "sun-tzu-open-source", author)
        pack = drafts.read(draft.yaml)
        drafts.save(session, draft, {**pack, "title": {**pack["title"], "fr": DRAFT_TITLE}})
        draft_to_publish = drafts.draft_of_article(session, "open-source-statecraft", author)
        session.commit()

        ids = {
            "class_a": class_a.public_id,
            "class_b": class_b.public_id,
            "alice": alice.id,
            "bruno": bruno.id,
            "quiz": quiz.public_id,
            "debate_work": debate_work.public_id,
            "attempt": attempt.public_id,
            "answered": 1,
            "next": 2,
            "quiz_token": quiz_token,
            "answer": form_for(plan_versions(attempt)[1], "fr"),
            "solo": solo.public_id,
            "solo_alice": alone.id,
            "class_debate": class_debate.public_id,
            "class_debate_alice": in_class.id,
            "group": group.public_id,
            "group_bruno": hosting.id,
            "group_guest": guest.id,
            "phase": "opening",
            "article": article.slug,
            "fact": card.fact_id,
            "question": question.id,
            "draft": draft.id,
            "draft_to_publish": draft_to_publish.id,
        }
        pupils = {"alice": alice, "bruno": bruno, "chloe": chloe}
        cards = {
            name: (p.school_class.join_code, p.first_name, p.pin) for name, p in pupils.items()
        }
    # Outside the app context: each request gets its own, as a browser's would.
    for name, card in cards.items():
        clients[name] = pupil_client(app, *card)
    for name in SIGNED_IN:
        with clients[name].session_transaction() as session:
            assert session.get("user"), f"{name} could not sign in"
    tokens = {name: csrf_token(client, "/") for name, client in clients.items()}
    return World(app, clients, tokens, ids, markers=(CLASS_NAME, code_a, SECRET_NOTES, DRAFT_TITLE))


# Content tables never change through these routes, and refusals are written to the audit log.
UNWATCHED = {
    "audit_events",
    "articles",
    "themes",
    "article_themes",
    "facts",
    "questions",
    "question_facts",
    "arguments",
    "argument_facts",
    "items",
    "item_versions",
}


# Written by any request now and then (a session's last activity): not a change of anything.
BOOKKEEPING = {"last_seen_at"}


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table of people's data and work."""
    with app.app_context():
        return {
            name: [
                tuple(row)
                for row in db.session.execute(
                    select(*(c for c in table.columns if c.name not in BOOKKEEPING)).order_by(
                        *table.primary_key.columns
                    )
                ).all()
            ]
            for name, table in Base.metadata.tables.items()
            if name not in UNWATCHED
        }


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in after if after[name] != before.get(name))


def send(world: World, caller: str, entry: Route):
    """The caller's request, as their browser would send it: (status, location, body)."""
    if caller == "stranger":
        client = world.app.test_client()
        token = csrf_token(client, "/") if entry.method == "POST" else ""
    else:
        client, token = world.clients[caller], world.tokens[caller]
    url = entry.url(world.ids)
    if entry.method == "GET":
        response = client.get(url, headers=FRENCH)
    else:
        extra = entry.form(world.ids, token) if entry.form else {}
        response = client.post(url, data={"csrf_token": token, **extra}, headers=FRENCH)
    body = response.get_data().decode("utf-8", errors="replace")  # downloads may be binary
    response.close()
    return response.status_code, response.headers.get("Location", ""), body


def refused(caller: str, status: int, location: str) -> bool:
    if status in (403, 404):
        return True
    signin = status == 302 and urlsplit(location).path == "/signin"
    return signin and caller not in SIGNED_IN


def callers(owner: str, kind: str) -> list[str]:
    return ["stranger"] if kind == "stranger" else OUTSIDERS[owner][kind]


# -- the tests -------------------------------------------------------------------------------------


def test_every_route_with_an_id_is_in_the_matrix():
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "CONTENT_DIR": str(CONTENT),
        }
    )
    rules = list(app.url_map.iter_rules())  # one rule per view: GET and POST may be two
    wanted = {
        (method, rule.rule)
        for rule in rules
        if (rule.arguments or rule.endpoint.startswith("admin.")) and rule.rule not in PUBLIC
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {(entry.method, entry.rule) for entry in MATRIX}
    missing = sorted(wanted - covered)
    assert not missing, f"routes with an id but no access-control entry in MATRIX: {missing}"
    existing = {(method, rule.rule) for rule in rules for method in rule.methods}
    assert not covered - existing, f"MATRIX entries for no route: {sorted(covered - existing)}"
    stale = set(PUBLIC) - {rule.rule for rule in rules}
    assert not stale, f"exemptions for no route: {stale}"
    for entry in MATRIX:
        assert set(re.findall(r"<(?:\w+:)?(\w+)>", entry.rule)) == set(entry.args), entry
        assert all(callers(entry.owner, kind) for kind in KINDS), entry


@pytest.mark.parametrize("kind", KINDS)
def test_outsiders_are_refused_and_change_nothing(app, kind):
    world = build_world(app)
    failures = []
    before = snapshot(app)
    tried = 0
    for entry in MATRIX:
        for caller in callers(entry.owner, kind):
            status, location, body = send(world, caller, entry)
            tried += 1
            where = f"{caller}: {entry.method} {entry.rule} ({entry.url(world.ids)})"
            if not refused(caller, status, location):
                failures.append(f"{where} -> {status} {location}".rstrip())
            leaked = [marker for marker in world.markers if marker in body]
            if leaked:
                failures.append(f"{where} -> the answer shows {leaked}")
            after = snapshot(app)
            if after != before:
                failures.append(f"{where} -> changed {changed_tables(before, after)}")
                before = after
    assert tried >= len(MATRIX)
    report = "\n".join(failures)
    assert not failures, f"{len(failures)} problems in {tried} requests by outsiders:\n{report}"


def test_the_owners_get_through(app):
    """The control: with the same ids and forms, the owner's requests work and change rows."""
    world = build_world(app)
    failures = []
    for caller in ("stranger", "teacher_b", "chloe"):
        status, _, _ = send(world, caller, route("GET", DEBATE, "", debate_id="group"))
        if status != 200:
            failures.append(f"{caller}: a learner's group debate is open by link -> {status}")
    for entry in MATRIX:
        if entry.by is None:
            continue
        before = snapshot(app)
        status, location, _ = send(world, entry.by, entry)
        where = f"{entry.by}: {entry.method} {entry.rule} ({entry.url(world.ids)})"
        if not (status == 200 or (status == 302 and urlsplit(location).path != "/signin")):
            failures.append(f"{where} -> {status} {location}".rstrip())
        elif entry.effect and snapshot(app) == before:
            failures.append(f"{where} -> changed nothing")
    assert not failures, "\n".join(failures)
