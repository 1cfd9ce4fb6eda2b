"""Read Moodle GIFT text into typed questions, collecting every problem rather than the first.

Layout: questions are runs of non-blank lines separated by blank lines; lines whose first
non-blank characters are `//` are comments (they do not separate questions). A block whose first
line is `$CATEGORY: path` sets the category of the questions after it (`$CATEGORY:` alone goes
back to no category). A question is `::name::` (optional), a format marker `[moodle]`, `[html]`,
`[plain]` or `[markdown]` (optional), its text and one answer block `{...}`; text after the block
makes it a "missing word" question whose text gets `BLANK` where the block was. Inside any text
`\\~ \\= \\# \\{ \\} \\:` are literal characters, `\\n` is a newline and `\\\\` a backslash (any
other backslash is kept as it is).

Answer blocks: `{}` essay; `{T}` `{TRUE}` `{F}` `{FALSE}` (any case) true/false, optionally
`#feedback when wrong#feedback when right`; `{#...}` numerical (`value`, `value:tolerance`,
`min..max`, several `=%weight%value:tolerance` answers, one `~#feedback` for any other answer);
`{=left -> right ...}` matching; only `=` answers: short answer; answers with `~`: multiple choice,
"multichoice" when an answer is worth 100% and "multiple" (several right answers) when only
partial positive weights are given. Every answer takes `%weight%` (percent, -100..100) and
`#feedback`, except matching pairs; `####text` at the end of a block is the general feedback.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

BLANK = "_____"
KINDS = (
    "multichoice",
    "multiple",
    "truefalse",
    "shortanswer",
    "matching",
    "numerical",
    "essay",
    "description",
)
FORMATS = ("moodle", "html", "plain", "markdown")
DEFAULT_FORMAT = "moodle"

# Escaped characters become Unicode noncharacters (reserved for internal use) while the structure
# is parsed, so that `\{` or `\#` never count as syntax; they are turned back at the end.
_ESCAPABLE = "\\~=#{}:n"
_LITERALS = "\\~=#{}:\n"
_PLACEHOLDERS = "".join(chr(0xFDD0 + index) for index in range(len(_ESCAPABLE)))
_PROTECT = dict(zip(_ESCAPABLE, _PLACEHOLDERS, strict=True))
_UNPROTECT = str.maketrans(dict(zip(_PLACEHOLDERS, _LITERALS, strict=True)))
_REESCAPE = str.maketrans({p: "\\" + c for p, c in zip(_PLACEHOLDERS, _ESCAPABLE, strict=True)})
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_RESERVED_RE = re.compile(f"[{_PLACEHOLDERS}]")

_CATEGORY = "$CATEGORY:"
_GENERAL_FEEDBACK = "####"
_FORMAT_RE = re.compile(r"\[(moodle|html|plain|markdown)\]")
_WEIGHT_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TRUEFALSE_RE = re.compile(r"(true|false|t|f)\s*(?:#(.*))?", re.IGNORECASE | re.DOTALL)
_MIN_CHOICES = 2
_MIN_MATCH_PAIRS = 3
_MIN_MATCH_QUESTIONS = 2


@dataclass(frozen=True)
class GiftAnswer:
    """One answer of a question, in one shape for every kind so callers need no per-kind types.

    `text` is the choice, the accepted short answer, the left side of a matching pair (empty for
    a distractor) or, for numerical answers, a readable form of the numbers ("1822:1",
    "3.141..3.142", "*" for the catch-all `~` answer). `weight` is a percentage: 100 right,
    0 wrong, anything between -100 and 100 as given (matching pairs are all 100). For
    true/false, the one answer's `text` is "true" or "false" (the right value), `feedback` is
    shown to a student who answers right and `feedback_wrong` to one who answers wrong.
    `match` is the right side of a matching pair. Numerical answers set `value` and `tolerance`
    (`value:tolerance`, tolerance 0 when omitted) or `low` and `high` (`low..high`); none of them
    for the catch-all. The `*_format` fields are None when the text uses the question's format.
    """

    text: str
    weight: float = 100.0
    feedback: str | None = None
    match: str | None = None
    value: float | None = None
    tolerance: float | None = None
    low: float | None = None
    high: float | None = None
    feedback_wrong: str | None = None
    text_format: str | None = None
    feedback_format: str | None = None
    feedback_wrong_format: str | None = None

    def __post_init__(self) -> None:
        """Refuse unknown formats early, since the writer could not mark them."""
        for format_ in (self.text_format, self.feedback_format, self.feedback_wrong_format):
            if format_ is not None and format_ not in FORMATS:
                raise ValueError(f"unknown text format {format_!r}")


@dataclass(frozen=True)
class GiftQuestion:
    """One question as Moodle would import it; `line` is left out of equality on purpose.

    `text` is unescaped; for a missing-word question it holds `BLANK` at `blank_at`, where the
    answer block was written (`text_before` and `text_after` give both sides).
    """

    text: str
    kind: str
    answers: tuple[GiftAnswer, ...] = ()
    name: str | None = None
    text_format: str = DEFAULT_FORMAT
    category: str | None = None
    general_feedback: str | None = None
    general_feedback_format: str | None = None
    blank_at: int | None = None
    line: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        """Refuse questions that no GIFT text could stand for, so writing them cannot fail later."""
        if self.kind not in KINDS:
            raise ValueError(f"unknown question kind {self.kind!r}")
        if self.text_format not in FORMATS:
            raise ValueError(f"unknown text format {self.text_format!r}")
        if self.general_feedback_format not in (None, *FORMATS):
            raise ValueError(f"unknown text format {self.general_feedback_format!r}")
        if self.blank_at is not None and not self._blank_fits():
            raise ValueError("blank_at must point at BLANK with some text after it")

    def _blank_fits(self) -> bool:
        """Tell whether the blank sits where claimed and text follows it, as GIFT requires."""
        if self.blank_at is None:
            return False
        end = self.blank_at + len(BLANK)
        return self.text[self.blank_at : end] == BLANK and bool(self.text[end:].strip())

    @property
    def blank(self) -> bool:
        """Whether the answer block sits inside the text (a "missing word" question)."""
        return self.blank_at is not None

    @property
    def text_before(self) -> str:
        """The text before the answer block, which is all of it without a blank."""
        return self.text if self.blank_at is None else self.text[: self.blank_at]

    @property
    def text_after(self) -> str:
        """The text after the answer block, empty without a blank."""
        return "" if self.blank_at is None else self.text[self.blank_at + len(BLANK) :]


@dataclass(frozen=True)
class GiftProblem:
    """Why a file cannot be imported; `message` starts with "line N: " for the reader."""

    line: int
    message: str

    def __str__(self) -> str:
        """Print as the message, which already names the line."""
        return self.message


@dataclass(frozen=True)
class GiftFile:
    """The questions read and the problems found; any problem means import nothing."""

    questions: tuple[GiftQuestion, ...]
    problems: tuple[GiftProblem, ...]

    @property
    def ok(self) -> bool:
        """Whether the file may be imported at all."""
        return not self.problems


@dataclass(frozen=True)
class _Block:
    """A question's lines without comments, able to map an offset back to its file line."""

    text: str
    starts: tuple[int, ...]
    numbers: tuple[int, ...]
    problems: list[GiftProblem]

    def line(self, offset: int) -> int:
        """The file line holding this offset of the block text."""
        return self.numbers[bisect_right(self.starts, offset) - 1]

    def report(self, offset: int, message: str) -> None:
        """Record a problem at the line holding `offset`."""
        line = self.line(offset)
        self.problems.append(GiftProblem(line, f"line {line}: {message}"))

    def without_first_line(self) -> "_Block | None":
        """The block after its first line (a category line), or None when nothing follows."""
        if len(self.starts) == 1:
            return None
        shift = self.starts[1]
        starts = tuple(start - shift for start in self.starts[1:])
        return _Block(self.text[shift:], starts, self.numbers[1:], self.problems)


