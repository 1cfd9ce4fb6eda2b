"""The article editor: a draft written in forms, checked like content files, previewed, then
published; pupils and strangers see nothing of it before."""

import re
from dataclasses import replace
from html.parser import HTMLParser

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from edu.extensions import db
from edu.models import Article, ArticleDraft, AuditEvent, Item, User
from edu.services.content_store import exported_packs
from tests.classes_helpers import create_class, teacher_client
from tests.conftest import csrf_token

ENGLISH = {"Accept-Language": "en"}
FRENCH = {"Accept-Language": "fr"}
SLUG = "robot-teachers"


def new_article(**changes) -> dict:
    """The editor's fields for an article with a number, a name and a claim, and one question."""
    fields = {
        "slug": SLUG,
        "publication": "Le Journal",
        "date": "2025-03-14",
        "language": "fr",
        "level": "B1",
        "themes": ["governance"],
        "title_fr": "Des robots dans les classes",
        "title_en": "Robots in the classroom",
        "summary_fr": "Une école teste des robots. Les élèves donnent leur avis.",
        "summary_en": "A school tries robots. The pupils give their opinion.",
        "facts-0-id": "robot-count",
        "facts-0-kind": "number",
        "facts-0-text_fr": "L'école a acheté 12 robots.",
        "facts-0-text_en": "The school bought 12 robots.",
        "facts-0-value": "12",
        "facts-0-unit_fr": "robots",
        "facts-0-unit_en": "robots",
        "facts-0-where": "2",
        "facts-1-id": "robot-maker",
        "facts-1-kind": "entity",
        "facts-1-text_fr": "Les robots sont fabriqués par Robotix.",
        "facts-1-text_en": "The robots are made by Robotix.",
        "facts-1-entity_fr": "Robotix",
        "facts-1-entity_en": "Robotix",
        "facts-1-category": "company",
        "facts-1-where": "3",
        "facts-2-id": "pupils-like-them",
        "facts-2-kind": "claim",
        "facts-2-text_fr": "Selon l'article, les élèves apprécient les robots.",
        "facts-2-text_en": "According to the article, the pupils like the robots.",
        "facts-2-false_fr": "Selon l'article, les élèves refusent les robots.",
        "facts-2-false_en": "According to the article, the pupils refuse the robots.",
        "facts-2-where": "4",
        "questions-0-id": "robots-or-teachers",
        "questions-0-text_fr": "Un robot peut-il remplacer un professeur ?",
        "questions-0-text_en": "Can a robot replace a teacher?",
        "questions-0-motion_fr": "Cette assemblée pense que les robots feront de bons professeurs.",
        "questions-0-motion_en": "This house believes that robots will make good teachers.",
        "questions-0-facts": "robot-count, pupils-like-them",
        "questions-0-arguments_for-0-fr": "Les élèves les apprécient.",
        "questions-0-arguments_for-0-en": "The pupils like them.",
        "questions-0-arguments_for-0-facts": "pupils-like-them",
        "questions-0-arguments_for-1-fr": "Ils ne se fatiguent jamais.",
        "questions-0-arguments_for-1-en": "They never get tired.",
        "questions-0-arguments_against-0-fr": "Un robot ne comprend pas un enfant.",
        "questions-0-arguments_against-0-en": "A robot does not understand a child.",
        "questions-0-arguments_against-1-fr": "Douze robots coûtent cher.",
        "questions-0-arguments_against-1-en": "Twelve robots are expensive.",
        "questions-0-arguments_against-1-facts": "robot-count",
    }
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not None}


def post_new(client, fields: dict, action="save"):
    data = {"csrf_token": csrf_token(client, "/authoring/drafts/new"), "action": action, **fields}
    return client.post("/authoring/drafts/new", data=data, headers=ENGLISH)


def draft_id(app, slug=SLUG) -> int | None:
    with app.app_context():
        return db.session.scalar(select(ArticleDraft.id).where(ArticleDraft.slug == slug))


