"""Answering quiz items in tests the way a learner's browser would send the form."""

import re

from babel.numbers import format_decimal
from sqlalchemy import select

from edu.extensions import db
from edu.models import Attempt, ItemVersion
from edu.quiz.selection import Candidate, draw


def form_for(version: ItemVersion, locale: str, right: bool = True) -> dict[str, str]:
    """The form fields of a right (or, with right=False, a wrong) answer to an item."""
    kind, answer, data = version.item.type, version.answer, version.data
    if kind == "numeric":
        value = answer["value"] if right else answer["value"] * 3 + 7
        return {"answer": format_decimal(value, locale=locale, decimal_quantization=False)}
    if kind == "choice":
        wrong = next(c["id"] for c in data["choices"] if c["id"] != answer["choice"])
        return {"answer": answer["choice"] if right else wrong}
    if kind == "cloze":
        return {"answer": answer[locale] if right else "Personne"}
    if kind == "true-false":
        return {"answer": str(answer["value"] == right).lower()}
    if kind == "ordering":
        order = answer["order"] if right else list(reversed(answer["order"]))
        return {f"position-{key}": str(place) for place, key in enumerate(order, start=1)}
    if kind == "matching":
        pairs = answer["pairs"]
        if not right:
            values = list(pairs.values())
            pairs = dict(zip(pairs, values[1:] + values[:1], strict=True))
        return {f"match-{left}": value for left, value in pairs.items()}
    sides = answer["sides"]
    if not right:
        sides = {key: "against" if side == "for" else "for" for key, side in sides.items()}
    return {f"side-{key}": side for key, side in sides.items()}


def plan_versions(attempt: Attempt) -> list[ItemVersion]:
    by_id = {
        v.id: v
        for v in db.session.scalars(select(ItemVersion).where(ItemVersion.id.in_(attempt.plan)))
    }
    return [by_id[version_id] for version_id in attempt.plan]


def seed_drawing(candidates: list[Candidate], wanted) -> int:
    """A seed whose draw includes every key `wanted(keys)` asks for."""
    for seed in range(1, 5000):
        if wanted(draw(candidates, seed)):
            return seed
    raise AssertionError("no seed draws the wanted items")


def question_token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)
