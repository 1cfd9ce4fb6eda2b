"""Write content packs back to YAML, in the format of content/README.md: no Flask, no database.

The output reads like a hand-written pack: the same key order, texts in double quotes on lines
of their own, short lists and answers in flow style (`[a, b]`, `{value: 5.6, unit: …}`),
optional keys left out when empty. `read_content` reads it back to the same `pack` values.
"""

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from edu.content.pack import Argument, Article, AuthoredItem, Fact, Question, Source, Text, Theme

if TYPE_CHECKING:
    import yaml

HEADER = "# Exported by Agora; edit and load with `flask --app edu content load`.\n"
THEMES_HEADER = "# Theme ids for the articles' `themes:` lists, with their names in fr and en.\n"

# Written without quotes when YAML would read them back as the same text: ids, kinds, levels.
_IDENTIFIER = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|[A-C][1-2])$")
_WIDTH = 1_000_000  # never wrap a line: one text, one line, as the authors write them


class _Key(str):
    """A key of the schema (`id`, `for`, `false`…): always written plain, like the authors do.

    Plain `false:` is the key "false" for the content reader, which reads keys as written
    (see `yamlsource`), exactly as in the hand-written packs.
    """


class _Quoted(str):
    """A text, a name or a date: always in double quotes, as the hand-written packs have them."""


class _FlowMap(dict):
    """A short mapping written on one line: `{fr: "…", en: "…"}`."""


class _FlowList(list):
    """A short list written on one line: `[a, b]`."""


def _quote_style(data: str) -> str:
    """Double quotes; single ones for text beyond the BMP (emoji), which PyYAML escapes in
    double quotes (`\\U0001F600`) but writes as it is in single quotes. The emitter falls back
    to double quotes by itself when a string has what only they can write (control characters).
    """
    return "'" if "\n" not in data and any(ord(ch) > 0xFFFF for ch in data) else '"'


@functools.cache
def _pack_dumper() -> "type[yaml.SafeDumper]":
    """The dumper, defined on the first export: PyYAML takes ~8 ms to import, which no worker
    or command needs to start, only the ones that write a pack."""
    import yaml  # on first use only, see above

    class PackDumper(yaml.SafeDumper):
        """Safe YAML, keys in insertion order, every string written to read back unchanged."""

        def represent_str(self, data: str) -> yaml.ScalarNode:
            # Plain only for identifiers YAML reads as text (not `yes`, `no`, `on`, `12`,
            # `2025-01-28`, `0x1f`, `null`…); anything else in double quotes, where only `"` and
            # `\\` and control characters need escaping, and the emitter escapes them.
            resolved = self.resolve(yaml.ScalarNode, data, (True, False))
            plain = _IDENTIFIER.match(data) and resolved == "tag:yaml.org,2002:str"
            style = None if plain else _quote_style(data)
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

        def represent_quoted(self, data: str) -> yaml.ScalarNode:
            return self.represent_scalar(
                "tag:yaml.org,2002:str", str(data), style=_quote_style(data)
            )

        def represent_key(self, data: str) -> yaml.ScalarNode:
            # Tagged as YAML would resolve the plain text, so the emitter keeps it plain.
            return self.represent_scalar(
                self.resolve(yaml.ScalarNode, str(data), (True, False)), str(data)
            )

        def represent_flow_map(self, data: dict) -> yaml.MappingNode:
            return self.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)

        def represent_flow_list(self, data: list) -> yaml.SequenceNode:
            return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            # A list in a mapping is indented under its key (`facts:` then `  - id: …`), as the
            # authors write it; PyYAML would put the dashes level with the key.
            super().increase_indent(flow, False)

        def ignore_aliases(self, data: Any) -> bool:
            return True  # the same text twice is written twice, never as an anchor and alias

    PackDumper.add_representer(str, PackDumper.represent_str)
    PackDumper.add_representer(_Quoted, PackDumper.represent_quoted)
    PackDumper.add_representer(_Key, PackDumper.represent_key)
    PackDumper.add_representer(_FlowMap, PackDumper.represent_flow_map)
    PackDumper.add_representer(_FlowList, PackDumper.represent_flow_list)

    return PackDumper


def _dump(data: Any) -> str:
    import yaml  # loaded with the dumper, on the first export

    # yaml.safe_dump cannot take a Dumper of its own; this one is a SafeDumper subclass.
    return yaml.dump(
        data,
        Dumper=_pack_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_WIDTH,
        indent=2,
    )


def pack_to_yaml(article: Article) -> str:
    """One article as the YAML of `content/<id>.yaml`, header comment included."""
    return HEADER + _dump(article_data(article))