def pupil_client(app):
    teacher = teacher_client(app, "m.pupils")
    _, code = create_class(teacher)
    pupil = app.test_client()
    token = csrf_token(pupil, "/join")
    pupil.post("/join", data={"csrf_token": token, "code": code, "first_name": "Zoé"})
    return pupil


def test_a_teacher_writes_previews_and_publishes_an_article(app):
    teacher, pupil, stranger = teacher_client(app), pupil_client(app), app.test_client()
    response = post_new(teacher, new_article())
    assert response.status_code == 302
    edit = response.headers["Location"]
    page = teacher.get(edit, headers=ENGLISH).get_data(as_text=True)
    assert "No problems found" in page
    assert "Robots in the classroom" in page and "Des robots dans les classes" in page

    # A draft: on the teachers' list only, nowhere for pupils or strangers.
    assert SLUG in teacher.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    for visitor in (pupil, stranger, teacher):
        assert "Robots in the classroom" not in visitor.get("/", headers=ENGLISH).get_data(
            as_text=True
        )
        assert visitor.get(f"/articles/{SLUG}").status_code == 404
    for visitor in (pupil, stranger):
        assert visitor.get(edit).status_code in (302, 403)
        assert visitor.get(f"{edit}/preview").status_code in (302, 403)

    # The preview: the generated items with their right answers, and the debate prompt.
    preview = teacher.get(f"{edit}/preview", headers=ENGLISH).get_data(as_text=True)
    assert "This house believes that robots will make good teachers." in preview
    assert "Cette assemblée pense que les robots feront de bons professeurs." in preview
    assert "Robotix" in preview and "True or false" in preview and "A number to type" in preview
    with app.app_context():
        assert db.session.scalar(select(func.count(Article.id)).where(Article.slug == SLUG)) == 0

    # Publishing needs a CSRF token, then loads the article and generates its quiz.
    assert teacher.post(f"{edit}/publish").status_code == 400
    token = csrf_token(teacher, f"{edit}/preview")
    response = teacher.post(f"{edit}/publish", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(SLUG)
    assert draft_id(app) is None
    assert "Robots in the classroom" in stranger.get("/", headers=ENGLISH).get_data(as_text=True)
    assert pupil.get(f"/articles/{SLUG}").status_code == 200
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == SLUG))
        assert [fact.slug for fact in article.facts] == [
            "robot-count",
            "robot-maker",
            "pupils-like-them",
        ]
        assert article.questions[0].motion_en.startswith("This house believes")
        items = db.session.scalar(
            select(func.count(Item.id)).where(
                Item.article_id == article.id, Item.status == "published"
            )
        )
        assert items >= 5
    token = csrf_token(pupil, f"/articles/{SLUG}")
    started = pupil.post(f"/quiz/articles/{SLUG}", data={"csrf_token": token})
    assert started.status_code == 302 and "/questions/1" in started.headers["Location"]


