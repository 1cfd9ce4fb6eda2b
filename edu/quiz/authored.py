"""Items written by hand in a content pack, in the same shape as generated ones."""

from typing import Any

from edu.catalog import N_, in_each_language
from edu.content import pack
from edu.quiz.generation import numbered_shuffle, rng_for
from edu.quiz.items import Item

# Interface text, yet stored in a true-false item as the statement its feedback shows, and shown
# in both languages side by side: so each is kept in every language (`in_each_language`).
VERDICTS = {True: N_("True."), False: N_("False.")}


def authored_items(article: pack.Article) -> list[Item]:
    """The article's hand-written items, keyed `article/item/type` like generated ones."""
    return [_item(article.id, authored) for authored in article.items]


def _item(article: str, authored: pack.AuthoredItem) -> Item:
    answer: dict[str, Any] = dict(authored.answer)
    data: dict[str, Any] = {}
    if authored.type == "choice":
        choices = authored.answer["choices"]
        data["choices"] = [
            {"id": f"c{n}", "text": choice["text"]} for n, choice in enumerate(choices, start=1)
        ]
        right = next(n for n, choice in enumerate(choices, start=1) if choice["correct"])
        answer = {"choice": f"c{right}"}
    elif authored.type == "true-false":
        value = authored.answer["value"]
        data["statement"] = (
            authored.prompt.as_dict() if value else in_each_language(VERDICTS[False])
        )
    elif authored.type == "numeric":
        data["unit"] = answer.pop("unit", None)
    elif authored.type == "ordering":
        rng = rng_for(f"{article}/{authored.id}/ordering")  # seeded by the item's id
        entries, order = numbered_shuffle(authored.answer["order"], rng)
        data["entries"] = [{"id": id_, "text": text} for id_, text in entries]
        answer = {"order": order}
    return Item(
        id=f"{article}/{authored.id}/{authored.type}",
        type=authored.type,
        article=article,
        prompt=authored.prompt.as_dict(),
        answer=answer,
        data=data,
        fact=authored.facts[0] if len(authored.facts) == 1 else None,
        facts=authored.facts,
        version=0,  # written by hand: no generator
    )
