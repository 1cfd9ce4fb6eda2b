"""Debating through the pages: phases in order, drafts kept, votes, scores seen by their owner."""

import re

import pytest
from babel.numbers import format_decimal
from sqlalchemy import select

from edu.extensions import db
from edu.models import Contribution, Debate, Question
from tests.conftest import csrf_token

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}
QUESTION = "sovereignty-without-chips"


def question_id(app, slug=QUESTION) -> int:
    with app.app_context():
        return db.session.scalar(select(Question.id).where(Question.slug == slug))


def open_debate(app, client, mode="solo", headers=FRENCH) -> str:
    token = csrf_token(client, "/articles/hundred-deepseeks/debates")
    response = client.post(
        "/debates",
        data={"csrf_token": token, "question": question_id(app), "mode": mode},
        headers=headers,
    )
    assert response.status_code == 302
    return response.headers["Location"]


def post(client, url, data, headers=FRENCH, page=None):
    token = csrf_token(client, page or url.split("/phases")[0].split("/vote")[0])
    return client.post(url, data={"csrf_token": token, **data}, headers=headers)


def take_part(client, url, side, vote, name="", headers=FRENCH):
    data = {"side": side, "vote": vote, "name": name}
    response = post(client, f"{url}/participants", data, headers, url)
    assert response.status_code == 302


def cards(app, url) -> list[str]:
    page = app.test_client()  # a fresh client sees the same cards
    return re.findall(r'id="card-([\w-]+)"', page.get(url).get_data(as_text=True))


def write(client, url, phase, text, action="submit", headers=FRENCH, **extra):
    if phase == "opening" and "cards" not in extra:  # an opening statement must cite evidence
        page = client.get(url).get_data(as_text=True)
        extra["cards"] = re.findall(r'name="cards" value="([\w-]+)"', page)[0]
    data = {"text": text, "action": action, "language": "fr", **extra}
    return post(client, f"{url}/phases/{phase}", data, headers, url)


def test_every_question_of_an_article_can_be_debated(client):
    page = client.get("/articles/hundred-deepseeks/debates", headers=FRENCH).get_data(as_text=True)
    assert page.count('name="mode" value="solo"') == 8
    assert page.count('name="mode" value="group"') == 8


def test_practising_alone_phase_by_phase_then_self_assessment(app, client):
    url = open_debate(app, client)
    take_part(client, url, "for", "against")
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    card_ids = re.findall(r'name="cards" value="([\w-]+)"', page)
    assert card_ids
    assert write(client, url, "prepare", "Mes notes : les puces, Huawei.").status_code == 302
    text = "La Chine peut y arriver grâce à Huawei."
    response = write(client, url, "opening", text, cards=card_ids[0])
    assert response.status_code == 302
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    targets = re.findall(r'<option value="(against-\d+)"', page)
    assert targets, "alone, the rebuttal answers a model argument of the other side"
    response = write(client, url, "rebuttal", "Cet argument oublie Huawei.", target=targets[0])
    assert response.status_code == 302
    assert write(client, url, "closing", "Donc oui.").status_code == 302
    response = post(client, f"{url}/vote", {"vote": "for"})
    assert response.status_code == 302
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert "1 participant a changé d’avis." in page
    assert "Arguments modèles" in page and "Évaluez-vous" in page
    levels = {f"level-{c}": "3" for c in ("claim", "evidence", "reasoning", "rebuttal")}
    response = post(client, f"{url}/self-assessment", levels)
    assert response.status_code == 302
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert "Votre auto-évaluation\u00a0: 75" in page
    results = client.get("/me/results", headers=FRENCH).get_data(as_text=True)
    assert "Mes débats" in results and "4 phases sur 4" in results
    assert "soi-même\u00a0: 75" in results


def test_no_closing_before_the_opening_and_the_text_is_kept(app, client):
    url = open_debate(app, client)
    take_part(client, url, "against", "against")
    write(client, url, "prepare", "Notes.")
    response = write(client, url, "closing", "Ma conclusion en avance.")
    assert response.status_code == 422
    assert "Terminez d’abord les phases précédentes." in response.get_data(as_text=True)
    with app.app_context():
        kept = db.session.scalar(select(Contribution).where(Contribution.phase == "closing"))
        assert kept.text == "Ma conclusion en avance." and kept.submitted_at is None


