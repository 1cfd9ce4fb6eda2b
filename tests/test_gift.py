"""GIFT import/export: all of Moodle's example file, round trips, and bad files named by line."""

import ast
import hashlib
import random
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from edu.gift import (
    BLANK,
    GiftAnswer,
    GiftQuestion,
    parse_gift,
    write_gift,
)

FIXTURE = Path(__file__).parent / "fixtures" / "gift" / "moodle-examples.gift.txt"
FIXTURE_SHA256 = "35cbc8a7c4c7570a04577e76305a60025e4a302b8df81c92d6e36a308c536203"
GIFT_PACKAGE = Path(__file__).resolve().parents[1] / "edu" / "gift"

GRANT = "Who's buried in Grant's tomb?"
GRANT_MC = (("Grant", 0), ("Jefferson", 0), ("no one", 100))
GRANT_SA = (("no one", 100), ("nobody", 100))
ENTOMBED = "Grant is _____ in Grant's tomb."
ENTOMBED_MC = (("buried", 0), ("entombed", 100), ("living", 0))
BURIED = "Grant is buried in Grant's tomb."
BORN = "When was Ulysses S. Grant born?"
PI = "What is the value of pi (to 3 decimal places)? _____."
THANKSGIVING = ("second", 0), ("third", 0), ("fourth", 100)
CAPITALS = (("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo"))
HALF_CREDIT = (("wrong answer", 0), ("half credit answer", 50), ("full credit answer", 100))
NAZARETH_SA = (("Nazareth", 100), ("Nazereth", 75), ("Bethlehem", 25))
ENTOMBED_TWO = "What two people are entombed in Grant's tomb?"

