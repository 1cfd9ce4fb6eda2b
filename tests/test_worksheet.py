"""Printable worksheets: the questions in French, English or both, and an answer key that agrees."""

import html
import re

import pytest
from sqlalchemy import func, select

from edu.extensions import db
from edu.models import Article, Attempt, Item, Learner, Response
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token

SLUG = "deepseek-shock"
SHEET = f"/quiz/articles/{SLUG}/worksheet"
KEY = f"{SHEET}/key"
FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}


def text_of(page: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def prompts(page: str, section: str = "worksheet") -> list[str]:
    """The question texts of the sheet (or of the key), in order."""
    start = page.index(f'<section class="{section}"')
    end = page.index("</section>", start)
    found = re.findall(r'<div class="ws-prompt">(.*?)</div>', page[start:end], flags=re.S)
    return [text_of(prompt).strip() for prompt in found]


def set_quiz(teacher, class_url: str, slug: str = SLUG) -> str:
    """Set the article's quiz to the class; the assignment's public id."""
    data = {
        "quiz-csrf_token": csrf_token(teacher, class_url),
        "quiz-article": slug,
        "quiz-feedback": "each",
    }
    teacher.post(f"{class_url}/assignments/quiz", data=data)
    page = teacher.get(class_url).get_data(as_text=True)
    return re.search(r"/assignments/(\w+)\"", page).group(1)


def test_anyone_prints_an_article_sheet_in_french_with_space_to_answer(client):
    response = client.get(f"{SHEET}?lang=fr", headers=FRENCH)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    words = text_of(page)
    assert "Fiche d’exercices" in words
    for label in ("Nom\u00a0:", "Classe\u00a0:", "Date\u00a0:"):
        assert label in words
    assert page.count('<li class="ws-question') == 10  # a quiz's length, numbered in an <ol>
    assert '<ol class="ws-questions">' in page
    assert 'lang="en"' not in page.split('<section class="worksheet"')[1]
    assert 'class="box"' in page  # boxes to tick
    assert "Corrigé" not in words  # the key is for teachers only
    assert "Imprimez cette page" in words


def test_the_sheet_language_is_chosen_apart_from_the_interface(client):
    english_ui = client.get(f"{SHEET}?lang=fr", headers=ENGLISH).get_data(as_text=True)
    words = text_of(english_ui)
    assert "Questions in" in words  # the page's own controls speak the interface's language
    assert "Nom\u00a0:" in words and "Name:" not in words  # the sheet speaks the pupils' language

    english = text_of(client.get(f"{SHEET}?lang=en", headers=FRENCH).get_data(as_text=True))
    assert "Worksheet" in english and "Name:" in english and "Nom\u00a0:" not in english
    assert "Questions en" in english

    both = client.get(f"{SHEET}?lang=both", headers=FRENCH).get_data(as_text=True)
    sheet = both.split('<section class="worksheet"')[1]
    assert 'lang="fr"' in sheet and 'lang="en"' in sheet
    assert "Nom\u00a0:" in text_of(sheet) and "Name:" in text_of(sheet)
    assert "Vrai" in text_of(sheet) or "Pour" in text_of(sheet) or "Cochez" in text_of(sheet)


def test_the_same_sheet_comes_back_and_another_one_on_request(client):
    first = prompts(client.get(f"{SHEET}?lang=en").get_data(as_text=True))
    again = prompts(client.get(f"{SHEET}?lang=en&sheet=1").get_data(as_text=True))
    other = prompts(client.get(f"{SHEET}?lang=en&sheet=2").get_data(as_text=True))
    assert first == again and len(first) == 10
    assert other != first


@pytest.mark.parametrize(
    "query",
    ["lang=xx", "sheet=abc", "sheet=100000", "sheet=-1", "sheet=0", "sheet=٣", "key=yes", "lang="],
)
def test_odd_parameters_give_the_default_sheet(client, query):
    response = client.get(f"{SHEET}?{query}", headers=FRENCH)
    assert response.status_code == 200
    assert "Fiche d’exercices" in text_of(response.get_data(as_text=True))


def test_unknown_article_or_theme_is_not_found(client):
    assert client.get("/quiz/articles/nowhere/worksheet").status_code == 404
    assert client.get("/quiz/themes/nowhere/worksheet").status_code == 404


def test_printing_a_sheet_stores_nothing(app, client):
    def counts():
        with app.app_context():
            return [
                db.session.scalar(select(func.count()).select_from(t))
                for t in (Learner, Attempt, Response)
            ]

    before = counts()
    client.get(f"{SHEET}?lang=both")
    client.get("/quiz/themes/open-source/worksheet")
    assert counts() == before


def test_only_published_items_are_printed(app, client):
    with app.app_context():
        items = db.session.scalars(
            select(Item).join(Item.article).where(Article.slug == SLUG).order_by(Item.key)
        ).all()
        kept = items[:3]
        for item in items[3:]:
            item.status = "rejected"
        db.session.commit()
        kept_prompts = {squeeze(item.current.prompt["en"].replace("____", "")) for item in kept}
    page = client.get(f"{SHEET}?lang=en", headers=ENGLISH).get_data(as_text=True)
    shown = [squeeze(prompt.replace("blank", "")) for prompt in prompts(page)]
    assert shown and set(shown) <= kept_prompts


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_theme_sheet_mixes_its_articles(client):
    response = client.get("/quiz/themes/open-source/worksheet?lang=en", headers=ENGLISH)
    assert response.status_code == 200
    assert len(prompts(response.get_data(as_text=True))) == 10


def test_the_key_is_for_teachers_and_agrees_with_the_sheet(app, client):
    assert client.get(KEY).status_code == 302  # a stranger is sent to sign in
    stranger = text_of(client.get(f"{SHEET}?key=1", headers=FRENCH).get_data(as_text=True))
    assert "Corrigé" not in stranger and "Ajouter le corrigé" not in stranger

    learner = teacher_client(app, "lea", role="learner")
    assert learner.get(KEY).status_code == 403

    teacher = teacher_client(app)
    sheet_page = teacher.get(f"{SHEET}?lang=fr&sheet=4", headers=FRENCH).get_data(as_text=True)
    assert "Ajouter le corrigé, sur une nouvelle page" in text_of(sheet_page)
    key_page = teacher.get(f"{KEY}?lang=fr&sheet=4", headers=FRENCH).get_data(as_text=True)
    words = text_of(key_page)
    assert "Corrigé" in words and "Preuves" in words
    assert "paragraphe" in words and "Source\u00a0:" in words
    assert prompts(key_page, "ws-key") == prompts(sheet_page)
    assert key_page.count('class="ws-answer"') == 10

    together = teacher.get(f"{SHEET}?lang=en&sheet=4&key=1", headers=ENGLISH)
    page = together.get_data(as_text=True)
    assert "Answer key" in text_of(page) and "Evidence" in text_of(page)
    assert prompts(page, "ws-key") == prompts(page)
    assert page.index('<section class="worksheet"') < page.index('<section class="ws-key"')


def test_the_key_gives_each_right_answer_in_the_sheets_terms(app):
    """Choices by letter, true/false as a word: what a teacher marks a paper sheet with."""
    teacher = teacher_client(app)
    for sheet in range(1, 8):
        page = teacher.get(f"{KEY}?lang=en&sheet={sheet}", headers=ENGLISH).get_data(as_text=True)
        answers = re.findall(r'<div class="ws-answer">(.*?)</div>', page, flags=re.S)
        assert len(answers) == 10
        for answer in answers:
            assert text_of(answer).strip()  # never an empty answer
        if re.search(r"<strong>[A-H]\.</strong>", page) and re.search(
            r"<strong><span lang=\"en\">(True|False)</span></strong>", page
        ):
            return
    raise AssertionError("no sheet had both a choice and a true/false question")


def test_a_theme_key_for_teachers(app):
    teacher = teacher_client(app)
    response = teacher.get("/quiz/themes/open-source/worksheet/key?lang=both")
    assert response.status_code == 200
    assert len(prompts(response.get_data(as_text=True), "ws-key")) == 10


def test_set_work_sheet_and_key_for_the_class_teacher_only(app):
    teacher = teacher_client(app)
    class_url, _ = create_class(teacher, "5e C")
    assignment = set_quiz(teacher, class_url)
    url = f"{class_url}/assignments/{assignment}/worksheet"

    page = teacher.get(f"{url}?lang=fr", headers=FRENCH).get_data(as_text=True)
    assert "5e C" in page
    assert len(prompts(page)) == 10
    key = teacher.get(f"{url}/key?lang=fr", headers=FRENCH).get_data(as_text=True)
    assert prompts(key, "ws-key") == prompts(page)
    assert prompts(teacher.get(f"{url}?lang=fr").get_data(as_text=True)) == prompts(page)

    other = teacher_client(app, "m.martin")
    assert other.get(url).status_code == 404
    assert other.get(f"{url}/key").status_code == 404
    assert app.test_client().get(url).status_code == 302


def test_teachers_find_the_worksheet_from_the_article_and_the_set_work(app, client):
    assert "Fiche d’exercices à imprimer" not in client.get(
        f"/articles/{SLUG}", headers=FRENCH
    ).get_data(as_text=True)
    teacher = teacher_client(app)
    article = teacher.get(f"/articles/{SLUG}", headers=FRENCH).get_data(as_text=True)
    assert f'href="{SHEET}"' in article and f'href="{KEY}"' in article
    assert "Fiche d’exercices à imprimer" in text_of(article)
    home = teacher.get("/", headers=ENGLISH).get_data(as_text=True)
    assert "Printable worksheets:" in text_of(home)
    assert "/quiz/themes/" in home and "/worksheet" in home

    class_url, _ = create_class(teacher, "5e D")
    assignment = set_quiz(teacher, class_url)
    analysis = teacher.get(f"{class_url}/assignments/{assignment}", headers=ENGLISH)
    assert f"/assignments/{assignment}/worksheet" in analysis.get_data(as_text=True)
    assert "Printable worksheet" in text_of(analysis.get_data(as_text=True))


def test_the_keys_evidence_cites_each_paragraph_once_in_the_sheets_languages(app):
    """Five facts of one paragraph: one entry, "paragraphe 9" / "paragraph 9", not five."""
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == SLUG))
        for fact in article.facts:
            fact.paragraph = 9
        db.session.commit()
    teacher = teacher_client(app)
    several = 0  # evidence blocks of an item resting on several facts
    for sheet in range(1, 6):
        for lang, once in (("fr", "paragraphe 9"), ("en", "paragraph 9")):
            url = f"{KEY}?lang={lang}&sheet={sheet}"
            page = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
            for evidence in re.findall(r'<div class="ws-evidence">(.*?)</div>', page, flags=re.S):
                assert text_of(evidence).count(once) == 1
                several += evidence.count(f'<p lang="{lang}"') > 1
    assert several
    both = teacher.get(f"{KEY}?lang=both", headers=ENGLISH).get_data(as_text=True)
    evidence = re.findall(r'<div class="ws-evidence">(.*?)</div>\s*</li>', both, flags=re.S)
    assert evidence and all(
        text_of(e).count("paragraphe 9") == 1 and text_of(e).count("paragraph 9 ") == 1
        for e in evidence
    )


