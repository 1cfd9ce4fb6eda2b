"""The content-pack validator (edu/content/reading.py, checks.py), without Flask: every problem is
reported as `path:line: message`, at the right line, and a broken article is never returned."""

import ast
import sys
from pathlib import Path

import pytest

from edu.content import checks, messages, reading, yamlsource
from edu.content.messages import Message, Problem
from edu.content.numbers import number_spellings
from edu.content.pack import FACT_KINDS, Argument, Source, Text, Theme
from edu.content.reading import read_content
from edu.debate import rubric

CONTENT = Path(__file__).resolve().parent.parent / "content"
THEMES = 'open-source: {fr: "Open source", en: "Open source"}\n'

# A minimal valid pack: one fact of each kind and one question with two arguments per side.
VALID = """\
id: chip-race
source:
  publication: "Le Monde"
  date: "2025-01-28"
  language: fr
title: {fr: "La course aux puces", en: "The chip race"}
summary: {fr: "Un résumé.", en: "A summary."}
level: B2
themes: [open-source]
facts:
  - id: nvidia-loss
    kind: number
    text:
      fr: "Nvidia a perdu 1 120 milliards de dollars en un jour."
      en: "Nvidia lost 1,120 billion dollars in a single day."
    answer:
      value: 1120
      unit: {fr: "milliards de dollars", en: "billion dollars"}
      tolerance: 0.05
    where: 7
  - id: r1-release
    kind: date
    text: {fr: "R1 est sorti le 20 janvier 2025.", en: "R1 came out on 20 January 2025."}
    answer: {date: "2025-01-20"}
    where: 2
  - id: qwen-maker
    kind: entity
    text: {fr: "Le modèle Qwen est conçu par Alibaba.", en: "The Qwen model is built by Alibaba."}
    answer: {fr: "Alibaba", en: "Alibaba", category: company}
    where: 5
  - id: sanctions-backfired
    kind: claim
    text: {fr: "Les sanctions ont poussé la Chine à innover.", en: "Sanctions pushed China on."}
    false: {fr: "Les sanctions ont freiné la Chine.", en: "Sanctions held China back."}
    where: 8
questions:
  - id: sovereignty
    where: 17
    text: {fr: "L'Europe doit-elle avoir ses modèles ?", en: "Should Europe have its own models?"}
    motion: {fr: "Cette assemblée pense que oui.", en: "This house believes so."}
    facts: [nvidia-loss]
    arguments:
      for:
        - {fr: "Moins de dépendance.", en: "Less dependence.", facts: [sanctions-backfired]}
        - {fr: "Des emplois.", en: "Jobs."}
      against:
        - {fr: "Trop cher.", en: "Too costly."}
        - {fr: "Trop tard.", en: "Too late.", facts: [r1-release, qwen-maker]}
"""

ANOTHER_QUESTION = """\
  - id: sovereignty  # again
    text: {fr: "Encore ?", en: "Again?"}
    motion: {fr: "Oui.", en: "Yes."}
    facts: [nvidia-loss]
    arguments:
      for: [{fr: "a", en: "a"}, {fr: "b", en: "b"}]
      against: [{fr: "c", en: "c"}, {fr: "d", en: "d"}]
"""

ANOTHER_FACT = """\
  - id: qwen-maker  # again
    kind: claim
    text: {fr: "Un autre fait.", en: "Another fact."}
    false: {fr: "Un faux fait.", en: "A false fact."}
    where: 3
questions:
"""


# -- helpers ------------------------------------------------------------------------------------


