"""The teacher manages the class's pupils: a class list imported (pasted or a CSV file as Excel
writes it), a pupil renamed, a new PIN, a pupil moved to another class with their work."""

import io
import re

from sqlalchemy import func, select

from edu.extensions import db
from edu.models import Attempt, AuditEvent, Learner, Pupil, SchoolClass
from edu.services import assignments, class_lists, classes, quizzes
from tests.classes_helpers import any_answer, create_class, teacher_client
from tests.conftest import csrf_token
from tests.test_access_control import pupil_client

ENGLISH = {"Accept-Language": "en"}
FRENCH = {"Accept-Language": "fr"}


def import_list(teacher, url, names="", file=None, headers=ENGLISH):
    data = {"csrf_token": csrf_token(teacher, url), "names": names}
    if file is not None:
        data["file"] = (io.BytesIO(file), "classe.csv")
    return teacher.post(f"{url}/pupils/import", data=data, headers=headers)


def pupils_of(app, url) -> dict[str, Pupil]:
    with app.app_context():
        db.session.expire_all()
        school_class = db.session.scalar(
            select(SchoolClass).where(SchoolClass.public_id == url.rsplit("/", 1)[-1])
        )
        return {pupil.display_name: pupil for pupil in school_class.pupils}


def pupil_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Pupil))