def word_banks(page: str) -> list[str]:
    """The word banks printed on the sheet, as the paper reads them."""
    found = re.findall(r'<p class="ws-bank">(.*?)</p>', page, flags=re.S)
    return [text_of(bank).strip() for bank in found]


def test_a_sheet_prints_the_gap_fills_word_banks_when_asked(client):
    offer = "Ajouter une banque de mots sous les textes à trous qui en ont une"
    # The first of the article's sheets that draws a gap fill with a bank.
    for sheet in range(1, 30):
        url = f"{SHEET}?lang=fr&sheet={sheet}"
        plain = client.get(url, headers=FRENCH).get_data(as_text=True)
        if offer in text_of(plain):
            break
    else:
        raise AssertionError("no sheet of the article draws a gap fill with a word bank")
    assert word_banks(plain) == []

    page = client.get(f"{url}&bank=1", headers=FRENCH).get_data(as_text=True)
    banks = word_banks(page)
    assert banks and all(bank.startswith("Banque de mots\u00a0:") for bank in banks)
    assert set(banks) <= {
        "Banque de mots\u00a0: Elon Musk Marc Andreessen Rafik Smati Sam Altman",
        "Banque de mots\u00a0: Apple Google Meta SoftBank",
    }
    assert prompts(page) == prompts(plain)  # the same questions, a help added
    other = re.search(r'href="([^"]+)">D’autres questions<', page).group(1)
    assert "bank=1" in html.unescape(other)  # another sheet keeps the banks