def write_pack(
    folder: Path, text: str | bytes, name: str = "chip-race", themes: bool = True
) -> Path:
    """Write one article file (and themes.yaml) into `folder`; return the article's path."""
    folder.mkdir(parents=True, exist_ok=True)
    if themes:
        (folder / "themes.yaml").write_text(THEMES, encoding="utf-8")
    path = folder / f"{name}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def edit(old: str, new: str, text: str = VALID) -> str:
    """`text` with its one occurrence of `old` replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """The (1-based) number of the one line of `text` that contains `fragment`."""
    numbers = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(numbers) == 1, f"{fragment!r} is on lines {numbers}"
    return numbers[0]


def assert_problems(content, path: Path, expected: list[tuple[int, str]]) -> None:
    """Exactly the `expected` (line, message fragment) problems, all in `path`."""
    shown = "\n".join(map(str, content.problems))
    assert len(content.problems) == len(expected), shown
    for line, fragment in expected:
        assert any(
            str(p).startswith(f"{path}:{line}: ") and fragment in p.message
            for p in content.problems
        ), f"no problem at line {line} with {fragment!r} in:\n{shown}"


# -- a valid pack -------------------------------------------------------------------------------


def test_valid_pack_has_no_problems(tmp_path):
    content = read_content(write_pack(tmp_path, VALID))
    assert content.problems == []
    assert content.ok
    assert [article.id for article in content.articles] == ["chip-race"]
    assert content.themes == [Theme("open-source", Text("Open source", "Open source"))]


def test_valid_pack_gives_the_article_values(tmp_path):
    (article,) = read_content(write_pack(tmp_path, VALID)).articles
    assert article.source == Source("2025-01-28", "fr", "Le Monde", None)
    assert article.title == Text("La course aux puces", "The chip race")
    assert (article.level, article.themes) == ("B2", ("open-source",))
    facts = {fact.id: fact for fact in article.facts}
    assert list(facts) == ["nvidia-loss", "r1-release", "qwen-maker", "sanctions-backfired"]
    assert [fact.kind for fact in article.facts] == ["number", "date", "entity", "claim"]
    assert [fact.where for fact in article.facts] == [7, 2, 5, 8]
    assert facts["nvidia-loss"].answer == {
        "value": 1120,
        "tolerance": 0.05,
        "unit": {"fr": "milliards de dollars", "en": "billion dollars"},
    }
    assert facts["r1-release"].answer == {"date": "2025-01-20"}
    assert facts["qwen-maker"].answer == {"fr": "Alibaba", "en": "Alibaba", "category": "company"}
    assert facts["sanctions-backfired"].answer == {
        "false": {"fr": "Les sanctions ont freiné la Chine.", "en": "Sanctions held China back."}
    }
    (question,) = article.questions
    assert (question.id, question.where, question.facts) == ("sovereignty", 17, ("nvidia-loss",))
    assert question.motion == Text("Cette assemblée pense que oui.", "This house believes so.")
    assert question.arguments_for == (
        Argument(Text("Moins de dépendance.", "Less dependence."), ("sanctions-backfired",)),
        Argument(Text("Des emplois.", "Jobs.")),
    )
    assert question.arguments_against == (
        Argument(Text("Trop cher.", "Too costly.")),
        Argument(Text("Trop tard.", "Too late."), ("r1-release", "qwen-maker")),
    )


# -- one broken file per kind of error ----------------------------------------------------------

# name: (broken pack, [(a fragment of the line the problem is on, a fragment of its message)])
BROKEN = {
    # texts
    "missing-language": (
        edit('title: {fr: "La course aux puces", en: "The chip race"}', 'title: {fr: "Puces"}'),
        [("title:", "title is missing 'en'")],
    ),
    "missing-language-block": (
        edit('      en: "Nvidia lost 1,120 billion dollars in a single day."\n', ""),
        [("Nvidia a perdu", "fact 'nvidia-loss' text is missing 'en'")],
    ),
    "empty-text": (
        edit('en: "A summary."', 'en: ""'),
        [("summary:", "summary: the English text (en) is empty")],
    ),
    "blank-text": (
        edit('en: "Nvidia lost 1,120 billion dollars in a single day."', 'en: "   "'),
        [('en: "   "', "fact 'nvidia-loss' text: the English text (en) is empty")],
    ),
    "third-language": (
        edit('en: "The chip race"}', 'en: "The chip race", de: "Das Chiprennen"}'),
        [("title:", "unknown key 'de' in title")],
    ),
    # ids
    "duplicate-fact-id": (
        edit("questions:\n", ANOTHER_FACT),
        [("# again", "duplicate fact id 'qwen-maker' (first at line 26)")],
    ),
    "duplicate-question-id": (
        VALID + ANOTHER_QUESTION,
        [("# again", "duplicate question id 'sovereignty' (first at line 37)")],
    ),
    "malformed-fact-id": (
        edit("id: qwen-maker", "id: Bad_ID"),
        [
            ("Bad_ID", "fact id 'Bad_ID' is malformed"),
            ("qwen-maker]", "argument: no fact with id 'qwen-maker'"),  # its old id is gone
        ],
    ),
    "malformed-article-id": (
        edit("id: chip-race", "id: Chip_Race"),
        [("Chip_Race", "article id 'Chip_Race' is malformed")],
    ),
    "id-differs-from-file-name": (
        edit("id: chip-race", "id: chip-war"),
        [("chip-war", "article id 'chip-war' differs from the file name 'chip-race'")],
    ),
    # unknown keys
    "unknown-top-level-key": (
        edit("level: B2\n", "level: B2\ntags: [ai]\n"),
        [("tags:", "unknown key 'tags' in the article")],
    ),
    "unknown-key-in-fact": (
        edit("    where: 5\n", "    where: 5\n    source: 3\n"),
        [("source: 3", "unknown key 'source' in a fact")],
    ),
    "misspelt-key-in-fact": (
        edit('answer: {fr: "Alibaba"', 'anwser: {fr: "Alibaba"'),
        [("anwser:", "unknown key 'anwser' in a fact"), ("id: qwen-maker", "is missing 'answer'")],
    ),
    # references
    "dangling-question-fact": (
        edit("facts: [nvidia-loss]", "facts:\n      - nvidia-loss\n      - ghost"),
        [("- ghost", "question 'sovereignty' facts: no fact with id 'ghost' in this article")],
    ),
    "dangling-argument-fact": (
        edit("facts: [sanctions-backfired]", "facts: [sanctions-backfire]"),
        [("sanctions-backfire]", "no fact with id 'sanctions-backfire'")],
    ),
    "argument-facts-not-a-list": (
        edit("facts: [sanctions-backfired]", "facts: sanctions-backfired"),
        [("facts: sanctions-backfired", "question 'sovereignty' argument must be a list")],
    ),
    # entities
    "entity-absent-fr": (
        edit(
            'answer: {fr: "Alibaba", en: "Alibaba", category: company}',
            'answer:\n      fr: "Tencent"\n      en: "Alibaba"\n      category: company',
        ),
        [('fr: "Tencent"', "the answer 'Tencent' does not appear in the French text")],
    ),
    "entity-absent-en": (
        edit('en: "Alibaba", category', 'en: "Baidu", category'),
        [('en: "Baidu"', "the answer 'Baidu' does not appear in the English text")],
    ),
    "entity-category": (
        edit("category: company", "category: person"),  # persons are of a role now
        [("category: person", "category 'person' is not one of leader, official, business")],
    ),
    # numbers
    "number-quoted": (
        edit("value: 1120", 'value: "1120"'),
        [("value:", "answer value must be a number, not '1120'")],
    ),
    "number-word": (
        edit("value: 1120", "value: abc"),
        [("value:", "answer value must be a number, not 'abc'")],
    ),
    "number-spaced": (
        edit("value: 1120", "value: 1 120"),
        [("value:", "answer value must be a number, not '1 120'")],
    ),
    "number-french-in-en": (
        edit("lost 1,120 billion", "lost 1 120 billion"),
        [("value:", "the value is not in the English text (write it as 1,120 or 1120)")],
    ),
    "number-english-in-fr": (
        edit("perdu 1 120 milliards", "perdu 1,120 milliards"),
        [("value:", "the value is not in the French text")],
    ),
    "tolerance-out-of-range": (
        edit("tolerance: 0.05", "tolerance: 5"),
        [("tolerance:", "tolerance is relative, between 0 and 1")],
    ),
    # paragraphs
    "where-zero": (edit("where: 5", "where: 0"), [("where: 0", "must be a positive whole number")]),
    "where-negative": (edit("where: 5", "where: -3"), [("where: -3", "not -3")]),
    "where-string": (edit("where: 5", 'where: "7"'), [('where: "7"', "not '7'")]),
    "where-float": (edit("where: 5", "where: 2.5"), [("where: 2.5", "not 2.5")]),
    "question-where-zero": (
        edit("where: 17", "where: 0"),
        [("where: 0", "question 'sovereignty': where (paragraph) must be a positive whole number")],
    ),
    # dates
    "date-month-13": (
        edit('date: "2025-01-20"', 'date: "2025-13-01"'),
        [("2025-13-01", "date '2025-13-01' is not YYYY, YYYY-MM or YYYY-MM-DD")],
    ),
    "date-month-13-unquoted": (
        edit('date: "2025-01-20"', "date: 2025-13-01"),
        [("2025-13-01", "date '2025-13-01' is not")],
    ),
    "date-february-30": (
        edit('date: "2025-01-20"', 'date: "2025-02-30"'),
        [("2025-02-30", "date '2025-02-30' is not")],
    ),
    "date-word": (
        edit('date: "2025-01-20"', 'date: "janvier"'),
        [('janvier"', "date 'janvier' is not")],
    ),
    "date-year-absent": (
        edit("on 20 January 2025.", "on 20 January."),
        [('date: "2025-01-20"', "the year 2025 is not in the English text")],
    ),
    "source-date": (
        edit('date: "2025-01-28"', 'date: "28/01/2025"'),
        [("28/01/2025", "source date '28/01/2025' is not YYYY")],
    ),
    # themes, kinds, levels, claims
    "unknown-theme": (
        edit("themes: [open-source]", "themes:\n  - open-source\n  - crypto"),
        [("- crypto", "unknown theme 'crypto' (add it to themes.yaml)")],
    ),
    "unknown-kind": (
        edit("kind: claim", "kind: opinion"),
        [
            ("kind: opinion", "kind 'opinion' is not one of number, date, entity, claim"),
            ("false: {", "unknown key 'false' in a fact"),
        ],
    ),
    "level": (edit("level: B2", "level: B3"), [("level:", "level 'B3' is not a CEFR level")]),
    "claim-false-is-true": (
        edit(
            'false: {fr: "Les sanctions ont freiné la Chine."',
            'false: {fr: "Les sanctions ont poussé la Chine à innover."',
        ),
        [("false: {", "fact 'sanctions-backfired': the false variant repeats the statement")],
    ),
    "question-without-facts": (
        edit("facts: [nvidia-loss]", "facts: []"),
        [("facts: []", "question 'sovereignty' facts needs at least 1")],
    ),
    # YAML itself
    "yaml-syntax": (
        edit("level: B2", "level: B2: C1"),
        [("B2: C1", "invalid YAML: mapping values are not allowed here")],
    ),
    "yaml-duplicate-key": (
        edit("themes: [open-source]\n", "themes: [open-source]\nlevel: C1\n"),
        [("level: C1", "duplicate key 'level' (first at line 8)")],
    ),
    "yaml-duplicate-key-in-fact": (
        edit("    where: 2\n", "    where: 2\n    where: 3\n"),
        [("where: 3", "duplicate key 'where' (first at line")],
    ),
    "not-a-mapping": ("- just\n- a list\n", [("- just", "the article must be a mapping")]),
}


@pytest.mark.parametrize(("text", "expected"), list(BROKEN.values()), ids=list(BROKEN))
def test_broken_pack_is_reported_at_the_right_line(tmp_path, text, expected):
    path = write_pack(tmp_path, text)
    content = read_content(tmp_path)
    assert_problems(content, path, [(line_of(text, where), message) for where, message in expected])
    assert content.articles == []


def test_missing_themes_file(tmp_path):
    path = write_pack(tmp_path, VALID, themes=False)
    content = read_content(path)
    assert_problems(content, path, [(9, "theme 'open-source' cannot be checked: no themes.yaml")])
    assert content.articles == []


def test_non_utf8_file(tmp_path):
    path = write_pack(tmp_path, VALID.encode("latin-1"))
    content = read_content(tmp_path)
    assert_problems(content, path, [(1, "the file is not UTF-8 text")])
    assert content.articles == []


def test_no_such_path(tmp_path):
    (problem,) = read_content(tmp_path / "nowhere.yaml").problems
    assert str(problem) == f"{tmp_path / 'nowhere.yaml'}:0: no such file or folder"


def test_several_problems_in_one_file_are_all_reported(tmp_path):
    text = VALID
    for old, new in [
        ("level: B2", "level: Z9"),  # line 8
        ("themes: [open-source]", "themes: [crypto]"),  # line 9
        ("value: 1120", "value: abc"),  # line 17
        ("where: 2", "where: 0"),  # line 25
        ("category: company", "category: firm"),  # line 29
        ("facts: [nvidia-loss]", "facts: [ghost]"),  # line 41
    ]:
        text = edit(old, new, text)
    path = write_pack(tmp_path, text)
    content = read_content(tmp_path)
    assert [problem.line for problem in content.problems] == [8, 9, 17, 25, 29, 41]
    assert all(problem.path == str(path) for problem in content.problems)
    assert content.articles == []


def test_folder_with_a_good_and_a_broken_file(tmp_path):
    write_pack(tmp_path, VALID)
    broken = edit("level: B2", "level: B3", edit("id: chip-race", "id: chip-war"))
    broken_path = write_pack(tmp_path, broken, name="chip-war")
    content = read_content(tmp_path)
    assert_problems(content, broken_path, [(8, "level 'B3' is not a CEFR level")])
    assert [article.id for article in content.articles] == ["chip-race"]


def test_two_files_with_the_same_article_id(tmp_path):
    write_pack(tmp_path, VALID)
    copy = write_pack(tmp_path, VALID, name="chip-race-copy")
    content = read_content(tmp_path)
    assert_problems(content, copy, [(1, "'chip-race' differs from the file name 'chip-race-copy'")])
    assert [article.id for article in content.articles] == ["chip-race"]


# -- numbers as each language writes them -------------------------------------------------------


def test_number_spellings():
    assert "1 120,5" in number_spellings(1120.5, "fr")
    assert "1,120.5" in number_spellings(1120.5, "en")
    assert "1,120.5" not in number_spellings(1120.5, "fr")
    assert "1 120,5" not in number_spellings(1120.5, "en")


@pytest.mark.parametrize(
    ("fr", "en"),
    [("5,00 dollars", "$5.00"), ("5 dollars", "$5"), ("5,0 dollars", "5 dollars")],
)
def test_a_whole_value_matches_its_written_cents(tmp_path, fr, en):
    text = edit("value: 1120", "value: 5")
    text = edit("1 120 milliards de dollars", fr, text)
    text = edit("1,120 billion dollars", en, text)
    assert read_content(write_pack(tmp_path, text)).problems == []


def test_a_decimal_value_needs_its_decimals(tmp_path):
    text = edit("value: 1120", "value: 1120.5")
    path = write_pack(tmp_path, text)
    assert_problems(
        read_content(path),
        path,
        [(17, "not in the French text (write it as"), (17, "not in the English text")],
    )
    text = edit("1 120 milliards", "1 120,5 milliards", text)
    text = edit("1,120 billion", "1,120.5 billion", text)
    assert read_content(write_pack(tmp_path, text)).problems == []


# -- the real content ---------------------------------------------------------------------------


def test_real_content_is_valid():
    content = read_content(CONTENT)
    assert content.problems == []
    assert len(content.articles) == 5
    for article in content.articles:
        assert 12 <= len(article.facts) <= 25, article.id
        assert len(article.questions) >= 2, article.id
        for question in article.questions:
            assert len(question.arguments_for) >= 2, question.id
            assert len(question.arguments_against) >= 2, question.id
    kinds = {fact.kind for article in content.articles for fact in article.facts}
    assert kinds == set(FACT_KINDS)
    (hundred,) = [article for article in content.articles if article.id == "hundred-deepseeks"]
    assert len(hundred.questions) == 8
    assert all(question.where is not None for question in hundred.questions)


# -- edge cases: ids of the wrong type, numbers inside bigger numbers, encodings --


def test_one_argument_per_side_is_rejected(tmp_path):
    text = edit('        - {fr: "Trop cher.", en: "Too costly."}\n', "")
    assert read_content(write_pack(tmp_path, text)).problems != []


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [(5, "5 000 dollars", "5 dollars"), (5, "5 dollars", "5,000 dollars"), (120, "1 120", "120")],
)
def test_a_value_does_not_match_part_of_a_bigger_number(tmp_path, value, fr, en):
    text = edit("value: 1120", f"value: {value}")
    text = edit("1 120 milliards de dollars", fr, text)
    text = edit("1,120 billion dollars", en, text)
    assert read_content(write_pack(tmp_path, text)).problems != []


@pytest.mark.parametrize(
    ("old", "new"),
    [("facts: [nvidia-loss]", "facts: [[nvidia-loss]]"), ("kind: date", "kind: [date]")],
)
def test_a_list_where_an_id_belongs_is_reported(tmp_path, old, new):
    assert read_content(write_pack(tmp_path, edit(old, new))).problems != []


def test_non_utf8_themes_file_is_reported(tmp_path):
    write_pack(tmp_path, VALID)
    (tmp_path / "themes.yaml").write_bytes(THEMES.replace("Open", "Ouvert é").encode("latin-1"))
    assert read_content(tmp_path).problems != []


def test_an_argument_missing_language_is_reported_once(tmp_path):
    text = edit('{fr: "Des emplois.", en: "Jobs."}', '{fr: "Des emplois."}')
    assert len(read_content(write_pack(tmp_path, text)).problems) == 1


def test_an_entity_answer_must_be_whole_words(tmp_path):
    text = edit('{fr: "Alibaba", en: "Alibaba"', '{fr: "Ali", en: "Ali"')
    problems = read_content(write_pack(tmp_path, text)).problems
    assert any("'Ali' does not appear" in str(problem) for problem in problems)


def test_a_decimal_value_matches_its_trailing_zero(tmp_path):
    text = edit("value: 1120", "value: 2.5")
    text = edit("1 120 milliards de dollars", "2,50 milliards de dollars", text)
    text = edit("1,120 billion dollars", "2.50 billion dollars", text)
    assert read_content(write_pack(tmp_path, text)).problems == []


def test_a_folder_named_like_a_pack_is_not_read(tmp_path):
    write_pack(tmp_path, VALID)
    (tmp_path / "notes.yaml").mkdir()
    content = read_content(tmp_path)
    assert content.problems == [] and len(content.articles) == 1


# -- hand-written quiz items -------------------------------------------------------------------

ITEMS = """\
items:
  - id: partners
    type: choice
    prompt: {fr: "Qui fabrique Qwen ?", en: "Who makes Qwen?"}
    facts: [qwen-maker]
    choices:
      - {fr: "Alibaba", en: "Alibaba", correct: true}
      - {fr: "Baidu", en: "Baidu"}
  - id: loss
    type: numeric
    prompt: {fr: "Nvidia a perdu ____ milliards.", en: "Nvidia lost ____ billion."}
    facts: [nvidia-loss]
    answer: {value: 1120, tolerance: 0.05}
  - id: timeline
    type: ordering
    prompt: {fr: "Remettez dans l’ordre.", en: "Put in order."}
    facts: [r1-release, nvidia-loss]
    answer:
      - {fr: "R1 sort.", en: "R1 comes out."}
      - {fr: "Nvidia chute.", en: "Nvidia falls."}
      - {fr: "Un sommet a lieu.", en: "A summit is held."}