# Every question of Moodle's file, in order: (line, kind, name, text, answers) where answers are
# (text, weight) pairs, or (left, right) pairs for matching; numbers are in their written form.
MOODLE_EXAMPLES = [
    (8, "multichoice", None, GRANT, GRANT_MC),
    (10, "multichoice", None, ENTOMBED, ENTOMBED_MC),
    (12, "truefalse", None, BURIED, (("false", 100),)),
    (14, "shortanswer", None, GRANT, GRANT_SA),
    (16, "numerical", None, BORN, (("1822:1", 100),)),
    (25, "multichoice", None, GRANT, GRANT_MC),
    (27, "multichoice", None, ENTOMBED, ENTOMBED_MC),
    (
        29,
        "multichoice",
        None,
        "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.",
        THANKSGIVING,
    ),
    (
        35,
        "multichoice",
        None,
        "Japanese characters originally came from what country?",
        (("India", 0), ("China", 100), ("Korea", 0), ("Egypt", 0)),
    ),
    (43, "shortanswer", None, GRANT, GRANT_SA),
    (45, "shortanswer", None, "Two plus two equals _____.", (("four", 100), ("4", 100))),
    (49, "truefalse", None, BURIED, (("false", 100),)),
    (51, "truefalse", None, "The sun rises in the east.", (("true", 100),)),
    (
        55,
        "matching",
        None,
        "Matching Question.",
        tuple((f"subquestion{n}", f"subanswer{n}") for n in (1, 2, 3)),
    ),
    (
        61,
        "matching",
        None,
        "Match the following countries with their corresponding capitals.",
        (*CAPITALS, ("India", "New Delhi")),
    ),
    (70, "numerical", None, BORN, (("1822", 100),)),
    (72, "numerical", None, PI, (("3.1415:0.0005", 100),)),
    (74, "numerical", None, PI, (("3.141..3.142", 100),)),
    (76, "numerical", None, BORN, (("1822", 100), ("1822:2", 50))),
    (85, "numerical", None, "What's 2 plus 2?", (("4", 100),)),
    (
        90,
        "shortanswer",
        "Kanji Origins",
        "Japanese characters originally\ncame from what country?",
        (("China", 100),),
    ),
    (
        93,
        "multichoice",
        "Thanksgiving Date",
        "The American holiday of Thanksgiving is\ncelebrated on the _____ Thursday of November.",
        THANKSGIVING,
    ),
    (
        98,
        "multichoice",
        None,
        "What's the answer to this multiple-choice question?",
        (("wrong answer", 0), ("another wrong answer", 0), ("right answer", 100)),
    ),
    (103, "shortanswer", None, GRANT, GRANT_SA),
    (108, "shortanswer", None, "Who's buried in **Grant's tomb**?", GRANT_SA),
    (113, "truefalse", None, BURIED, (("false", 100),)),
    (115, "multichoice", None, "Difficult question.", HALF_CREDIT),
    (
        117,
        "multichoice",
        "Jesus' hometown",
        "Jesus Christ was from _____.",
        (("Jerusalem", 0), ("Bethlehem", 25), ("Galilee", 50), ("Nazareth", 100)),
    ),
    (123, "shortanswer", "Jesus' hometown", "Jesus Christ was from", NAZARETH_SA),
    (
        130,
        "multiple",
        None,
        ENTOMBED_TWO,
        (("No one", 0), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", 0)),
    ),
    (
        136,
        "multiple",
        None,
        ENTOMBED_TWO,
        (("No one", -50), ("Grant", 50), ("Grant's wife", 50), ("Grant's father", -50)),
    ),
    (
        143,
        "multichoice",
        None,
        "Which answer equals 5?",
        (("= 2 + 2", 0), ("= 2 + 3", 100), ("= 2 + 4", 0)),
    ),
    (
        148,
        "multichoice",
        "GIFT Control Characters",
        "Which of the following is NOT a control character for the GIFT import format?",
        (("~", 0), ("=", 0), ("#", 0), ("{", 0), ("}", 0), ("\\", 100)),
    ),
    (167, "multichoice", None, GRANT, GRANT_MC),
    (169, "multichoice", None, ENTOMBED, ENTOMBED_MC),
    (171, "truefalse", None, BURIED, (("false", 100),)),
    (173, "shortanswer", None, GRANT, GRANT_SA),
    (175, "numerical", None, BORN, (("1822:5", 100),)),
    (
        177,
        "matching",
        None,
        "Match the following countries with their corresponding\ncapitals.",
        CAPITALS,
    ),
    (184, "multichoice", "Grant's Tomb", ENTOMBED, ENTOMBED_MC),
    (190, "multichoice", None, "Difficult multiple choice question.", HALF_CREDIT),
    (
        195,
        "shortanswer",
        "Jesus' hometown (Short answer ex.)",
        "Jesus Christ was from _____.",
        NAZARETH_SA,
    ),
    (202, "numerical", "Numerical example", BORN, (("1822", 100), ("1822:2", 50))),
]


@cache
def moodle_questions() -> tuple[GiftQuestion, ...]:
    """The questions of Moodle's example file, which must read without a single problem."""
    parsed = parse_gift(FIXTURE.read_text(encoding="utf-8"))
    assert parsed.problems == ()
    return parsed.questions


def answer_summary(question: GiftQuestion) -> tuple[tuple[object, object], ...]:
    """(text, weight) per answer, or (left, right) for matching, to compare with the table."""
    if question.kind == "matching":
        return tuple((answer.text, answer.match) for answer in question.answers)
    return tuple((answer.text, answer.weight) for answer in question.answers)


def by_line(line: int) -> GiftQuestion:
    """The example question starting at this line of Moodle's file."""
    return next(question for question in moodle_questions() if question.line == line)


def one_question(source: str) -> GiftQuestion:
    """Parse a one-question source that must read cleanly."""
    parsed = parse_gift(source)
    assert parsed.problems == ()
    assert len(parsed.questions) == 1
    return parsed.questions[0]


def problems_of(source: str) -> list[tuple[int, str]]:
    """(line, message) of each problem, checking that each message names its own line."""
    parsed = parse_gift(source)
    for problem in parsed.problems:
        assert problem.message.startswith(f"line {problem.line}: ")
        assert str(problem) == problem.message
    return [(problem.line, problem.message) for problem in parsed.problems]


def test_fixture_is_moodle_file_byte_for_byte():
    assert hashlib.sha256(FIXTURE.read_bytes()).hexdigest() == FIXTURE_SHA256


def test_moodle_examples_parse_without_problems_into_43_questions():
    questions = moodle_questions()
    assert len(questions) == len(MOODLE_EXAMPLES) == 43
    assert Counter(question.kind for question in questions) == {
        "multichoice": 16,
        "shortanswer": 9,
        "numerical": 8,
        "truefalse": 5,
        "matching": 3,
        "multiple": 2,
    }


@pytest.mark.parametrize(
    ("index", "expected"),
    list(enumerate(MOODLE_EXAMPLES)),
    ids=[f"line-{line}" for line, *_ in MOODLE_EXAMPLES],
)
def test_every_moodle_example(index, expected):
    line, kind, name, text, answers = expected
    question = moodle_questions()[index]
    assert (question.line, question.kind, question.name, question.text) == (line, kind, name, text)
    assert answer_summary(question) == answers
    assert question.text_format == ("markdown" if line == 108 else "moodle")
    assert question.category is None


def test_grants_tomb_multiple_choice():
    question = by_line(8)
    assert question.text_format == "moodle"
    assert not question.blank
    assert question.general_feedback is None
    right = [answer for answer in question.answers if answer.weight == 100]
    assert right == [GiftAnswer("no one", 100.0)]


def test_missing_word_keeps_text_on_both_sides_of_the_blank():
    question = by_line(10)
    assert question.blank
    assert question.text_before == "Grant is "
    assert question.text_after == " in Grant's tomb."
    assert question.text == question.text_before + BLANK + question.text_after


def test_numerical_1822_with_tolerance_and_weighted_answers():
    assert by_line(16).answers == (GiftAnswer("1822:1", value=1822.0, tolerance=1.0),)
    exact, close = by_line(202).answers
    assert (exact.value, exact.tolerance, exact.weight) == (1822.0, 0.0, 100.0)
    assert exact.feedback == "Correct! 100% credit"
    assert (close.value, close.tolerance, close.weight) == (1822.0, 2.0, 50.0)
    assert close.feedback is not None
    assert close.feedback.startswith("He was born in 1822.\n")
    assert close.feedback.endswith("You get 50% credit for being close.")


def test_numerical_range_and_decimal_tolerance():
    (pi_range,) = by_line(74).answers
    assert (pi_range.low, pi_range.high, pi_range.value, pi_range.tolerance) == (
        3.141,
        3.142,
        None,
        None,
    )
    (pi_tolerance,) = by_line(72).answers
    assert (pi_tolerance.value, pi_tolerance.tolerance) == (3.1415, 0.0005)


def test_true_false_feedback_for_a_wrong_answer():
    (answer,) = by_line(113).answers
    assert answer.text == "false"
    assert answer.feedback_wrong == "No one is buried in Grant's tomb."
    assert answer.feedback is None


def test_true_false_feedback_pair_is_wrong_then_right():
    question = one_question("The sun rises in the east.{TRUE#Look at a sunrise.#Yes.}")
    assert question.answers == (
        GiftAnswer("true", feedback="Yes.", feedback_wrong="Look at a sunrise."),
    )
    assert one_question("Two and two are five.{f}").answers == (GiftAnswer("false"),)


def test_markdown_format_marker():
    question = by_line(108)
    assert question.text_format == "markdown"
    assert question.text == "Who's buried in **Grant's tomb**?"
    assert all(answer.text_format is None for answer in question.answers)


def test_control_characters_question():
    question = by_line(148)
    assert [answer.feedback for answer in question.answers[:5]] == [
        f"{character} is a control character." for character in "~=#{}"
    ]
    last = question.answers[-1].feedback
    assert last is not None
    assert last.startswith("Correct! \\ (backslash) is not a control character. BUT,\n")
    assert last.endswith("(as shown in this example).")


def test_escaped_characters_and_newline_in_question_text():
    question = one_question(r"Escapes\: \{ \} \= \~ \# \\ and\na new line.{T}")
    assert question.text == "Escapes: { } = ~ # \\ and\na new line."
    assert question.kind == "truefalse"


def test_description_essay_and_general_feedback():
    description, essay = parse_gift(
        "[html]<p>Read the article first.</p>\n\n"
        "::Opinion::Write what you think.{\n  ####[plain]Any honest answer is fine.\n}\n"
    ).questions
    assert (description.kind, description.text, description.text_format) == (
        "description",
        "<p>Read the article first.</p>",
        "html",
    )
    assert description.answers == ()
    assert (essay.kind, essay.name, essay.answers) == ("essay", "Opinion", ())
    assert essay.general_feedback == "Any honest answer is fine."
    assert essay.general_feedback_format == "plain"


def test_windows_line_endings_and_byte_order_mark():
    parsed = parse_gift("\ufeffFirst?{T}\r\n\r\n// note\r\nSecond?{\r\n=yes\r\n~no}\r\n")
    assert parsed.problems == ()
    assert [(question.line, question.text) for question in parsed.questions] == [
        (1, "First?"),
        (4, "Second?"),
    ]


def test_categories_apply_to_following_questions_until_reset():
    first, second, third = parse_gift(
        "Before.{T}\n\n$CATEGORY: $course$/top/Week 1\n\nIn week 1.{F}\n\n"
        "$CATEGORY:\nNo category again.{T}\n"
    ).questions
    assert (first.category, second.category, third.category) == (
        None,
        "$course$/top/Week 1",
        None,
    )
    assert third.line == 8


def test_numerical_catch_all_and_matching_distractor():
    guess = one_question("Guess.{#\n =10:1#Close.\n =%50%5..15\n ~#Far away.\n}")
    assert guess.answers[-1] == GiftAnswer("*", weight=0.0, feedback="Far away.")
    match = one_question("Match.{=one -> 1 =two -> 2 = -> 3}")
    assert answer_summary(match) == (("one", "1"), ("two", "2"), ("", "3"))


def test_round_trip_of_moodle_examples():
    questions = moodle_questions()
    written = write_gift(questions)
    again = parse_gift(written)
    assert again.problems == ()
    assert again.questions == questions
    assert write_gift(again.questions) == written


ROUND_TRIP_SOURCE = r"""
$CATEGORY: $course$/top/Week 1

::A\: name::[html]<p>Pick \{one\}</p>{
  =[plain]yes#[markdown]**good**
  ~%-33.33333%no#bad
  ~%0%%50% off
  ####[html]<b>general</b>
}

Essay time\: write\nmore.{####Think first.}

Just read this\: 2 \= 1 + 1 and C\:\\path\\n.

$CATEGORY:

Is it?{T#Wrong\: no\# 1#Right}

Guess {#
  =%100%-1e-05:0.5#close
  =5..15
  ~#far away
} now.

Match {
  =[html]<i>one</i> -> 1 \= one
  =two -> 2
  = -> 3
}
"""

TRICKY_QUESTIONS = (
    GiftQuestion(text="[html] is not a marker here", kind="description"),
    GiftQuestion(text="// not a comment", kind="essay", category="a:b"),
    GiftQuestion(
        text="Pick",
        kind="multichoice",
        answers=(GiftAnswer("%50% off", weight=0.0), GiftAnswer("[plain]full", weight=100.0)),
    ),
    GiftQuestion(
        text="Both are right", kind="multichoice", answers=(GiftAnswer("a"), GiftAnswer("b"))
    ),
    GiftQuestion(text="Say", kind="shortanswer", answers=(GiftAnswer("%x", weight=100.0),)),
    GiftQuestion(
        text=f"Fill {BLANK} in, {{ok}}?",
        kind="truefalse",
        answers=(GiftAnswer("true", feedback="right #1"),),
        blank_at=5,
    ),
)


def test_round_trip_of_every_feature():
    parsed = parse_gift(ROUND_TRIP_SOURCE)
    assert parsed.problems == ()
    assert [question.kind for question in parsed.questions] == [
        "multichoice",
        "essay",
        "description",
        "truefalse",
        "numerical",
        "matching",
    ]
    assert parsed.questions[2].text == "Just read this: 2 = 1 + 1 and C:\\path\\n."
    assert parse_gift(write_gift(parsed.questions)).questions == parsed.questions


def test_round_trip_of_texts_that_look_like_syntax():
    again = parse_gift(write_gift(TRICKY_QUESTIONS))
    assert again.problems == ()
    assert again.questions == TRICKY_QUESTIONS


def test_escaped_newline_after_the_block_is_no_blank():
    question = one_question(r"Grant is buried there.{T}\n")
    assert (question.text, question.blank) == ("Grant is buried there.", False)


FUZZ_PIECES = [*"ab \n~=#{}:%->.\\[]TF129/$", "[html]", "::", "####", "$CATEGORY:", "//"]
FUZZ_PIECES += ["..", "%50%", "TRUE", "\\n", "\\\\", "\\{", "\\:"]


def test_random_sources_never_raise_and_clean_ones_round_trip():
    generator = random.Random(20240601)
    for _ in range(3000):
        source = "".join(generator.choices(FUZZ_PIECES, k=generator.randint(0, 40)))
        parsed = parse_gift(source)
        if parsed.ok:
            written = write_gift(parsed.questions)
            assert parse_gift(written).questions == parsed.questions, source


def test_writer_output_shape():
    question = GiftQuestion(
        text=f"Grant is {BLANK} in Grant's tomb.",
        kind="multichoice",
        name="Grant's Tomb",
        category="Week 1",
        answers=(GiftAnswer("buried", 0.0, feedback="No."), GiftAnswer("entombed", 100.0)),
        blank_at=9,
    )
    assert write_gift([question]) == (
        "$CATEGORY: Week 1\n\n"
        "::Grant's Tomb::Grant is {\n\t~buried#No.\n\t=entombed\n} in Grant's tomb.\n"
    )
    assert write_gift([]) == ""


@pytest.mark.parametrize(
    "question",
    [
        GiftQuestion(text="Q", kind="multichoice", answers=(GiftAnswer("a -> b"), GiftAnswer("c"))),
        GiftQuestion(text="Q", kind="description", answers=(GiftAnswer("a"),)),
        GiftQuestion(text="Q", kind="essay", category="two\nlines"),
    ],
    ids=["arrow-in-choice", "description-with-answers", "category-on-two-lines"],
)
def test_writer_refuses_what_gift_cannot_say(question):
    with pytest.raises(ValueError):
        write_gift([question])


def test_question_refuses_a_misplaced_blank():
    with pytest.raises(ValueError):
        GiftQuestion(text="No blank here", kind="essay", blank_at=3)


@pytest.mark.parametrize("source", ["", "\n\n  \n", "// one\n//two\n\n   // three\n"])
def test_empty_and_comment_only_files_have_no_questions_and_no_problems(source):
    parsed = parse_gift(source)
    assert (parsed.questions, parsed.problems, parsed.ok) == ((), (), True)


BAD_FILES = {
    "unclosed-brace": (
        "Fine.{T}\n\nWhat?{\n  =yes\n  ~no\n\nAlso fine.{F}\n",
        [(3, "unclosed answer block '{'")],
    ),
    "malformed-numerical": (
        "// header\nWhen?{#\n  =1822:0\n  =abc:2\n}\n",
        [(4, "numerical answer 'abc:2' is not a number")],
    ),
    "matching-without-arrow": (
        "Match.{\n  =a -> 1\n  =b -> 2\n  =c 3\n}\n",
        [(4, "matching pair without '->': 'c 3'")],
    ),
    "weight-150": ("Pick.{\n  ~%150%a\n  =b\n}\n", [(2, "weight 150% is outside -100%..100%")]),
    "malformed-weight": ("Pick.{~%half%a =b}", [(1, "malformed weight '%half%'")]),
    "matching-mixed": ("Match.{=a -> 1 =b -> 2 ~c}", [(1, "matching pairs ('->') mixed")]),
    "matching-too-few": ("Match.{=a -> 1 = -> 2}", [(1, "at least 3 pairs")]),
    "choice-without-right": ("Pick.{~a ~%-50%b}", [(1, "multiple choice has no right answer")]),
    "truefalse-garbage": ("Right?{TRUEISH}", [(1, "'TRUEISH' is not T, TRUE, F or FALSE")]),
    "truefalse-feedbacks": ("Right?{T#a#b#c}", [(1, "at most two feedbacks")]),
    "empty-text": ("\n\n{=a =b}\n", [(3, "empty question text")]),
    "empty-text-after-name": ("::Name::{T}", [(1, "empty question text")]),
    "text-before-answers": ("Q{maybe =a}", [(1, "text before the first answer: 'maybe'")]),
    "two-questions-no-blank-line": ("Q1{T}\nQ2{F}", [(2, "a second answer block")]),
    "stray-closing-brace": ("Odd } text.", [(1, "'}' without an opening '{'")]),
    "nested-brace": ("Q{=a {b}", [(1, "'{' inside an answer block")]),
    "unclosed-name": ("::Name{T}", [(1, "unclosed question name")]),
    "range-reversed": ("Q{#5..1}", [(1, "minimum above its maximum")]),
    "negative-tolerance": ("Q{#5:-1}", [(1, "negative tolerance")]),
    "numerical-empty": ("Q{#}", [(1, "numerical question has no right answer")]),
    "empty-answer": ("Q{= ~b}", [(1, "empty answer after '='")]),
    "feedback-hash": ("Q{=a#one#two ~b}", [(1, "unescaped '#' in feedback")]),
}


@pytest.mark.parametrize(("source", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_report_the_line(source, expected):
    found = problems_of(source)
    assert [line for line, _ in found] == [line for line, _ in expected]
    for (line, message), (_, fragment) in zip(found, expected, strict=True):
        assert fragment in message, (line, message)


def test_every_problem_of_a_file_is_reported():
    source = "Q1{~%150%a =b}\n\nQ2{#x}\n\nQ3 fine.{T}\n\nQ4{\n=a\n"
    assert [line for line, _ in problems_of(source)] == [1, 3, 7]
    assert not parse_gift(source).ok


def test_gift_package_imports_only_the_standard_library():
    for module in ("__init__.py", "parser.py", "writer.py"):
        path = GIFT_PACKAGE / module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert name.startswith("edu.gift") or top in sys.stdlib_module_names, (path, name)
