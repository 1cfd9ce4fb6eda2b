"""Taking a quiz through the pages: a question per page, answers kept once, results per learner."""

import re

import pytest
from sqlalchemy import func, select

from edu.extensions import db
from edu.models import Attempt, Fact, Item, Response
from tests.conftest import csrf_token
from tests.quiz_helpers import form_for, plan_versions, question_token

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}


def start(client, slug="deepseek-shock", feedback="each", headers=FRENCH) -> str:
    token = csrf_token(client, f"/articles/{slug}")
    response = client.post(
        f"/quiz/articles/{slug}", data={"csrf_token": token, "feedback": feedback}, headers=headers
    )
    assert response.status_code == 302
    match = re.match(r"/attempts/(\w+)/questions/1$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def attempt_row(public_id: str) -> Attempt:
    db.session.expire_all()
    return db.session.scalar(select(Attempt).where(Attempt.public_id == public_id))


def use_plan(app, public_id: str, keys: list[str]) -> None:
    """Put chosen items in an attempt, so a test knows what it will be asked."""
    with app.app_context():
        items = {i.key: i for i in db.session.scalars(select(Item).where(Item.key.in_(keys)))}
        attempt_row(public_id).plan = [items[key].current.id for key in keys]
        db.session.commit()


def post_answer(client, public_id, position, fields, headers=FRENCH):
    url = f"/attempts/{public_id}/questions/{position}"
    page = client.get(url, headers=headers).get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, url), "token": question_token(page), **fields}
    return client.post(url, data=data, headers=headers)


def answer_all(app, client, public_id, locale="fr", right=lambda position: True):
    headers = FRENCH if locale == "fr" else ENGLISH
    with app.app_context():
        versions = plan_versions(attempt_row(public_id))
        forms = [form_for(v, locale, right(n)) for n, v in enumerate(versions, start=1)]
    for position, fields in enumerate(forms, start=1):
        response = post_answer(client, public_id, position, fields, headers)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return forms


def test_starting_a_quiz_shows_the_first_of_ten_questions(client):
    public_id = start(client)
    page = client.get(f"/attempts/{public_id}/questions/1", headers=FRENCH).get_data(as_text=True)
    assert "Question 1 sur 10" in page
    assert 'name="token"' in page and 'name="csrf_token"' in page
    assert "<script" not in page


def test_a_whole_quiz_answered_right_is_stored_answer_by_answer(app, client):
    public_id = start(client)
    forms = answer_all(app, client, public_id)
    with app.app_context():
        attempt = attempt_row(public_id)
        assert attempt.finished_at is not None and attempt.score == 1
        assert [r.position for r in attempt.responses] == list(range(1, 11))
        assert all(r.credit == 1 for r in attempt.responses)
        assert [r.item_version_id for r in attempt.responses] == attempt.plan
        for response, fields in zip(attempt.responses, forms, strict=True):
            if "answer" in fields:
                assert response.answer == fields["answer"]  # kept exactly as given
            assert response.time_taken_ms is not None and response.time_taken_ms >= 0
    page = client.get(f"/attempts/{public_id}", headers=FRENCH).get_data(as_text=True)
    assert "Votre score\u00a0: 100" in page


def test_half_right_scores_half(app, client):
    public_id = start(client, feedback="end")
    answer_all(app, client, public_id, right=lambda position: position % 2 == 0)
    with app.app_context():
        assert attempt_row(public_id).score == pytest.approx(0.5, abs=0.15)


