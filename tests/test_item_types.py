"""The item type registry (edu/quiz/types): every registered type implements every part, each on
a sample item, and the registry holds exactly the types generation, the teachers' form and the
GIFT reader make."""

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from edu.gift.convert import to_items, to_question
from edu.gift.parser import KINDS, GiftAnswer, GiftQuestion, parse_gift
from edu.gift.writer import write_gift
from edu.i18n import item_type_names
from edu.quiz.answers import AnswerFormatError
from edu.quiz.generation import GENERATED_TYPES
from edu.quiz.handwritten import HANDWRITTEN_TYPES
from edu.quiz.items import GAP, NOT_ASKED, Item
from edu.quiz.scoring import Listed, display_answer, display_given, score, shown_answer, shown_given
from edu.quiz.types import ITEM_TYPES, from_gift_kind, item_type
from edu.quiz.types.base import LETTERS, ItemType
from tests.conftest import make_app


def t(fr, en):
    return {"fr": fr, "en": en}


def item(kind, prompt, data, answer):
    return Item(
        id=f"a/sample/{kind}", type=kind, article="a", prompt=prompt, data=data, answer=answer
    )


CHOICES = [
    {"id": "c1", "text": t("Google", "Google")},
    {"id": "c2", "text": t("SoftBank", "SoftBank")},
    {"id": "c3", "text": t("Méta", "Meta")},
]

# Per type: a sample item as stored, the form of a right answer and the form of a wrong one.
SAMPLES: dict[str, tuple[Item, dict[str, Any], dict[str, Any]]] = {
    "numeric": (
        item(
            "numeric",
            t(f"Stargate coûte {GAP} milliards.", f"Stargate costs {GAP} billion."),
            {"unit": t("milliards de dollars", "billion dollars")},
            {"value": 500, "tolerance": 0.05},
        ),
        {"answer": "500"},
        {"answer": "1000"},
    ),
    "choice": (
        item("choice", t("Qui finance ?", "Who funds it?"), {"choices": CHOICES}, {"choice": "c2"}),
        {"answer": "c2"},
        {"answer": "c1"},
    ),
    "multiple": (
        item(
            "multiple",
            t("Lesquels ?", "Which ones?"),
            {"choices": CHOICES},
            {"weights": {"c1": 50.0, "c2": 50.0, "c3": -100.0}},
        ),
        {"answer": ["c1", "c2"]},
        {"answer": ["c1", "c3"]},
    ),
    "cloze": (
        item("cloze", t(f"Le moment {GAP}.", f"The {GAP} moment."), {}, t("Spoutnik", "Sputnik")),
        {"answer": "sputnik"},
        {"answer": "Apollo"},
    ),
    "short": (
        item(
            "short",
            t("Où est né Jésus ?", "Where was Jesus born?"),
            {},
            {"accepted": [{"text": "Bethléem", "weight": 100.0}, {"text": "Naz*", "weight": 50.0}]},
        ),
        {"answer": "bethleem"},
        {"answer": "Nazareth"},
    ),
    "true-false": (
        item(
            "true-false",
            t("R1 a coûté 6 millions.", "R1 cost 6 million."),
            {"statement": t("R1 a coûté 6 millions.", "R1 cost 6 million.")},
            {"value": True},
        ),
        {"answer": "true"},
        {"answer": "false"},
    ),
    "ordering": (
        item(
            "ordering",
            t("Dans l’ordre.", "In order."),
            {
                "entries": [
                    {"id": "e1", "fact": "b", "text": t(f"B en {GAP}", f"B in {GAP}")},
                    {"id": "e2", "fact": "a", "text": t("A", "A")},
                    {"id": "e3", "fact": "c", "text": t("C", "C")},
                ]
            },
            {"order": ["e2", "e1", "e3"]},
        ),
        {"position-e1": "2", "position-e2": "1", "position-e3": "3"},
        {"position-e1": "1", "position-e2": "2", "position-e3": "3"},
    ),
    "matching": (
        item(
            "matching",
            t("Associez.", "Match."),
            {
                "left": [
                    {"id": "l1", "text": t(f"{GAP} a publié R1", f"{GAP} released R1")},
                    {"id": "l2", "text": t("Qwen", "Qwen")},
                ],
                "right": [
                    {"id": "r1", "text": t("Alibaba", "Alibaba")},
                    {"id": "r2", "text": t("DeepSeek", "DeepSeek")},
                    {"id": "r3", "text": t("Meta", "Meta")},
                ],
            },
            {"pairs": {"l1": "r2", "l2": "r1"}},
        ),
        {"match-l1": "r2", "match-l2": "r1"},
        {"match-l1": "r1", "match-l2": "r2"},
    ),
    "sorting": (
        item(
            "sorting",
            t("L’open source est une arme.", "Open source is a weapon."),
            {
                "entries": [
                    {"id": "a1", "text": t("Cela fixe les normes.", "It sets the standards.")},
                    {"id": "a2", "text": t("C’est du partage.", "It is sharing.")},
                    {"id": "a3", "text": t("Cela crée une dépendance.", "It creates dependence.")},
                ]
            },
            {"sides": {"a1": "for", "a2": "against", "a3": "for"}},
        ),
        {"side-a1": "for", "side-a2": "against", "side-a3": "for"},
        {"side-a1": "against", "side-a2": "against"},
    ),
    "essay": (item("essay", t("Discutez.", "Discuss."), {}, {}), {}, {}),
    "description": (item("description", t("À lire.", "To read."), {}, {}), {}, {}),
}

