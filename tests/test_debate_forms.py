"""The debate forms: a value too long is refused with a message in the page's language, never
cut, and the form comes back with what was typed; nothing is stored until it fits."""

import re
from html import unescape

import pytest
from sqlalchemy import select

from edu.extensions import db
from edu.models import Contribution, Learner, Participant, RubricScore
from tests.conftest import csrf_token
from tests.test_debate_pages import ENGLISH, FRENCH, open_debate, post, take_part, write
from tests.test_rubric_feedback import CRITERIA, group_with_amina

TOO_LONG = {
    "fr": "Au plus 1000 caractères.",
    "en": "At most 1000 characters.",
}
LANGUAGES = [(FRENCH, "fr"), (ENGLISH, "en")]
# Over 1,000 characters, with accents and typographic apostrophes, that a cut would split.
LONG_COMMENT = "L’élève a bien cité ses preuves ; l’argument tient. " * 25
assert len(LONG_COMMENT) > 1000


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no text box {name}"
    return unescape(match.group(1))


def finished_solo_debate(app, client, headers) -> str:
    url = open_debate(app, client, headers=headers)
    take_part(client, url, "for", "against", headers=headers)
    write(client, url, "prepare", "Notes.", headers=headers)
    write(client, url, "opening", "Texte.", headers=headers)
    page = client.get(url).get_data(as_text=True)
    target = re.findall(r'value="(against-\d+)"', page)[0]
    write(client, url, "rebuttal", "Non.", target=target, headers=headers)
    write(client, url, "closing", "Fin.", headers=headers)
    post(client, f"{url}/vote", {"vote": "for"}, headers)
    return url


@pytest.mark.parametrize(("headers", "language"), LANGUAGES)
def test_a_self_assessment_comment_too_long_is_shown_back_with_a_message(
    app, client, headers, language
):
    url = finished_solo_debate(app, client, headers)
    data = {"level-claim": "2", "level-evidence": "3", "comment": LONG_COMMENT}
    response = post(client, f"{url}/self-assessment", data, headers, page=url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert TOO_LONG[language] in page
    assert textarea(page, "comment") == LONG_COMMENT  # whole, not cut
    assert 'id="level-claim-2" checked' in page and 'id="level-evidence-3" checked' in page
    with app.app_context():
        assert db.session.scalars(select(RubricScore)).all() == []
    # Shortened, it goes through.
    data["comment"] = LONG_COMMENT[:1000]
    assert post(client, f"{url}/self-assessment", data, headers, page=url).status_code == 302
    with app.app_context():
        assert {s.comment for s in db.session.scalars(select(RubricScore))} == {data["comment"]}


@pytest.mark.parametrize(("headers", "language"), LANGUAGES)
def test_a_score_comment_too_long_keeps_the_whole_grid_as_typed(app, client, headers, language):
    url, _, pid = group_with_amina(app, client)
    scores_url = f"{url}/scores"
    data = {f"p{pid}-{c}": level for c, level in zip(CRITERIA, "3214", strict=True)}
    data[f"p{pid}-comment"] = LONG_COMMENT
    response = post(client, scores_url, data, headers, page=scores_url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert TOO_LONG[language] in page
    assert textarea(page, f"p{pid}-comment") == LONG_COMMENT
    assert re.search(rf'name="p{pid}-claim"[^>]*>.*?<option value="3" selected>', page, re.S)
    assert re.search(rf'name="p{pid}-rebuttal"[^>]*>.*?<option value="4" selected>', page, re.S)
    with app.app_context():
        assert db.session.scalars(select(RubricScore)).all() == []


@pytest.mark.parametrize(("headers", "language"), LANGUAGES)
def test_a_first_name_too_long_is_shown_back_and_nobody_joins(app, client, headers, language):
    url = open_debate(app, client, mode="group", headers=headers)
    amina = app.test_client()
    name = "Amina-Khadija Marie-Éléonore de la Fontaine"  # 43 characters
    data = {"side": "against", "vote": "for", "name": name}
    response = post(amina, f"{url}/participants", data, headers, page=url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert {"fr": "Au plus 40 caractères.", "en": "At most 40 characters."}[language] in page
    assert f'value="{name}"' in page
    assert 'id="vote-for" checked' in page and 'id="side-against" checked' in page
    with app.app_context():
        assert db.session.scalars(select(Participant)).all() == []
        assert name not in {learner.display_name for learner in db.session.scalars(select(Learner))}


@pytest.mark.parametrize(("headers", "language"), LANGUAGES)
def test_a_rebuttal_target_too_long_keeps_the_text(app, client, headers, language):
    url = open_debate(app, client, headers=headers)
    take_part(client, url, "for", "for", headers=headers)
    write(client, url, "prepare", "Notes.", headers=headers)
    write(client, url, "opening", "Oui.", headers=headers)
    text = "Cet argument oublie Huawei, et l’été dernier."
    response = write(client, url, "rebuttal", text, headers=headers, target="against-" + "1" * 40)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = {
        "fr": "Ce n’est pas un argument auquel vous pouvez répondre.",
        "en": "That argument is not one you can answer.",
    }[language]
    assert message in page
    assert textarea(page, "text") == text
    with app.app_context():
        assert (
            db.session.scalar(select(Contribution).where(Contribution.phase == "rebuttal")) is None
        )


def test_a_code_too_long_says_no_debate_has_it(client):
    token = csrf_token(client)
    response = client.post(
        "/debates/join",
        data={"csrf_token": token, "code": "ABCDEF" * 10},
        headers=FRENCH,
        follow_redirects=True,
    )
    assert "Aucun débat n’a ce code." in response.get_data(as_text=True)
