"""Group debates that cannot get stuck: sides kept balanced, a rebuttal always has something to
answer, and a host does not score themself."""

import itertools
import re

import pytest
from sqlalchemy import func, select

from edu.debate.phases import SIDES, assign_side
from edu.extensions import db
from edu.models import Debate, Learner, Participant, RubricScore
from edu.services import debates
from tests.conftest import csrf_token
from tests.test_debate_pages import (
    ENGLISH,
    FRENCH,
    open_debate,
    post,
    take_part,
    write,
)

CRITERIA = ("claim", "evidence", "reasoning", "rebuttal")

# -- the rule, without Flask -----------------------------------------------------------------------


def test_a_preferred_side_is_kept_while_it_has_no_more_debaters():
    assert assign_side("against", []) == "against"
    assert assign_side("for", ["for"]) == "against"  # "for" already has one more
    assert assign_side("for", ["for", "against"]) == "for"
    assert assign_side("against", ["for"]) == "against"


def test_no_preference_gives_the_side_with_fewer_debaters():
    assert assign_side(None, []) == "for"
    assert assign_side(None, ["for"]) == "against"
    assert assign_side("neither", ["against"]) == "for"  # an invalid preference is none


@pytest.mark.parametrize("length", range(1, 7))
def test_sides_never_differ_by_more_than_one_whatever_everybody_asks(length):
    for wishes in itertools.product((*SIDES, None), repeat=length):
        taken = []
        for wish in wishes:
            taken.append(assign_side(wish, taken))
            assert abs(taken.count("for") - taken.count("against")) <= 1
        if length >= 2:
            assert set(taken) == set(SIDES)  # from the second debater on, both sides exist


# -- through the pages -----------------------------------------------------------------------------


def code_of(host, url) -> str:
    page = host.get(url, headers=FRENCH).get_data(as_text=True)
    return re.search(r'<strong class="code">(\w+)</strong>', page).group(1)


def joined(app, url):
    with app.app_context():
        rows = db.session.execute(
            select(Learner.display_name, Participant.side)
            .join(Participant, Participant.learner_id == Learner.id)
            .order_by(Participant.id)
        )
        return [tuple(row) for row in rows]


def test_everybody_choosing_the_same_side_still_gives_two_sides(app, client):
    url = open_debate(app, client, mode="group")
    amina, ben, chloe = (app.test_client() for _ in range(3))
    take_part(amina, url, "for", "for", name="Amina")
    response = post(
        ben, f"{url}/participants", {"side": "for", "vote": "for", "name": "Ben"}, page=url
    )
    page = ben.get(response.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert (
        "Plus de participants sont déjà pour la motion\u00a0: vous argumentez donc contre" in page
    )
    assert "Votre camp\u00a0: <strong>Contre</strong>" in page
    response = post(
        chloe,
        f"{url}/participants",
        {"side": "for", "vote": "for", "name": "Chloé"},
        ENGLISH,
        page=url,
    )
    page = chloe.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "More debaters" not in page  # "for" and "against" were level: her wish is kept
    assert joined(app, url) == [("Amina", "for"), ("Ben", "against"), ("Chloé", "for")]


def test_no_side_chosen_in_a_group_debate_gives_the_side_that_needs_someone(app, client):
    url = open_debate(app, client, mode="group")
    take_part(app.test_client(), url, "against", "for", name="Amina")
    take_part(app.test_client(), url, "", "for", name="Ben")
    assert joined(app, url) == [("Amina", "against"), ("Ben", "for")]
    page = app.test_client().get(url, headers=ENGLISH).get_data(as_text=True)
    assert "you argue the other side, so that each side has someone to answer" in page


def test_alone_the_side_is_still_required(app, client):
    url = open_debate(app, client)
    response = post(client, f"{url}/participants", {"side": "", "vote": "for"}, ENGLISH, url)
    page = client.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "Choose a side and give your first vote." in page
    assert joined(app, url) == []


def test_the_first_debater_can_answer_a_model_argument_before_any_opponent(app, client):
    url = open_debate(app, client, mode="group")
    amina = app.test_client()
    take_part(amina, url, "for", "for", name="Amina")
    write(amina, url, "prepare", "Notes.")
    assert write(amina, url, "opening", "La Chine y arrivera.").status_code == 302
    page = amina.get(url, headers=FRENCH).get_data(as_text=True)
    assert "Pas encore de déclaration d’ouverture du camp adverse" in page
    assert "Arguments modèles du camp adverse" in page
    targets = re.findall(r'<option value="(against-\d+)"', page)
    assert targets and not re.findall(r'<option value="(for-\d+)"', page)
    response = write(amina, url, "rebuttal", "Cet argument oublie Huawei.", target=targets[0])
    assert response.status_code == 302
    # An opponent writes afterwards: both their statement and the models can be answered.
    ben = app.test_client()
    take_part(ben, url, "for", "against", name="Ben", headers=ENGLISH)  # given "against"
    write(ben, url, "prepare", "Notes.")
    write(ben, url, "opening", "China cannot do it alone.")
    page = ben.get(url, headers=ENGLISH).get_data(as_text=True)
    assert "Opening statements of the other side" in page
    assert "La Chine y arrivera." in page
    assert re.findall(r'<option value="(contribution:\d+)"', page)
    assert re.findall(r'<option value="(for-\d+)"', page)


def test_a_host_does_not_score_their_own_participation(app, client):
    host = client
    url = open_debate(app, host, mode="group")
    take_part(host, url, "for", "for", name="Hugo")
    amina = app.test_client()
    token = csrf_token(amina)
    amina.post("/debates/join", data={"csrf_token": token, "code": code_of(host, url)})
    take_part(amina, url, "against", "for", name="Amina")
    scores_url = f"{url}/scores"
    grid = host.get(scores_url, headers=FRENCH).get_data(as_text=True)
    assert (
        "Vous animez ce débat\u00a0: vous ne pouvez pas noter votre propre participation." in grid
    )
    with app.app_context():
        ids = dict(
            db.session.execute(
                select(Learner.display_name, Participant.id).join(
                    Participant, Participant.learner_id == Learner.id
                )
            ).all()
        )
    assert f'name="p{ids["Hugo"]}-claim"' not in grid and f'name="p{ids["Amina"]}-claim"' in grid
    # A form made by hand with the host's own levels: refused, with a message, nothing kept.
    data = {f"p{ids['Hugo']}-{c}": "4" for c in CRITERIA}
    response = post(host, scores_url, data, ENGLISH, page=scores_url)
    assert response.status_code == 302
    page = host.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "You host this debate: you cannot score your own participation." in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RubricScore)) == 0
    # Amina's levels in the same form are kept.
    data.update({f"p{ids['Amina']}-{c}": "3" for c in CRITERIA})
    post(host, scores_url, data, page=scores_url)
    with app.app_context():
        rows = db.session.scalars(select(RubricScore)).all()
        assert {row.participant_id for row in rows} == {ids["Amina"]}


def test_the_service_refuses_a_host_scoring_themself(app, client):
    url = open_debate(app, client, mode="group")
    take_part(client, url, "for", "for", name="Hugo")
    with app.app_context():
        debate = db.session.scalar(select(Debate))
        participant = debate.participants[0]
        with pytest.raises(ValueError):
            debates.record_scores(
                db.session, participant, debate.host, "host", dict.fromkeys(CRITERIA, 4), None
            )
        # Scoring oneself in one's own practice ("self") is another thing, and stays.
        debates.record_scores(
            db.session, participant, debate.host, "self", dict.fromkeys(CRITERIA, 4), None
        )
        assert len(participant.scores) == 4
