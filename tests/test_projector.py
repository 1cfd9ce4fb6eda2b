"""What the teacher shows the class: the join code in large type, the address and a QR code,
nothing private; and the login cards, printed several to a page, each with its own QR code."""

import re

import pytest
import segno

from tests.classes_helpers import PASSWORD, create_class, teacher_client
from tests.test_browser import (  # noqa: F401  (browser, live_server, new_page: fixtures)
    assert_accessible,
    browser,
    live_server,
    new_page,
)
from tests.test_managing_pupils import import_list, pupils_of

ENGLISH = {"Accept-Language": "en"}
FRENCH = {"Accept-Language": "fr"}


def qr_path(svg: str) -> str:
    return re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)


def qr_of(url: str) -> str:
    """What a phone reads from the QR code: the same drawing as segno's for that address."""
    return qr_path(segno.make(url, error="m").svg_inline(omitsize=True))


def test_the_projector_shows_the_code_the_address_and_a_qr_code_and_nothing_private(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    import_list(teacher, url, "Zoé Bernard\nZoé Martin\nLéa")
    pupils = pupils_of(app, url)
    show = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    assert f'href="{url}/projector"' in show and "Show to the class" in show
    response = teacher.get(f"{url}/projector", headers=ENGLISH)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "http://localhost/join" in page  # the whole address, to type
    assert "".join(re.findall(r"<span>(\w)</span>", page)) == code  # large, spaced letters
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S).group(0)
    assert (
        'role="img"' in svg
        and f"<title>QR code: it opens the page http://localhost/join?code={code}" in svg
    )
    assert qr_path(svg) == qr_of(f"http://localhost/join?code={code}")
    main = page[page.index("<main") :]
    for pupil in pupils.values():
        assert pupil.first_name not in main and pupil.pin not in main
    assert "style=" not in page and "<script" not in page  # the strict CSP holds
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    french = teacher.get(f"{url}/projector", headers=FRENCH).get_data(as_text=True)
    assert "2. Tapez le code de la classe\u00a0:" in french and "Code QR\u00a0: il ouvre" in french


def test_the_projector_is_the_teachers_only(app, client):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    other = teacher_client(app, "m.martin")
    assert other.get(f"{url}/projector").status_code == 404
    assert client.get(f"{url}/projector").headers["Location"].startswith("/signin")


def test_every_login_card_has_the_name_code_pin_address_and_a_qr_code_without_the_pin(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    import_list(teacher, url, "Zoé Bernard\nZoé Martin\nLéa")
    pupils = pupils_of(app, url)
    page = teacher.get(f"{url}/cards", headers=ENGLISH).get_data(as_text=True)
    cards = re.findall(r'<div class="login-card" id="pupil-\d+">.*?</svg>', page, re.S)
    assert len(cards) == 3
    for card, name in zip(cards, ["Léa", "Zoé B.", "Zoé M."], strict=True):
        pupil = pupils[name]
        assert f"<strong>{name}</strong>" in card and f"<strong>{pupil.pin}</strong>" in card
        assert code in card and "http://localhost/join" in card
        svg = card[card.index("<svg") :]
        assert qr_path(svg) == qr_of(f"http://localhost/join?code={code}")  # no PIN in it
        assert pupil.pin not in svg.split("<path")[0]
    assert "style=" not in page


# -- in Chromium ---------------------------------------------------------------------------------


def teacher_with_a_class(server, username: str, names: str) -> tuple[str, str]:
    from sqlalchemy import select

    from edu.extensions import db
    from edu.models import SchoolClass, User
    from edu.services import accounts, class_lists, classes

    with server.app_context():
        accounts.create_user(db.session, username, PASSWORD, "teacher")
        db.session.commit()
        teacher = db.session.scalar(select(User).where(User.username == username))
        school_class = classes.create_class(db.session, teacher, "6e Projection")
        classes.import_pupils(db.session, school_class, class_lists.lines_of(names))
        db.session.commit()  # services flush; here the test is the request that commits
        school_class = db.session.scalar(
            select(SchoolClass).where(SchoolClass.id == school_class.id)
        )
        return f"/classes/{school_class.public_id}", school_class.join_code


def signed_in_page(make_page, username: str):
    page = make_page("fr-FR")
    page.goto("/signin")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Se connecter").click()
    return page


@pytest.mark.browser
def test_the_projector_and_the_cards_in_chromium(
    new_page,  # noqa: F811  (the fixture imported above)
    live_server,  # noqa: F811
):
    names = "\n".join(f"Élève{n} Nom" for n in range(1, 13))
    url, code = teacher_with_a_class(live_server, "mme.projette", names)
    page = signed_in_page(new_page, "mme.projette")
    page.goto(url)
    assert page.locator("td", has_text=re.compile(r"^\d{4}$")).count() == 0  # no PIN here
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Montrer à la classe").click()
    assert page.locator("header.site").is_hidden()  # projected: no username, no menus
    letters = page.locator(".projector-code .letters")
    assert letters.inner_text().replace("\n", "") == code
    size = float(letters.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 56  # readable from the back of the room
    qr = page.get_by_role("img", name=re.compile("Code QR"))
    box = qr.bounding_box()
    assert box["width"] >= 150 and abs(box["width"] - box["height"]) < 2
    assert_accessible(page)

    page.goto(f"{url}/cards")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.locator("header.site").is_hidden() and page.locator("footer.site").is_hidden()
    cards = page.locator(".login-cards > li")
    assert cards.count() == 12
    for card in cards.all():
        assert card.locator("svg.qr").is_visible()
        assert card.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
        assert "dashed" in card.evaluate("e => getComputedStyle(e).borderTopStyle")
    tops = {round(card.bounding_box()["y"]) for card in cards.all()}
    assert len(tops) == 6  # two cards a row
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, f"12 cards on {pages} A4 pages"
