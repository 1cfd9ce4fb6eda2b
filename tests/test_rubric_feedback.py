"""Scores a pupil can learn from: each criterion's level and descriptor, half-filled rubric rows
kept as drafts (not counted), evidence cards by their text, a class with no pupils yet."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from edu.debate.rubric import feedback, given_levels, load_default_rubric
from edu.extensions import db
from edu.models import Participant, RubricScore
from edu.services import debates
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token
from tests.test_debate_pages import ENGLISH, FRENCH, open_debate, post, take_part, write

RUBRIC = load_default_rubric()
CRITERIA = ("claim", "evidence", "reasoning", "rebuttal")


def descriptor(criterion: str, level: int, language: str) -> str:
    found = next(c for c in RUBRIC.criteria if c.id == criterion)
    return str(escape(found.levels[level][language]))


# -- the domain, without Flask ---------------------------------------------------------------------


def test_given_levels_keeps_what_is_valid_and_says_whether_it_is_complete():
    given = given_levels(RUBRIC, {"claim": "3", "evidence": "", "reasoning": "7", "x": "2"})
    assert given.levels == {"claim": 3}
    assert (given.counted, given.complete, given.empty) == (4, False, False)
    whole = given_levels(RUBRIC, dict.fromkeys(CRITERIA, "4"))
    assert whole.complete and whole.levels == dict.fromkeys(CRITERIA, 4)
    for hostile in ({}, {"claim": "abc"}, {"claim": " "}, {"claim": True}, {"claim": "-1"}):
        assert given_levels(RUBRIC, hostile).empty
    assert given_levels(RUBRIC, dict.fromkeys(CRITERIA, "2"), language_class=True).counted == 5


def test_feedback_gives_each_criterion_its_level_and_descriptor():
    rows = feedback(RUBRIC, {"claim": 3, "evidence": 1.5, "reasoning": 0})
    assert [row.criterion.id for row in rows] == list(CRITERIA)
    claim, evidence, reasoning, rebuttal = rows
    assert claim.level == 3 and claim.descriptor == RUBRIC.criteria[0].levels[3]
    assert evidence.level == 2  # a mean of 1.5 reads as level 2
    assert reasoning.level == 0 and reasoning.descriptor is not None
    assert rebuttal.level is None and rebuttal.descriptor is None
    assert feedback(RUBRIC, {"claim": float("nan")})[0].level is None


# -- through the pages -----------------------------------------------------------------------------


def group_with_amina(app, host):
    """A group debate Hugo hosts (not taking part) where Amina argued and voted."""
    url = open_debate(app, host, mode="group")
    amina = app.test_client()
    take_part(amina, url, "for", "for", name="Amina")
    write(amina, url, "prepare", "Notes.")
    write(amina, url, "opening", "La Chine y arrivera.")
    target = re.findall(r'<option value="(against-\d+)"', amina.get(url).get_data(as_text=True))
    write(amina, url, "rebuttal", "Non.", target=target[0])
    write(amina, url, "closing", "Fin.")
    post(amina, f"{url}/vote", {"vote": "for"})
    with app.app_context():
        participant_id = db.session.scalar(select(Participant.id))
    return url, amina, participant_id


def test_a_half_filled_row_is_kept_as_a_draft_and_not_counted(app, client):
    url, amina, pid = group_with_amina(app, client)
    scores_url = f"{url}/scores"
    data = {f"p{pid}-claim": "3", f"p{pid}-evidence": "2", f"p{pid}-comment": "À finir"}
    response = post(client, scores_url, data, ENGLISH, page=scores_url)
    page = client.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert (
        "Draft kept for Amina: 2 of 4 criteria scored; "
        "the score counts once every criterion has a level." in page
    )
    assert "Draft: 2 of 4 criteria scored" in page
    # Shown back pre-filled, comment included.
    assert re.search(rf'name="p{pid}-claim"[^>]*>.*?<option value="3" selected>', page, re.S)
    assert re.search(rf'name="p{pid}-evidence"[^>]*>.*?<option value="2" selected>', page, re.S)
    assert "À finir</textarea>" in page
    with app.app_context():
        rows = db.session.scalars(select(RubricScore)).all()
        assert sorted((r.criterion, r.level, r.draft) for r in rows) == [
            ("claim", 3, True),
            ("evidence", 2, True),
        ]
        participant = db.session.get(Participant, pid)
        assert debates.score_of(participant, RUBRIC, False, "host") is None
    pupil_page = amina.get(url, headers=FRENCH).get_data(as_text=True)
    assert "Pas encore noté." in pupil_page and "À finir" not in pupil_page
    results = amina.get("/me/results", headers=FRENCH).get_data(as_text=True)
    assert "enseignant\u00a0:" not in results and "À finir" not in results

    # French message, then the row completed: it counts, and is no draft any more.
    data = {f"p{pid}-claim": "3", f"p{pid}-evidence": "", f"p{pid}-comment": "À finir"}
    response = post(client, scores_url, data, FRENCH, page=scores_url)
    page = client.get(response.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert "Brouillon gardé pour Amina\u00a0: 1 critère noté sur 4" in page
    data = {f"p{pid}-{c}": level for c, level in zip(CRITERIA, "3214", strict=True)}
    post(client, scores_url, {**data, f"p{pid}-comment": "Bien"}, page=scores_url)
    with app.app_context():
        rows = db.session.scalars(select(RubricScore)).all()
        assert len(rows) == 4 and not any(r.draft for r in rows)
        participant = db.session.get(Participant, pid)
        assert debates.score_of(participant, RUBRIC, False, "host") == 10 / 16


@pytest.mark.parametrize(("headers", "language"), [(FRENCH, "fr"), (ENGLISH, "en")])
def test_the_pupil_sees_each_level_and_its_descriptor(app, client, headers, language):
    url, amina, pid = group_with_amina(app, client)
    scores_url = f"{url}/scores"
    data = {f"p{pid}-{c}": level for c, level in zip(CRITERIA, "3214", strict=True)}
    post(client, scores_url, data, page=scores_url)
    words = {
        "fr": ("Le niveau donné par votre enseignant pour chaque critère", "3 sur 4"),
        "en": ("Your teacher's level for each criterion", "3 of 4"),
    }[language]
    for page_url in (url, "/me/results"):
        page = amina.get(page_url, headers=headers).get_data(as_text=True)
        assert words[0] in page and words[1] in page
        for criterion, level in zip(CRITERIA, (3, 2, 1, 4), strict=True):
            assert descriptor(criterion, level, language) in page
        assert descriptor("claim", 0, language) not in page  # only the level got


def test_a_half_filled_self_assessment_is_kept_and_shown_back(app, client):
    url = open_debate(app, client)
    take_part(client, url, "for", "against")
    write(client, url, "prepare", "Notes.")
    write(client, url, "opening", "Texte.")
    page = client.get(url).get_data(as_text=True)
    write(client, url, "rebuttal", "Non.", target=re.findall(r'value="(against-\d+)"', page)[0])
    write(client, url, "closing", "Fin.")
    post(client, f"{url}/vote", {"vote": "for"})
    data = {"level-claim": "2", "comment": "Moi"}
    response = post(client, f"{url}/self-assessment", data, ENGLISH, page=url)
    page = client.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "Draft kept: 1 of 4 criteria scored" in page
    assert 'id="level-claim-2" checked' in page and "Moi</textarea>" in page
    assert "Your self-assessment:" not in page  # not counted yet


def test_evidence_cards_are_shown_by_their_text_not_their_id(app, client):
    url = open_debate(app, client)
    take_part(client, url, "for", "for")
    write(client, url, "prepare", "Notes.")
    page = client.get(url).get_data(as_text=True)
    card = re.findall(r'name="cards" value="([\w-]+)"', page)[0]
    write(client, url, "opening", "Texte.", cards=card)
    with app.app_context():
        participant = db.session.scalar(select(Participant))
        prompt = debates.prompt_for(db.session, participant.debate.question)
        text = next(c for c in prompt.cards if c.id == card).text
    for headers, language, label in (
        (FRENCH, "fr", "Cartes de preuve\u00a0:"),
        (ENGLISH, "en", "Evidence cards:"),
    ):
        page = client.get(url, headers=headers).get_data(as_text=True)
        shown = re.search(rf"{label} (.*?)</p>", page).group(1)
        assert f">{card}<" not in shown
        assert str(escape(text[language]))[:40] in shown


def test_the_scores_page_lists_evidence_by_text(app, client):
    url, _, _ = group_with_amina(app, client)
    grid = client.get(f"{url}/scores", headers=ENGLISH).get_data(as_text=True)
    assert "Opening statement" in grid  # the phase's name, not its id
    shown = re.search(r"Evidence cards: (.*?)</p>", grid).group(1)
    assert "<q>" in shown and not re.fullmatch(r"[\w-]+", shown)


def test_a_class_with_no_pupils_says_to_share_its_code(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    page = teacher.get(url, headers=FRENCH).get_data(as_text=True)
    assert (
        "Aucun élève n’a encore rejoint cette classe\u00a0: "
        f"donnez à vos élèves le code de la classe, {code}." in page
    )
    assert "rejoint le débat" not in page
    page = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    assert "No pupil has joined this class yet" in page and code in page


def test_levels_out_of_range_keep_nothing_and_break_nothing(app, client):
    url, _, pid = group_with_amina(app, client)
    token = csrf_token(client, f"{url}/scores")
    response = client.post(
        f"{url}/scores",
        data={"csrf_token": token, f"p{pid}-claim": "9", f"p{pid}-evidence": "x" * 5000},
        headers=ENGLISH,
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "No level chosen: nothing was saved." in page
    with app.app_context():
        assert db.session.scalars(select(RubricScore)).all() == []
