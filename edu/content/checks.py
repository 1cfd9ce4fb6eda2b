"""The checks of a content file, collecting every problem as `path:line: message`.

`Checker` knows the shapes (mapping, list, bilingual text, slug, unique id), which
`edu.debate.rubric` applies to the rubric; `ArticleChecker` knows an article and the themes.
"""

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeGuard

from edu.content.messages import N_, Message, Problem, label
from edu.content.numbers import find_number, number_spellings
from edu.content.pack import (
    AUTHORED_ITEM_TYPES,
    ENTITY_CATEGORIES,
    FACT_KINDS,
    GAP,
    LANGUAGES,
    LEVELS,
    THEMES_FILE,
    Argument,
    Article,
    AuthoredItem,
    Fact,
    Question,
    Source,
    Text,
    Theme,
    same_name,
)
from edu.content.typography import french_spacing
from edu.content.yamlsource import LocatedList, LocatedMap, YamlSyntaxError, parse_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FACT_KEYS = ("id", "kind", "text", "where")
KIND_KEYS = {"number": "answer", "date": "answer", "entity": "answer", "claim": "false"}

# Messages that name a language: one template per language, so that each reads naturally.
EMPTY_TEXT = {
    "fr": N_("%(what)s: the French text (fr) is empty"),
    "en": N_("%(what)s: the English text (en) is empty"),
}
VALUE_NOT_IN_TEXT = {
    "fr": N_("%(what)s: the value is not in the French text (write it as %(shown)s)"),
    "en": N_("%(what)s: the value is not in the English text (write it as %(shown)s)"),
}
YEAR_NOT_IN_TEXT = {
    "fr": N_("%(what)s: the year %(year)s is not in the French text"),
    "en": N_("%(what)s: the year %(year)s is not in the English text"),
}
EMPTY_ANSWER = {
    "fr": N_("%(what)s: the French answer is empty"),
    "en": N_("%(what)s: the English answer is empty"),
}
ANSWER_NOT_IN_TEXT = {
    "fr": N_("%(what)s: the answer '%(answer)s' does not appear in the French text"),
    "en": N_("%(what)s: the answer '%(answer)s' does not appear in the English text"),
}
COPIED_WORDS = {
    "fr": N_("%(what)s: the French text copies this run of the article's words: %(words)s"),
    "en": N_("%(what)s: the English text copies this run of the article's words: %(words)s"),
}
PROMPT_GAP = {
    "fr": N_("%(what)s: the French prompt needs one gap %(gap)s"),
    "en": N_("%(what)s: the English prompt needs one gap %(gap)s"),
}


ORDERING_MIN = 3  # a hand-written ordering puts at least this many events in order
WRONG_OPTIONS = 3  # a choice item the author words shows at least this many wrong options
COPY_RUN = 9  # this many words in a row, taken from the article, are a copy
QUOTE = re.compile(r"«[^«»]*»")  # a quotation, which must be exact and may be copied
WORD = re.compile(r"\w+")