@dataclass(frozen=True)
class _Piece:
    """One answer of an answer block: its marker (`=` or `~`), content and offset in the block."""

    marker: str
    content: str
    offset: int


@dataclass(frozen=True)
class _Answers:
    """What an answer block says, before it is joined to the question text."""

    kind: str
    answers: tuple[GiftAnswer, ...] = ()
    general_feedback: str | None = None
    general_feedback_format: str | None = None


def parse_gift(text: str, max_questions: int | None = None) -> GiftFile:
    """Read a whole GIFT file; the questions are only meant to be used when `problems` is empty.
    Past `max_questions` it is refused once cut into blocks, before the costly reading."""
    runs = list(_runs(text))
    if max_questions is not None:
        too_many = _too_many(runs, max_questions)
        if too_many is not None:
            return GiftFile((), (too_many,))
    problems: list[GiftProblem] = []
    questions: list[GiftQuestion] = []
    category: str | None = None
    for block in (_block(run, problems) for run in runs):
        question_block: _Block | None = block
        if _is_category(block):
            category = _category(block)
            question_block = block.without_first_line()
        if question_block is not None:
            question = _question(question_block, category)
            if question is not None:
                questions.append(question)
    return GiftFile(tuple(questions), tuple(problems))


def _runs(text: str) -> Iterator[list[tuple[int, str]]]:
    """Cut the file at blank lines, dropping comment lines, as Moodle does."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if pending:
                yield pending
            pending = []
        elif not line.lstrip().startswith("//"):
            pending.append((number, line))
    if pending:
        yield pending


def _too_many(runs: list[list[tuple[int, str]]], limit: int) -> GiftProblem | None:
    """The problem of a file with more than `limit` questions: every block holds one, except a
    lone `$CATEGORY:` line."""
    starts = [
        run[0][0] for run in runs if len(run) > 1 or not run[0][1].lstrip().startswith(_CATEGORY)
    ]
    if len(starts) <= limit:
        return None
    line = starts[limit]
    message = (
        f"line {line}: the file holds {len(starts)} questions, more than the {limit} one "
        f"import takes (question {limit + 1} starts here); split it into smaller files"
    )
    return GiftProblem(line, message)


def _block(lines: list[tuple[int, str]], problems: list[GiftProblem]) -> _Block:
    """Join a question's lines with their escapes hidden, remembering where each line starts."""
    texts: list[str] = []
    starts: list[int] = []
    offset = 0
    for number, line in lines:
        if _RESERVED_RE.search(line):
            message = "characters U+FDD0..U+FDD7 are reserved and cannot be imported"
            problems.append(GiftProblem(number, f"line {number}: {message}"))
        protected = _ESCAPE_RE.sub(lambda match: _PROTECT[match.group(1)], line)
        texts.append(protected)
        starts.append(offset)
        offset += len(protected) + 1
    numbers = tuple(number for number, _ in lines)
    return _Block("\n".join(texts), tuple(starts), numbers, problems)