def text_of(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", response.get_data(as_text=True))  # no-break spaces kept


# -- importing a class list ----------------------------------------------------------------------


def test_a_pasted_list_adds_pupils_with_pins_and_reports_every_line(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    names = "Zoé Bernard\nZoé Martin\n\nLéa\nLéa\n\u200bTom\n=cmd()\n" + "A" * 50 + "\nNoé"
    page = text_of(import_list(teacher, url, names))
    assert "4 pupils added" in page
    assert "1 name already in the class" in page
    assert "3 lines refused" in page  # the blank line is no name: left out, not refused
    assert "empty line" not in page and "invisible or control characters" in page
    assert "⟨U+200B⟩Tom" in page  # the invisible character is named, not hidden
    assert "characters a name does not have: = ( )" in page
    assert "too long" in page and "A" * 50 in page  # shown whole: nothing cut silently
    pupils = pupils_of(app, url)
    assert sorted(pupils) == ["Léa", "Noé", "Zoé B.", "Zoé M."]
    with app.app_context():
        for pupil in pupils.values():
            learner = db.session.get(Learner, pupil.learner_id)
            assert learner.display_name == pupil.display_name
            assert re.fullmatch(r"\d{4}", pupil.pin)


def test_the_report_is_in_french_too(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    page = text_of(import_list(teacher, url, "Léa;\n;Bernard\nLéa;\n", headers=FRENCH))
    assert "1 élève ajouté" in page and "1 nom déjà dans la classe" in page
    assert "1 ligne refusée" in page and "pas de nom dans cette ligne" in page


def test_a_surname_tells_apart_a_first_name_already_in_the_class(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Zoé")
    page = text_of(import_list(teacher, url, "Zoé Bernard\nzoe\nZOÉ"))
    assert "1 pupil added" in page and "2 names already in the class" in page
    assert sorted(pupils_of(app, url)) == ["Zoé", "Zoé B."]
    # The same list again: nobody twice.
    page = text_of(import_list(teacher, url, "Zoé Bernard"))
    assert "0 pupils added" in page and "1 name already in the class" in page
    assert pupil_count(app) == 2


def test_surnames_with_one_initial_get_as_many_letters_as_needed(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Zoé Bernard\nZoé Benoît\nLouis MARTIN\nDUPONT Marie")
    assert sorted(pupils_of(app, url)) == ["Louis", "Marie", "Zoé Ben.", "Zoé Ber."]


def test_a_csv_file_as_excel_writes_it_in_france(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    excel = "Nom;Prénom;Classe\r\nBernard;Zoé;4e B\r\nMartin;Zoé;4e B\r\nDurand;Léon;4e B\r\n"
    page = text_of(import_list(teacher, url, file=excel.encode("cp1252")))
    assert "3 pupils added" in page and "0 lines refused" in page
    assert sorted(pupils_of(app, url)) == ["Léon", "Zoé B.", "Zoé M."]


def test_a_utf8_csv_with_a_bom_commas_and_a_header(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    data = "\ufeffÉlève,Date\nChloé,2012-03-01\nAnaïs,2012-05-01\n,\n".encode()
    page = text_of(import_list(teacher, url, file=data))
    assert "2 pupils added" in page and "0 lines refused" in page  # "," is no name
    assert sorted(pupils_of(app, url)) == ["Anaïs", "Chloé"]


def test_a_file_with_nul_and_control_bytes_refuses_its_lines_and_adds_nobody(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    for content in (b"Al\x00ice\n", b"\x1b[31mBob\n", b"\xff\xfe::Q1:: {=oui}\n", b"\x00" * 500):
        response = import_list(teacher, url, file=content)
        assert response.status_code == 200
        assert "0 pupils added" in text_of(response)
    assert pupil_count(app) == 0


def test_too_long_a_list_is_refused_whole_with_a_message(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    many = "\n".join(f"Élève{n}" for n in range(class_lists.MAX_NAMES + 1))
    for response in (
        import_list(teacher, url, many),
        import_list(teacher, url, file=b"Zoe\n" * 30_000),  # 120 KB
        import_list(teacher, url, "x" * 200_000),
    ):
        assert response.status_code == 422
        page = text_of(response)
        assert "at most 200 names or 100 KB" in page and "Nothing was changed." in page
    response = import_list(teacher, url, many, headers=FRENCH)
    assert "au plus 200 noms ou 100 Ko" in text_of(response)
    assert pupil_count(app) == 0


def test_an_empty_import_or_both_at_once_gets_a_message(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    assert "choose a CSV file" in text_of(import_list(teacher, url, "  \n"))
    response = import_list(teacher, url, "Léa", file=b"Tom\n")
    assert response.status_code == 422 and "not both at once" in text_of(response)
    assert pupil_count(app) == 0


def test_an_import_needs_the_csrf_token_and_is_audited(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    response = teacher.post(f"{url}/pupils/import", data={"names": "Léa"})
    assert response.status_code in (400, 422) and pupil_count(app) == 0
    import_list(teacher, url, "Léa\n\n")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pupils-imported"))
        assert event is not None and event.actor == "mme.durand"


# -- the class page, a pupil's PIN ---------------------------------------------------------------


def test_the_class_page_shows_no_pin_but_the_cards_do(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Léa\nTom")
    pupils = pupils_of(app, url)
    page = teacher.get(url, headers=ENGLISH).get_data(as_text=True)
    for pupil in pupils.values():
        assert f"{url}/pupils/{pupil.id}/pin" in page  # "New PIN" is there
        assert f"{url}/pupils/{pupil.id}/rename" in page
    assert not re.search(r"<td>\d{4}</td>", page)
    assert "The PINs are on the login cards only." in page
    cards = teacher.get(f"{url}/cards").get_data(as_text=True)
    assert all(f"<strong>{pupil.pin}</strong>" in cards for pupil in pupils.values())


def test_a_new_pin_from_the_class_page_ends_the_old_one_and_the_sessions(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    import_list(teacher, url, "Léa")
    old = pupils_of(app, url)["Léa"]
    desk = pupil_client(app, code, "Léa", old.pin)
    page = teacher.get(url).get_data(as_text=True)
    action = re.search(rf'action="({url}/pupils/{old.id}/pin)"', page).group(1)
    response = teacher.post(action, data={"csrf_token": csrf_token(teacher, url)})
    assert response.headers["Location"].endswith(f"/cards#pupil-{old.id}")
    new = pupils_of(app, url)["Léa"].pin
    assert desk.get("/assignments").headers["Location"] == "/join"
    if new != old.pin:
        assert pupil_client_fails(app, code, "Léa", old.pin)
    assert pupil_client(app, code, "Léa", new)


def pupil_client_fails(app, code, first_name, pin) -> bool:
    client = app.test_client()
    token = csrf_token(client, "/join")
    data = {"csrf_token": token, "code": code, "first_name": first_name, "pin": pin}
    return client.post("/join", data=data).status_code == 422


# -- renaming --------------------------------------------------------------------------------------


def rename(teacher, url, pupil_id, first_name, initial="", headers=ENGLISH):
    data = {"csrf_token": csrf_token(teacher, url), "first_name": first_name, "initial": initial}
    teacher.post(f"{url}/pupils/{pupil_id}/rename", data=data, headers=headers)
    return text_of(teacher.get(url, headers=headers))


def test_a_teacher_renames_a_pupil_who_then_joins_with_the_new_name(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Zoe\nLéa")
    zoe = pupils_of(app, url)["Zoe"]
    page = rename(teacher, url, zoe.id, "  Zoé ", "b")
    assert "Zoe is now called Zoé B., and joins with this name." in page
    renamed = pupils_of(app, url)["Zoé B."]
    assert renamed.id == zoe.id and renamed.pin == zoe.pin
    with app.app_context():
        assert db.session.get(Learner, zoe.learner_id).display_name == "Zoé B."
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pupil-renamed"))
        assert "Zoe → Zoé B." in event.subject


def test_a_rename_that_would_clash_is_refused_with_a_message(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Zoé Bernard\nZoé Martin")
    pupils = pupils_of(app, url)
    page = rename(teacher, url, pupils["Zoé M."].id, "zoe", "B.")
    assert "Another pupil of the class is called zoe B.: add or change the initial." in page
    page = rename(teacher, url, pupils["Zoé M."].id, "Zoé", "B", headers=FRENCH)
    assert "Un autre élève de la classe s’appelle Zoé B.\u00a0: ajoutez" in page
    for bad in ("", "   ", "\u200bZoé", "<script>", "1234", "Z" * 41):
        page = rename(teacher, url, pupils["Zoé M."].id, bad)
    assert sorted(pupils_of(app, url)) == ["Zoé B.", "Zoé M."]


# -- moving --------------------------------------------------------------------------------------


def test_a_pupil_moves_to_another_class_with_their_work(app):
    teacher = teacher_client(app)
    url_a, code_a = create_class(teacher, "4e A")
    url_b, code_b = create_class(teacher, "4e B")
    import_list(teacher, url_a, "Léa\nTom")
    lea = pupils_of(app, url_a)["Léa"]
    with app.app_context():
        class_a = db.session.get(SchoolClass, lea.class_id)
        article = db.session.scalar(select(assignments.Article).order_by(assignments.Article.slug))
        quiz = assignments.assign_quiz(db.session, class_a, article)
        attempt = assignments.start_quiz(db.session, quiz, db.session.get(Pupil, lea.id).learner)
        attempt = attempt.attempt
        item = quizzes.item_at(db.session, attempt, 1)
        quizzes.record_response(db.session, attempt, 1, any_answer(item), "fr")
        attempt_id = attempt.id
        db.session.commit()
    desk = pupil_client(app, code_a, "Léa", lea.pin)
    page = text_of(teacher.get(url_a, headers=ENGLISH))
    target = url_b.rsplit("/", 1)[-1]
    assert f'<option value="{target}">4e B</option>' in page
    token = csrf_token(teacher, url_a)
    response = teacher.post(
        f"{url_a}/pupils/{lea.id}/move",
        data={"csrf_token": token, "target": target},
        headers=ENGLISH,
    )
    assert response.status_code == 302
    page = text_of(teacher.get(url_a, headers=ENGLISH))
    assert "Léa is now in 4e B, with all their work." in page
    assert sorted(pupils_of(app, url_a)) == ["Tom"]
    assert sorted(pupils_of(app, url_b)) == ["Léa"]
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).learner_id == lea.learner_id
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pupil-moved"))
        assert event is not None and f"pupil {lea.id}" in event.subject
    assert desk.get("/assignments").headers["Location"] == "/join"  # signed out
    assert pupil_client_fails(app, code_a, "Léa", lea.pin)  # the old class is not hers any more
    assert pupil_client(app, code_b, "Léa", lea.pin)  # her PIN, with the new code


def test_a_move_is_refused_into_another_teachers_class_or_onto_a_name(app):
    teacher = teacher_client(app)
    other = teacher_client(app, "m.martin")
    url_a, _ = create_class(teacher, "4e A")
    url_b, _ = create_class(teacher, "4e B")
    url_c, _ = create_class(other, "3e C")
    import_list(teacher, url_a, "Léa")
    import_list(teacher, url_b, "lea")
    lea = pupils_of(app, url_a)["Léa"]
    token = csrf_token(teacher, url_a)
    for target, message in (
        (url_c.rsplit("/", 1)[-1], "Choose one of your other classes."),
        (url_a.rsplit("/", 1)[-1], "Choose one of your other classes."),
        ("", "Choose one of your other classes."),
        (url_b.rsplit("/", 1)[-1], "The class 4e B already has a pupil called Léa"),
    ):
        data = {"csrf_token": token, "target": target}
        teacher.post(f"{url_a}/pupils/{lea.id}/move", data=data, headers=ENGLISH)
        assert message in text_of(teacher.get(url_a, headers=ENGLISH))
    assert sorted(pupils_of(app, url_a)) == ["Léa"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pupil)) == 2


def test_the_name_rules_of_a_class_list():
    assert class_lists.split("Zoé BERNARD") == ("Zoé", "BERNARD")
    assert class_lists.split("BERNARD Zoé") == ("Zoé", "BERNARD")
    assert class_lists.split("Marie Anne DE LA TOUR") == ("Marie Anne", "DE LA TOUR")
    assert class_lists.split("Jean-Pierre Martin") == ("Jean-Pierre", "Martin")
    assert class_lists.initials(["Bernard", "Benoît"]) == ["Ber.", "Ben."]
    assert class_lists.initials(["d’Arc", "Dupont"]) == ["Da.", "Du."]
    assert class_lists.problem("Élève2") is None and class_lists.problem("O’Neil") is None
    assert class_lists.problem("12") == "no-letters"
    assert class_lists.decode("Zoé".encode("cp1252")) == "Zoé"
    assert class_lists.decode(b"\xef\xbb\xbfZo\xc3\xa9") == "Zoé"
    assert [line.number for line in class_lists.lines_of("Prénom\nA\n\nB\n\n\n")] == [2, 4]


def test_a_class_list_service_reports_a_bare_duplicate_as_already_there(app):
    create_class(teacher_client(app))
    with app.app_context():
        school_class = db.session.scalar(select(SchoolClass))
        report = classes.import_pupils(
            db.session, school_class, class_lists.lines_of("Zoé\nZoé\nZoé Bernard")
        )
        assert [p.display_name for p in report.created] == ["Zoé", "Zoé B."]
        assert [(line.number, name) for line, name in report.already] == [(2, "Zoé")]


# -- lists as teachers write them: bullets, numbers, namesakes, Excel's files --------------------


def test_a_bulleted_or_numbered_list_gives_names_that_can_join(app):
    teacher = teacher_client(app)
    url, code = create_class(teacher)
    names = "- Zoé Martin\n- Léo Petit\n- Zoé Bernard\n* Tom\n• Inès\n1. Noé\n12) Lina\n— Sacha"
    page = text_of(import_list(teacher, url, names))
    assert "8 pupils added" in page and "0 lines refused" in page
    pupils = pupils_of(app, url)
    assert sorted(pupils) == sorted(
        ["Inès", "Léo", "Lina", "Noé", "Sacha", "Tom", "Zoé B.", "Zoé M."]
    )
    for name, pupil in pupils.items():
        assert pupil.name_key and not pupil.first_name.startswith("-")
        assert not pupil_client_fails(app, code, name, pupil.pin), name


def test_a_line_whose_first_name_has_no_letters_is_refused_with_why(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    page = text_of(import_list(teacher, url, "’ Zoé\nBERNARD -\nLéa"))
    assert "1 pupil added" in page and "2 lines refused" in page
    assert page.count("no first name: the first word has no letters") == 2
    assert sorted(pupils_of(app, url)) == ["Léa"]
    names, refused = class_lists.read(class_lists.lines_of("-\n- -\n' Zoé"))
    assert names == [] and [why for _, why in refused] == ["empty", "empty", "no-first-name"]


def test_a_surname_whose_initial_another_pupil_has_gets_a_longer_one(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Zoé Bonnet\nZoé Dupont")
    page = text_of(import_list(teacher, url, "Zoé Bernard"))
    assert "1 pupil added" in page and "0 names already in the class" in page
    assert "Told apart from a pupil already in the class" in page
    assert "<td>Zoé Bernard</td><td>Zoé Be.</td><td>Zoé B.</td>" in page
    assert sorted(pupils_of(app, url)) == ["Zoé B.", "Zoé Be.", "Zoé D."]
    french = text_of(import_list(teacher, url, "Zoé Bernard", headers=FRENCH))
    assert "0 élève ajouté" in french and "1 nom déjà dans la classe" in french
    # Each list again: nobody twice.
    page = text_of(import_list(teacher, url, "Zoé Bonnet\nZoé Dupont"))
    assert "0 pupils added" in page and "2 names already in the class" in page
    assert pupil_count(app) == 3


def test_surnames_alike_for_seven_letters_stay_different_pupils(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    names = "Zoé Bernard\nZoé Bernardin\nZoé Bernardo"
    page = text_of(import_list(teacher, url, names))
    assert "3 pupils added" in page and "0 names already in the class" in page
    assert sorted(pupils_of(app, url)) == ["Zoé Bernar2.", "Zoé Bernar3.", "Zoé Bernard."]
    page = text_of(import_list(teacher, url, names))
    assert "0 pupils added" in page and "3 names already in the class" in page
    assert class_lists.initials(["Bernardin", "Bernardo", "Bernardin"]) == [
        "Bernard.",
        "Bernar2.",
        "Bernard.",
    ]


def test_a_list_with_one_namesake_imported_twice_adds_nobody_the_second_time(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    for names in ("Zoé Bernard\nLéo Petit", "Zoé Bernard\nZoé", "Zoé Li\nZoé Lu", "Zoé Li"):
        import_list(teacher, url, names)
        before = sorted(pupils_of(app, url))
        page = text_of(import_list(teacher, url, names))
        assert "0 pupils added" in page, names
        assert sorted(pupils_of(app, url)) == before
    assert sorted(pupils_of(app, url)) == ["Léo", "Zoé", "Zoé B.", "Zoé Li.", "Zoé Lu."]


def test_a_utf16_file_as_excel_saves_unicode_text(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    text = "Prénom\tNom\r\nZoé\tBernard\r\nLéo\tPetit\r\n"
    for raw in (b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
        import_list(teacher, url, file=raw)
        assert sorted(pupils_of(app, url)) == ["Léo", "Zoé"]
    assert class_lists.decode(b"\xff\xfe" + "Zoé".encode("utf-16-le")) == "Zoé"


def test_blank_and_separator_lines_are_left_out_and_the_report_is_bounded(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    page = text_of(import_list(teacher, url, file=b"Zo\xe9;4e\r\n;;;\r\n\r\n;;\r\nL\xe9o;4e\r\n"))
    assert "2 pupils added" in page and "0 lines refused" in page
    assert "Lines refused" not in page
    assert import_list(teacher, url, file=b";;;\n" * 5000).status_code == 422  # no names
    bad = "\n".join(f"=cmd{n}()" for n in range(120))
    page = text_of(import_list(teacher, url, bad))
    assert "120 lines refused" in page
    assert page.count("characters a name does not have") == 50
    assert "and 70 more lines refused" in page
    french = text_of(import_list(teacher, url, bad, headers=FRENCH))
    assert "et 70 autres lignes refusées" in french


def test_login_cards_say_to_type_the_name_as_on_the_card(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Zoé Bernard\nZoé Martin")
    cards = text_of(teacher.get(f"{url}/cards"))
    assert "Name, typed exactly as on this card: “<strong>Zoé B.</strong>”" in cards
    assert (
        "votre nom exactement comme sur cette carte («\u00a0<strong>Zoé M.</strong>\u00a0»)"
        in cards
    )


def test_a_rename_clashes_as_joining_compares_names(app):
    teacher = teacher_client(app)
    url, _ = create_class(teacher)
    import_list(teacher, url, "Zoé Bernard\nZoé Benoît\nAnn")
    pupils = pupils_of(app, url)
    page = rename(teacher, url, pupils["Zoé Ben."].id, "ZOE", "BER")
    assert "Another pupil of the class is called ZOE BER.: add or change the initial." in page
    page = rename(teacher, url, pupils["Zoé Ben."].id, "Zoé", "-")
    assert "An initial needs a letter or a digit" in page
    page = rename(teacher, url, pupils["Ann"].id, "Ann", "A")
    assert "Ann is now called Ann A." in page
    assert sorted(pupils_of(app, url)) == ["Ann A.", "Zoé Ben.", "Zoé Ber."]