ASKED = [name for name, kind in ITEM_TYPES.items() if kind.asked]


def sample(name) -> tuple[ItemType, Item, MultiDict, MultiDict]:
    stored, right, wrong = SAMPLES[name]
    return item_type(name), stored, MultiDict(right), MultiDict(wrong)


# -- the registry -------------------------------------------------------------------------------


def test_the_registry_holds_every_type_the_quiz_can_meet():
    made = set(GENERATED_TYPES) | set(HANDWRITTEN_TYPES) | {from_gift_kind(k).name for k in KINDS}
    assert set(ITEM_TYPES) == made
    assert {name for name, kind in ITEM_TYPES.items() if not kind.asked} == set(NOT_ASKED)


def test_every_type_has_a_sample_here():
    assert set(SAMPLES) == set(ITEM_TYPES), "a new item type needs its sample in SAMPLES"


def test_each_gift_kind_becomes_one_type():
    importers = [kind.gift_kind for kind in ITEM_TYPES.values() if kind.imports_gift]
    assert sorted(importers) == sorted(KINDS)
    for kind in ITEM_TYPES.values():
        assert kind.gift_kind in KINDS


FRENCH_CATALOG = Path(__file__).resolve().parents[1] / "translations/fr/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def french():
    with FRENCH_CATALOG.open("rb") as handle:
        return read_po(handle, locale="fr")


@pytest.mark.parametrize("name", sorted(ITEM_TYPES))
def test_every_type_names_itself_for_teachers_in_both_languages(french, name):
    label = getattr(item_type(name), "label", None)
    assert isinstance(label, str) and label.strip(), f"{name} needs its `label = N_(...)`"
    assert label != name  # teachers never read the stored name
    message = french.get(label)
    assert message is not None, f"{label!r} is not in the French catalog: update it"
    assert message.string and not message.fuzzy, f"{label!r} has no French yet"


def test_the_pages_name_every_type_from_the_registry(app):
    for locale in ("fr", "en"):
        with app.test_request_context(headers={"Accept-Language": locale}):
            names = item_type_names()
        assert set(names) == set(ITEM_TYPES)
        assert len(set(names.values())) == len(names)  # no two types read alike
        if locale == "fr":
            assert names["true-false"] == "Vrai ou faux"


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="poll"):
        item_type("poll")


