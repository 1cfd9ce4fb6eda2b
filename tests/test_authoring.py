"""Teachers' content tools: packs and GIFT files downloaded, GIFT uploaded, for teachers only."""

import io
from pathlib import Path

import yaml
from sqlalchemy import func, select

from edu.extensions import db
from edu.gift.parser import parse_gift
from edu.models import Article, Item
from tests.classes_helpers import teacher_client
from tests.conftest import csrf_token

MOODLE = Path(__file__).resolve().parent / "fixtures" / "gift" / "moodle-examples.gift.txt"
ENGLISH = {"Accept-Language": "en"}


def slug_of(app) -> str:
    with app.app_context():
        return db.session.scalar(select(Article.slug).order_by(Article.slug))


def upload(client, slug, content: bytes, language="en"):
    data = {
        "csrf_token": csrf_token(client, "/authoring"),
        "language": language,
        "file": (io.BytesIO(content), "quiz.gift"),
    }
    return client.post(
        f"/authoring/articles/{slug}/gift",
        data=data,
        content_type="multipart/form-data",
        headers=ENGLISH,
    )


def imported_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Item.id)).where(Item.origin == "imported"))


def test_a_teacher_downloads_a_pack_and_a_gift_quiz(app):
    teacher, slug = teacher_client(app), slug_of(app)
    page = teacher.get("/authoring", headers=ENGLISH).get_data(as_text=True)
    assert f"/authoring/articles/{slug}.fr.gift" in page
    pack = teacher.get(f"/authoring/articles/{slug}.yaml")
    assert pack.headers["Content-Disposition"].startswith("attachment")
    assert yaml.safe_load(pack.get_data(as_text=True))["id"] == slug
    quiz = teacher.get(f"/authoring/articles/{slug}.fr.gift")
    read = parse_gift(quiz.get_data(as_text=True))
    assert read.ok and len(read.questions) > 10
    assert teacher.get(f"/authoring/articles/{slug}.de.gift").status_code == 404


def test_a_teacher_imports_moodles_examples_through_the_form(app):
    teacher, slug = teacher_client(app), slug_of(app)
    response = upload(teacher, slug, MOODLE.read_bytes())
    assert response.status_code == 302
    assert "43 questions imported" in teacher.get("/authoring", headers=ENGLISH).get_data(
        as_text=True
    )
    assert imported_count(app) == 43