def test_numeric_answer_with_a_decimal_comma_in_french(app, client):
    public_id = start(client)
    use_plan(app, public_id, ["deepseek-shock/r1-development-cost/numeric"])
    response = post_answer(client, public_id, 1, {"answer": "5,6"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert "Bonne réponse" in page
    assert "paragraphe 4" in page  # the evidence: the fact and where it stands in the article
    with app.app_context():
        (stored,) = attempt_row(public_id).responses
        assert stored.answer == "5,6" and stored.credit == 1 and stored.locale == "fr"


@pytest.mark.parametrize(
    ("typed", "headers", "message"),
    [
        ("3,5", ENGLISH, "did you mean 3.5?"),
        ("3.5", FRENCH, "vouliez-vous dire 3,5\u00a0?"),
        ("cinq", FRENCH, "Nous n’avons pas pu lire ce nombre"),
        ("", ENGLISH, "Please give an answer"),
    ],
)
def test_an_unreadable_number_gets_a_message_keeps_the_answer_and_stores_nothing(
    app, client, typed, headers, message
):
    public_id = start(client, headers=headers)
    use_plan(app, public_id, ["deepseek-shock/r1-development-cost/numeric"])
    response = post_answer(client, public_id, 1, {"answer": typed}, headers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{typed}"' in page
    with app.app_context():
        assert attempt_row(public_id).responses == []
    response = post_answer(
        client, public_id, 1, {"answer": "5.6" if headers is ENGLISH else "5,6"}, headers
    )
    assert response.status_code == 302


def test_a_replayed_answer_changes_nothing(app, client):
    public_id = start(client)
    use_plan(app, public_id, ["deepseek-shock/r1-development-cost/numeric"] * 1)
    url = f"/attempts/{public_id}/questions/1"
    page = client.get(url).get_data(as_text=True)
    fields = {"csrf_token": csrf_token(client, url), "token": question_token(page)}
    first = client.post(url, data={**fields, "answer": "5,6"}, headers=FRENCH)
    again = client.post(url, data={**fields, "answer": "99"}, headers=FRENCH)  # back button, resend
    assert first.status_code == again.status_code == 302
    followed = client.get(again.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert "votre première réponse est conservée" in followed
    with app.app_context():
        (stored,) = attempt_row(public_id).responses
        assert stored.answer == "5,6" and stored.credit == 1


def test_a_stale_page_tells_the_learner_where_they_are(app, client):
    public_id = start(client, feedback="end")
    answer_all_but = 2
    with app.app_context():
        versions = plan_versions(attempt_row(public_id))[:answer_all_but]
        forms = [form_for(v, "fr") for v in versions]
    for position, fields in enumerate(forms, start=1):
        post_answer(client, public_id, position, fields)
    response = client.get(f"/attempts/{public_id}/questions/7", headers=FRENCH)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/questions/3")
    page = client.get(response.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert "Voici la question où vous en êtes." in page
    assert "Question 3 sur 10" in page


def test_a_forged_question_token_is_refused(app, client):
    public_id = start(client)
    url = f"/attempts/{public_id}/questions/1"
    client.get(url)
    data = {"csrf_token": csrf_token(client, url), "token": "forged", "answer": "1"}
    assert client.post(url, data=data).status_code == 400
    with app.app_context():
        assert attempt_row(public_id).responses == []


def test_another_learner_cannot_see_or_answer_an_attempt(app, client):
    public_id = start(client)
    stranger = app.test_client()
    assert stranger.get(f"/attempts/{public_id}/questions/1").status_code == 404
    assert stranger.get(f"/attempts/{public_id}").status_code == 404
    token = csrf_token(stranger)
    response = stranger.post(
        f"/attempts/{public_id}/questions/1", data={"csrf_token": token, "answer": "1"}
    )
    assert response.status_code == 404


def test_feedback_at_the_end_hides_answers_until_the_results(app, client):
    public_id = start(client, feedback="end")
    with app.app_context():
        first = plan_versions(attempt_row(public_id))[0]
        fields = form_for(first, "en", right=False)
    response = post_answer(client, public_id, 1, fields, ENGLISH)
    assert response.headers["Location"].endswith("/questions/2")
    page = client.get(f"/attempts/{public_id}/questions/1", headers=ENGLISH).get_data(as_text=True)
    assert "Answer saved" in page and "The right answer" not in page


def test_results_show_each_answer_the_right_one_and_the_evidence(app, client):
    public_id = start(client, headers=ENGLISH)
    answer_all(app, client, public_id, locale="en", right=lambda position: position != 1)
    page = client.get(f"/attempts/{public_id}", headers=ENGLISH).get_data(as_text=True)
    assert "Your score: 9" in page  # 90 % or a little more when question 1 gave partial credit
    assert "The right answer:" in page and "paragraph" in page


def test_my_results_page_lists_attempts_scores_and_mistakes(app, client):
    assert "You have not taken a quiz yet" in client.get("/me/results", headers=ENGLISH).get_data(
        as_text=True
    )
    public_id = start(client, headers=ENGLISH)
    answer_all(app, client, public_id, locale="en", right=lambda position: position > 2)
    page = client.get("/me/results", headers=ENGLISH).get_data(as_text=True)
    assert "DeepSeek R1: the low-cost Chinese AI that rattled Silicon Valley" in page
    assert "What to review" in page
    assert page.count("Your answer:") == 2
    assert "Evidence:" in page


def test_my_results_never_show_another_learners_attempts(app, client):
    public_id = start(client)
    answer_all(app, client, public_id)
    stranger = app.test_client()
    page = stranger.get("/me/results", headers=ENGLISH).get_data(as_text=True)
    assert "You have not taken a quiz yet" in page


def test_theme_quiz_draws_from_the_theme_and_a_reload_shows_the_same_question(app, client):
    token = csrf_token(client)
    response = client.post("/quiz/themes/chips", data={"csrf_token": token, "feedback": "each"})
    url = response.headers["Location"]
    first = client.get(url, headers=ENGLISH).get_data(as_text=True)
    again = client.get(url, headers=ENGLISH).get_data(as_text=True)
    legend = re.search(r'<legend class="prompt">(.*?)</legend>', first, re.S).group(1)
    assert legend in again
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).order_by(Attempt.id.desc()))
        slugs = {v.item.article.slug for v in plan_versions(attempt)}
        themed = {a.slug for a in attempt.theme.articles}
        assert slugs <= themed and len(attempt.plan) == 10


def test_display_mode_can_change_mid_quiz(app, client):
    public_id = start(client)
    use_plan(app, public_id, ["deepseek-shock/r1-development-cost/numeric"])
    url = f"/attempts/{public_id}/questions/1"
    token = csrf_token(client, url)
    client.post("/preferences/display", data={"csrf_token": token, "display": "both", "next": url})
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert "millions de dollars" in page and "million" in page and 'lang="en"' in page


def test_a_question_page_stays_light(app, client):
    public_id = start(client)
    page = client.get(f"/attempts/{public_id}/questions/1")
    css = client.get("/static/style.css")
    assert len(page.data) + len(css.data) < 30_000
    css.close()


def test_nothing_is_stored_before_a_learner_starts_a_quiz(app, client):
    client.get("/")
    client.get("/articles/deepseek-shock")
    client.get("/me/results")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_my_results_skip_an_attempt_whose_article_and_theme_are_gone(app, client):
    public_id = start(client, headers=ENGLISH)
    answer_all(app, client, public_id, locale="en")
    with app.app_context():
        attempt_row(public_id).article_id = None  # as when its article is deleted
        db.session.commit()
    response = client.get("/me/results", headers=ENGLISH)
    assert response.status_code == 200
    # The article itself is still there: its facts the learner holds are still drawn.
    page = re.sub(
        r'<section aria-labelledby="progress-title".*?</section>',
        "",
        response.get_data(as_text=True),
        flags=re.S,
    )
    assert "DeepSeek R1" not in page


LISTED = [
    "deepseek-shock/match-person/matching",
    "deepseek-shock/big-money-still-key/sorting",
    "deepseek-shock/shock-timeline/ordering",
]


def finished_with_lists(app, client, headers, right=lambda position: False) -> str:
    """A finished attempt at a matching, a sorting and an ordering item, answered wrong."""
    public_id = start(client, feedback="end", headers=headers)
    use_plan(app, public_id, LISTED)
    answer_all(app, client, public_id, "fr" if headers is FRENCH else "en", right)
    return client.get(f"/attempts/{public_id}", headers=headers).get_data(as_text=True)


def answer_items(page: str) -> list[str]:
    """The entries of the answers' lists, as a reader sees them."""
    return [
        re.sub(r"<[^>]+>", "", entry).strip()
        for answers in re.findall(r'<ol class="answer-list">(.*?)</ol>', page, re.S)
        + re.findall(r'<ul class="answer-list">(.*?)</ul>', page, re.S)
        for entry in re.findall(r"<li>(.*?)</li>", answers, re.S)
    ]


@pytest.mark.parametrize("headers", [FRENCH, ENGLISH])
def test_results_show_an_order_pairs_and_sides_as_short_lists(app, client, headers):
    page = finished_with_lists(app, client, headers)
    results = page[page.index('<ol class="results">') :]
    assert "____" not in results and "…" not in results  # whole facts, no blanks
    assert ".; " not in results and "; " not in re.sub(r"<[^>]+>", "", results)  # no run-together
    entries = answer_items(results)
    french = headers is FRENCH
    # The pairs: each fact completed with the person chosen, and with the right one.
    assert ("Elon Musk soupçonne DeepSeek" if french else "Elon Musk suspects DeepSeek") in (
        " ".join(entries)
    )
    # The order: numbered, each event whole.
    orders = re.findall(r'<ol class="answer-list">(.*?)</ol>', results, re.S)
    assert len(orders) == 2 and all("StarGate" in order and "Paris" in order for order in orders)
    # The sides: under "For:" and "Against:", in the page's language.
    label = "Pour\u00a0:" if french else "For:"
    assert f"<strong>{label}</strong>" in results
    assert results.count('class="answer-sides"') == 2  # the answer given and the right one
    assert len(entries) >= 2 * (5 + 4)  # five pairs and four events, given and right


def test_results_in_both_languages_show_each_list_in_each(app, client):
    public_id = start(client, feedback="end")
    use_plan(app, public_id, LISTED)
    url = f"/attempts/{public_id}"
    token = csrf_token(client, f"{url}/questions/1")
    client.post("/preferences/display", data={"csrf_token": token, "display": "both", "next": url})
    answer_all(app, client, public_id, right=lambda position: False)
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert page.count('<div lang="fr" class="answer') == page.count('<div lang="en" class="answer')
    assert page.count('<div lang="en" class="answer') == 6  # three given answers, three right
    assert "<strong>Pour\u00a0:</strong>" in page and "<strong>For:</strong>" in page


@pytest.mark.parametrize(
    ("headers", "once", "twice"),
    [
        (FRENCH, "l’article, paragraphe <a", "paragraphes"),
        (ENGLISH, "the article, paragraph <a", "paragraphs"),
    ],
)
def test_a_paragraph_cited_by_five_facts_is_cited_once(app, client, headers, once, twice):
    key = "deepseek-shock/match-person/matching"
    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.key == key))
        facts = db.session.scalars(
            select(Fact).where(
                Fact.article_id == item.article_id, Fact.slug.in_(item.current.facts)
            )
        ).all()
        assert len(facts) == 5
        for fact in facts:
            fact.paragraph = 9
        db.session.commit()
    public_id = start(client, feedback="end", headers=headers)
    use_plan(app, public_id, [key])
    answer_all(app, client, public_id, "fr" if headers is FRENCH else "en", lambda n: False)
    page = client.get(f"/attempts/{public_id}", headers=headers).get_data(as_text=True)
    assert page.count(once) == 1 and page.count(">9</a>") == 1
    assert twice not in page
    mine = client.get("/me/results", headers=headers).get_data(as_text=True)
    assert mine.count(once) == 1 and mine.count(">9</a>") == 1
