"""Words for people, in English with named parameters, translated where they are shown.

Content problems are `path:line: message`; the web layer translates each template through
gettext (`edu.web.content_messages.localized`), the command line prints the English.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from edu.catalog import N_

__all__ = ["N_", "ContentError", "Message", "Problem", "label"]


@dataclass(frozen=True)
class Message:
    """Words to show a person: an English template with named parameters, translated by the
    web layer (`edu.web.content_messages.localized`). A parameter is data (an id, a value, a
    file name), shown as is, or a `Message` itself (a label such as "fact 'x'")."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        """The English."""
        return self.template % {
            name: str(value) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }


def label(template: str, /, **params: Any) -> Message:
    """A message built from a template marked with `N_`, e.g. `label(N_("fact '%(id)s'"), id=x)`."""
    return Message(template, params)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str  # the English, as `str(text)`
    text: Message = field(compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    @classmethod
    def of(cls, path: str, line: int, template: str, /, **params: Any) -> "Problem":
        text = Message(template, params)
        return cls(path, line, str(text), text)


class ContentError(Exception):
    """Content that failed validation; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