def test_an_over_long_text_gets_a_message_and_stays_a_draft(app, client):
    url = open_debate(app, client, headers=ENGLISH)
    take_part(client, url, "for", "for", headers=ENGLISH)
    write(client, url, "prepare", "Notes.", headers=ENGLISH)
    long_text = "word " * 201
    response = write(client, url, "opening", long_text, headers=ENGLISH)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "longer than the word limit" in page
    assert long_text.strip() in page  # shown back in the text box: nothing lost
    with app.app_context():
        draft = db.session.scalar(select(Contribution).where(Contribution.phase == "opening"))
        assert draft.submitted_at is None and draft.words == 201


def test_a_rebuttal_must_name_an_argument_it_may_answer(app, client):
    url = open_debate(app, client)
    take_part(client, url, "for", "for")
    write(client, url, "prepare", "Notes.")
    write(client, url, "opening", "Oui.")
    response = write(client, url, "rebuttal", "Non.")
    assert "Choisissez l’argument adverse" in response.get_data(as_text=True)
    response = write(client, url, "rebuttal", "Non.", target="for-1")  # one's own side
    assert "pas un argument auquel vous pouvez répondre" in response.get_data(as_text=True)


def test_an_opening_without_evidence_is_refused(app, client):
    url = open_debate(app, client, headers=ENGLISH)
    take_part(client, url, "for", "for", headers=ENGLISH)
    write(client, url, "prepare", "Notes.", headers=ENGLISH)
    response = write(client, url, "opening", "Just my opinion.", headers=ENGLISH, cards=[])
    assert response.status_code == 422
    assert "Cite at least one evidence card" in response.get_data(as_text=True)


def test_a_draft_can_be_saved_and_found_again(app, client):
    url = open_debate(app, client)
    take_part(client, url, "for", "for")
    response = write(client, url, "prepare", "Idées à finir plus tard", action="draft")
    assert response.status_code == 302
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert "Idées à finir plus tard</textarea>" in page


def test_a_group_debate_two_sides_a_rebuttal_votes_and_scores(app, client):
    host = client
    url = open_debate(app, host, mode="group")
    page = host.get(url, headers=FRENCH).get_data(as_text=True)
    code = re.search(r'<strong class="code">(\w+)</strong>', page).group(1)
    amina, ben = app.test_client(), app.test_client()
    for learner in (amina, ben):
        token = csrf_token(learner)
        response = learner.post("/debates/join", data={"csrf_token": token, "code": code.lower()})
        assert response.headers["Location"] == url
    take_part(amina, url, "for", "for", name="Amina")
    take_part(ben, url, "against", "for", name="Ben", headers=ENGLISH)
    for learner, text in ((amina, "La Chine y arrivera."), (ben, "China cannot do it alone.")):
        write(learner, url, "prepare", "Notes.")
        assert write(learner, url, "opening", text).status_code == 302
    page = ben.get(url, headers=ENGLISH).get_data(as_text=True)
    (target,) = re.findall(r'<option value="(contribution:\d+)"', page)
    assert "La Chine y arrivera." in page
    assert write(ben, url, "rebuttal", "Huawei is not enough.", target=target).status_code == 302
    write(
        amina,
        url,
        "rebuttal",
        "Si.",
        target=re.findall(
            r'<option value="(contribution:\d+)"', amina.get(url).get_data(as_text=True)
        )[0],
    )
    for learner, vote in ((amina, "for"), (ben, "against")):
        write(learner, url, "closing", "Fin.")
        assert post(learner, f"{url}/vote", {"vote": vote}).status_code == 302
    page = ben.get(url, headers=ENGLISH).get_data(as_text=True)
    assert "1 participant changed their mind." in page  # Ben first agreed, then voted against
    amina_id = re.search(r'<option value="(\d+)">Amina</option>', page).group(1)
    first = post(ben, f"{url}/convincing", {"participant": amina_id}, page=url)
    page = ben.get(first.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "your vote for the most convincing classmate is counted" in page
    again = post(ben, f"{url}/convincing", {"participant": amina_id}, page=url)
    assert "Votez une seule fois" in ben.get(again.headers["Location"]).get_data(as_text=True)

    scores_url = f"{url}/scores"
    assert amina.get(scores_url).status_code == 404  # only the host scores
    grid = host.get(scores_url, headers=FRENCH).get_data(as_text=True)
    assert "Amina" in grid and "Ben" in grid
    assert "1 vote de pair" in grid
    ids = re.findall(r'name="p(\d+)-claim"', grid)
    data = {}
    for participant, level in zip(ids, ("4", "2"), strict=True):
        for criterion in ("claim", "evidence", "reasoning", "rebuttal"):
            data[f"p{participant}-{criterion}"] = level
        data[f"p{participant}-comment"] = f"Commentaire {level}"
    assert post(host, scores_url, data, page=scores_url).status_code == 302

    amina_page = amina.get(url, headers=FRENCH).get_data(as_text=True)
    assert "Noté par votre enseignant\u00a0: 100" in amina_page and "Commentaire 4" in amina_page
    assert "Commentaire 2" not in amina_page
    ben_results = ben.get("/me/results", headers=ENGLISH).get_data(as_text=True)
    assert "teacher: 50" in ben_results and "Commentaire 2" in ben_results
    assert "Commentaire 4" not in ben_results


def test_a_wrong_code_gets_a_message(client):
    token = csrf_token(client)
    response = client.post(
        "/debates/join", data={"csrf_token": token, "code": "ZZZZZZ"}, follow_redirects=True
    )
    assert "Aucun débat n’a ce code." in response.get_data(as_text=True)


def test_a_solo_debate_is_nobody_elses(app, client):
    url = open_debate(app, client)
    stranger = app.test_client()
    assert stranger.get(url).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Debate.mode)) == "solo"


