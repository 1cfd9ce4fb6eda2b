"""Small things a teacher notices: type names, the favicon, the navigation, dangerous buttons."""

import re

from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token

FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}
RAW_TYPES = (
    "choice",
    "multiple",
    "true-false",
    "numeric",
    "cloze",
    "ordering",
    "matching",
    "sorting",
)


def metas(page: str) -> list[str]:
    return re.findall(r'<p class="meta">([^<·]*)', page)


def test_item_types_have_names_not_internal_codes(app):
    teacher = teacher_client(app)
    french = teacher.get("/authoring/articles/deepseek-shock/items", headers=FRENCH).get_data(
        as_text=True
    )
    types = {meta.strip() for meta in metas(french)}
    assert not types & set(RAW_TYPES), types
    assert "Vrai ou faux" in types
    english = teacher.get("/authoring/articles/deepseek-shock/items", headers=ENGLISH).get_data(
        as_text=True
    )
    types = {meta.strip() for meta in metas(english)}
    assert not types & set(RAW_TYPES), types
    assert "True or false" in types and "Match the pairs" in types


def test_the_draft_preview_names_item_types_too(app):
    teacher = teacher_client(app)
    token = csrf_token(teacher, "/authoring")
    response = teacher.post("/authoring/articles/deepseek-shock/draft", data={"csrf_token": token})
    preview = teacher.get(response.headers["Location"] + "/preview", headers=FRENCH)
    assert preview.status_code == 200
    types = {meta.strip() for meta in metas(preview.get_data(as_text=True))}
    assert "Vrai ou faux" in types and not types & set(RAW_TYPES)


def test_every_page_links_a_favicon_that_exists(client):
    page = client.get("/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon
    with client.get(icon.group(1)) as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data


def test_favicon_ico_is_not_a_404(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
        assert "max-age" in response.headers["Cache-Control"]


def header(page: str) -> str:
    return page[page.index('<header class="site">') : page.index("</header>")]


def test_sign_out_comes_last_after_the_teachers_menu(app):
    teacher = teacher_client(app)
    page = header(teacher.get("/", headers=ENGLISH).get_data(as_text=True))
    order = [page.index(label) for label in ("My classes", "Content", "My results", "Sign out")]
    assert order == sorted(order)
    assert page.index("Article text") < page.index("Sign out")  # after the preferences too
    assert page.rstrip().endswith("</div>") and page.count("Sign out") == 1
    nav = page[page.index('<nav aria-label="Main menu"') :]
    assert nav.index("My classes") < nav.index("</nav>")


def test_a_stranger_sees_join_and_sign_in_at_the_end(client):
    page = header(client.get("/", headers=FRENCH).get_data(as_text=True))
    assert page.index("Rejoindre une classe") < page.index("Langue") < page.index("Se connecter")


def test_delete_buttons_are_marked_dangerous_and_keep_their_confirmation(app):
    teacher = teacher_client(app)
    class_url, _ = create_class(teacher, "3e A")
    token = csrf_token(teacher, class_url)
    teacher.post(f"{class_url}/pupils", data={"csrf_token": token, "names": "Zoé"})
    page = teacher.get(class_url, headers=FRENCH).get_data(as_text=True)
    for label in ("Supprimer la classe", "Supprimer Zoé"):
        assert re.search(rf'<button type="submit" class="danger">{label}</button>', page), label
    assert 'class="danger-zone"' in page
    assert 'name="confirm" value="yes" id="confirm-class"' in page
    # Without the box ticked, nothing is deleted.
    teacher.post(f"{class_url}/delete", data={"csrf_token": token})
    assert teacher.get(class_url).status_code == 200