def test_an_invalid_article_shows_messages_next_to_the_fields(app):
    teacher = teacher_client(app)
    broken = new_article(
        title_en="",
        **{"facts-1-entity_en": "Robotics Inc", "facts-2-id": "robot-count"},
    )
    response = post_new(teacher, broken)
    assert response.status_code == 302  # the draft is kept, problems and all
    page = teacher.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert "This needs fixing before publishing:" in page

    def error_of(field: str) -> str:
        match = re.search(
            rf'<span class="field-error" id="{field}-error"[^>]*>(.*?)</span></p>', page
        )
        assert match, f"no message next to {field}"
        return match.group(1)

    assert "English text (en) is empty" in error_of("title_en")
    assert "does not appear in the English text" in error_of("facts-1-entity_en")
    assert "duplicate fact id" in error_of("facts-2-id")
    assert 'aria-describedby="title_en-error"' in page

    # Nothing is published: not with the button, not for anyone.
    edit = f"/authoring/drafts/{draft_id(app)}"
    assert "disabled" in re.search(r"<button[^>]*>Publi", page).group(0)
    token = csrf_token(teacher, edit)
    response = teacher.post(f"{edit}/publish", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(edit)
    assert app.test_client().get(f"/articles/{SLUG}").status_code == 404
    preview = teacher.get(f"{edit}/preview", headers=ENGLISH).get_data(as_text=True)
    assert "This needs fixing before publishing:" in preview
    assert draft_id(app) is not None


def test_problems_are_written_in_the_teachers_language(app):
    teacher = teacher_client(app)
    broken = new_article(title_en="", **{"facts-1-entity_fr": "Robotica"})
    location = post_new(teacher, broken).headers["Location"]

    def errors(headers: dict) -> dict[str, str]:
        page = teacher.get(location, headers=headers).get_data(as_text=True)
        found = re.findall(r'id="([\w-]+)-error"[^>]*>(.*?)</span></p>', page)
        assert 'lang="en"' not in "".join(message for _, message in found)
        # In the page's language, even next to a field in the other language.
        locale = headers["Accept-Language"]
        assert f'id="title_en-error" role="alert" lang="{locale}"' in page
        return dict(found)

    french = errors(FRENCH)
    assert "titre\u00a0: le texte en anglais (en) est vide" in french["title_en"]
    assert (
        "fait «\u00a0robot-maker\u00a0»\u00a0: la réponse «\u00a0Robotica\u00a0» n’apparaît pas "
        "dans le texte en français" in french["facts-1-entity_fr"]
    )
    assert "English text" not in french["title_en"]

    english = errors(ENGLISH)
    assert "title: the English text (en) is empty" in english["title_en"]
    assert (
        "fact &#39;robot-maker&#39;: the answer &#39;Robotica&#39; does not appear "
        "in the French text" in english["facts-1-entity_fr"]
    )

    # The preview lists them in the teacher's language too.
    preview = teacher.get(f"{location}/preview", headers=FRENCH).get_data(as_text=True)
    assert "titre\u00a0: le texte en anglais (en) est vide" in preview


def test_a_new_article_needs_a_free_well_formed_id(app):
    teacher = teacher_client(app)
    for slug in ("Robots Teachers", "deepseek-shock", ""):
        response = post_new(teacher, new_article(slug=slug))
        assert response.status_code == 422
        assert 'class="field-error" id="slug-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ArticleDraft.id))) == 0


def test_empty_rows_are_ignored_and_buttons_add_rows(app):
    teacher = teacher_client(app)
    response = post_new(teacher, new_article(), action="add-fact")
    assert response.status_code == 302 and "facts=2" in response.headers["Location"]
    page = teacher.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    assert 'name="facts-4-id"' in page and 'name="facts-5-id"' not in page
    assert "No problems found" in page
    response = teacher.post(
        f"/authoring/drafts/{draft_id(app)}",
        data={"csrf_token": csrf_token(teacher, "/authoring"), "action": "add-question"},
    )
    assert "questions=2" in response.headers["Location"]


def test_no_state_change_on_get_and_csrf_on_every_form(app):
    teacher = teacher_client(app)
    assert teacher.post("/authoring/drafts/new", data=new_article()).status_code == 400
    assert teacher.post("/authoring/articles/deepseek-shock/draft").status_code == 400
    assert teacher.get("/authoring/articles/deepseek-shock/draft").status_code == 405
    assert draft_id(app, "deepseek-shock") is None
    post_new(teacher, new_article())
    edit = f"/authoring/drafts/{draft_id(app)}"
    assert teacher.post(f"{edit}/delete").status_code == 400
    assert teacher.get(f"{edit}/delete").status_code == 405
    response = teacher.post(f"{edit}/delete", data={"csrf_token": csrf_token(teacher, edit)})
    assert response.status_code == 302 and draft_id(app) is None


class _Fields(HTMLParser):
    """The fields of the editor's form, as a browser would send them back."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.data: list[tuple[str, str]] = []
        self.inside = False
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") != "checkbox":
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "input" and name and "checked" in attrs:
            self.data.append((name, attrs["value"]))
        elif tag == "textarea":
            self.textarea = name
            self.data.append((name, ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and "selected" in attrs:
            self.data.append((self.select, attrs["value"]))

    def handle_data(self, data):
        if self.textarea:
            name, text = self.data[-1]
            self.data[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "textarea" and self.textarea:
            name, text = self.data[-1]
            self.data[-1] = (name, text.removeprefix("\n"))
            self.textarea = None


def test_editing_a_published_article_round_trips(app):
    teacher = teacher_client(app)
    slug = "deepseek-shock"
    with app.app_context():
        before = exported_packs(db.session, slug)[0]
        facts_before = db.session.scalar(
            select(func.count(Item.id)).join(Item.article).where(Article.slug == slug)
        )
    token = csrf_token(teacher, "/authoring")
    response = teacher.post(f"/authoring/articles/{slug}/draft", data={"csrf_token": token})
    edit = response.headers["Location"]
    # Asking again opens the same draft.
    again = teacher.post(f"/authoring/articles/{slug}/draft", data={"csrf_token": token})
    assert again.headers["Location"] == edit
    page = teacher.get(edit, headers=ENGLISH).get_data(as_text=True)
    assert "No problems found" in page and "updates the article in place" in page
    assert teacher.get(f"/articles/{slug}").status_code == 200  # still published meanwhile

    fields = _Fields(edit)
    fields.feed(page)
    assert len(fields.data) > 100
    data = MultiDict([*fields.data, ("action", "save")])
    response = teacher.post(edit, data=data, headers=ENGLISH)
    assert response.status_code == 302
    assert "No problems found" in teacher.get(edit, headers=ENGLISH).get_data(as_text=True)
    token = csrf_token(teacher, edit)
    assert teacher.post(f"{edit}/publish", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        after = exported_packs(db.session, slug)[0]
        assert after == before
        assert replace(after, facts=()) == replace(before, facts=())
        count = db.session.scalar(
            select(func.count(Item.id)).join(Item.article).where(Article.slug == slug)
        )
        assert count == facts_before
        assert db.session.scalar(select(func.count(Article.id))) == 5


def test_question_problems_are_placed_next_to_their_fields(app):
    teacher = teacher_client(app)
    broken = new_article(
        **{
            "facts-0-value": "13",
            "questions-0-facts": "robot-count, no-such-fact",
            "questions-0-arguments_against-1-fr": "",
            "questions-0-arguments_against-1-en": "",
            "questions-0-arguments_against-1-facts": "",
        }
    )
    response = post_new(teacher, broken)
    page = teacher.get(response.headers["Location"], headers=ENGLISH).get_data(as_text=True)
    for field, message in [
        ("facts-0-value", "the value is not in the French text"),
        ("questions-0-facts", "no fact with id &#39;no-such-fact&#39;"),
        ("questions-0-arguments_against-0-fr", "arguments against needs at least 2"),
    ]:
        match = re.search(rf'id="{field}-error"[^>]*>(.*?)</span></p>', page)
        assert match and message in match.group(1), field


# -- whose draft it is ---------------------------------------------------------------------------


def admin_client(app, username="admin.it"):
    return teacher_client(app, username, role="admin")


def refusals(app, username: str) -> list[str]:
    """The paths refused to this user, as the audit log has them."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.subject)
                .join(User, AuditEvent.user_id == User.id)
                .where(AuditEvent.action == "permission-denied", User.username == username)
                .order_by(AuditEvent.id)
            )
        )


