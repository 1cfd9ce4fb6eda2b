"""Check content packs and turn them into `pack` values; every problem is `path:line: message`.

Nothing here touches a database: loading only ever sees content that passed every check.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal, get_decimal_symbol

from edu.content.pack import (
    AUTHORED_ITEM_TYPES,
    ENTITY_CATEGORIES,
    FACT_KINDS,
    LANGUAGES,
    LEVELS,
    Argument,
    Article,
    AuthoredItem,
    Fact,
    Question,
    Source,
    Text,
    Theme,
)
from edu.content.yamlsource import LocatedList, LocatedMap, YamlSyntaxError, parse_yaml
from edu.quiz.items import GAP

THEMES_FILE = "themes.yaml"
NOT_ARTICLES = {THEMES_FILE, "rubric.yaml"}  # files of the content folder that hold no article

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LANGUAGE_NAMES = {"fr": "French", "en": "English"}
FACT_KEYS = ("id", "kind", "text", "where")
KIND_KEYS = {"number": "answer", "date": "answer", "entity": "answer", "claim": "false"}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Content:
    """Everything read from a content folder (or one file), with the problems found."""

    articles: list[Article] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ContentError(Exception):
    """Content that failed validation; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_content(path: str | Path) -> Content:
    """Validate a content folder, or a single article file with the themes beside it."""
    path = Path(path)
    content = Content()
    if path.is_dir():
        folder, files = (
            path,
            sorted(p for p in path.glob("*.yaml") if p.is_file() and p.name not in NOT_ARTICLES),
        )
    elif path.is_file():
        folder, files = path.parent, [path]
    else:
        content.problems.append(Problem(str(path), 0, "no such file or folder"))
        return content
    theme_ids = _read_themes(folder / THEMES_FILE, content)
    # Ids are unique across files because each must equal its file's name.
    for file in files:
        article = read_article(file, theme_ids, content.problems)
        if article is not None:
            content.articles.append(article)
    content.problems.sort()
    return content


def read_article(path: Path, theme_ids: set[str] | None, problems: list[Problem]) -> Article | None:
    """Validate one article file; append its problems and return it only if it has none."""
    checker = _Checker(str(path))
    data = checker.parse(path)
    article = None if checker.problems else checker.article(data, path.stem, theme_ids)
    problems.extend(checker.problems)
    return article if not checker.problems else None


def read_article_text(
    text: str, name: str, theme_ids: set[str] | None
) -> tuple[Article | None, list[Problem]]:
    """Validate one article given as YAML text, as if it were the file `name` (`<id>.yaml`)
    beside a themes.yaml holding `theme_ids`: the same checks as `read_content`, no file."""
    checker = _Checker(name)
    data = None
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as exc:
        checker.report(exc.line, exc.message)
    article = None if checker.problems else checker.article(data, Path(name).stem, theme_ids)
    return (None if checker.problems else article), sorted(checker.problems)


def _read_themes(path: Path, content: Content) -> set[str] | None:
    checker = _Checker(str(path))
    if not path.is_file():
        return None
    data = checker.parse(path)
    if isinstance(data, LocatedMap):
        for theme_id, name in data.items():
            line = data.lines[theme_id]
            if checker.slug(theme_id, line, "theme id"):
                text = checker.text(name, line, f"theme '{theme_id}'")
                if text:
                    content.themes.append(Theme(theme_id, text))
    elif not checker.problems:
        checker.report(1, "themes.yaml must map each theme id to its name in fr and en")
    content.problems.extend(checker.problems)
    return {theme.id for theme in content.themes}


def number_spellings(value: float, language: str) -> set[str]:
    """The ways a number is written in a language: `1 120,5` in French, `1,120.5` in English."""
    spellings = {
        format_decimal(value, locale=language, group_separator=grouped, decimal_quantization=False)
        for grouped in (True, False)
    }
    return {_normalise_spaces(s) for s in spellings}


