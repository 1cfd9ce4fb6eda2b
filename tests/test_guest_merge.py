"""A guest who signs in to their self-study account brings their practice into it."""

import re

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import (
    Attempt,
    Contribution,
    Debate,
    Learner,
    Participant,
    Pupil,
    Question,
    RubricScore,
    User,
)
from edu.services import accounts, debates, quizzes
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions, question_token

ENGLISH = {"Accept-Language": "en"}
PASSWORD = "three blue herons"
MERGED = "Your practice as a guest is now in your account."


def create_account(app, username="camille", role="learner") -> None:
    with app.app_context():
        accounts.create_user(db.session, username, PASSWORD, role)
        db.session.commit()


def signin(client, username="camille"):
    token = csrf_token(client, "/signin")
    data = {"csrf_token": token, "username": username, "password": PASSWORD}
    return client.post("/signin", data=data, headers=ENGLISH, follow_redirects=True)


def answer_first_question(app, client) -> str:
    """Start the DeepSeek quiz on this browser and answer its first question."""
    token = csrf_token(client, "/articles/deepseek-shock")
    started = client.post(
        "/quiz/articles/deepseek-shock", data={"csrf_token": token, "feedback": "each"}
    )
    public_id = re.match(r"/attempts/(\w+)/", started.headers["Location"]).group(1)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        fields = form_for(plan_versions(attempt)[0], "en")
    url = f"/attempts/{public_id}/questions/1"
    page = client.get(url, headers=ENGLISH).get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, url), "token": question_token(page), **fields}
    assert client.post(url, data=data, headers=ENGLISH).status_code == 302
    return public_id