def draft_yaml(app, slug=SLUG) -> str | None:
    with app.app_context():
        return db.session.scalar(select(ArticleDraft.yaml).where(ArticleDraft.slug == slug))


def test_another_teacher_can_neither_open_nor_change_a_draft(app):
    alice, bruno = teacher_client(app, "m.alice"), teacher_client(app, "m.bruno")
    post_new(alice, new_article())
    edit = f"/authoring/drafts/{draft_id(app)}"
    before = draft_yaml(app)
    token = csrf_token(bruno, "/authoring")

    assert SLUG not in bruno.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    for path in (edit, f"{edit}/preview"):
        response = bruno.get(path, headers=ENGLISH)
        assert response.status_code == 404
        assert "Robots in the classroom" not in response.get_data(as_text=True)
    data = {**new_article(title_en="Taken over"), "csrf_token": token, "action": "save"}
    assert bruno.post(edit, data=data).status_code == 404
    for action in ("publish", "delete"):
        assert bruno.post(f"{edit}/{action}", data={"csrf_token": token}).status_code == 404
    assert draft_yaml(app) == before  # not changed, not deleted
    assert app.test_client().get(f"/articles/{SLUG}").status_code == 404  # not published
    assert refusals(app, "m.bruno") == [
        edit,
        f"{edit}/preview",
        edit,
        f"{edit}/publish",
        f"{edit}/delete",
    ]
    # Its author still works on it as before.
    assert alice.get(edit).status_code == 200
    assert SLUG in alice.get("/authoring", headers=ENGLISH).get_data(as_text=True)