# A long text, with accents and typographic apostrophes: over the 5,000 characters once cut.
LONG_TEXT = "Les puces d’Huawei coûtent cher, l’été comme l’hiver ; " * 120
assert 5_000 < len(LONG_TEXT) < 50_000


def text_box(page: str, phase: str) -> str:
    match = re.search(rf'<textarea id="text-{phase}" name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no text box for {phase}"
    return match.group(1)


def stored_text(app, phase: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(Contribution.text).where(Contribution.phase == phase))


@pytest.mark.parametrize("headers", [FRENCH, ENGLISH], ids=["fr", "en"])
def test_a_long_text_is_kept_whole_as_a_draft(app, client, headers):
    url = open_debate(app, client, headers=headers)
    take_part(client, url, "for", "for", headers=headers)
    response = write(client, url, "prepare", LONG_TEXT, action="draft", headers=headers)
    assert response.status_code == 302
    assert stored_text(app, "prepare") == LONG_TEXT
    page = client.get(url, headers=headers).get_data(as_text=True)
    assert text_box(page, "prepare") == LONG_TEXT
    # Submitted, it is over the word limit: refused with a message, and still whole.
    response = write(client, url, "prepare", LONG_TEXT, headers=headers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = {
        "fr": "Le texte dépasse la limite de mots",
        "en": "This is longer than the word limit: shorten it, your text is kept.",
    }[headers["Accept-Language"]]
    assert message in page
    assert text_box(page, "prepare") == LONG_TEXT
    assert stored_text(app, "prepare") == LONG_TEXT


@pytest.mark.parametrize("headers", [FRENCH, ENGLISH], ids=["fr", "en"])
def test_a_text_too_large_to_keep_is_refused_and_shown_back_whole(app, client, headers):
    url = open_debate(app, client, headers=headers)
    take_part(client, url, "for", "for", headers=headers)
    write(client, url, "prepare", "Mes premières notes.", action="draft", headers=headers)
    huge = "Une phrase de plus, puis une autre. " * 1_700  # 61,200 characters
    for action in ("draft", "submit"):
        response = write(client, url, "prepare", huge, action=action, headers=headers)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert text_box(page, "prepare") == huge  # still in the box, as typed
        # The message says how long the text is and what the limit is, in the page's language.
        locale = headers["Accept-Language"]
        alert = re.search(r'<p class="flash error" role="alert">(.*?)</p>', page, re.S).group(1)
        length, limit = (format_decimal(n, locale=locale) for n in (len(huge), 50_000))
        assert length in alert and limit in alert
        if locale == "en":
            assert f"This text has {length} characters, more than the {limit} a text" in alert
        # Nothing cut, nothing replaced: the earlier draft stays as it was.
        assert stored_text(app, "prepare") == "Mes premières notes."