def session_learner(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("learner")


def test_a_guest_who_signs_in_finds_their_practice_in_the_account(app, client):
    create_account(app)
    public_id = answer_first_question(app, client)
    guest = session_learner(client)
    response = signin(client)
    assert MERGED in response.get_data(as_text=True)
    page = client.get("/me/results", headers=ENGLISH).get_data(as_text=True)
    assert "You have not taken a quiz yet" not in page
    assert "DeepSeek R1: the low-cost Chinese AI that rattled Silicon Valley" in page
    assert client.get(f"/attempts/{public_id}/questions/2").status_code == 200  # carries on
    with app.app_context():
        user = db.session.scalar(select(User))
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        assert attempt.learner_id == user.learner_id and len(attempt.responses) == 1
        assert db.session.scalar(select(Learner).where(Learner.public_id == guest)) is None
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1


def test_signing_in_with_nothing_to_bring_says_nothing(app, client):
    create_account(app)
    client.get("/")
    assert MERGED not in signin(client).get_data(as_text=True)
    client.post("/signout", data={"csrf_token": csrf_token(client)})
    assert MERGED not in signin(client).get_data(as_text=True)  # the account's own learner
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 1


def test_a_pupils_session_signing_in_does_not_merge_the_pupil(app):
    _url, code = create_class(teacher_client(app))
    create_account(app)
    pupil = app.test_client()
    token = csrf_token(pupil, "/join")
    pupil.post("/join", data={"csrf_token": token, "code": code, "first_name": "Léa"})
    public_id = answer_first_question(app, pupil)
    response = signin(pupil)
    assert MERGED not in response.get_data(as_text=True)
    with app.app_context():
        lea = db.session.scalar(select(Pupil))
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        assert attempt.learner_id == lea.learner_id
        assert lea.learner.kind == "pupil"
        user = db.session.scalar(select(User).where(User.username == "camille"))
        assert not quizzes.learner_attempts(db.session, user.learner)


def test_a_teacher_signing_in_takes_nothing_from_the_guest(app, client):
    create_account(app, "mme.durand", role="teacher")
    public_id = answer_first_question(app, client)
    guest = session_learner(client)
    assert MERGED not in signin(client, "mme.durand").get_data(as_text=True)
    with app.app_context():
        learner = db.session.scalar(select(Learner).where(Learner.public_id == guest))
        assert learner is not None and learner.kind == "guest"
        attempt = db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        assert attempt.learner_id == learner.id


def test_another_accounts_learner_or_a_pupil_is_never_merged(app):
    create_account(app, "camille")
    create_account(app, "noah")
    create_class(teacher_client(app))
    with app.app_context():
        camille, noah = (
            db.session.scalar(select(User).where(User.username == name)).learner
            for name in ("camille", "noah")
        )
        question = db.session.scalar(select(Question))
        debates.open_debate(db.session, question, noah, "solo")
        assert accounts.merge_guest(db.session, noah, camille) == 0
        assert accounts.merge_guest(db.session, camille, camille) == 0
        pupil = Learner(kind="pupil")
        db.session.add(pupil)
        db.session.commit()
        assert accounts.merge_guest(db.session, pupil, camille) == 0
        guest = Learner(kind="guest")
        db.session.add(guest)
        db.session.commit()
        assert accounts.merge_guest(db.session, guest, pupil) == 0  # only into an account
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 4
        assert db.session.scalar(select(Debate.host_id)) == noah.id


def test_debates_move_and_a_double_participation_keeps_the_accounts(app):
    create_account(app)
    with app.app_context():
        camille = db.session.scalar(select(User)).learner
        guest = Learner(kind="guest")
        db.session.add(guest)
        db.session.commit()
        question = db.session.scalar(select(Question))
        prompt = debates.prompt_for(db.session, question)

        # A group debate the guest opened, which the account had joined too, on the other side.
        group = debates.open_debate(db.session, question, guest, "group")
        theirs = debates.join(db.session, group, guest, "for", "for")
        ours = debates.join(db.session, group, camille, "against", "against")
        for participant in (theirs, ours):
            debates.save(
                db.session,
                group,
                participant,
                prompt,
                "prepare",
                text="Notes.",
                cited=[],
                target=None,
                language="en",
                submit=True,
            )
        debates.record_scores(db.session, ours, camille, "self", {"claim": 2}, None)
        debates.record_scores(db.session, ours, guest, "host", {"claim": 4, "evidence": 3}, "Ok")
        ours.convincing_id = theirs.id  # the account found the guest most convincing
        db.session.commit()
        # A debate the guest practised alone.
        solo = debates.open_debate(db.session, question, guest, "solo")
        alone = debates.join(db.session, solo, guest, "for", "against")
        debates.record_scores(db.session, alone, guest, "self", {"claim": 1}, None)
        group_id, solo_id, ours_id, alone_id = group.id, solo.id, ours.id, alone.id

        moved = accounts.merge_guest(db.session, guest, camille)
        assert moved == 3  # the solo participation, and the two debates the guest opened

        assert db.session.get(Learner, guest.id) is None
        group, solo = db.session.get(Debate, group_id), db.session.get(Debate, solo_id)
        assert group.host_id == solo.host_id == camille.id
        assert [(p.id, p.learner_id, p.side) for p in group.participants] == [
            (ours_id, camille.id, "against")
        ]
        assert [(p.id, p.learner_id) for p in solo.participants] == [(alone_id, camille.id)]
        ours = db.session.get(Participant, ours_id)
        assert ours.convincing_id is None  # the vote went to the dropped participation
        scores = {(s.participant_id, s.scorer_id, s.criterion, s.level) for s in ours.scores}
        assert scores == {(ours_id, camille.id, "claim", 2), (ours_id, camille.id, "evidence", 3)}
        assert {(s.scorer_id, s.level) for s in solo.participants[0].scores} == {(camille.id, 1)}
        # No orphan rows: every contribution and score belongs to a remaining participation.
        participants = set(db.session.scalars(select(Participant.id)))
        assert set(db.session.scalars(select(Contribution.participant_id))) <= participants
        assert set(db.session.scalars(select(RubricScore.participant_id))) <= participants
        assert set(db.session.scalars(select(RubricScore.scorer_id))) == {camille.id}
        mine = {p.debate_id for p in debates.learner_debates(db.session, camille)}
        assert mine == {group_id, solo_id}