def test_an_admin_opens_every_draft_and_the_author_keeps_it(app):
    alice, admin = teacher_client(app, "m.alice"), admin_client(app)
    post_new(alice, new_article())
    edit = f"/authoring/drafts/{draft_id(app)}"
    assert SLUG in admin.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    assert "Robots in the classroom" in admin.get(edit, headers=ENGLISH).get_data(as_text=True)
    assert admin.get(f"{edit}/preview").status_code == 200
    data = {**new_article(title_en="Robots at school"), "csrf_token": csrf_token(admin, edit)}
    assert admin.post(edit, data={**data, "action": "save"}).status_code == 302
    assert "Robots at school" in draft_yaml(app)
    # The admin's edit did not take the draft from its author.
    assert "Robots at school" in alice.get(edit, headers=ENGLISH).get_data(as_text=True)
    assert refusals(app, "admin.it") == []


def test_a_draft_whose_author_is_gone_is_for_admins_only(app):
    alice, bruno, admin = (
        teacher_client(app, "m.alice"),
        teacher_client(app, "m.bruno"),
        admin_client(app),
    )
    post_new(alice, new_article())
    edit = f"/authoring/drafts/{draft_id(app)}"
    with app.app_context():
        db.session.delete(db.session.scalar(select(User).where(User.username == "m.alice")))
        db.session.commit()
        assert db.session.get(ArticleDraft, draft_id(app)).author_id is None
    assert bruno.get(edit).status_code == 404
    assert SLUG not in bruno.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    assert admin.get(edit).status_code == 200
    assert SLUG in admin.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    token = csrf_token(admin, edit)
    assert admin.post(f"{edit}/delete", data={"csrf_token": token}).status_code == 302
    assert draft_id(app) is None


def test_a_published_article_being_edited_by_another_teacher_says_so(app):
    alice, bruno = teacher_client(app, "m.alice"), teacher_client(app, "m.bruno")
    slug = "deepseek-shock"
    token = csrf_token(alice, "/authoring")
    edit = alice.post(f"/authoring/articles/{slug}/draft", data={"csrf_token": token})
    assert edit.status_code == 302 and "/authoring/drafts/" in edit.headers["Location"]
    token = csrf_token(bruno, "/authoring")
    response = bruno.post(
        f"/authoring/articles/{slug}/draft", data={"csrf_token": token}, headers=ENGLISH
    )
    assert response.status_code == 302 and response.headers["Location"] == "/authoring"
    page = bruno.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    assert "already has a draft under way, by someone else" in page
    assert bruno.get(edit.headers["Location"]).status_code == 404