def _normalise_spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def find_number(text: str, value: float, language: str) -> tuple[int, int] | None:
    """Where `text` writes `value` the way `language` writes numbers, or None.

    The span (start, end) is in `text` itself, trailing decimal zeros included (`5,00` for 5).
    Only the number as a whole counts, not a piece of a bigger one (`120` in `1 120`); any run
    of spaces (ordinary, no-break, narrow no-break) counts as one space. The first occurrence
    wins (the longest, when two spellings start at the same place).
    """
    normalised, starts = _normalise_spaces_mapped(text)
    found = None
    for spelling in sorted(number_spellings(value, language)):
        match = _number_pattern(spelling, language).search(normalised)
        if match and (found is None or (match.start(), -match.end()) < (found[0], -found[1])):
            found = (match.start(), match.end())
    if found is None:
        return None
    return starts[found[0]], starts[found[1]]


def _normalise_spaces_mapped(text: str) -> tuple[str, list[int]]:
    """`_normalise_spaces(text)`, with where each of its characters starts in `text`.

    The list has one more entry than the string: the end of `text`, for spans ending there.
    """
    chars, starts = [], []
    for index, char in enumerate(text):
        if _SPACE.match(char):
            if chars and chars[-1] == " " and _SPACE.match(text[index - 1]):
                continue
            char = " "
        chars.append(char)
        starts.append(index)
    starts.append(len(text))
    return "".join(chars), starts


_SPACE = re.compile(r"[\s\u00a0\u202f]")


def _number_pattern(spelling: str, language: str) -> re.Pattern:
    """This spelling as a whole number, in text whose spaces are normalised."""
    decimal = get_decimal_symbol(language)
    # Trailing zeros are the same number: `5` matches `5,00` and `2,5` matches `2,50`.
    zeros = "0*" if decimal in spelling else rf"(?:{re.escape(decimal)}0+)?"
    return re.compile(rf"(?<![\d.,])(?<!\d ){re.escape(spelling)}{zeros}(?!\d|[.,]\d| \d{{3}})")