def _is_category(block: _Block) -> bool:
    """Whether the block opens with a `$CATEGORY:` line."""
    return block.text.lstrip().startswith(_CATEGORY)


def _category(block: _Block) -> str | None:
    """The category path written after `$CATEGORY:`, kept raw as Moodle keeps it."""
    first_line = block.text.split("\n", 1)[0].lstrip()
    path = first_line[len(_CATEGORY) :].strip().translate(_REESCAPE)
    return path or None


def _unescape(text: str) -> str:
    """Turn hidden escapes back into the characters they stand for."""
    return text.translate(_UNPROTECT)


def _shown(text: str) -> str:
    """Quote a piece of the file in a message as it was written."""
    return text.strip().translate(_REESCAPE)


def _question(block: _Block, category: str | None) -> GiftQuestion | None:
    """Read one question block, or report why it cannot be read and return None."""
    known = len(block.problems)
    name, start = _name(block)
    if start is None:
        return None
    text = block.text
    opening = text.find("{", start)
    if opening < 0:
        if "}" in text[start:]:
            block.report(text.index("}", start), "'}' without an opening '{'")
        return _description(block, name, text[start:], category, known)
    closing = _closing(block, start, opening)
    if closing is None:
        return None
    text_format, before = _take_format(text[start:opening], None)
    inner = text[opening + 1 : closing]
    parts = _answers(block, opening + 1, inner, text_format or DEFAULT_FORMAT)
    after = text[closing + 1 :]
    if not (_unescape(before).strip() or _unescape(after).strip()):
        block.report(start, "empty question text")
    if parts is None or len(block.problems) > known:
        return None
    body, blank_at = _text_around_blank(before, after)
    return GiftQuestion(
        text=body,
        kind=parts.kind,
        answers=parts.answers,
        name=name,
        text_format=text_format or DEFAULT_FORMAT,
        category=category,
        general_feedback=parts.general_feedback,
        general_feedback_format=parts.general_feedback_format,
        blank_at=blank_at,
        line=block.line(0),
    )