def test_a_fact_of_every_new_category_is_written_in_the_editor(app):
    teacher = teacher_client(app)
    page = teacher.get("/authoring/drafts/new", headers=FRENCH).get_data(as_text=True)
    offered = re.findall(r'<option[^>]*value="([a-z]+)"', page.split('name="facts-0-category"')[1])
    assert offered[:4] == ["leader", "official", "business", "thinker"]
    assert {"product", "technology", "policy"} <= set(offered)
    assert "person" not in offered and "other" not in offered
    assert "une personne\u00a0: chef d’État ou de gouvernement" in page
    assert "une technologie ou une norme (5G)" in page

    # A name of a new category is saved, published and read back with its category.
    fields = new_article(
        **{
            "facts-1-text_fr": "Les robots parlent grâce à la 5G.",
            "facts-1-text_en": "The robots talk over 5G.",
            "facts-1-entity_fr": "5G",
            "facts-1-entity_en": "5G",
            "facts-1-category": "technology",
            "facts-3-id": "robot-minister",
            "facts-3-kind": "entity",
            "facts-3-text_fr": "Emmanuel Macron a visité l’école.",
            "facts-3-text_en": "Emmanuel Macron visited the school.",
            "facts-3-entity_fr": "Emmanuel Macron",
            "facts-3-entity_en": "Emmanuel Macron",
            "facts-3-category": "leader",
            "facts-3-where": "5",
        }
    )
    response = post_new(teacher, fields)
    assert response.status_code == 302
    edit = response.headers["Location"]
    page = teacher.get(edit, headers=ENGLISH).get_data(as_text=True)
    assert "No problems found" in page
    assert re.search(
        r'<option selected value="technology"|<option value="technology" selected', page
    )
    token = csrf_token(teacher, f"{edit}/preview")
    assert teacher.post(f"{edit}/publish", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        (stored,) = exported_packs(db.session, SLUG)
    categories = {fact.id: fact.answer.get("category") for fact in stored.facts}
    assert categories["robot-maker"] == "technology" and categories["robot-minister"] == "leader"

    # An old category is no longer offered: nothing is saved.
    response = post_new(teacher, new_article(slug="old-kinds", **{"facts-1-category": "person"}))
    assert response.status_code == 422 and draft_id(app, "old-kinds") is None


def test_a_teacher_chooses_a_facts_wrong_options_and_other_spellings(app):
    """The editor writes `wrong` and `also` as the packs do: names separated by semicolons,
    "Fr / En" where a name differs, and "no choice item" as an empty list."""
    teacher = teacher_client(app)
    slug = "deepseek-shock"
    token = csrf_token(teacher, "/authoring")
    edit = teacher.post(f"/authoring/articles/{slug}/draft", data={"csrf_token": token})
    edit = edit.headers["Location"]
    fields = _Fields(edit)
    fields.feed(teacher.get(edit, headers=ENGLISH).get_data(as_text=True))
    data = MultiDict([*fields.data, ("action", "save")])
    rows = {value: name.split("-")[1] for name, value in fields.data if name.endswith("-id")}
    altman, meta = rows["altman-impressed"], rows["meta-investment"]
    data[f"facts-{altman}-wrong"] = "Tim Cook; Satya Nadella; Sundar Pichai / Sundar Pichai"
    data[f"facts-{altman}-also"] = "Altman; S. Altman"
    data[f"facts-{meta}-no_choice"] = "y"
    assert teacher.post(edit, data=data, headers=ENGLISH).status_code == 302
    page = teacher.get(edit, headers=ENGLISH).get_data(as_text=True)
    assert "No problems found" in page
    assert 'value="Tim Cook; Satya Nadella; Sundar Pichai"' in page  # shown back as typed
    token = csrf_token(teacher, edit)
    assert teacher.post(f"{edit}/publish", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        (article,) = exported_packs(db.session, slug)
        facts = {fact.id: fact for fact in article.facts}
        keys = set(db.session.scalars(select(Item.key).join(Item.article)))
    assert facts["altman-impressed"].answer["wrong"] == [
        {"fr": name, "en": name} for name in ("Tim Cook", "Satya Nadella", "Sundar Pichai")
    ]
    assert facts["altman-impressed"].answer["also"] == ["Altman", "S. Altman"]
    assert facts["meta-investment"].answer["wrong"] == []
    assert "deepseek-shock/meta-investment/numeric" in keys
