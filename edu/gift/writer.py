"""Write questions as Moodle GIFT text that `parse_gift` (and Moodle) read back unchanged.

Every text is escaped (`\\ ~ = # { } :` and newlines as `\\n`), so each question is one line
plus one line per answer and blank lines only separate questions. A format marker is written
when the format is not the default, and also when the text would otherwise be misread (a text
starting with `[html]` or `//`); a weight is written when it is not the marker's default or when
the answer starts with `%`.
"""

from collections.abc import Iterable

from edu.gift.parser import (
    DEFAULT_FORMAT,
    GiftAnswer,
    GiftQuestion,
    number_text,
)

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
_FORMAT_PREFIXES = tuple(f"[{name}]" for name in ("moodle", "html", "plain", "markdown"))
_CHOICE_KINDS = ("multichoice", "multiple")


def write_gift(questions: Iterable[GiftQuestion]) -> str:
    """Write questions as one GIFT file, with a `$CATEGORY:` line wherever the category changes."""
    chunks: list[str] = []
    category: str | None = None
    for question in questions:
        if question.category != category:
            chunks.append(_category_line(question.category))
            category = question.category
        chunks.append(_question(question))
    return "\n\n".join(chunks) + "\n" if chunks else ""


def _category_line(category: str | None) -> str:
    """`$CATEGORY: path`, or a bare `$CATEGORY:` to go back to no category."""
    if category is None:
        return "$CATEGORY:"
    if "\n" in category or "\r" in category:
        raise ValueError(f"a GIFT category cannot span lines: {category!r}")
    return f"$CATEGORY: {category.strip()}"


def _escape(text: str) -> str:
    """Escape GIFT's control characters so the text reads back as written."""
    return text.replace("\r\n", "\n").translate(_ESCAPES)


def _marker(text: str, text_format: str | None, default: str) -> str:
    """The `[format]` prefix a text needs: a different format, or a text that would misread."""
    effective = text_format or default
    if effective != default or text.lstrip().startswith(_FORMAT_PREFIXES):
        return f"[{effective}]"
    return ""


def _rich(text: str | None, text_format: str | None, default: str) -> str:
    """A feedback-like text with its marker, or nothing when it is absent."""
    return _marker(text, text_format, default) + _escape(text) if text else ""


def _question(question: GiftQuestion) -> str:
    """One question: name, marker, text and the answer block (in place for a missing word)."""
    name = f"::{_escape(question.name)}::" if question.name else ""
    text = question.text_before
    marker = _marker(text, question.text_format, DEFAULT_FORMAT)
    if not marker and text.lstrip().startswith("//"):
        marker = f"[{question.text_format}]"
    if question.kind == "description":
        _check_description(question)
        return name + marker + _escape(question.text)
    block = _answer_block(question)
    return name + marker + _escape(text) + block + _escape(question.text_after)


def _check_description(question: GiftQuestion) -> None:
    """Refuse to drop what a description cannot hold: it has no answer block in GIFT."""
    if question.answers or question.general_feedback or question.blank:
        raise ValueError("a description has no answer block: no answers, feedback or blank")


def _answer_block(question: GiftQuestion) -> str:
    """The `{...}` block of any kind but description."""
    general = _rich(
        question.general_feedback, question.general_feedback_format, question.text_format
    )
    general = f"####{general}" if general else ""
    if question.kind == "essay":
        return "{" + general + "}"
    if question.kind == "truefalse":
        return "{" + _truefalse(question) + general + "}"
    lines = _answer_lines(question)
    if general:
        lines.append(general)
    if question.kind == "numerical" and len(lines) == 1 and lines[0].startswith("="):
        return "{#" + lines[0][1:] + "}"
    opening = "{#\n" if question.kind == "numerical" else "{\n"
    return opening + "".join(f"\t{line}\n" for line in lines) + "}"


def _answer_lines(question: GiftQuestion) -> list[str]:
    """One line per answer, written the way the question's kind reads them."""
    if question.kind == "matching":
        return [_pair(answer, question.text_format) for answer in question.answers]
    if question.kind == "numerical":
        return [_numerical(answer, question.text_format) for answer in question.answers]
    if question.kind == "shortanswer":
        return [_choice(answer, "=", question.text_format) for answer in question.answers]
    if question.kind in _CHOICE_KINDS:
        all_right = all(answer.weight == 100 for answer in question.answers)
        return [
            _choice(answer, _choice_mark(answer, all_right), question.text_format)
            for answer in question.answers
        ]
    raise ValueError(f"cannot write answers of a {question.kind!r} question")


def _choice_mark(answer: GiftAnswer, all_right: bool) -> str:
    """`=` for a 100% choice, `~` otherwise (and for all when every choice is 100%)."""
    return "=" if answer.weight == 100 and not all_right else "~"


def _truefalse(question: GiftQuestion) -> str:
    """`TRUE` or `FALSE`, then `#wrong feedback#right feedback` when there is any."""
    if len(question.answers) != 1 or question.answers[0].text not in ("true", "false"):
        raise ValueError("a true/false question needs one answer, 'true' or 'false'")
    answer = question.answers[0]
    wrong = _rich(answer.feedback_wrong, answer.feedback_wrong_format, question.text_format)
    right = _rich(answer.feedback, answer.feedback_format, question.text_format)
    feedback = f"#{wrong}#{right}" if right else (f"#{wrong}" if wrong else "")
    return answer.text.upper() + feedback


def _weight(weight: float, default: float, text: str) -> str:
    """`%weight%` unless the mark already says it; always when the text starts with `%`."""
    if weight == default and not text.startswith("%"):
        return ""
    return f"%{number_text(weight)}%"


def _feedback(answer: GiftAnswer, question_format: str) -> str:
    """`#feedback` with its marker, or nothing."""
    text = _rich(answer.feedback, answer.feedback_format, question_format)
    return f"#{text}" if text else ""


def _choice(answer: GiftAnswer, mark: str, question_format: str) -> str:
    """`=answer`, `~answer` or `~%weight%answer`, then its feedback."""
    if "->" in answer.text:
        raise ValueError(f"'->' would turn this answer into a matching pair: {answer.text!r}")
    weight = _weight(answer.weight, 100.0 if mark == "=" else 0.0, answer.text)
    text = _marker(answer.text, answer.text_format, question_format) + _escape(answer.text)
    return mark + weight + text + _feedback(answer, question_format)


def _pair(answer: GiftAnswer, question_format: str) -> str:
    """`=left -> right`; an empty left side is a distractor."""
    if "->" in answer.text or answer.match is None:
        raise ValueError(f"a matching pair needs a right side and no '->' on the left: {answer}")
    left = _marker(answer.text, answer.text_format, question_format) + _escape(answer.text)
    return f"={left} -> {_escape(answer.match)}"


def _numerical(answer: GiftAnswer, question_format: str) -> str:
    """`=%weight%value:tolerance#feedback`, `=min..max` or the `~#feedback` catch-all."""
    feedback = _feedback(answer, question_format)
    if answer.low is not None and answer.high is not None:
        spec = f"{number_text(answer.low)}..{number_text(answer.high)}"
    elif answer.value is not None:
        tolerance = answer.tolerance or 0.0
        spec = number_text(answer.value) + (f":{number_text(tolerance)}" if tolerance else "")
    else:
        return "~" + feedback
    return "=" + _weight(answer.weight, 100.0, spec) + spec + feedback