PAIRS = (GiftAnswer("Qwen", match="Alibaba"), GiftAnswer("Llama", match="Meta"))


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (
            GiftQuestion("Who makes it?", "matching", (*PAIRS, GiftAnswer("Gemini"))),
            "matching pair 'Gemini' has no right side",
        ),
        (
            GiftQuestion("How many?", "numerical", (GiftAnswer("3..", low=3.0),)),
            "numerical answer '3..' has neither a value nor a full range",
        ),
    ],
)
def test_a_gift_answer_missing_a_part_is_refused_by_name(question, named):
    """Questions built in code, not parsed: the parser never makes these."""
    with pytest.raises(ValueError, match=named):
        to_items([question], "a", "en")


@pytest.mark.parametrize("name", sorted(ITEM_TYPES))
def test_every_part_is_implemented(name):
    kind = item_type(name)
    assert isinstance(kind, ItemType) and kind.name == name
    assert not getattr(kind, "__abstractmethods__", None)
    assert kind.imports_gift == (type(kind).from_gift is not ItemType.from_gift)


# -- each part, on each type's sample -----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ITEM_TYPES))
def test_the_payload_is_typed_and_round_trips(name):
    kind, stored, _, _ = sample(name)
    payload = kind.read(stored)
    assert dataclasses.is_dataclass(payload)
    data, answer = kind.stored(payload)
    assert (data, answer) == (stored.data, stored.answer)
    json.dumps([data, answer])
    assert kind.parse(data, answer) == payload


@pytest.mark.parametrize("name", ASKED)
def test_an_answer_read_from_its_form_is_scored(name):
    kind, stored, right, wrong = sample(name)
    payload = kind.read(stored)
    for locale in ("fr", "en"):
        answer = kind.answer_from_form(payload, right)
        assert kind.score(payload, answer, locale).credit == 1.0
        assert score(stored, answer, locale).correct
        assert kind.score(payload, kind.answer_from_form(payload, wrong), locale).credit < 1.0
    with pytest.raises(AnswerFormatError):
        kind.answer_from_form(payload, MultiDict())
    with pytest.raises(AnswerFormatError):
        kind.score(payload, None, "fr")


@pytest.mark.parametrize("name", ASKED)
def test_a_stored_answer_shows_back_as_the_form_that_sent_it(name):
    kind, stored, right, _ = sample(name)
    payload = kind.read(stored)
    answer = kind.answer_from_form(payload, right)
    json.dumps(answer)  # stored as JSON
    assert kind.answer_from_form(payload, MultiDict(kind.form_fields(answer))) == answer


@pytest.mark.parametrize("name", ASKED)
def test_the_answers_are_written_in_words(name):
    kind, stored, right, _ = sample(name)
    answer = kind.answer_from_form(kind.read(stored), right)
    for language in ("fr", "en"):
        assert display_answer(stored, language)
        assert GAP not in display_answer(stored, language)
        assert display_given(stored, answer, language)
        assert display_given(stored, {"?": ["odd"]}, language)  # never refused


LISTED_TYPES = {"ordering": True, "matching": False, "sorting": False}  # numbered or not


@pytest.mark.parametrize("name", ASKED)
def test_an_answer_of_several_parts_is_a_short_list_of_whole_texts(name):
    """An order, pairs and sides are lists (one entry a fact, pair or argument); the others
    stay words. A list entry never holds a blank nor a run of entries joined with "; "."""
    kind, stored, right, _ = sample(name)
    answer = kind.answer_from_form(kind.read(stored), right)
    for language in ("fr", "en"):
        for shown in (shown_answer(stored, language), shown_given(stored, answer, language)):
            if name not in LISTED_TYPES:
                assert isinstance(shown, str)
                continue
            assert isinstance(shown, Listed) and shown.numbered is LISTED_TYPES[name]
            lines = [line for group in shown.groups for line in group.lines]
            assert len(lines) >= 2
            for line in lines:
                assert line.text.strip() and GAP not in line.text and "; " not in line.text
        assert isinstance(shown_given(stored, {"?": ["odd"]}, language), str | Listed)
        assert isinstance(shown_given(stored, 12, language), str)  # as stored, never refused


