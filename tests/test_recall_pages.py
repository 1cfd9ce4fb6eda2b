"""The review queue through the pages: answers make cards, the queue asks what is due another
way, "practise my mistakes" asks the missed facts at once, and the learner sets the pace."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from edu import clock
from edu.extensions import db
from edu.models import Attempt, Item, ItemVersion, Learner, ReviewCard, ReviewLog
from edu.services import accounts
from tests.classes_helpers import create_class, pupil_with_work, teacher_client
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions
from tests.test_quiz_pages import ENGLISH, FRENCH, answer_all, attempt_row, post_answer, start


@pytest.fixture
def later():
    """Move the clock forward: what the learner finds days later."""
    yield clock.move
    clock.reset()


def cards_of(learner_id: int) -> list[ReviewCard]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(ReviewCard).where(ReviewCard.learner_id == learner_id).order_by(ReviewCard.id)
        )
    )


def facts_asked(versions: list[ItemVersion]) -> set[tuple[int, str]]:
    return {(v.item.article_id, slug) for v in versions for slug in v.facts if slug}


def text(response) -> str:
    return response.get_data(as_text=True)


def start_review(client, headers=FRENCH):
    token = csrf_token(client, "/review")
    return client.post("/review", data={"csrf_token": token}, headers=headers)


def test_every_answer_makes_the_card_of_each_fact_it_rests_on(app, client):
    public_id = start(client)
    answer_all(app, client, public_id, right=lambda position: position != 1)
    with app.app_context():
        attempt = attempt_row(public_id)
        versions = plan_versions(attempt)
        cards = cards_of(attempt.learner_id)
        assert len(cards) == len(facts_asked(versions))
        assert all(card.fact_id is not None and card.reviews == 1 for card in cards)
        logs = db.session.scalars(select(ReviewLog)).all()
        assert {log.response_id for log in logs} == {r.id for r in attempt.responses}
        missed = {log.card_id for log in logs if log.rating == 1}
        answered_at = attempt.responses[0].answered_at.replace(tzinfo=None)
        for card in cards:
            waited = card.due.replace(tzinfo=None) - answered_at
            # Missed: back in a minute (FSRS's first learning step); right: in ten.
            expected = dt.timedelta(minutes=1 if card.id in missed else 10)
            assert abs(waited - expected) < dt.timedelta(seconds=2)
        assert missed  # the first answer was wrong


def test_a_fact_answered_again_in_another_quiz_moves_the_same_card(app, client):
    answer_all(app, client, start(client))
    second = start(client)
    answer_all(app, client, second)
    with app.app_context():
        cards = cards_of(attempt_row(second).learner_id)
        assert max(card.reviews for card in cards) == 2
        assert len({card.fact_id for card in cards}) == len(cards)


def test_the_feedback_says_when_the_fact_comes_back(app, client):
    public_id = start(client)
    with app.app_context():
        fields = form_for(plan_versions(attempt_row(public_id))[0], "fr")
    post_answer(client, public_id, 1, fields, FRENCH)
    page = text(client.get(f"/attempts/{public_id}/questions/1", headers=FRENCH))
    assert "Vous reverrez ceci en révision dans 10 minutes." in page
    page = text(client.get(f"/attempts/{public_id}/questions/1", headers=ENGLISH))
    assert "This comes back in your reviews in 10 minutes." in page


def test_i_am_sure_makes_a_right_answer_easy(app, client):
    public_id = start(client)
    with app.app_context():
        fields = form_for(plan_versions(attempt_row(public_id))[0], "fr")
    page = text(client.get(f"/attempts/{public_id}/questions/1", headers=FRENCH))
    assert 'name="sure" value="yes"' in page and "Je réponds sans hésiter" in page
    post_answer(client, public_id, 1, {**fields, "sure": "yes"}, FRENCH)
    with app.app_context():
        attempt = attempt_row(public_id)
        assert attempt.responses[0].sure is True
        assert {log.rating for log in db.session.scalars(select(ReviewLog))} == {4}
        # Easy skips the learning steps: days away, not minutes.
        assert all(
            card.due.replace(tzinfo=None) - card.last_review.replace(tzinfo=None)
            > dt.timedelta(days=1)
            for card in cards_of(attempt.learner_id)
        )


def test_the_review_page_before_any_quiz_says_where_facts_come_from(client):
    page = text(client.get("/review", headers=FRENCH))
    assert "<h1>Réviser</h1>" in page
    assert "Rien à réviser pour l’instant." in page
    page = text(client.get("/review", headers=ENGLISH))
    assert "Nothing to review yet." in page


def test_what_is_due_later_is_reviewed_later_each_fact_asked_another_way(app, client, later):
    quiz = start(client)
    answer_all(app, client, quiz)
    page = text(client.get("/review", headers=FRENCH))
    assert "Rien à réviser maintenant" in page and "Le prochain fait revient le" in page
    nothing = start_review(client)
    assert nothing.headers["Location"] == "/review"
    assert "Rien n’est à réviser maintenant." in text(client.get("/review", headers=FRENCH))

    later(dt.timedelta(hours=1))
    with app.app_context():
        learner_id = attempt_row(quiz).learner_id
        due = len(cards_of(learner_id))
    asked = min(due, 10)  # ten new facts a day unless the learner says otherwise
    page = text(client.get("/review", headers=FRENCH))
    assert f"{asked} faits à réviser maintenant" in page
    if due > asked:  # the rest wait for another day, and the page says so
        assert f"{due - asked} autres faits vus dans les quiz attendent un autre jour" in page
    started = start_review(client)
    review_id = re.match(r"/attempts/(\w+)/questions/1$", started.headers["Location"]).group(1)
    with app.app_context():
        review = attempt_row(review_id)
        assert review.kind == "review" and len(review.plan) == asked
        quiz_versions = plan_versions(attempt_row(quiz))
        published = db.session.scalars(select(Item).where(Item.status == "published")).all()
        alone = [v for v in plan_versions(review) if len(facts_asked([v])) == 1]
        assert alone  # facts are recalled one at a time wherever an item asks one alone
        for version in alone:
            (fact,) = facts_asked([version])
            quiz_item = next(v.item_id for v in quiz_versions if fact in facts_asked([v]))
            # Items that ask this fact alone (gap fill, choice, true/false, number).
            asking = [item for item in published if facts_asked([item.current]) == {fact}]
            if len(asking) > 1:  # another item asks the fact: the quiz's is not asked again
                assert version.item_id != quiz_item
    page = text(client.get(f"/attempts/{review_id}/questions/1", headers=FRENCH))
    assert "Séance de révision" in page and "Question 1 sur" in page
    answer_all(app, client, review_id)
    with app.app_context():
        assert attempt_row(review_id).finished_at is not None
        cards = cards_of(learner_id)
        assert sum(1 for card in cards if card.reviews >= 2) >= asked
        assert sum(1 for card in cards if card.queued_at is not None) == asked


def test_a_second_session_the_same_day_waits_for_the_pace(app, client, later):
    answer_all(app, client, start(client))
    later(dt.timedelta(hours=1))
    with app.app_context():
        learner = db.session.scalar(select(Learner).order_by(Learner.id.desc()))
        learner.new_per_day = 2
        db.session.commit()
        learner_id = learner.id
    first = start_review(client)
    review_id = re.match(r"/attempts/(\w+)/", first.headers["Location"]).group(1)
    with app.app_context():
        assert len(attempt_row(review_id).plan) == 2
    answer_all(app, client, review_id, right=lambda position: False)
    # The two missed come back in minutes; no third fact enters today.
    later(dt.timedelta(minutes=15))
    again = start_review(client)
    again_id = re.match(r"/attempts/(\w+)/", again.headers["Location"]).group(1)
    with app.app_context():
        assert len(attempt_row(again_id).plan) == 2
        queued = [card for card in cards_of(learner_id) if card.queued_at is not None]
        assert len(queued) == 2


def test_practise_my_mistakes_asks_the_missed_facts_now(app, client):
    quiz = start(client)
    answer_all(app, client, quiz, right=lambda position: position > 2)
    results = text(client.get(f"/attempts/{quiz}", headers=FRENCH))
    assert "Retravailler mes erreurs maintenant" in results
    token = csrf_token(client, f"/attempts/{quiz}")
    started = client.post(f"/attempts/{quiz}/mistakes", data={"csrf_token": token})
    assert started.status_code == 302
    again = re.match(r"/attempts/(\w+)/questions/1$", started.headers["Location"]).group(1)
    with app.app_context():
        missed = plan_versions(attempt_row(quiz))[:2]
        session = plan_versions(attempt_row(again))
        assert attempt_row(again).kind == "mistakes"
        assert facts_asked(session) <= facts_asked(missed)
        assert len(session) == len(facts_asked(missed))  # each missed fact once
    page = text(client.get(f"/attempts/{again}/questions/1", headers=ENGLISH))
    assert "My mistakes, again" in page


def test_an_attempt_without_mistakes_offers_nothing_to_practise(app, client):
    quiz = start(client)
    answer_all(app, client, quiz)
    assert "Retravailler" not in text(client.get(f"/attempts/{quiz}", headers=FRENCH))
    token = csrf_token(client, f"/attempts/{quiz}")
    response = client.post(f"/attempts/{quiz}/mistakes", data={"csrf_token": token}, headers=FRENCH)
    assert response.headers["Location"] == f"/attempts/{quiz}"
    assert "Il n’y a rien à retravailler" in text(client.get(f"/attempts/{quiz}", headers=FRENCH))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


@pytest.mark.parametrize(
    ("typed", "headers", "message"),
    [
        ("3,5", FRENCH, "Indiquez un nombre entier de faits par jour, de 0 à 200."),
        ("3.5", ENGLISH, "Give a whole number of facts per day, from 0 to 200."),
        ("250", FRENCH, "Indiquez un nombre entier de faits par jour, de 0 à 200."),
        ("", ENGLISH, "Give a whole number of facts per day, from 0 to 200."),
        ("99999999999999999999999", ENGLISH, "Give a whole number of facts per day"),
    ],
)
def test_the_pace_takes_a_whole_number_and_says_so_in_the_readers_language(
    app, client, typed, headers, message
):
    token = csrf_token(client, "/review")
    refused = client.post(
        "/review/pace", data={"csrf_token": token, "new_per_day": typed}, headers=headers
    )
    assert refused.status_code == 422
    page = text(refused)
    assert message in page
    assert f'value="{typed}"' in page or typed == ""  # what was typed is still there
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Learner)) == 0  # nothing made


def test_the_pace_is_kept_for_the_learner(app, client):
    token = csrf_token(client, "/review")
    saved = client.post("/review/pace", data={"csrf_token": token, "new_per_day": " 4 "})
    assert saved.status_code == 302
    page = text(client.get("/review", headers=FRENCH))
    assert "Jusqu’à 4 nouveaux faits par jour entreront dans vos révisions." in page
    assert 'value="4"' in page


def test_a_guest_who_signs_up_keeps_their_cards(app, client):
    answer_all(app, client, start(client))
    with app.app_context():
        guest = db.session.scalar(select(Learner).order_by(Learner.id.desc()))
        count = len(cards_of(guest.id))
        account = Learner(kind="account")
        db.session.add(account)
        db.session.flush()
        accounts.merge_guest(db.session, guest, account)
        db.session.commit()
        assert len(cards_of(account.id)) == count > 0


def test_a_pupils_export_holds_their_review_cards_and_log(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    lea = pupil_with_work(app, url, "Léa")
    exported = teacher.get(f"{url}/pupils/{lea}/export").get_json()
    assert exported["labels"]["reviews"] == {"fr": "Fiches de révision", "en": "Review cards"}
    cards = exported["reviews"]
    assert cards and all(card["fact"]["fr"] and card["fact"]["en"] for card in cards)
    assert all(card["reviewed"] == 1 and len(card["log"]) == 1 for card in cards)
    assert all(card["due"] == card["log"][0]["due"] for card in cards)


def test_my_results_draw_the_days_the_weeks_and_the_facts_held(app, client, later):
    answer_all(app, client, start(client), right=lambda position: position % 2 == 0)
    later(dt.timedelta(days=1))
    answer_all(app, client, start(client, slug="deepseek-shock"))
    page = text(client.get("/me/results", headers=FRENCH))
    assert '<h2 id="progress-title">Mes progrès</h2>' in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 3
    assert 'aria-label="Réponses par jour"' in page
    table = re.search(r"Réponses par jour</h3>.*?</table>", page, re.S).group(0)
    counts = re.findall(r'<th scope="row">[^<]+</th><td>(\d+)</td>', table)
    assert len(counts) == 14 and counts[-2:] == ["10", "10"]  # one quiz yesterday, one today
    assert "Faits retenus, par article" in page and "Vous retenez maintenant" in page
    english = text(client.get("/me/results", headers=ENGLISH))
    assert "Share right per week" in english and "You hold" in english


def test_the_week_ahead_counts_each_school_day_and_the_next_return(app, client):
    answer_all(app, client, start(client))
    with app.app_context():
        zone = clock.zone("Europe/Paris")
        today = clock.today(zone)
        cards = cards_of(attempt_row_of_latest().learner_id)
        noon = dt.datetime.combine(today, dt.time(12), tzinfo=zone)
        for card, days in zip(cards, (1, 1, 3), strict=False):
            card.due = (noon + dt.timedelta(days=days)).astimezone(dt.UTC)
        db.session.commit()
    page = text(client.get("/review", headers=ENGLISH))
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', page)
    assert [n for _, n in rows] == ["2", "0", "1", "0", "0", "0", "0"]
    assert "The next fact comes back on" in page


def attempt_row_of_latest() -> Attempt:
    db.session.expire_all()
    return db.session.scalar(select(Attempt).order_by(Attempt.id.desc()))


def test_a_double_click_on_practise_my_mistakes_opens_one_session(app, client):
    quiz = start(client)
    answer_all(app, client, quiz, right=lambda position: position > 1)
    token = csrf_token(client, f"/attempts/{quiz}")
    first = client.post(f"/attempts/{quiz}/mistakes", data={"csrf_token": token})
    second = client.post(f"/attempts/{quiz}/mistakes", data={"csrf_token": token})
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        kinds = db.session.scalars(select(Attempt.kind)).all()
        assert kinds.count("mistakes") == 1
