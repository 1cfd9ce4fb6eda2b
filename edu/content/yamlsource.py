"""Read YAML while keeping the line of every key and item, so problems can say `path:line`."""

import functools
from typing import TYPE_CHECKING, Any

from edu.content.messages import N_

if TYPE_CHECKING:
    import yaml


class YamlSyntaxError(Exception):
    """The file is not valid YAML (or repeats a key); `line` is 1-based. `message` is the
    English; `template` (marked with `N_`) and `params` let the web layer translate it."""

    def __init__(self, line: int, template: str, /, **params: Any):
        message = template % params
        super().__init__(message)
        self.line = line
        self.message = message
        self.template = template
        self.params = params


class LocatedMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    lines: dict[Any, int]

    def line_of(self, key: Any, default: int | None = None) -> int:
        """The line of `key`; of `default`, or else of the mapping itself, when it is missing."""
        return self.lines.get(key, self.line if default is None else default)


class LocatedList(list):
    """A sequence that remembers its own line and the line of each item."""

    line: int
    lines: list[int]


# Content nests a few levels (facts, their answer, its languages); reading recurses per level.
MAX_DEPTH = 50


@functools.cache
def _content_loader() -> "type[yaml.SafeLoader]":
    """The loader, defined on the first text read: PyYAML takes ~8 ms to import, which a worker
    or a command needs only once it reads content (a pack, an author's draft, a rubric)."""
    import yaml  # on first use only, see above

    class ContentLoader(yaml.SafeLoader):
        """Refuses aliases (a few hundred bytes of them expand to gigabytes, and content never needs
        one) and deep nesting (reading recurses) as it meets them, before anything expands."""

        _depth = 0

        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise YamlSyntaxError(
                    event.start_mark.line + 1,
                    N_("YAML aliases (*%(name)s) are not allowed in content files"),
                    name=event.anchor,
                )
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    mark = self.peek_event().start_mark
                    raise YamlSyntaxError(
                        mark.line + 1,
                        N_("values nested more than %(depth)s levels deep"),
                        depth=MAX_DEPTH,
                    )
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return ContentLoader


@functools.cache
def _scalars() -> "tuple[dict, yaml.constructor.SafeConstructor]":
    """How the safe loader builds each scalar tag, and the constructor to call them with."""
    import yaml  # loaded with the loader, on the first text read

    return yaml.SafeLoader.yaml_constructors, yaml.constructor.SafeConstructor()


def parse_yaml(text: str) -> Any:
    """Parse one YAML document into plain values, LocatedMap and LocatedList."""
    import yaml  # loaded with the loader, on the first text read

    try:
        node = yaml.compose(text, Loader=_content_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # PyYAML leaves `problem` empty for some errors: its whole text says what is wrong then.
        problem = exc.problem or exc.context or str(exc)
        raise YamlSyntaxError(
            mark.line + 1 if mark else 1, N_("invalid YAML: %(problem)s"), problem=problem
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, N_("invalid YAML: %(problem)s"), problem=str(exc)) from exc
    return None if node is None else _convert(node)


def _convert(node: "yaml.Node") -> Any:
    import yaml  # already loaded by parse_yaml, the only caller: a dictionary look-up

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LocatedMap()
        result.line, result.lines = line, {}
        for key_node, value_node in node.value:
            # Keys are names, read as written: `false:` is the key "false", not a boolean.
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError(
                    key_node.start_mark.line + 1, N_("a key must be a plain value")
                )
            key = key_node.value
            if key in result:
                raise YamlSyntaxError(
                    key_node.start_mark.line + 1,
                    N_("duplicate key '%(key)s' (first at line %(line)s)"),
                    key=key,
                    line=result.lines[key],
                )
            result[key] = _convert(value_node)
            result.lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_convert(item) for item in node.value)
        items.line = line
        items.lines = [item.start_mark.line + 1 for item in node.value]
        return items
    # Dates stay text: the content schema decides what a valid date is.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    scalars, constructor = _scalars()
    construct = scalars.get(node.tag)
    if construct is None:
        raise YamlSyntaxError(line, N_("unsupported YAML tag %(tag)s"), tag=node.tag)
    try:
        return construct(constructor, node)
    except (ValueError, yaml.YAMLError) as exc:
        raise YamlSyntaxError(
            line, N_("unreadable value %(value)s"), value=repr(node.value)
        ) from exc