def paragraphs(text: str) -> list[str]:
    """An article's paragraphs: its non-empty lines, headings included (`where` counts them)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _words(text: str) -> list[str]:
    return WORD.findall(text.replace("’", "'").casefold())


class SourceArticle:
    """The text of the article a pack is written from, given to check the pack against it:
    each `where` names one of its paragraphs, and no text copies a run of `COPY_RUN` or more
    of its words (outside a quotation in « »)."""

    def __init__(self, text: str):
        self.paragraph_count = len(paragraphs(text))
        runs: set[tuple[str, ...]] = set()
        for paragraph in paragraphs(text):
            words = _words(paragraph)
            runs.update(tuple(words[i : i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1))
        self._runs = runs

    def copied_runs(self, text: str) -> list[str]:
        """The longest runs of the article's words in `text`, outside « » quotations, each
        as the words copied (a run of `COPY_RUN` words or more)."""
        found = []
        for part in QUOTE.split(text):
            words = _words(part)
            start, end = 0, 0  # the run being grown: words[start:end]
            for i in range(len(words) - COPY_RUN + 1):
                if tuple(words[i : i + COPY_RUN]) in self._runs:
                    if i >= end:  # past the run being grown: a new one
                        if end > start:
                            found.append(" ".join(words[start:end]))
                        start = i
                    end = i + COPY_RUN
            if end > start:
                found.append(" ".join(words[start:end]))
        return found


class Checker:
    """Walks one parsed file, collecting problems instead of stopping at the first: the shapes
    any content file is made of."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def report(self, line: int, template: str, /, **params: Any) -> None:
        """A problem at `line`: `template` is marked with `N_`, its parameters are data or
        `Message`s (labels)."""
        self.problems.append(Problem.of(self.path, line, template, **params))

    def yaml_error(self, exc: YamlSyntaxError) -> None:
        self.report(exc.line, exc.template, **exc.params)

    def parse(self, path: Path) -> Any:
        """The file's YAML, or None after reporting why it cannot be read."""
        try:
            return parse_yaml(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.report(1, N_("the file is not UTF-8 text"))
        except YamlSyntaxError as exc:
            self.yaml_error(exc)
        return None

    # -- shapes -------------------------------------------------------------------------------

    def mapping(
        self,
        value: Any,
        line: int,
        what: Message,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> LocatedMap | None:
        required, optional = tuple(required), tuple(optional)
        if not isinstance(value, LocatedMap):
            self.report(
                line,
                N_("%(what)s must be a mapping with keys %(keys)s"),
                what=what,
                keys=", ".join(required),
            )
            return None
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.report(
                    value.lines[key],
                    N_("unknown key '%(key)s' in %(what)s (allowed: %(allowed)s)"),
                    key=key,
                    what=what,
                    allowed=allowed,
                )
        for key in required:
            if key not in value:
                self.report(value.line, N_("%(what)s is missing '%(key)s'"), what=what, key=key)
        return value

    def sequence(
        self, value: Any, line: int, what: Message, minimum: int = 0
    ) -> LocatedList | None:
        if not isinstance(value, LocatedList):
            self.report(line, N_("%(what)s must be a list"), what=what)
            return None
        if len(value) < minimum:
            self.report(
                value.line if value else line,
                N_("%(what)s needs at least %(minimum)s"),
                what=what,
                minimum=minimum,
            )
        return value

    def text(self, value: Any, line: int, what: Message) -> Text | None:
        texts = self.mapping(value, line, what, required=LANGUAGES)
        if texts is None:
            return None
        ok = all(lang in texts for lang in LANGUAGES)
        for lang in LANGUAGES:
            if lang in texts and (not isinstance(texts[lang], str) or not texts[lang].strip()):
                self.report(texts.lines[lang], EMPTY_TEXT[lang], what=what)
                ok = False
        if not ok:
            return None
        return Text(french_spacing(texts["fr"].strip()), texts["en"].strip())

    def slug(self, value: Any, line: int, what: Message) -> TypeGuard[str]:
        if isinstance(value, str) and SLUG.match(value) and len(value) <= 64:
            return True
        self.report(
            line,
            N_("%(what)s %(value)s is malformed: use lowercase letters, digits and single hyphens"),
            what=what,
            value=repr(value),
        )
        return False

    def positive(self, value: Any, line: int, what: Message) -> bool:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return True
        self.report(
            line,
            N_("%(what)s must be a positive whole number, not %(value)s"),
            what=what,
            value=repr(value),
        )
        return False

    def number(self, value: Any, line: int, what: Message) -> bool:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True
        self.report(
            line, N_("%(what)s must be a number, not %(value)s"), what=what, value=repr(value)
        )
        return False

    def unique_id(self, item: LocatedMap, seen: dict[str, int], what: Message) -> str | None:
        item_id = item.get("id")
        if "id" not in item or not self.slug(
            item_id, item.lines["id"], label(N_("%(what)s id"), what=what)
        ):
            return None
        if item_id in seen:
            self.report(
                item.lines["id"],
                N_("duplicate %(what)s id '%(id)s' (first at line %(line)s)"),
                what=what,
                id=item_id,
                line=seen[item_id],
            )
            return None
        seen[item_id] = item.lines["id"]
        return item_id


class ArticleChecker(Checker):
    """The checks of an article file and of the themes file beside it."""

    def __init__(self, path: str, source: SourceArticle | None = None):
        super().__init__(path)
        self.fact_ids: dict[str, int] = {}  # every well-formed fact id, even of a broken fact
        self.article_text = source  # the article's own text, when it is given

    def text(self, value: Any, line: int, what: Message) -> Text | None:
        text = super().text(value, line, what)
        if text is not None and self.article_text is not None:
            texts: LocatedMap = value
            for lang in LANGUAGES:
                for run in self.article_text.copied_runs(getattr(text, lang)):
                    self.report(texts.lines[lang], COPIED_WORDS[lang], what=what, words=run)
        return text

    def where(self, raw: LocatedMap, what: Message) -> None:
        """Check `where`: a paragraph of the article (of its text, when it is given)."""
        line, value = raw.lines["where"], raw["where"]
        if not self.positive(value, line, _where(what)) or self.article_text is None:
            return
        if value > self.article_text.paragraph_count:
            self.report(
                line,
                N_("%(what)s: where is %(where)s, after the article's last paragraph (%(last)s)"),
                what=what,
                where=value,
                last=self.article_text.paragraph_count,
            )

    # -- the themes file ------------------------------------------------------------------------

    def themes_file(self, data: Any) -> list[Theme]:
        """The well-formed themes of a parsed themes file; the others are reported."""
        themes = []
        if isinstance(data, LocatedMap):
            for theme_id, name in data.items():
                line = data.lines[theme_id]
                if self.slug(theme_id, line, label(N_("theme id"))):
                    text = self.text(name, line, label(N_("theme '%(id)s'"), id=theme_id))
                    if text:
                        themes.append(Theme(theme_id, text))
        elif not self.problems:
            self.report(1, N_("themes.yaml must map each theme id to its name in fr and en"))
        return themes

    # -- the article ----------------------------------------------------------------------------

    def article(self, data: Any, stem: str, theme_ids: set[str] | None) -> Article | None:
        top = self.mapping(
            data,
            1,
            label(N_("the article")),
            required=("id", "source", "title", "summary", "level", "themes", "facts"),
            optional=("questions", "items"),
        )
        if top is None:
            return None
        at = top.line_of
        article_id = top.get("id", "")
        if (
            "id" in top
            and self.slug(article_id, at("id"), label(N_("article id")))
            and article_id != stem
        ):
            self.report(
                at("id"),
                N_("article id '%(id)s' differs from the file name '%(stem)s'"),
                id=article_id,
                stem=stem,
            )
        source = self.source(top.get("source"), at("source", top.line))
        title = self.text(top.get("title"), at("title", top.line), label(N_("title")))
        summary = self.text(top.get("summary"), at("summary", top.line), label(N_("summary")))
        level = top.get("level", "")
        if "level" in top and level not in LEVELS:
            self.report(
                at("level"),
                N_("level %(level)s is not a CEFR level (%(levels)s)"),
                level=repr(level),
                levels=" ".join(LEVELS),
            )
        themes = self.themes(top.get("themes"), at("themes", top.line), theme_ids)
        facts = self.facts(top.get("facts"), at("facts", top.line))
        fact_ids = set(self.fact_ids)
        questions: tuple[Question, ...] = ()
        if "questions" in top:
            questions = self.questions(top["questions"], at("questions"), fact_ids)
        items: tuple[AuthoredItem, ...] = ()
        if "items" in top:
            items = self.authored_items(top["items"], at("items"), fact_ids)
        if self.problems or source is None or title is None or summary is None:
            return None  # a missing part was reported
        return Article(article_id, source, title, summary, level, themes, facts, questions, items)

    def source(self, value: Any, line: int) -> Source | None:
        source = self.mapping(
            value,
            line,
            label(N_("source")),
            required=("date", "language"),
            optional=("publication", "author"),
        )
        if source is None:
            return None
        for key in ("publication", "author"):
            if key in source and (not isinstance(source[key], str) or not source[key].strip()):
                self.report(
                    source.lines[key], N_("source %(key)s must be a non-empty text"), key=key
                )
        date = str(source.get("date", ""))
        if "date" in source and not _valid_partial_date(date):
            self.report(
                source.lines["date"],
                N_("source date %(date)s is not YYYY, YYYY-MM or YYYY-MM-DD"),
                date=repr(date),
            )
        language = source.get("language", "")
        if "language" in source and language not in LANGUAGES:
            self.report(
                source.lines["language"],
                N_("source language %(language)s is not fr or en"),
                language=repr(language),
            )
        return Source(date, language, source.get("publication"), source.get("author"))

    def themes(self, value: Any, line: int, known: set[str] | None) -> tuple[str, ...]:
        themes = self.sequence(value, line, label(N_("themes")), minimum=1)
        if themes is None:
            return ()
        for theme, theme_line in zip(themes, themes.lines, strict=True):
            if not self.slug(theme, theme_line, label(N_("theme"))):
                continue
            if known is None:
                self.report(
                    theme_line,
                    N_("theme '%(theme)s' cannot be checked: no %(file)s beside this file"),
                    theme=theme,
                    file=THEMES_FILE,
                )
            elif theme not in known:
                self.report(
                    theme_line,
                    N_("unknown theme '%(theme)s' (add it to %(file)s)"),
                    theme=theme,
                    file=THEMES_FILE,
                )
        return tuple(themes)

    def facts(self, value: Any, line: int) -> tuple[Fact, ...]:
        items = self.sequence(value, line, label(N_("facts")), minimum=1)
        if items is None:
            return ()
        facts, seen = [], self.fact_ids
        for item, item_line in zip(items, items.lines, strict=True):
            kind: Any = item.get("kind") if isinstance(item, LocatedMap) else None
            kind_key = KIND_KEYS.get(kind) if isinstance(kind, str) else None
            required = FACT_KEYS + ((kind_key,) if kind_key else ())
            raw = self.mapping(item, item_line, label(N_("a fact")), required=required)
            if raw is None:
                continue
            fact_id = self.unique_id(raw, seen, label(N_("fact")))
            what = label(N_("fact '%(id)s'"), id=fact_id or "?")
            if "kind" in raw and (not isinstance(kind, str) or kind not in FACT_KINDS):
                self.report(
                    raw.lines["kind"],
                    N_("%(what)s: kind %(kind)s is not one of %(kinds)s"),
                    what=what,
                    kind=repr(kind),
                    kinds=", ".join(FACT_KINDS),
                )
            text = self.text(
                raw.get("text"),
                raw.lines.get("text", raw.line),
                label(N_("%(what)s text"), what=what),
            )
            if "where" in raw:
                self.where(raw, what)
            answer = None
            if text and kind_key in raw:
                answer = self.answer(kind, raw[kind_key], raw.lines[kind_key], text, what)
            if fact_id and text and answer is not None and "where" in raw:
                facts.append(Fact(fact_id, kind, text, raw["where"], answer))
        return tuple(facts)

    def answer(self, kind: str, value: Any, line: int, text: Text, what: Message) -> dict | None:
        problems_before = len(self.problems)
        if kind == "claim":
            false = self.text(value, line, label(N_("%(what)s false variant"), what=what))
            if false and (false.fr == text.fr or false.en == text.en):
                self.report(
                    line, N_("%(what)s: the false variant repeats the statement"), what=what
                )
            result = {"false": false.as_dict()} if false else None
        elif kind == "number":
            result = self.number_answer(value, line, text, what)
        elif kind == "date":
            result = self.date_answer(value, line, text, what)
        else:
            result = self.entity_answer(value, line, text, what)
        return result if len(self.problems) == problems_before else None

    def number_answer(self, value: Any, line: int, text: Text, what: Message) -> dict | None:
        answer = self.mapping(
            value,
            line,
            _answer(what),
            required=("value",),
            optional=("unit", "tolerance", "wrong"),
        )
        if answer is None or "value" not in answer:
            return None
        result: dict[str, Any] = {"value": answer["value"], "tolerance": answer.get("tolerance", 0)}
        if not self.number(answer["value"], answer.lines["value"], _answer_value(what)):
            return None
        if "wrong" in answer:
            result["wrong"] = self.wrong_numbers(answer, what)
        if "tolerance" in answer:
            tolerance = answer["tolerance"]
            if (
                self.number(
                    tolerance,
                    answer.lines["tolerance"],
                    label(N_("%(what)s: tolerance"), what=what),
                )
                and not 0 <= tolerance < 1
            ):
                self.report(
                    answer.lines["tolerance"],
                    N_("%(what)s: tolerance is relative, between 0 and 1"),
                    what=what,
                )
        if "unit" in answer:
            unit = self.text(answer["unit"], answer.lines["unit"], _unit(what))
            result["unit"] = unit.as_dict() if unit else None
        for lang in LANGUAGES:
            if find_number(getattr(text, lang), answer["value"], lang) is None:
                first, *others = sorted(number_spellings(answer["value"], lang))
                shown: str | Message = first
                for other in others:
                    shown = label(N_("%(first)s or %(second)s"), first=shown, second=other)
                self.report(answer.lines["value"], VALUE_NOT_IN_TEXT[lang], what=what, shown=shown)
        return result

    def date_answer(self, value: Any, line: int, text: Text, what: Message) -> dict | None:
        answer = self.mapping(value, line, _answer(what), required=("date",))
        if answer is None or "date" not in answer:
            return None
        date = str(answer["date"])
        if not _valid_partial_date(date):
            self.report(
                answer.lines["date"],
                N_("%(what)s: date %(date)s is not YYYY, YYYY-MM or YYYY-MM-DD"),
                what=what,
                date=repr(date),
            )
            return None
        year = date[:4]
        for lang in LANGUAGES:
            if not re.search(rf"(?<!\d){year}(?!\d)", getattr(text, lang)):
                self.report(answer.lines["date"], YEAR_NOT_IN_TEXT[lang], what=what, year=year)
        return {"date": date}

    def entity_answer(self, value: Any, line: int, text: Text, what: Message) -> dict | None:
        answer = self.mapping(
            value,
            line,
            _answer(what),
            required=(*LANGUAGES, "category"),
            optional=("also", "wrong"),
        )
        if answer is None:
            return None
        for lang in LANGUAGES:
            name = answer.get(lang)
            if lang not in answer:
                continue
            if not isinstance(name, str) or not name.strip():
                self.report(answer.lines[lang], EMPTY_ANSWER[lang], what=what)
            elif not _contains_words(getattr(text, lang), name.strip()):
                self.report(answer.lines[lang], ANSWER_NOT_IN_TEXT[lang], what=what, answer=name)
        category = answer.get("category")
        if "category" in answer and category not in ENTITY_CATEGORIES:
            self.report(
                answer.lines["category"],
                N_("%(what)s: category %(category)s is not one of %(categories)s"),
                what=what,
                category=repr(category),
                categories=", ".join(ENTITY_CATEGORIES),
            )
        if not all(key in answer for key in (*LANGUAGES, "category")):
            return None
        result: dict[str, Any] = {
            "fr": str(answer["fr"]).strip(),
            "en": str(answer["en"]).strip(),
            "category": category,
        }
        if "also" in answer:
            result["also"] = self.also_accepted(answer, what)
        if "wrong" in answer:
            result["wrong"] = self.wrong_names(answer, result, what)
        return result

    def also_accepted(self, answer: LocatedMap, what: Message) -> list[str]:
        """Other spellings a typed answer may take (an acronym: « FMI », "IMF")."""
        line = answer.lines["also"]
        names = self.sequence(answer["also"], line, label(N_("%(what)s: also"), what=what))
        if names is None:
            return []
        accepted = []
        for name in names:
            if not isinstance(name, str) or not name.strip():
                self.report(line, N_("%(what)s: also lists names, each a text"), what=what)
            else:
                accepted.append(french_spacing(name.strip()))
        return accepted

    def wrong_names(self, answer: LocatedMap, right: dict[str, Any], what: Message) -> list:
        """The wrong options the author chose for the choice item; none: no choice item."""
        line = answer.lines["wrong"]
        names = self.sequence(answer["wrong"], line, label(N_("%(what)s: wrong"), what=what))
        if names is None:
            return []
        wrong: list[dict[str, str]] = []
        for name in names:
            if isinstance(name, str) and name.strip():
                texts = {"fr": french_spacing(name.strip()), "en": name.strip()}
            else:
                text = self.text(name, line, label(N_("%(what)s: wrong"), what=what))
                if text is None:
                    continue
                texts = text.as_dict()
            if same_name(texts, right):
                self.report(
                    line,
                    N_("%(what)s: the wrong option %(name)s is the answer"),
                    what=what,
                    name=repr(texts["fr"]),
                )
            elif texts in wrong:
                self.report(
                    line,
                    N_("%(what)s: the wrong option %(name)s is listed twice"),
                    what=what,
                    name=repr(texts["fr"]),
                )
            else:
                wrong.append(texts)
        self.enough_wrong(len(names), line, what)
        return wrong

    def wrong_numbers(self, answer: LocatedMap, what: Message) -> list[int | float]:
        """The wrong figures the author chose for the choice item, written like the answer."""
        line = answer.lines["wrong"]
        values = self.sequence(answer["wrong"], line, label(N_("%(what)s: wrong"), what=what))
        if values is None:
            return []
        wrong: list[int | float] = []
        for value in values:
            if not self.number(value, line, label(N_("%(what)s: wrong"), what=what)):
                continue
            if value == answer["value"] or value in wrong:
                self.report(
                    line,
                    N_("%(what)s: the wrong option %(name)s is the answer or listed twice"),
                    what=what,
                    name=repr(value),
                )
            else:
                wrong.append(value)
        self.enough_wrong(len(values), line, what)
        return wrong

    def enough_wrong(self, count: int, line: int, what: Message) -> None:
        if 0 < count < WRONG_OPTIONS:
            self.report(
                line,
                N_("%(what)s: give at least %(least)s wrong options, or none for no choice item"),
                what=what,
                least=WRONG_OPTIONS,
            )

    def fact_refs(
        self, value: Any, line: int, what: Message, fact_ids: set[str], minimum: int
    ) -> tuple[str, ...]:
        refs = self.sequence(value, line, what, minimum=minimum)
        if refs is None:
            return ()
        for ref, ref_line in zip(refs, refs.lines, strict=True):
            if not isinstance(ref, str) or ref not in fact_ids:
                self.report(
                    ref_line,
                    N_("%(what)s: no fact with id %(ref)s in this article"),
                    what=what,
                    ref=repr(ref),
                )
        return tuple(refs)

    def questions(self, value: Any, line: int, fact_ids: set[str]) -> tuple[Question, ...]:
        items = self.sequence(value, line, label(N_("questions")))
        if items is None:
            return ()
        questions: list[Question] = []
        seen: dict[str, int] = {}
        for item, item_line in zip(items, items.lines, strict=True):
            raw = self.mapping(
                item,
                item_line,
                label(N_("a question")),
                required=("id", "text", "motion", "facts", "arguments"),
                optional=("where",),
            )
            if raw is None:
                continue
            at = raw.line_of
            question_id = self.unique_id(raw, seen, label(N_("question")))
            what = label(N_("question '%(id)s'"), id=question_id or "?")
            if "where" in raw:
                self.where(raw, what)
            text = self.text(
                raw.get("text"), at("text", raw.line), label(N_("%(what)s text"), what=what)
            )
            motion = self.text(
                raw.get("motion"), at("motion", raw.line), label(N_("%(what)s motion"), what=what)
            )
            facts: tuple[str, ...] = ()
            if "facts" in raw:
                facts = self.fact_refs(raw["facts"], at("facts"), _facts(what), fact_ids, minimum=1)
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
        items = self.sequence(value, line, label(N_("items")))
        if items is None:
            return ()
        result: list[AuthoredItem] = []
        seen: dict[str, int] = {}
        for raw_item, item_line in zip(items, items.lines, strict=True):
            kind: Any = raw_item.get("type") if isinstance(raw_item, LocatedMap) else None
            answer_key = "choices" if kind == "choice" else "answer"
            raw = self.mapping(
                raw_item,
                item_line,
                label(N_("an item")),
                ("id", "type", "prompt", "facts", answer_key),
            )
            if raw is None:
                continue
            at = raw.line_of
            item_id = self.unique_id(raw, seen, label(N_("item")))
            what = label(N_("item '%(id)s'"), id=item_id or "?")
            if "type" in raw and (not isinstance(kind, str) or kind not in AUTHORED_ITEM_TYPES):
                types = ", ".join(AUTHORED_ITEM_TYPES)
                self.report(
                    at("type"),
                    N_("%(what)s: type %(type)s is not one of %(types)s"),
                    what=what,
                    type=repr(kind),
                    types=types,
                )
                continue
            prompt = self.text(
                raw.get("prompt"), at("prompt", raw.line), label(N_("%(what)s prompt"), what=what)
            )
            facts: tuple[str, ...] = ()
            if "facts" in raw:
                facts = self.fact_refs(raw["facts"], at("facts"), _facts(what), fact_ids, 1)
            if prompt and kind in {"numeric", "cloze"}:
                for lang in LANGUAGES:
                    if getattr(prompt, lang).count(GAP) != 1:
                        self.report(at("prompt"), PROMPT_GAP[lang], what=what, gap=GAP)
            answer = None
            if answer_key in raw:
                answer = self.item_answer(kind, raw[answer_key], at(answer_key), what)
            if item_id and prompt and answer is not None:
                result.append(AuthoredItem(item_id, kind, prompt, facts, answer))
        return tuple(result)

    def item_answer(self, kind: str, value: Any, line: int, what: Message) -> dict | None:
        before = len(self.problems)
        if kind == "true-false":
            if not isinstance(value, bool):
                self.report(line, N_("%(what)s: the answer must be true or false"), what=what)
            return {"value": value} if len(self.problems) == before else None
        if kind == "numeric":
            answer = self.mapping(value, line, _answer(what), ("value",), ("unit", "tolerance"))
            if answer is None or "value" not in answer:
                return None
            if not self.number(answer["value"], answer.lines["value"], _answer_value(what)):
                return None
            tolerance = answer.get("tolerance", 0)
            if not (isinstance(tolerance, int | float) and 0 <= tolerance < 1):
                self.report(
                    answer.lines.get("tolerance", line),
                    N_("%(what)s: tolerance is 0 to 1"),
                    what=what,
                )
            unit = None
            if "unit" in answer:
                unit = self.text(answer["unit"], answer.lines["unit"], _unit(what))
            result = {"value": answer["value"], "tolerance": tolerance}
            result["unit"] = unit.as_dict() if unit else None
            return result if len(self.problems) == before else None
        if kind == "cloze":
            cloze = self.text(value, line, _answer(what))
            return cloze.as_dict() if cloze else None
        if kind == "ordering":
            events = self.sequence(value, line, _answer(what), minimum=ORDERING_MIN)
            if events is None:
                return None
            an_event = label(N_("%(what)s: an event"), what=what)
            order = [
                self.text(event, at, an_event)
                for event, at in zip(events, events.lines, strict=True)
            ]
            if len(self.problems) != before:
                return None
            return {"order": [text.as_dict() for text in order if text]}
        choices = self.sequence(value, line, label(N_("%(what)s choices"), what=what), minimum=2)
        if choices is None:
            return None
        marked: list[dict[str, Any]] = []
        for choice, choice_line in zip(choices, choices.lines, strict=True):
            a_choice = label(N_("%(what)s: a choice"), what=what)
            raw = self.mapping(choice, choice_line, a_choice, (), (*LANGUAGES, "correct"))
            if raw is None:
                continue
            text = self.text(_only_keys(raw, LANGUAGES), choice_line, a_choice)
            correct = raw.get("correct", False)
            if not isinstance(correct, bool):
                self.report(
                    raw.lines["correct"], N_("%(what)s: correct must be true or false"), what=what
                )
            if text:
                marked.append({"text": text.as_dict(), "correct": correct is True})
        if len(self.problems) == before and sum(c["correct"] for c in marked) != 1:
            self.report(
                line, N_("%(what)s: exactly one choice must be marked correct: true"), what=what
            )
        return {"choices": marked} if len(self.problems) == before else None

    def arguments(self, value: Any, line: int, what: Message, fact_ids: set[str]) -> dict:
        sides = self.mapping(
            value, line, label(N_("%(what)s arguments"), what=what), required=("for", "against")
        )
        if sides is None:
            return {}
        result = {}
        for side in ("for", "against"):
            items = self.sequence(
                sides.get(side),
                sides.lines.get(side, sides.line),
                label(N_("%(what)s arguments %(side)s"), what=what, side=side),
                2,
            )
            if items is None:
                continue
            arguments = []
            for item, item_line in zip(items, items.lines, strict=True):
                # The text check below reports a missing language; the mapping check must not too.
                an_argument = label(N_("%(what)s: an argument %(side)s"), what=what, side=side)
                raw = self.mapping(item, item_line, an_argument, (), (*LANGUAGES, "facts"))
                if raw is None:
                    continue
                text = self.text(_only_keys(raw, LANGUAGES), item_line, an_argument)
                facts: tuple[str, ...] = ()
                if "facts" in raw:
                    facts = self.fact_refs(
                        raw["facts"],
                        raw.lines["facts"],
                        label(N_("%(what)s argument"), what=what),
                        fact_ids,
                        0,
                    )
                if text:
                    arguments.append(Argument(text, facts))
            result[side] = tuple(arguments)
        return result


def _where(what: Message) -> Message:
    return label(N_("%(what)s: where (paragraph)"), what=what)


def _answer(what: Message) -> Message:
    return label(N_("%(what)s answer"), what=what)


def _answer_value(what: Message) -> Message:
    return label(N_("%(what)s: answer value"), what=what)


def _unit(what: Message) -> Message:
    return label(N_("%(what)s unit"), what=what)


def _facts(what: Message) -> Message:
    return label(N_("%(what)s facts"), what=what)


def _only_keys(source: LocatedMap, keys: Iterable[str]) -> LocatedMap:
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