def themes_to_yaml(themes: Iterable[Theme]) -> str:
    """The `themes.yaml` that goes beside exported packs: each id and its name in fr and en."""
    data = {theme.id: _FlowMap(_text(theme.name)) for theme in themes}
    return HEADER + THEMES_HEADER + _dump(data)


def _m(**items: Any) -> dict:
    """A mapping with schema keys, leaving out the optional ones given as None."""
    return {_Key(key.rstrip("_")): value for key, value in items.items() if value is not None}


def _text(text: Text) -> dict:
    return {_Key("fr"): _Quoted(text.fr), _Key("en"): _Quoted(text.en)}


def _date(value: Any) -> _Quoted:
    """YYYY, YYYY-MM or YYYY-MM-DD, always quoted; a date object is written YYYY-MM-DD."""
    return _Quoted(value.isoformat() if isinstance(value, dt.date) else str(value))


def _refs(facts: Iterable[str]) -> _FlowList | None:
    refs = _FlowList(facts)
    return refs or None


def article_data(article: Article) -> dict:
    """The pack as plain YAML-ready values, keys in the order of the hand-written packs."""
    return _m(
        id=article.id,
        source=_source(article.source),
        title=_text(article.title),
        summary=_text(article.summary),
        level=article.level,
        themes=_FlowList(article.themes),
        facts=[_fact(fact) for fact in article.facts],
        questions=[_question(q) for q in article.questions] or None,
        items=[_item(item) for item in article.items] or None,
    )


def _source(source: Source) -> dict:
    return _m(
        publication=_Quoted(source.publication) if source.publication else None,
        author=_Quoted(source.author) if source.author else None,
        date=_date(source.date),
        language=source.language,
    )


def _number(answer: dict) -> _FlowMap:
    unit = answer.get("unit")
    return _FlowMap(
        _m(
            value=answer["value"],
            unit=_FlowMap(_text(Text(**unit))) if unit else None,
            tolerance=answer.get("tolerance") or None,  # 0, the default, is left out
            wrong=_FlowList(answer["wrong"]) if "wrong" in answer else None,
        )
    )


def _names(names: Iterable[dict]) -> _FlowList:
    """Wrong options of an entity: a name alike in both languages written once."""
    return _FlowList(
        _Quoted(name["fr"]) if name["fr"] == name["en"] else _FlowMap(_text(Text(**name)))
        for name in names
    )


def _fact(fact: Fact) -> dict:
    answer = fact.answer
    if fact.kind == "claim":
        kind_data = {_Key("false"): _text(Text(**answer["false"]))}
    elif fact.kind == "number":
        kind_data = {_Key("answer"): _number(answer)}
    elif fact.kind == "date":
        kind_data = {_Key("answer"): _FlowMap(_m(date=_date(answer["date"])))}
    else:
        entity = _m(
            fr=_Quoted(answer["fr"]),
            en=_Quoted(answer["en"]),
            category=answer["category"],
            also=_FlowList(_Quoted(name) for name in answer["also"]) if "also" in answer else None,
            wrong=_names(answer["wrong"]) if "wrong" in answer else None,
        )
        kind_data = {_Key("answer"): _FlowMap(entity)}
    head = _m(id=fact.id, kind=fact.kind, text=_text(fact.text))
    return {**head, **kind_data, **_m(where=fact.where)}


def _argument(argument: Argument) -> dict:
    return {**_text(argument.text), **_m(facts=_refs(argument.facts))}


def _question(question: Question) -> dict:
    return _m(
        id=question.id,
        where=question.where,
        text=_text(question.text),
        motion=_text(question.motion),
        facts=_FlowList(question.facts),
        arguments=_m(
            for_=[_argument(a) for a in question.arguments_for],
            against=[_argument(a) for a in question.arguments_against],
        ),
    )


def _item(item: AuthoredItem) -> dict:
    data = _m(id=item.id, type=item.type, prompt=_text(item.prompt), facts=_FlowList(item.facts))
    answer = item.answer
    if item.type == "choice":
        data[_Key("choices")] = [
            _FlowMap({**_text(Text(**c["text"])), **_m(correct=True if c["correct"] else None)})
            for c in answer["choices"]
        ]
    elif item.type == "true-false":
        data[_Key("answer")] = bool(answer["value"])
    elif item.type == "numeric":
        data[_Key("answer")] = _number(answer)
    elif item.type == "ordering":
        data[_Key("answer")] = [_FlowMap(_text(Text(**event))) for event in answer["order"]]
    else:  # cloze
        data[_Key("answer")] = _FlowMap(_text(Text(answer["fr"], answer["en"])))
    return data
