"""The article editor's form as a content pack (a plain dict in content/README.md's key order)
and back, and the validator's problems placed next to the form fields they concern."""

import re
from typing import Any, cast

from wtforms import Field, FieldList, FormField

from edu.content.messages import Message
from edu.content.pack import LANGUAGES
from edu.web.authoring.forms import DEFAULT_CATEGORY, ArticleForm
from edu.web.content_messages import localized

SIDES = ("for", "against")


def _clean(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _ids(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


def _number(value: str) -> Any:
    """A typed number as YAML would hold it; anything else as typed, for the validator to refuse."""
    raw = re.sub(r"[\s\u00a0\u202f]", "", value)
    if "," in raw and "." in raw:
        raw = raw.replace(",", "")
    raw = raw.replace(",", ".")
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            pass
    return value


def _whole(value: str) -> Any:
    """A paragraph number as an int; anything else (a word, "²", a thousand digits) as typed."""
    if value.isascii() and value.isdigit() and len(value) <= 10:
        return int(value)
    return value or None


def _text(fr: Any, en: Any) -> dict:
    return {"fr": _clean(fr), "en": _clean(en)}


def _blank(data: dict, skip=("kind", "category", "no_choice")) -> bool:
    def empty(value):
        if isinstance(value, list):
            return all(empty(v) for v in value)
        if isinstance(value, dict):
            return all(empty(v) for k, v in value.items() if k not in skip)
        return not _clean(value)

    return empty({k: v for k, v in data.items() if k not in skip})


def form_to_pack(form: ArticleForm, slug: str) -> dict:
    """The pack the form describes; empty rows of facts, questions and arguments are left out."""
    source: dict[str, Any] = {}
    for key in ("publication", "author"):
        if _clean(form[key].data):
            source[key] = _clean(form[key].data)
    source["date"] = _clean(form.date.data)
    source["language"] = form.language.data
    data: dict[str, Any] = {
        "id": slug,
        "source": source,
        "title": _text(form.title_fr.data, form.title_en.data),
        "summary": _text(form.summary_fr.data, form.summary_en.data),
        "level": form.level.data,
        "themes": list(form.themes.data or []),
        "facts": [_fact(entry.data) for entry in form.facts if not _blank(entry.data)],
        "questions": [_question(entry.data) for entry in form.questions if not _blank(entry.data)],
    }
    if not data["questions"]:
        del data["questions"]
    return data


def _fact(row: dict) -> dict:
    fact: dict[str, Any] = {
        "id": _clean(row["id"]),
        "kind": row["kind"],
        "text": _text(row["text_fr"], row["text_en"]),
    }
    kind = row["kind"]
    if kind == "number":
        answer: dict[str, Any] = {"value": _number(_clean(row["value"]))}
        if _clean(row["unit_fr"]) or _clean(row["unit_en"]):
            answer["unit"] = _text(row["unit_fr"], row["unit_en"])
        if _clean(row["tolerance"]):
            answer["tolerance"] = _number(_clean(row["tolerance"]))
        if row["no_choice"] or _listed(row["wrong"]):
            answer["wrong"] = (
                [] if row["no_choice"] else [_number(v) for v in _listed(row["wrong"])]
            )
        fact["answer"] = answer
    elif kind == "date":
        fact["answer"] = {"date": _clean(row["date"])}
    elif kind == "entity":
        answer = {**_text(row["entity_fr"], row["entity_en"]), "category": row["category"]}
        if _listed(row["also"]):
            answer["also"] = _listed(row["also"])
        if row["no_choice"] or _listed(row["wrong"]):
            answer["wrong"] = [] if row["no_choice"] else [_name(v) for v in _listed(row["wrong"])]
        fact["answer"] = answer
    else:
        fact["false"] = _text(row["false_fr"], row["false_en"])
    fact["where"] = _whole(_clean(row["where"]))
    return fact


def _listed(value: Any) -> list[str]:
    """Names or numbers typed on one line, separated by semicolons."""
    return [part.strip() for part in _clean(value).split(";") if part.strip()]


def _name(typed: str) -> str | dict[str, str]:
    """A wrong name: `Baidu`, alike in both languages, or `Fonds / Fund`."""
    fr, slash, en = typed.partition(" / ")
    return _text(fr, en) if slash else typed


def _typed_name(name: Any) -> str:
    if isinstance(name, dict):
        fr, en = _str(name.get("fr")), _str(name.get("en"))
        return fr if fr == en else f"{fr} / {en}"
    return _str(name)


def _question(row: dict) -> dict:
    question: dict[str, Any] = {"id": _clean(row["id"])}
    if _clean(row["where"]):
        question["where"] = _whole(_clean(row["where"]))
    question["text"] = _text(row["text_fr"], row["text_en"])
    question["motion"] = _text(row["motion_fr"], row["motion_en"])
    question["facts"] = _ids(row["facts"])
    arguments: dict[str, list[dict[str, Any]]] = {}
    for side in SIDES:
        arguments[side] = []
        for argument in row[f"arguments_{side}"]:
            if _blank(argument):
                continue
            item: dict[str, Any] = _text(argument["fr"], argument["en"])
            if _ids(argument["facts"]):
                item["facts"] = _ids(argument["facts"])
            arguments[side].append(item)
    question["arguments"] = arguments
    return question


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def pack_to_form_data(data: dict) -> dict:
    """The form's data for a pack (the inverse of `form_to_pack`), tolerant of missing keys."""
    source = data.get("source") or {}
    facts = []
    for fact in data.get("facts") or []:
        if not isinstance(fact, dict):
            continue
        answer = fact.get("answer")
        if not isinstance(answer, dict):
            answer = {}
        kind = fact.get("kind") or "number"
        row = {
            "id": _str(fact.get("id")),
            "kind": kind,
            "text_fr": _str(_get(fact, "text", "fr")),
            "text_en": _str(_get(fact, "text", "en")),
            "where": _str(fact.get("where")),
            "false_fr": _str(_get(fact, "false", "fr")),
            "false_en": _str(_get(fact, "false", "en")),
            "value": _str(answer.get("value")),
            "unit_fr": _str(_get(answer, "unit", "fr")),
            "unit_en": _str(_get(answer, "unit", "en")),
            "tolerance": _str(answer.get("tolerance")),
            "date": _str(answer.get("date")),
            "entity_fr": _str(answer.get("fr")) if kind == "entity" else "",
            "entity_en": _str(answer.get("en")) if kind == "entity" else "",
            "category": answer.get("category") or DEFAULT_CATEGORY,
            "also": "; ".join(_str(name) for name in answer.get("also") or []),
            "wrong": "; ".join(_typed_name(name) for name in answer.get("wrong") or []),
            "no_choice": answer.get("wrong") == [],
        }
        facts.append(row)
    questions = []
    for question in data.get("questions") or []:
        if not isinstance(question, dict):
            continue
        row = {
            "id": _str(question.get("id")),
            "where": _str(question.get("where")),
            "facts": ", ".join(str(f) for f in question.get("facts") or []),
        }
        for name in ("text", "motion"):
            for lang in LANGUAGES:
                row[f"{name}_{lang}"] = _str(_get(question, name, lang))
        for side in SIDES:
            row[f"arguments_{side}"] = [
                {
                    "fr": _str(argument.get("fr")),
                    "en": _str(argument.get("en")),
                    "facts": ", ".join(str(f) for f in argument.get("facts") or []),
                }
                for argument in (_get(question, "arguments", side) or [])
                if isinstance(argument, dict)
            ]
        questions.append(row)
    return {
        "slug": _str(data.get("id")),
        "publication": _str(source.get("publication")),
        "author": _str(source.get("author")),
        "date": _str(source.get("date")),
        "language": source.get("language") or "fr",
        "level": data.get("level") or "B1",
        "themes": [str(t) for t in data.get("themes") or []],
        "title_fr": _str(_get(data, "title", "fr")),
        "title_en": _str(_get(data, "title", "en")),
        "summary_fr": _str(_get(data, "summary", "fr")),
        "summary_en": _str(_get(data, "summary", "en")),
        "facts": facts,
        "questions": questions,
    }


def pad(form: ArticleForm, facts: int = 1, questions: int = 1) -> None:
    """Empty rows to fill in: `facts` more facts, `questions` more questions, and one more
    argument on each side of every question (at least two)."""
    for _ in range(facts):
        form.facts.append_entry()
    for _ in range(questions):
        form.questions.append_entry()
    for question in form.questions:
        for side in SIDES:
            arguments = cast(FieldList, question[f"arguments_{side}"])
            while len(arguments) < 2 or not _blank(arguments[-1].data):
                arguments.append_entry()


# -- problems next to the fields -------------------------------------------------------------------

_FACT_ANSWER = {"number": "value", "date": "date", "entity": "entity_fr"}


def field_name(path: tuple, data: dict) -> str | None:
    """The form field of a pack key path: ("facts", 2, "answer", "en") → facts-2-entity_en."""
    if not path:
        return None
    head, rest = path[0], path[1:]
    if head == "source":
        known = ("publication", "author", "date", "language")
        return rest[0] if rest and rest[0] in known else "date"
    if head in ("title", "summary"):
        return f"{head}_{rest[0] if rest and rest[0] in LANGUAGES else 'fr'}"
    if head in ("level", "themes"):
        return head
    if head == "facts" and rest:
        index, rest = rest[0], rest[1:]
        facts = data.get("facts") or []
        fact = facts[index] if isinstance(index, int) and index < len(facts) else {}
        return f"facts-{index}-{_fact_field(rest, fact)}"
    if head == "questions" and rest:
        index, rest = rest[0], rest[1:]
        return f"questions-{index}-{_question_field(rest)}"
    return None


def _fact_field(rest: tuple, fact: Any) -> str:
    if not rest:
        return "id"
    key, rest = rest[0], rest[1:]
    lang = rest[0] if rest and rest[0] in LANGUAGES else "fr"
    if key in ("text", "false"):
        return f"{key}_{lang}"
    if key == "answer":
        kind = fact.get("kind") if isinstance(fact, dict) else None
        if not rest:  # a kind that is no text (a list, say) has no answer fields either
            return _FACT_ANSWER.get(kind, "value") if isinstance(kind, str) else "value"
        if rest[0] == "unit":
            return f"unit_{rest[1] if len(rest) > 1 and rest[1] in LANGUAGES else 'fr'}"
        if rest[0] in LANGUAGES:
            return f"entity_{rest[0]}"
        return (
            rest[0]
            if rest[0] in ("value", "tolerance", "date", "category", "also", "wrong")
            else "value"
        )
    return key if key in ("id", "kind", "where") else "id"


def _question_field(rest: tuple) -> str:
    if not rest:
        return "id"
    key, rest = rest[0], rest[1:]
    if key in ("text", "motion"):
        return f"{key}_{rest[0] if rest and rest[0] in LANGUAGES else 'fr'}"
    if key == "arguments":
        side = rest[0] if rest and rest[0] in SIDES else "for"
        index = rest[1] if len(rest) > 1 else 0
        part = rest[2] if len(rest) > 2 and rest[2] in ("fr", "en", "facts") else "fr"
        return f"arguments_{side}-{index}-{part}"
    return key if key in ("id", "where", "facts") else "id"


def _fields(form) -> dict[str, Field]:
    """Every field of the form by its name, the rows of its lists included."""
    found = {}
    for field in form:
        if isinstance(field, FieldList):
            for entry in field:
                found.update(_fields(entry.form) if isinstance(entry, FormField) else {})
        elif isinstance(field, FormField):
            found.update(_fields(field.form))
        else:
            found[field.name] = field
    return found


def place_problems(form: ArticleForm, placed: list[tuple[tuple, Message]], data: dict) -> list[str]:
    """Put each problem, in the page's language, on its field's errors; return those that
    belong to no field."""
    fields, general = _fields(form), []
    for path, text in placed:
        message = localized(text)
        field = fields.get(field_name(path, data) or "")
        if field is None:
            general.append(message)
        else:
            field.errors = [*field.errors, message]
    return general