def test_a_bad_file_shows_its_lines_and_imports_nothing(app):
    teacher, slug = teacher_client(app), slug_of(app)
    response = upload(teacher, slug, b"2 + 2 = {=4\n\nTrue or false? {MAYBE}\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in page and "line 1:" in page
    assert imported_count(app) == 0
    not_text = upload(teacher, slug, b"\xff\xfe\x00binary")
    assert not_text.status_code == 422 and imported_count(app) == 0


def test_only_teachers_use_the_content_tools(app, client):
    slug = slug_of(app)
    for url in (
        "/authoring",
        f"/authoring/articles/{slug}.yaml",
        f"/authoring/articles/{slug}.en.gift",
    ):
        assert client.get(url).headers["Location"].startswith("/signin")
    token = csrf_token(client, "/")
    refused = client.post(
        f"/authoring/articles/{slug}/gift",
        data={"csrf_token": token, "file": (io.BytesIO(MOODLE.read_bytes()), "q.gift")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 302 and imported_count(app) == 0


def first_choice_item(app, slug):
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        item = db.session.scalar(
            select(Item)
            .where(Item.article_id == article.id, Item.type == "choice")
            .order_by(Item.key)
        )
        return item.id, dict(item.current.prompt), item.current.data["choices"]


def test_a_teacher_rewords_an_item_as_a_new_version_and_past_answers_keep_theirs(app):
    teacher, slug = teacher_client(app), slug_of(app)
    item_id, prompt, choices = first_choice_item(app, slug)
    page = teacher.get(f"/authoring/articles/{slug}/items", headers=ENGLISH).get_data(as_text=True)
    assert f'id="item-{item_id}"' in page
    with app.app_context():
        old_version = db.session.get(Item, item_id).current.id
    form = {
        "csrf_token": csrf_token(teacher, "/authoring"),
        "prompt-fr": prompt["fr"] + " (reformulé)",
        "prompt-en": prompt["en"] + " (reworded)",
    }
    form.update(
        {f"choice-{c['id']}-{lang}": c["text"][lang] for c in choices for lang in ("fr", "en")}
    )
    teacher.post(f"/authoring/items/{item_id}/wording", data=form)
    with app.app_context():
        item = db.session.get(Item, item_id)
        assert len(item.versions) == 2 and item.current.prompt["en"] == prompt["en"] + " (reworded)"
        assert item.versions[0].id == old_version and item.versions[0].prompt == prompt
    # Generating again keeps the teacher's wording.
    runner = app.test_cli_runner()
    assert runner.invoke(args=["quiz", "generate"]).exit_code == 0
    with app.app_context():
        assert db.session.get(Item, item_id).current.prompt["en"].endswith(" (reworded)")


def test_a_wording_without_both_languages_is_refused(app):
    teacher, slug = teacher_client(app), slug_of(app)
    item_id, _prompt, _choices = first_choice_item(app, slug)
    form = {
        "csrf_token": csrf_token(teacher, "/authoring"),
        "prompt-fr": "Seulement en français",
        "prompt-en": "",
    }
    teacher.post(f"/authoring/items/{item_id}/wording", data=form, headers=ENGLISH)
    page = teacher.get(f"/authoring/articles/{slug}/items", headers=ENGLISH).get_data(as_text=True)
    assert "Give every text in French and in English" in page
    with app.app_context():
        assert len(db.session.get(Item, item_id).versions) == 1


def test_a_text_over_the_limit_is_refused_with_a_message_not_cut(app):
    teacher, slug = teacher_client(app), slug_of(app)
    long_prompt = "Quelle entreprise a publié ce modèle l’été dernier ? " * 40  # over 2,000
    assert len(long_prompt.strip()) > 2000
    response = add_by_hand(
        teacher,
        slug,
        type="choice",
        prompt_fr=long_prompt,
        prompt_en="Which company released this model?",
        lines_fr="= DeepSeek\n~ Alibaba",
        lines_en="= DeepSeek\n~ Alibaba",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "At most 2000 characters." in page
    assert long_prompt.strip() in page  # shown back whole, to shorten
    with app.app_context():
        handwritten = select(func.count(Item.id)).where(Item.origin == "handwritten")
        assert db.session.scalar(handwritten) == 0
    # Rewording with a text over the limit: refused with the message, no new version.
    item_id, prompt, choices = first_choice_item(app, slug)
    form = {"csrf_token": csrf_token(teacher, "/authoring"), "prompt-fr": long_prompt}
    form["prompt-en"] = prompt["en"]
    form.update(
        {f"choice-{c['id']}-{lang}": c["text"][lang] for c in choices for lang in ("fr", "en")}
    )
    teacher.post(f"/authoring/items/{item_id}/wording", data=form, headers=ENGLISH)
    page = teacher.get(f"/authoring/articles/{slug}/items", headers=ENGLISH).get_data(as_text=True)
    assert "At most 2000 characters." in page
    with app.app_context():
        assert len(db.session.get(Item, item_id).versions) == 1


def test_a_rejected_item_is_never_drawn_again(app):
    teacher, slug = teacher_client(app), slug_of(app)
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        ids = db.session.scalars(select(Item.id).where(Item.article_id == article.id)).all()
    token = csrf_token(teacher, "/authoring")
    for item_id in ids[1:]:
        teacher.post(
            f"/authoring/items/{item_id}/status", data={"csrf_token": token, "status": "rejected"}
        )
    with app.app_context():
        from edu.models import ItemVersion, Learner
        from edu.services import quizzes

        learner = Learner()
        db.session.add(learner)
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        attempt = quizzes.start_attempt(db.session, learner, article=article, seed=5)
        assert [db.session.get(ItemVersion, v).item_id for v in attempt.plan] == [ids[0]]
    teacher.post(
        f"/authoring/items/{ids[1]}/status", data={"csrf_token": token, "status": "published"}
    )
    with app.app_context():
        assert db.session.get(Item, ids[1]).status == "published"
    assert (
        teacher.post(
            f"/authoring/items/{ids[1]}/status", data={"csrf_token": token, "status": "gone"}
        ).status_code
        == 400
    )


def add_by_hand(teacher, slug, **fields):
    data = {"csrf_token": csrf_token(teacher, "/authoring"), **fields}
    return teacher.post(f"/authoring/articles/{slug}/items", data=data, headers=ENGLISH)


def test_a_teacher_adds_a_matching_question_by_hand(app):
    teacher, slug = teacher_client(app), slug_of(app)
    response = add_by_hand(
        teacher,
        slug,
        type="matching",
        prompt_fr="Associez chaque entreprise à son modèle.",
        prompt_en="Match each company with its model.",
        lines_fr="DeepSeek -> R1\nAlibaba -> Qwen\nMoonshot -> Kimi",
        lines_en="DeepSeek -> R1\nAlibaba -> Qwen\nMoonshot -> Kimi",
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.origin == "handwritten"))
        assert item.type == "matching" and item.status == "published"
        from edu.quiz.scoring import score
        from edu.services.quizzes import as_item

        domain = as_item(item.current)
        assert score(domain, domain.answer["pairs"], "fr").credit == 1.0
    page = teacher.get(f"/authoring/articles/{slug}/items", headers=ENGLISH).get_data(as_text=True)
    assert "Your question is added to the quiz." in page
    # Reloading the content packs leaves a teacher's own questions alone.
    assert app.test_cli_runner().invoke(args=["content", "load"]).exit_code == 0
    with app.app_context():
        assert db.session.get(Item, item.id).status == "published"


def test_a_wrong_hand_written_question_says_why_and_keeps_the_text(app):
    teacher, slug = teacher_client(app), slug_of(app)
    response = add_by_hand(
        teacher,
        slug,
        type="choice",
        prompt_fr="Qui a lancé R1 ?",
        prompt_en="",
        lines_fr="= DeepSeek\n~ Alibaba",
        lines_en="~ DeepSeek\n~ Alibaba\n~ Baidu",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write the question in French and in English." in page
    assert "The French and English answers need the same number of lines." in page
    assert "Qui a lancé R1 ?" in page
    with app.app_context():
        assert (
            db.session.scalar(select(func.count(Item.id)).where(Item.origin == "handwritten")) == 0
        )