def test_the_sides_of_a_sorting_answer_are_labelled_in_the_language():
    _, stored, _, _ = sample("sorting")
    labels = {
        language: [group.label for group in shown_answer(stored, language).groups]
        for language in ("fr", "en")
    }
    assert labels == {"fr": ["Pour\u00a0:", "Contre\u00a0:"], "en": ["For:", "Against:"]}


@pytest.mark.parametrize("name", sorted(NOT_ASKED))
def test_what_is_never_asked_is_never_read_nor_scored(name):
    kind, stored, _, _ = sample(name)
    payload = kind.read(stored)
    with pytest.raises(ValueError, match=name):
        kind.answer_from_form(payload, MultiDict({"answer": "x"}))
    with pytest.raises(ValueError, match=name):
        score(stored, "x", "fr")
    assert display_answer(stored, "fr") == ""
    assert display_given(stored, "x", "fr") == "x"


# GIFT says these as the item does (a gap fill comes back as a short answer); numbers come back
# as a range, a matching's blank as an ellipsis, an order or sides as pairs to match.
SAME_RIGHT_ANSWER_BACK = {
    "choice",
    "multiple",
    "true-false",
    "short",
    "cloze",
    "essay",
    "description",
}


@pytest.mark.parametrize("name", sorted(ITEM_TYPES))
def test_gift_export_reads_back(name):
    kind, stored, _, _ = sample(name)
    for language in ("fr", "en"):
        question = to_question(stored, language)
        assert question.kind == kind.gift_kind
        (back,) = to_items(parse_gift(write_gift([question])).questions, "a", language)
        assert back.type == from_gift_kind(kind.gift_kind).name
        if name in SAME_RIGHT_ANSWER_BACK:
            assert display_answer(back, language) == display_answer(stored, language)
        if kind.imports_gift:
            # What GIFT holds comes back (in one language now), and goes out unchanged.
            imported = dataclasses.replace(kind.read(back), kept={})
            assert kind.stored(imported) == kind.stored(kind.from_gift(question))
            assert write_gift([to_question(back, language)]) == write_gift([question])


# -- templates ----------------------------------------------------------------------------------

WORDS = {
    key: t(key, key)
    for key in (
        "answer",
        "true",
        "false",
        "for",
        "against",
        "tick_one",
        "tick_all",
        "order",
        "match",
        "sort",
        "right_statement",
    )
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Only templates are drawn: the app needs no database."""
    return make_app("sqlite://", {}, tmp_path_factory.mktemp("app"), migrate=False)


def draw(app, macro: str, name: str, **values) -> str:
    page = "{% import template as fragment with context %}{{ fragment." + macro + " }}"
    with app.test_request_context():
        return render_template_string(
            page, template=item_type(name).template, display="both", locale="en", **values
        )


@pytest.mark.parametrize("name", sorted(ITEM_TYPES))
def test_each_type_draws_its_question_sheet_and_key(app, name):
    kind, stored, right, _ = sample(name)
    data = kind.in_page_order(kind.read(stored), seed=7, position=1, sheet=True)
    answer = kind.answer_from_form(data, right) if kind.asked else None
    values = {"item": stored, "data": data, "words": WORDS, "letters": LETTERS}
    page = draw(app, "question(item, data, form_values, none)", name, form_values={}, **values)
    for field in right:  # the page sends the fields its type reads
        assert f'name="{field}"' in page
    if answer is not None:  # and shows a given answer back as chosen
        shown = draw(
            app,
            "question(item, data, form_values, none)",
            name,
            form_values=kind.form_fields(answer),
            **values,
        )
        assert shown != page
    sheet = draw(app, "sheet(item, data, words, letters)", name, **values)
    assert bool(sheet.strip()) == kind.asked
    key = {"text": t("fr", "en"), **kind.answer_key(data, stored.prompt)}
    assert draw(app, "key(item, key, words)", name, key=key, **values).strip()
