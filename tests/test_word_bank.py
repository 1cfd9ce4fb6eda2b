"""A gap fill's word bank: off unless the learner asks, remembered, the answer still typed."""

import re

from tests.conftest import csrf_token
from tests.test_quiz_pages import ENGLISH, FRENCH, attempt_row, post_answer, start, use_plan

WITH_BANK = "deepseek-shock/stargate-softbank/cloze"  # SoftBank among Apple, Google, Meta
WITHOUT_BANK = "deepseek-shock/high-flyer-owner/cloze"  # its author wants no choice
OTHER_BANK = "deepseek-shock/altman-impressed/cloze"
BANK = ["Apple", "Google", "Meta", "SoftBank"]


def bank_shown(page: str) -> list[str]:
    """The words of the word bank as the page lists them (none when it shows no bank)."""
    found = re.search(r'<div class="word-bank">(.*?)</div>', page, re.S)
    if not found:
        return []
    return re.findall(r'<li><span lang="\w+">([^<]+)</span></li>', found.group(1))


def set_word_bank(client, url: str, value: str):
    token = csrf_token(client, url)
    return client.post(
        "/preferences/word-bank", data={"csrf_token": token, "word_bank": value, "next": url}
    )


def quiz_of(app, client, keys: list[str]) -> str:
    public_id = start(client)
    use_plan(app, public_id, keys)
    return public_id


def test_the_word_bank_is_offered_then_shown_and_the_answer_is_still_typed(app, client):
    public_id = quiz_of(app, client, [WITH_BANK])
    url = f"/attempts/{public_id}/questions/1"
    page = client.get(url, headers=ENGLISH).get_data(as_text=True)
    assert bank_shown(page) == [] and "Word bank" not in page
    assert '<button type="submit" name="word_bank" value="on">Show a word bank</button>' in page

    response = set_word_bank(client, url, "on")
    assert response.status_code == 302 and response.headers["Location"] == url
    page = client.get(url, headers=ENGLISH).get_data(as_text=True)
    assert bank_shown(page) == BANK
    assert '<h2 id="word-bank-title">Word bank</h2>' in page
    assert "Hide the word bank" in page and "Show a word bank" not in page
    assert 'name="answer" type="text"' in page  # still typed, not chosen

    response = post_answer(client, public_id, 1, {"answer": "softbank"}, ENGLISH)
    assert response.status_code == 302
    with app.app_context():
        assert attempt_row(public_id).responses[0].credit == 1


def test_a_typed_answer_with_the_bank_shown_is_scored_as_without_it(app, client):
    public_id = quiz_of(app, client, [WITH_BANK])
    set_word_bank(client, f"/attempts/{public_id}/questions/1", "on")
    post_answer(client, public_id, 1, {"answer": "Google"}, ENGLISH)
    with app.app_context():
        assert attempt_row(public_id).responses[0].credit == 0


def test_hiding_the_word_bank_takes_it_away_and_offers_it_again(app, client):
    public_id = quiz_of(app, client, [WITH_BANK])
    url = f"/attempts/{public_id}/questions/1"
    set_word_bank(client, url, "on")
    response = set_word_bank(client, url, "off")
    assert response.headers["Location"] == url
    page = client.get(url, headers=ENGLISH).get_data(as_text=True)
    assert bank_shown(page) == [] and "Show a word bank" in page


def test_the_word_bank_stays_shown_on_the_next_gap_fill(app, client):
    public_id = quiz_of(app, client, [WITH_BANK, OTHER_BANK])
    set_word_bank(client, f"/attempts/{public_id}/questions/1", "on")
    post_answer(client, public_id, 1, {"answer": "SoftBank"}, ENGLISH)
    page = client.get(f"/attempts/{public_id}/questions/2", headers=ENGLISH)
    assert bank_shown(page.get_data(as_text=True)) == [
        "Elon Musk",
        "Marc Andreessen",
        "Rafik Smati",
        "Sam Altman",
    ]


def test_a_gap_fill_without_a_bank_shows_neither_bank_nor_button(app, client):
    public_id = quiz_of(app, client, [WITHOUT_BANK])
    url = f"/attempts/{public_id}/questions/1"
    for value in ("off", "on"):
        set_word_bank(client, url, value)
        page = client.get(url, headers=ENGLISH).get_data(as_text=True)
        assert bank_shown(page) == []
        assert "word bank" not in page.lower()


def test_the_word_bank_switch_changes_nothing_on_get(app, client):
    public_id = quiz_of(app, client, [WITH_BANK])
    url = f"/attempts/{public_id}/questions/1"
    assert client.get("/preferences/word-bank?word_bank=on").status_code == 405
    assert bank_shown(client.get(url, headers=ENGLISH).get_data(as_text=True)) == []


def test_the_word_bank_switch_without_csrf_token_is_refused(app, client):
    public_id = quiz_of(app, client, [WITH_BANK])
    url = f"/attempts/{public_id}/questions/1"
    response = client.post(
        "/preferences/word-bank", data={"word_bank": "on", "next": url}, headers=FRENCH
    )
    assert response.status_code == 400
    assert "Formulaire expiré" in response.get_data(as_text=True)
    assert bank_shown(client.get(url, headers=ENGLISH).get_data(as_text=True)) == []


def test_an_unknown_setting_gets_a_message_and_a_safe_way_back(app, client):
    public_id = quiz_of(app, client, [WITH_BANK])
    url = f"/attempts/{public_id}/questions/1"
    token = csrf_token(client, url)
    response = client.post(
        "/preferences/word-bank",
        data={"csrf_token": token, "word_bank": "maybe", "next": "https://evil.example/"},
        headers=FRENCH,
    )
    assert response.headers["Location"] == "/"
    page = client.get("/", headers=FRENCH).get_data(as_text=True)
    assert "Ce réglage de la banque de mots n’est pas disponible." in page
    assert bank_shown(client.get(url, headers=ENGLISH).get_data(as_text=True)) == []


def test_in_french_the_page_offers_and_shows_a_banque_de_mots(app, client):
    public_id = quiz_of(app, client, [WITH_BANK])
    url = f"/attempts/{public_id}/questions/1"
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert "Afficher une banque de mots" in page
    set_word_bank(client, url, "on")
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert ">Banque de mots</h2>" in page and "Masquer la banque de mots" in page
    assert bank_shown(page) == BANK