"""


def test_hand_written_items_are_read(tmp_path):
    content = read_content(write_pack(tmp_path, VALID + ITEMS))
    assert content.problems == []
    (article,) = content.articles
    assert [(item.id, item.type) for item in article.items] == [
        ("partners", "choice"),
        ("loss", "numeric"),
        ("timeline", "ordering"),
    ]
    assert article.items[0].answer["choices"][0]["correct"] is True
    assert [event["en"] for event in article.items[2].answer["order"]] == [
        "R1 comes out.",
        "Nvidia falls.",
        "A summit is held.",
    ]


def test_a_hand_written_ordering_is_shown_shuffled_and_scored_in_its_order(tmp_path):
    """The events are shown as e1, e2… in a seeded shuffle, never in the right order, so
    neither the order on the page nor the ids tell the answer."""
    from edu.quiz.authored import authored_items
    from edu.quiz.scoring import score

    (article,) = read_content(write_pack(tmp_path, VALID + ITEMS)).articles
    (ordering,) = [item for item in authored_items(article) if item.type == "ordering"]
    entries = ordering.data["entries"]
    assert [entry["id"] for entry in entries] == ["e1", "e2", "e3"]
    shown = [entry["text"]["en"] for entry in entries]
    assert shown != ["R1 comes out.", "Nvidia falls.", "A summit is held."]
    text_of = {entry["id"]: entry["text"]["en"] for entry in entries}
    assert [text_of[id_] for id_ in ordering.answer["order"]] == [
        "R1 comes out.",
        "Nvidia falls.",
        "A summit is held.",
    ]
    assert score(ordering, list(ordering.answer["order"]), "en").credit == 1.0


BROKEN_ITEMS = [
    ('{fr: "Baidu", en: "Baidu"}', '{fr: "Baidu", en: "Baidu", correct: true}', "exactly one"),
    ("Nvidia lost ____ billion.", "Nvidia lost billions.", "English prompt needs one gap"),
    ("type: numeric", "type: essay", "type 'essay' is not one of"),
    ("facts: [nvidia-loss]\n    answer", "facts: [nowhere]\n    answer", "no fact with id"),
    ("value: 1120, tolerance", "value: lots, tolerance", "must be a number"),
    ('      - {fr: "Un sommet a lieu.", en: "A summit is held."}\n', "", "needs at least 3"),
    ('{fr: "Nvidia chute.", en: "Nvidia falls."}', '{fr: "Nvidia chute."}', "is missing 'en'"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN_ITEMS)
def test_broken_hand_written_items_are_reported(tmp_path, old, new, message):
    text = VALID + ITEMS.replace(old, new, 1)
    content = read_content(write_pack(tmp_path, text))
    assert content.articles == []
    assert any(message in str(problem) for problem in content.problems), content.problems


# -- messages ready for translation ---------------------------------------------------------------

SOURCES = [
    Path(messages.__file__),
    Path(reading.__file__),
    Path(checks.__file__),
    Path(yamlsource.__file__),
    Path(rubric.__file__),
]
BAD_YAML = {
    "invalid": "id: [chip-race\n",
    "duplicate key": VALID + "level: B1\n",
    "key not plain": VALID + "[a, b]: c\n",
    "tag": VALID + "extra: !!python/name:os.system x\n",
    "unreadable": VALID + "extra: !!int abc\n",
}


def english(text: Message) -> str:
    """A message rendered without translation, each nested message rendered first."""
    assert isinstance(text, Message)
    return text.template % {
        name: english(value) if isinstance(value, Message) else value
        for name, value in text.params.items()
    }


def templates(text: Message) -> set[str]:
    """The templates of a message and of every message among its parameters."""
    found = {text.template}
    for value in text.params.values():
        if isinstance(value, Message):
            found |= templates(value)
    return found


def marked_templates() -> set[str]:
    """Every string literal marked with `N_(…)` in the validator's sources."""
    found = set()
    for source in SOURCES:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                (argument,) = node.args
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                found.add(argument.value)
    return found


