"""Every quiz item type, one module each: the registry the quiz, GIFT and worksheet code ask.

A module of this package that defines `TYPE`, an `ItemType` (see `base`), registers it. Adding
a type is that module (with its scoring rule in its docstring and its teacher-facing `label`,
whose French goes in the catalog) and its template `quiz/types/<name>.html` (in
`edu/web/quiz/templates`), whose macros draw it on a quiz page, on a printed sheet and in the
sheet's answer key.
"""

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from edu.quiz.types.base import ItemType


def _registered() -> dict[str, ItemType[Any]]:
    found: dict[str, ItemType[Any]] = {}
    for module in pkgutil.iter_modules(__path__):
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "TYPE", None)
        if isinstance(kind, ItemType):
            if kind.name in found:
                raise RuntimeError(f"two item types are named {kind.name!r}")
            found[kind.name] = kind
    return found


ITEM_TYPES: Mapping[str, ItemType[Any]] = MappingProxyType(_registered())
_FROM_GIFT = {kind.gift_kind: kind for kind in ITEM_TYPES.values() if kind.imports_gift}


def item_type(name: str) -> ItemType[Any]:
    """The item type of that name. Raises ValueError for an unknown one."""
    kind = ITEM_TYPES.get(name)
    if kind is None:
        raise ValueError(f"unknown item type {name!r}")
    return kind


def from_gift_kind(gift_kind: str) -> ItemType[Any]:
    """The item type a GIFT question of `gift_kind` becomes. Raises ValueError when none."""
    kind = _FROM_GIFT.get(gift_kind)
    if kind is None:
        raise ValueError(f"no item type reads GIFT {gift_kind!r} questions")
    return kind
