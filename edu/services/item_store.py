"""Store quiz items, generated or hand-written: new wording is a new version, never an edit."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from edu.models import Article, Item, ItemVersion
from edu.quiz import items as quiz_items


@dataclass(frozen=True)
class StoreReport:
    items: int
    new_items: int
    new_versions: int


def store_items(
    session: Session,
    generated: Iterable[quiz_items.Item],
    origin: str = "generated",
    articles: Iterable[str] | None = None,
) -> StoreReport:
    """Store items of one origin; those of that origin (in `articles`) no longer made retire."""
    by_slug = {a.slug: a for a in session.scalars(select(Article))}
    query = select(Item).where(Item.origin == origin).options(selectinload(Item.versions))
    if articles is not None:
        query = query.where(Item.article_id.in_([by_slug[slug].id for slug in articles]))
    existing = {item.key: item for item in session.scalars(query)}
    seen, new_items, new_versions, count = set(), 0, 0, 0
    for generated_item in generated:
        count += 1
        seen.add(generated_item.id)
        content = {
            "prompt": generated_item.prompt,
            "data": generated_item.data,
            "answer": generated_item.answer,
            "facts": list(generated_item.facts or [generated_item.fact]),
        }
        item = existing.get(generated_item.id)
        if item is None:
            item = Item(
                key=generated_item.id,
                origin=origin,
                article=by_slug[generated_item.article],
                type=generated_item.type,
                source=generated_item.fact or generated_item.question or generated_item.id,
            )
            session.add(item)
            new_items += 1
        elif item.status == "retired":
            item.status = "published"
        if item.versions and _same_content(item.current, content):
            continue
        item.versions.append(
            ItemVersion(
                number=len(item.versions) + 1,
                generator_version=generated_item.version or None,
                **content,
            )
        )
        new_versions += 1
    for key, item in existing.items():
        if key not in seen and item.status == "published":
            item.status = "retired"  # no longer generated: never drawn again, results kept
    session.flush()
    return StoreReport(count, new_items, new_versions)


def _same_content(version: ItemVersion, content: dict) -> bool:
    return all(getattr(version, key) == value for key, value in content.items())