def bad_packs(tmp_path: Path) -> list[Problem]:
    """The problems of every broken pack of these tests, and of a few broken YAML files."""
    texts = [text for text, _ in BROKEN.values()]
    texts += [VALID + ITEMS.replace(old, new, 1) for old, new, _ in BROKEN_ITEMS]
    texts += list(BAD_YAML.values())
    problems = []
    for number, text in enumerate(texts):
        content = read_content(write_pack(tmp_path / str(number), text))
        assert content.problems, text
        problems += content.problems
    problems += read_content(write_pack(tmp_path / "latin", VALID.encode("latin-1"))).problems
    problems += read_content(write_pack(tmp_path / "alone", VALID, themes=False)).problems
    problems += read_content(tmp_path / "nowhere").problems
    rubric_file = tmp_path / "rubric.yaml"
    rubric_file.write_text("criteria:\n  - {id: Bad, name: {fr: x}, levels: 3}\n", "utf-8")
    problems += rubric.read_rubric(rubric_file)[1]
    return problems


def test_every_problem_message_is_its_text_in_english(tmp_path):
    problems = bad_packs(tmp_path)
    assert len(problems) > len(BROKEN)
    marked = marked_templates()
    for problem in problems:
        assert english(problem.text) == problem.message == str(problem.text), problem
        assert str(problem) == f"{problem.path}:{problem.line}: {problem.message}"
        assert templates(problem.text) <= marked, problem.text