def _name(block: _Block) -> tuple[str | None, int | None]:
    """Read an optional `::name::`; the offset where the text starts is None if it is unclosed."""
    text = block.text
    if not text.startswith("::"):
        return None, 0
    end = text.find("::", 2)
    opening = text.find("{")
    if end < 0 or 0 <= opening < end:
        block.report(0, "unclosed question name '::'")
        return None, None
    return _unescape(text[2:end]).strip() or None, end + 2


def _closing(block: _Block, start: int, opening: int) -> int | None:
    """Find the `}` closing the answer block, reporting stray or nested braces."""
    text = block.text
    stray = text.find("}", start, opening)
    if stray >= 0:
        block.report(stray, "'}' without an opening '{'")
    closing = text.find("}", opening + 1)
    if closing < 0:
        block.report(opening, "unclosed answer block '{'")
        return None
    nested = text.find("{", opening + 1, closing)
    if nested >= 0:
        block.report(nested, "'{' inside an answer block (write '\\{' for a literal brace)")
    extra = re.search(r"[{}]", text[closing + 1 :])
    if extra is not None:
        where = closing + 1 + extra.start()
        if extra.group() == "{":
            block.report(where, "a second answer block: separate questions with a blank line")
        else:
            block.report(where, "'}' without an opening '{'")
    return closing


def _description(
    block: _Block, name: str | None, raw: str, category: str | None, known: int
) -> GiftQuestion | None:
    """Read a question without an answer block: text shown to the students, nothing to answer."""
    text_format, body = _take_format(raw, None)
    if not _unescape(body).strip():
        block.report(0, "empty question text")
    if len(block.problems) > known:
        return None
    return GiftQuestion(
        text=_unescape(body).strip(),
        kind="description",
        name=name,
        text_format=text_format or DEFAULT_FORMAT,
        category=category,
        line=block.line(0),
    )


def _text_around_blank(before: str, after: str) -> tuple[str, int | None]:
    """Join the text around the answer block; text after it makes a missing-word blank."""
    head, tail = _unescape(before).lstrip(), _unescape(after).rstrip()
    if not tail.strip():
        return head.rstrip(), None
    return head + BLANK + tail, len(head)


def _take_format(text: str, default: str | None) -> tuple[str | None, str]:
    """Split a leading `[format]` marker off a text; the format is None when it is the default."""
    stripped = text.lstrip()
    marker = _FORMAT_RE.match(stripped)
    if marker is None:
        return None, stripped
    found = marker.group(1)
    return (None if found == default else found), stripped[marker.end() :]


def _rich(raw: str | None, default: str) -> tuple[str | None, str | None]:
    """Read a feedback-like text and its optional marker; empty texts count as absent."""
    if raw is None:
        return None, None
    text_format, body = _take_format(raw, default)
    text = _unescape(body).strip()
    return (text or None), (text_format if text else None)