class _Checker:
    """Walks one parsed file, collecting problems instead of stopping at the first."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.fact_ids: dict[str, int] = {}  # every well-formed fact id, even of a broken fact

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def parse(self, path: Path) -> Any:
        """The file's YAML, or None after reporting why it cannot be read."""
        try:
            return parse_yaml(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.report(1, "the file is not UTF-8 text")
        except YamlSyntaxError as exc:
            self.report(exc.line, exc.message)
        return None

    # -- shapes -------------------------------------------------------------------------------

    def mapping(
        self,
        value: Any,
        line: int,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> LocatedMap | None:
        required, optional = tuple(required), tuple(optional)
        if not isinstance(value, LocatedMap):
            self.report(line, f"{what} must be a mapping with keys {', '.join(required)}")
            return None
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.report(value.lines[key], f"unknown key '{key}' in {what} (allowed: {allowed})")
        for key in required:
            if key not in value:
                self.report(value.line, f"{what} is missing '{key}'")
        return value

    def sequence(self, value: Any, line: int, what: str, minimum: int = 0) -> LocatedList | None:
        if not isinstance(value, LocatedList):
            self.report(line, f"{what} must be a list")
            return None
        if len(value) < minimum:
            self.report(value.line if value else line, f"{what} needs at least {minimum}")
        return value

    def text(self, value: Any, line: int, what: str) -> Text | None:
        texts = self.mapping(value, line, what, required=LANGUAGES)
        if texts is None:
            return None
        ok = all(lang in texts for lang in LANGUAGES)
        for lang in LANGUAGES:
            if lang in texts and (not isinstance(texts[lang], str) or not texts[lang].strip()):
                name = LANGUAGE_NAMES[lang]
                self.report(texts.lines[lang], f"{what}: the {name} text ({lang}) is empty")
                ok = False
        return Text(texts["fr"].strip(), texts["en"].strip()) if ok else None

    def slug(self, value: Any, line: int, what: str) -> bool:
        if isinstance(value, str) and SLUG.match(value) and len(value) <= 64:
            return True
        self.report(
            line,
            f"{what} {value!r} is malformed: use lowercase letters, digits and single hyphens",
        )
        return False

    def positive(self, value: Any, line: int, what: str) -> bool:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return True
        self.report(line, f"{what} must be a positive whole number, not {value!r}")
        return False

    def number(self, value: Any, line: int, what: str) -> bool:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
        self.report(line, f"{what} must be a number, not {value!r}")
        return False

    # -- the article ----------------------------------------------------------------------------

    def article(self, data: Any, stem: str, theme_ids: set[str] | None) -> Article | None:
        top = self.mapping(
            data,
            1,
            "the article",
            required=("id", "source", "title", "summary", "level", "themes", "facts"),
            optional=("questions", "items"),
        )
        if top is None:
            return None
        at = top.lines.get
        article_id = top.get("id")
        if "id" in top and self.slug(article_id, at("id"), "article id") and article_id != stem:
            self.report(at("id"), f"article id '{article_id}' differs from the file name '{stem}'")
        source = self.source(top.get("source"), at("source", top.line))
        title = self.text(top.get("title"), at("title", top.line), "title")
        summary = self.text(top.get("summary"), at("summary", top.line), "summary")
        level = top.get("level")
        if "level" in top and level not in LEVELS:
            self.report(at("level"), f"level {level!r} is not a CEFR level ({' '.join(LEVELS)})")
        themes = self.themes(top.get("themes"), at("themes", top.line), theme_ids)
        facts = self.facts(top.get("facts"), at("facts", top.line))
        fact_ids = set(self.fact_ids)
        questions = ()
        if "questions" in top:
            questions = self.questions(top["questions"], at("questions"), fact_ids)
        items = ()
        if "items" in top:
            items = self.authored_items(top["items"], at("items"), fact_ids)
        if self.problems:
            return None
        return Article(article_id, source, title, summary, level, themes, facts, questions, items)

    def source(self, value: Any, line: int) -> Source | None:
        source = self.mapping(
            value, line, "source", required=("date", "language"), optional=("publication", "author")
        )
        if source is None:
            return None
        for key in ("publication", "author"):
            if key in source and (not isinstance(source[key], str) or not source[key].strip()):
                self.report(source.lines[key], f"source {key} must be a non-empty text")
        date = str(source.get("date", ""))
        if "date" in source and not _valid_partial_date(date):
            self.report(
                source.lines["date"], f"source date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
            )
        language = source.get("language")
        if "language" in source and language not in LANGUAGES:
            self.report(source.lines["language"], f"source language {language!r} is not fr or en")
        return Source(date, language, source.get("publication"), source.get("author"))

    def themes(self, value: Any, line: int, known: set[str] | None) -> tuple[str, ...]:
        themes = self.sequence(value, line, "themes", minimum=1)
        if themes is None:
            return ()
        for theme, theme_line in zip(themes, themes.lines, strict=True):
            if not self.slug(theme, theme_line, "theme"):
                continue
            if known is None:
                self.report(
                    theme_line,
                    f"theme '{theme}' cannot be checked: no {THEMES_FILE} beside this file",
                )
            elif theme not in known:
                self.report(theme_line, f"unknown theme '{theme}' (add it to {THEMES_FILE})")
        return tuple(themes)

    def unique_id(self, item: LocatedMap, seen: dict[str, int], what: str) -> str | None:
        item_id = item.get("id")
        if "id" not in item or not self.slug(item_id, item.lines["id"], f"{what} id"):
            return None
        if item_id in seen:
            self.report(
                item.lines["id"], f"duplicate {what} id '{item_id}' (first at line {seen[item_id]})"
            )
            return None
        seen[item_id] = item.lines["id"]
        return item_id

    def facts(self, value: Any, line: int) -> tuple[Fact, ...]:
        items = self.sequence(value, line, "facts", minimum=1)
        if items is None:
            return ()
        facts, seen = [], self.fact_ids
        for item, item_line in zip(items, items.lines, strict=True):
            kind = item.get("kind") if isinstance(item, LocatedMap) else None
            kind_key = KIND_KEYS.get(kind) if isinstance(kind, str) else None
            required = FACT_KEYS + ((kind_key,) if kind_key else ())
            raw = self.mapping(item, item_line, "a fact", required=required)
            if raw is None:
                continue
            fact_id = self.unique_id(raw, seen, "fact")
            what = f"fact '{fact_id or '?'}'"
            if "kind" in raw and (not isinstance(kind, str) or kind not in FACT_KINDS):
                self.report(
                    raw.lines["kind"],
                    f"{what}: kind {kind!r} is not one of {', '.join(FACT_KINDS)}",
                )
            text = self.text(raw.get("text"), raw.lines.get("text", raw.line), f"{what} text")
            if "where" in raw:
                self.positive(raw["where"], raw.lines["where"], f"{what}: where (paragraph)")
            answer = None
            if text and kind_key in raw:
                answer = self.answer(kind, raw[kind_key], raw.lines[kind_key], text, what)
            if fact_id and text and answer is not None:
                facts.append(Fact(fact_id, kind, text, raw.get("where"), answer))
        return tuple(facts)

    def answer(self, kind: str, value: Any, line: int, text: Text, what: str) -> dict | None:
        problems_before = len(self.problems)
        if kind == "claim":
            false = self.text(value, line, f"{what} false variant")
            if false and (false.fr == text.fr or false.en == text.en):
                self.report(line, f"{what}: the false variant repeats the statement")
            result = {"false": false.as_dict()} if false else None
        elif kind == "number":
            result = self.number_answer(value, line, text, what)
        elif kind == "date":
            result = self.date_answer(value, line, text, what)
        else:
            result = self.entity_answer(value, line, text, what)
        return result if len(self.problems) == problems_before else None

    def number_answer(self, value: Any, line: int, text: Text, what: str) -> dict | None:
        answer = self.mapping(
            value, line, f"{what} answer", required=("value",), optional=("unit", "tolerance")
        )
        if answer is None or "value" not in answer:
            return None
        result: dict[str, Any] = {"value": answer["value"], "tolerance": answer.get("tolerance", 0)}
        if not self.number(answer["value"], answer.lines["value"], f"{what}: answer value"):
            return None
        if "tolerance" in answer:
            tolerance = answer["tolerance"]
            if (
                self.number(tolerance, answer.lines["tolerance"], f"{what}: tolerance")
                and not 0 <= tolerance < 1
            ):
                self.report(
                    answer.lines["tolerance"], f"{what}: tolerance is relative, between 0 and 1"
                )
        if "unit" in answer:
            unit = self.text(answer["unit"], answer.lines["unit"], f"{what} unit")
            result["unit"] = unit.as_dict() if unit else None
        for lang in LANGUAGES:
            if find_number(getattr(text, lang), answer["value"], lang) is None:
                spellings = number_spellings(answer["value"], lang)
                shown = " or ".join(sorted(spellings))
                self.report(
                    answer.lines["value"],
                    f"{what}: the value is not in the {LANGUAGE_NAMES[lang]} text "
                    f"(write it as {shown})",
                )
        return result

    def date_answer(self, value: Any, line: int, text: Text, what: str) -> dict | None:
        answer = self.mapping(value, line, f"{what} answer", required=("date",))
        if answer is None or "date" not in answer:
            return None
        date = str(answer["date"])
        if not _valid_partial_date(date):
            self.report(
                answer.lines["date"], f"{what}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
            )
            return None
        year = date[:4]
        for lang in LANGUAGES:
            if not re.search(rf"(?<!\d){year}(?!\d)", getattr(text, lang)):
                self.report(
                    answer.lines["date"],
                    f"{what}: the year {year} is not in the {LANGUAGE_NAMES[lang]} text",
                )
        return {"date": date}

    def entity_answer(self, value: Any, line: int, text: Text, what: str) -> dict | None:
        answer = self.mapping(value, line, f"{what} answer", required=(*LANGUAGES, "category"))
        if answer is None:
            return None
        for lang in LANGUAGES:
            name = answer.get(lang)
            if lang not in answer:
                continue
            if not isinstance(name, str) or not name.strip():
                self.report(
                    answer.lines[lang], f"{what}: the {LANGUAGE_NAMES[lang]} answer is empty"
                )
            elif not _contains_words(getattr(text, lang), name.strip()):
                self.report(
                    answer.lines[lang],
                    f"{what}: the answer '{name}' does not appear "
                    f"in the {LANGUAGE_NAMES[lang]} text",
                )
        category = answer.get("category")
        if "category" in answer and category not in ENTITY_CATEGORIES:
            self.report(
                answer.lines["category"],
                f"{what}: category {category!r} is not one of {', '.join(ENTITY_CATEGORIES)}",
            )
        if not all(key in answer for key in (*LANGUAGES, "category")):
            return None
        return {
            "fr": str(answer["fr"]).strip(),
            "en": str(answer["en"]).strip(),
            "category": category,
        }

    def fact_refs(
        self, value: Any, line: int, what: str, fact_ids: set[str], minimum: int
    ) -> tuple[str, ...]:
        refs = self.sequence(value, line, what, minimum=minimum)
        if refs is None:
            return ()
        for ref, ref_line in zip(refs, refs.lines, strict=True):
            if not isinstance(ref, str) or ref not in fact_ids:
                self.report(ref_line, f"{what}: no fact with id {ref!r} in this article")
        return tuple(refs)

    def questions(self, value: Any, line: int, fact_ids: set[str]) -> tuple[Question, ...]:
        items = self.sequence(value, line, "questions")
        if items is None:
            return ()
        questions, seen = [], {}
        for item, item_line in zip(items, items.lines, strict=True):
            raw = self.mapping(
                item,
                item_line,
                "a question",
                required=("id", "text", "motion", "facts", "arguments"),
                optional=("where",),
            )
            if raw is None:
                continue
            at = raw.lines.get
            question_id = self.unique_id(raw, seen, "question")
            what = f"question '{question_id or '?'}'"
            if "where" in raw:
                self.positive(raw["where"], at("where"), f"{what}: where (paragraph)")
            text = self.text(raw.get("text"), at("text", raw.line), f"{what} text")
            motion = self.text(raw.get("motion"), at("motion", raw.line), f"{what} motion")
            facts = ()
            if "facts" in raw:
                facts = self.fact_refs(
                    raw["facts"], at("facts"), f"{what} facts", fact_ids, minimum=1
                )
            sides = {}
            if "arguments" in raw:
                sides = self.arguments(raw["arguments"], at("arguments"), what, fact_ids)
            if question_id and text and motion and len(sides) == 2:
                questions.append(
                    Question(
                        question_id,
                        text,
                        motion,
                        facts,
                        sides["for"],
                        sides["against"],
                        raw.get("where"),
                    )
                )
        return tuple(questions)

    def authored_items(self, value: Any, line: int, fact_ids: set[str]) -> tuple[AuthoredItem, ...]:
        items = self.sequence(value, line, "items")
        if items is None:
            return ()
        result, seen = [], {}
        for raw_item, item_line in zip(items, items.lines, strict=True):
            kind = raw_item.get("type") if isinstance(raw_item, LocatedMap) else None
            answer_key = "choices" if kind == "choice" else "answer"
            raw = self.mapping(
                raw_item, item_line, "an item", ("id", "type", "prompt", "facts", answer_key)
            )
            if raw is None:
                continue
            at = raw.lines.get
            item_id = self.unique_id(raw, seen, "item")
            what = f"item '{item_id or '?'}'"
            if "type" in raw and (not isinstance(kind, str) or kind not in AUTHORED_ITEM_TYPES):
                types = ", ".join(AUTHORED_ITEM_TYPES)
                self.report(at("type"), f"{what}: type {kind!r} is not one of {types}")
                continue
            prompt = self.text(raw.get("prompt"), at("prompt", raw.line), f"{what} prompt")
            facts = ()
            if "facts" in raw:
                facts = self.fact_refs(raw["facts"], at("facts"), f"{what} facts", fact_ids, 1)
            if prompt and kind in {"numeric", "cloze"}:
                for lang in LANGUAGES:
                    if getattr(prompt, lang).count(GAP) != 1:
                        self.report(
                            at("prompt"),
                            f"{what}: the {LANGUAGE_NAMES[lang]} prompt needs one gap {GAP}",
                        )
            answer = None
            if answer_key in raw:
                answer = self.item_answer(kind, raw[answer_key], at(answer_key), what)
            if item_id and prompt and answer is not None:
                result.append(AuthoredItem(item_id, kind, prompt, facts, answer))
        return tuple(result)

    def item_answer(self, kind: str, value: Any, line: int, what: str) -> dict | None:
        before = len(self.problems)
        if kind == "true-false":
            if not isinstance(value, bool):
                self.report(line, f"{what}: the answer must be true or false")
            return {"value": value} if len(self.problems) == before else None
        if kind == "numeric":
            answer = self.mapping(value, line, f"{what} answer", ("value",), ("unit", "tolerance"))
            if answer is None or "value" not in answer:
                return None
            if not self.number(answer["value"], answer.lines["value"], f"{what}: answer value"):
                return None
            tolerance = answer.get("tolerance", 0)
            if not (isinstance(tolerance, int | float) and 0 <= tolerance < 1):
                self.report(answer.lines.get("tolerance", line), f"{what}: tolerance is 0 to 1")
            unit = None
            if "unit" in answer:
                unit = self.text(answer["unit"], answer.lines["unit"], f"{what} unit")
            result = {"value": answer["value"], "tolerance": tolerance}
            result["unit"] = unit.as_dict() if unit else None
            return result if len(self.problems) == before else None
        if kind == "cloze":
            answer = self.text(value, line, f"{what} answer")
            return answer.as_dict() if answer else None
        choices = self.sequence(value, line, f"{what} choices", minimum=2)
        if choices is None:
            return None
        result = []
        for choice, choice_line in zip(choices, choices.lines, strict=True):
            raw = self.mapping(
                choice, choice_line, f"{what}: a choice", (), (*LANGUAGES, "correct")
            )
            if raw is None:
                continue
            text = self.text(LocatedMapView(raw, LANGUAGES), choice_line, f"{what}: a choice")
            correct = raw.get("correct", False)
            if not isinstance(correct, bool):
                self.report(raw.lines["correct"], f"{what}: correct must be true or false")
            if text:
                result.append({"text": text.as_dict(), "correct": correct is True})
        if len(self.problems) == before and sum(c["correct"] for c in result) != 1:
            self.report(line, f"{what}: exactly one choice must be marked correct: true")
        return {"choices": result} if len(self.problems) == before else None

    def arguments(self, value: Any, line: int, what: str, fact_ids: set[str]) -> dict:
        sides = self.mapping(value, line, f"{what} arguments", required=("for", "against"))
        if sides is None:
            return {}
        result = {}
        for side in ("for", "against"):
            items = self.sequence(
                sides.get(side), sides.lines.get(side, sides.line), f"{what} arguments {side}", 2
            )
            if items is None:
                continue
            arguments = []
            for item, item_line in zip(items, items.lines, strict=True):
                # The text check below reports a missing language; the mapping check must not too.
                raw = self.mapping(
                    item, item_line, f"{what}: an argument {side}", (), (*LANGUAGES, "facts")
                )
                if raw is None:
                    continue
                text = self.text(
                    LocatedMapView(raw, LANGUAGES), item_line, f"{what}: an argument {side}"
                )
                facts = ()
                if "facts" in raw:
                    facts = self.fact_refs(
                        raw["facts"], raw.lines["facts"], f"{what} argument", fact_ids, 0
                    )
                if text:
                    arguments.append(Argument(text, facts))
            result[side] = tuple(arguments)
        return result


def LocatedMapView(source: LocatedMap, keys: Iterable[str]) -> LocatedMap:
    """The part of a mapping with only `keys`, keeping their lines (an argument's text)."""
    view = LocatedMap({key: source[key] for key in keys if key in source})
    view.line = source.line
    view.lines = {key: source.lines[key] for key in view}
    return view


def _contains_words(text: str, words: str) -> bool:
    """Whether `words` stand in `text` as whole words, ignoring case (`Ali` is not in `Alibaba`)."""
    pattern = rf"(?<!\w){re.escape(words.casefold())}(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def _valid_partial_date(value: str) -> bool:
    match = PARTIAL_DATE.match(value)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