def test_every_message_template_is_marked_for_translation():
    """Messages given to `report` (and labels, and YAML errors) are `N_` templates, never
    f-strings: the web layer translates each template, then fills in its parameters."""
    checked = 0
    for source in SOURCES:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        # Module-level tables of templates, one per language: {"fr": N_(…), "en": N_(…)}.
        tables = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
            for target in node.targets
            if all(
                isinstance(value, ast.Call) and getattr(value.func, "id", None) == "N_"
                for value in node.value.values
            )
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            position = {"report": 1, "label": 0, "of": 2, "YamlSyntaxError": 1}.get(name)
            if position is None:
                continue
            argument = node.args[position]
            marked = isinstance(argument, ast.Call) and getattr(argument.func, "id", None) == "N_"
            table = isinstance(argument, ast.Subscript) and getattr(argument.value, "id", None)
            forwarded = ast.unparse(argument) in {"template", "exc.template"}
            assert marked or table in tables or forwarded, f"{source.name}: {ast.unparse(node)}"
            checked += 1
    assert checked > 50


def test_the_content_package_imports_nothing_of_the_app_above_it():
    """Quiz items, debates and the web build on content, never the other way round (content
    marks its messages with the catalog's `N_`, the one module below it)."""
    allowed = {"babel", "yaml", "edu"}
    for module in Path(checks.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top in allowed, (module.name, name)
                below = ("edu.content", "edu.catalog")
                assert top != "edu" or name.startswith(below), (module.name, name)


# -- checking a pack against its article's text -------------------------------------------------

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "chip-race.txt"
# A made-up article of 17 paragraphs, the text VALID (above) is written from.
ARTICLE_TEXT = ARTICLE.read_text(encoding="utf-8")
NINE_WORDS = "les sanctions décidées à Washington ont poussé les ingénieurs"


def against_article(tmp_path, text: str, article: str = ARTICLE_TEXT) -> list[str]:
    return [str(p) for p in read_content(write_pack(tmp_path, text), article).problems]


def test_a_pack_in_its_own_words_passes_against_its_article(tmp_path):
    assert checks.paragraphs(ARTICLE_TEXT)[16].startswith("L'Europe")
    assert against_article(tmp_path, VALID) == []


def test_where_past_the_articles_last_paragraph_is_reported(tmp_path):
    path = write_pack(tmp_path, VALID)
    short = "\n\n".join(checks.paragraphs(ARTICLE_TEXT)[:8]) + "\n"  # blank lines do not count
    assert [str(p) for p in read_content(path, short).problems] == [
        f"{path}:{line_of(VALID, 'where: 17')}: question 'sovereignty': where is 17, after the "
        "article's last paragraph (8)"
    ]
    assert read_content(path).ok  # without the article's text, any paragraph number is taken


def test_a_run_of_nine_words_copied_from_the_article_is_reported(tmp_path):
    copied = f"Selon certains, {NINE_WORDS.upper()}."  # case and punctuation do not hide it
    text = edit("Les sanctions ont poussé la Chine à innover.", copied)
    path = write_pack(tmp_path, text)
    assert [str(p) for p in read_content(path, ARTICLE_TEXT).problems] == [
        f"{path}:{line_of(text, 'Selon certains')}: fact 'sanctions-backfired' text: the "
        f"French text copies this run of the article's words: {NINE_WORDS.casefold()}"
    ]


def test_the_whole_copied_run_is_reported_once_in_english_too(tmp_path):
    run = "Un article inventé pour les tests, écrit pour l’occasion, ici"  # ’ is '
    text = edit('{fr: "Un résumé.", en: "A summary."}', f'{{fr: "Un résumé.", en: "{run}"}}')
    (problem,) = against_article(tmp_path, text)
    assert problem.endswith(
        "summary: the English text copies this run of the article's words: "
        "un article inventé pour les tests écrit pour l occasion"
    )


def test_eight_words_a_quote_or_a_run_broken_by_a_quote_are_no_copy(tmp_path):
    eight = NINE_WORDS.rsplit(" ", 1)[0]
    quote = "« nous avons appris à faire beaucoup avec très peu de moyens »"
    split = "les sanctions décidées à Washington « ont poussé » les ingénieurs"
    for fr in (eight, f"Un chercheur le dit : {quote}.", split):
        text = edit("Les sanctions ont poussé la Chine à innover.", fr)
        assert against_article(tmp_path, text) == [], fr


def test_every_text_of_a_pack_is_checked_for_copies(tmp_path):
    copied = NINE_WORDS.capitalize()
    for old in ("Des emplois.", "Cette assemblée pense que oui.", "Un résumé."):
        problems = against_article(tmp_path, edit(old, copied))
        assert len(problems) == 1 and "copies this run" in problems[0], old


def test_french_texts_take_no_break_spaces_where_an_author_typed_plain_ones():
    from edu.content.typography import french_spacing

    assert french_spacing("Pourquoi ? Parce que : « oui » ; bravo !") == (
        "Pourquoi\u00a0? Parce que\u00a0: «\u00a0oui\u00a0»\u00a0; bravo\u00a0!"
    )
    assert (
        french_spacing("à 10:30, voir https://example.org") == "à 10:30, voir https://example.org"
    )


def test_a_packs_french_is_read_with_french_spacing(tmp_path):
    text = edit("Les sanctions ont poussé la Chine à innover.", "Les sanctions : un échec ?")
    (article,) = read_content(write_pack(tmp_path, text)).articles
    assert "Les sanctions\u00a0: un échec\u00a0?" in [f.text.fr for f in article.facts]


# -- an entity's other spellings and an author's own wrong options --------------------------------

ALIBABA = '{fr: "Alibaba", en: "Alibaba", category: company}'


@pytest.mark.parametrize(
    "extra",
    [
        "also: [Ali Baba, 阿里巴巴]",
        "wrong: []",
        'wrong: [Baidu, Tencent, {fr: "Huawei", en: "Huawei Technologies"}]',
    ],
)
def test_an_entity_may_list_other_spellings_and_its_wrong_options(tmp_path, extra):
    text = edit(ALIBABA, ALIBABA[:-1] + ", " + extra + "}")
    content = read_content(write_pack(tmp_path, text))
    assert content.problems == []
    (fact,) = [f for f in content.articles[0].facts if f.id == "qwen-maker"]
    key = extra.split(":")[0]
    assert key in fact.answer


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("wrong: [Baidu, Tencent]", "give at least 3 wrong options, or none"),
        ("wrong: [Baidu, Tencent, alibaba]", "the wrong option 'alibaba' is the answer"),
        ("wrong: [Baidu, Baidu, Tencent]", "the wrong option 'Baidu' is listed twice"),
        ("wrong: Baidu", "must be a list"),
        ("also: [Ali Baba, '']", "also lists names, each a text"),
        ("other: [Baidu]", "unknown key 'other'"),
    ],
)
def test_a_wrong_option_list_that_makes_no_fair_choice_is_reported(tmp_path, extra, says):
    text = edit(ALIBABA, ALIBABA[:-1] + ", " + extra + "}")
    problems = read_content(write_pack(tmp_path, text)).problems
    assert any(says in str(problem) for problem in problems), problems


@pytest.mark.parametrize(
    ("wrong", "problem"),
    [
        ("[1000, 1200, 1300]", None),
        ("[1000, 1200]", "give at least 3 wrong options"),
        ("[1000, 1120, 1300]", "is the answer or listed twice"),
        ("[1000, many, 1300]", "must be a number"),
    ],
)
def test_a_number_may_list_its_wrong_figures(tmp_path, wrong, problem):
    text = edit("      tolerance: 0.05\n", f"      tolerance: 0.05\n      wrong: {wrong}\n")
    problems = read_content(write_pack(tmp_path, text)).problems
    if problem is None:
        assert problems == []
    else:
        assert any(problem in str(p) for p in problems), problems


def test_a_percent_sign_takes_a_no_break_space_in_french():
    from edu.content.typography import french_spacing

    assert french_spacing("une croissance de 5,4 % cette année") == (
        "une croissance de 5,4\u00a0% cette année"
    )