def _answers(block: _Block, offset: int, inner: str, question_format: str) -> _Answers | None:
    """Read an answer block, choosing the question kind from its first characters as Moodle does."""
    body, general = inner, None
    cut = inner.rfind(_GENERAL_FEEDBACK)
    if cut >= 0:
        body, general = inner[:cut], inner[cut + len(_GENERAL_FEEDBACK) :]
    general_feedback, general_format = _rich(general, question_format)
    stripped = body.strip()
    start = offset + len(body) - len(body.lstrip())
    if not stripped:
        parsed: _Answers | None = _Answers("essay")
    elif stripped.startswith("#"):
        parsed = _numerical(block, start + 1, stripped[1:], question_format)
    elif _TRUEFALSE_RE.fullmatch(stripped):
        parsed = _truefalse(block, start, stripped, question_format)
    elif stripped[0] in "=~":
        parsed = _listed(block, start, stripped, question_format)
    else:
        _report_unknown(block, start, stripped)
        parsed = None
    if parsed is None:
        return None
    return replace(
        parsed, general_feedback=general_feedback, general_feedback_format=general_format
    )


def _report_unknown(block: _Block, offset: int, body: str) -> None:
    """Explain an answer block that starts with none of the GIFT answer marks."""
    first = re.search(r"[=~]", body)
    if first is not None:
        block.report(offset, f"text before the first answer: '{_shown(body[: first.start()])}'")
        return
    message = f"answer block '{_shown(body)}' is not T, TRUE, F or FALSE "
    block.report(offset, message + "and does not start with '=', '~' or '#'")


def _pieces(body: str, offset: int) -> tuple[str, list[_Piece]]:
    """Split an answer list at its `=` and `~` marks, keeping each answer's offset for messages."""
    parts = re.split(r"([=~])", body)
    pieces: list[_Piece] = []
    position = offset + len(parts[0])
    for marker, content in zip(parts[1::2], parts[2::2], strict=True):
        pieces.append(_Piece(marker, content, position))
        position += 1 + len(content)
    return parts[0], pieces


def _split_feedback(block: _Block, piece: _Piece, content: str) -> tuple[str, str | None]:
    """Split `answer#feedback`; a second unescaped `#` is reported as a likely mistake."""
    text, hash_, feedback = content.partition("#")
    if "#" in feedback:
        block.report(piece.offset, "unescaped '#' in feedback (write '\\#')")
    return text, (feedback if hash_ else None)


def _take_weight(block: _Block, piece: _Piece, default: float) -> tuple[float | None, str]:
    """Read an optional `%weight%` prefix; the weight is None when it is malformed."""
    content = piece.content.lstrip()
    end = content.find("%", 1)
    if not content.startswith("%") or end < 0:
        return default, content
    raw = content[1:end].strip()
    if not _WEIGHT_RE.fullmatch(raw):
        block.report(piece.offset, f"malformed weight '%{_shown(raw)}%'")
        return None, content[end + 1 :]
    weight = float(raw)
    if not -100 <= weight <= 100:
        block.report(piece.offset, f"weight {raw}% is outside -100%..100%")
        return None, content[end + 1 :]
    return weight, content[end + 1 :]


def _truefalse(block: _Block, offset: int, body: str, question_format: str) -> _Answers | None:
    """Read `{T}`/`{FALSE#wrong feedback#right feedback}`; the answer holds the right value."""
    match = _TRUEFALSE_RE.fullmatch(body)
    assert match is not None
    feedbacks = [] if match.group(2) is None else match.group(2).split("#")
    if len(feedbacks) > 2:
        block.report(offset, "true/false takes at most two feedbacks: '#wrong#right'")
        return None
    wrong, wrong_format = _rich(feedbacks[0] if feedbacks else None, question_format)
    right, right_format = _rich(feedbacks[1] if len(feedbacks) > 1 else None, question_format)
    value = "true" if match.group(1).lower() in ("t", "true") else "false"
    answer = GiftAnswer(
        text=value,
        feedback=right,
        feedback_wrong=wrong,
        feedback_format=right_format,
        feedback_wrong_format=wrong_format,
    )
    return _Answers("truefalse", (answer,))


def _listed(block: _Block, offset: int, body: str, question_format: str) -> _Answers | None:
    """Read `=`/`~` answers: matching when `->` pairs appear, else choices or short answers."""
    _, pieces = _pieces(body, offset)
    if any("->" in piece.content.partition("#")[0] for piece in pieces):
        return _matching(block, offset, pieces, question_format)
    answers = [_choice(block, piece, question_format) for piece in pieces]
    if any(answer is None for answer in answers):
        return None
    found = tuple(answer for answer in answers if answer is not None)
    if any(piece.marker == "~" for piece in pieces):
        return _choice_kind(block, offset, found)
    if not any(answer.weight > 0 for answer in found):
        block.report(offset, "short answer question has no right answer")
        return None
    return _Answers("shortanswer", found)


def _choice(block: _Block, piece: _Piece, question_format: str) -> GiftAnswer | None:
    """Read one `=answer`/`~%weight%answer#feedback` of a choice or short-answer question."""
    weight, content = _take_weight(block, piece, 100.0 if piece.marker == "=" else 0.0)
    text, feedback = _split_feedback(block, piece, content)
    text_format, body = _take_format(text, question_format)
    answer_text = _unescape(body).strip()
    if not answer_text:
        block.report(piece.offset, f"empty answer after '{piece.marker}'")
    feedback_text, feedback_format = _rich(feedback, question_format)
    if weight is None or not answer_text:
        return None
    return GiftAnswer(
        text=answer_text,
        weight=weight,
        feedback=feedback_text,
        text_format=text_format,
        feedback_format=feedback_format,
    )


def _choice_kind(block: _Block, offset: int, answers: tuple[GiftAnswer, ...]) -> _Answers | None:
    """Tell single from multiple-answer choice: a 100% answer makes it single."""
    if len(answers) < _MIN_CHOICES:
        block.report(offset, "multiple choice needs at least 2 answers")
        return None
    if any(answer.weight == 100 for answer in answers):
        return _Answers("multichoice", answers)
    if any(answer.weight > 0 for answer in answers):
        return _Answers("multiple", answers)
    block.report(offset, "multiple choice has no right answer: no '=' and no positive weight")
    return None


def _matching(
    block: _Block, offset: int, pieces: list[_Piece], question_format: str
) -> _Answers | None:
    """Read `=left -> right` pairs; Moodle needs 3 pairs, 2 of them with a left side."""
    if any(piece.marker == "~" for piece in pieces):
        block.report(offset, "matching pairs ('->') mixed with '~' answers")
        return None
    pairs = [_pair(block, piece, question_format) for piece in pieces]
    if any(pair is None for pair in pairs):
        return None
    found = tuple(pair for pair in pairs if pair is not None)
    questions = sum(1 for pair in found if pair.text)
    if len(found) < _MIN_MATCH_PAIRS or questions < _MIN_MATCH_QUESTIONS:
        block.report(offset, "matching needs at least 3 pairs, 2 of them with a left side")
        return None
    return _Answers("matching", found)


def _pair(block: _Block, piece: _Piece, question_format: str) -> GiftAnswer | None:
    """Read one `=left -> right` pair (an empty left side adds a wrong right-hand choice)."""
    left, arrow, right = piece.content.partition("->")
    if not arrow:
        block.report(piece.offset, f"matching pair without '->': '{_shown(piece.content)}'")
        return None
    if "#" in piece.content:
        block.report(piece.offset, "matching pairs take no feedback (write '\\#' for '#')")
        return None
    if not _unescape(right).strip():
        block.report(piece.offset, f"matching pair without a right side: '{_shown(left)}'")
        return None
    text_format, body = _take_format(left, question_format)
    text = _unescape(body).strip()
    return GiftAnswer(text=text, match=_unescape(right).strip(), text_format=text_format)


def _numerical(block: _Block, offset: int, body: str, question_format: str) -> _Answers | None:
    """Read `{#...}`: one bare answer and/or `=` answers, and at most one `~` catch-all."""
    lead, pieces = _pieces(body, offset)
    if lead.strip():
        pieces.insert(0, _Piece("", lead, offset))
    catch_alls = [piece for piece in pieces if piece.marker == "~"]
    if len(catch_alls) > 1:
        block.report(catch_alls[1].offset, "numerical question with more than one '~' answer")
        return None
    answers = [_numerical_answer(block, piece, question_format) for piece in pieces]
    if any(answer is None for answer in answers):
        return None
    found = tuple(answer for answer in answers if answer is not None)
    if not any(answer.weight > 0 for answer in found):
        block.report(offset, "numerical question has no right answer")
        return None
    return _Answers("numerical", found)


def _numerical_answer(block: _Block, piece: _Piece, question_format: str) -> GiftAnswer | None:
    """Read `%weight%value:tolerance#feedback`, `min..max` or the `~#feedback` catch-all."""
    if piece.marker == "~":
        return _catch_all(block, piece, question_format)
    weight, content = _take_weight(block, piece, 100.0)
    spec, feedback = _split_feedback(block, piece, content)
    answer = _number_answer(spec.strip())
    if isinstance(answer, str):
        block.report(piece.offset, answer)
        return None
    feedback_text, feedback_format = _rich(feedback, question_format)
    if weight is None:
        return None
    return replace(answer, weight=weight, feedback=feedback_text, feedback_format=feedback_format)


def _catch_all(block: _Block, piece: _Piece, question_format: str) -> GiftAnswer | None:
    """Read `~#feedback`, the feedback for any number that matches no other answer."""
    spec, feedback = _split_feedback(block, piece, piece.content)
    if spec.strip() not in ("", "*"):
        block.report(piece.offset, "the '~' answer of a numerical question takes only feedback")
        return None
    feedback_text, feedback_format = _rich(feedback, question_format)
    return GiftAnswer(text="*", weight=0.0, feedback=feedback_text, feedback_format=feedback_format)


def _number_answer(spec: str) -> GiftAnswer | str:
    """Read `value`, `value:tolerance` or `min..max`; a string is the reason it is malformed."""
    shown = _shown(spec)
    if ".." in spec and ":" not in spec:
        low, _, high = spec.partition("..")
        if not (_NUMBER_RE.fullmatch(low.strip()) and _NUMBER_RE.fullmatch(high.strip())):
            return f"numerical range '{shown}' is not 'min..max' with two numbers"
        if float(low) > float(high):
            return f"numerical range '{shown}' has its minimum above its maximum"
        return _range_answer(float(low), float(high))
    value, colon, tolerance = spec.partition(":")
    tolerance = tolerance if colon else "0"
    if not (_NUMBER_RE.fullmatch(value.strip()) and _NUMBER_RE.fullmatch(tolerance.strip())):
        return f"numerical answer '{shown}' is not a number, 'value:tolerance' or 'min..max'"
    if float(tolerance) < 0:
        return f"numerical answer '{shown}' has a negative tolerance"
    return _value_answer(float(value), float(tolerance))


def _range_answer(low: float, high: float) -> GiftAnswer:
    """A numerical answer accepting anything from `low` to `high`."""
    return GiftAnswer(text=f"{number_text(low)}..{number_text(high)}", low=low, high=high)


def _value_answer(value: float, tolerance: float) -> GiftAnswer:
    """A numerical answer accepting `value` give or take `tolerance`."""
    text = number_text(value) + (f":{number_text(tolerance)}" if tolerance else "")
    return GiftAnswer(text=text, value=value, tolerance=tolerance)


def number_text(number: float) -> str:
    """Write a number the shortest exact way, without a useless '.0', for GIFT and for people."""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)
