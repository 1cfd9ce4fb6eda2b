"""Store quiz items, generated or hand-written: new wording is a new version, never an edit."""

import copy
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
        if item.versions and _reworded(item) and _same_content(_last_made(item), content):
            continue  # a teacher reworded it since, and what would be made has not changed
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


def _reworded(item: Item) -> bool:
    return item.origin == "generated" and item.current.generator_version is None


def _last_made(item: Item) -> ItemVersion:
    """The last version the generator made, before any teacher's rewording."""
    made = [v for v in item.versions if v.generator_version is not None]
    return made[-1] if made else item.versions[0]


def _same_content(version: ItemVersion, content: dict) -> bool:
    return all(getattr(version, key) == value for key, value in content.items())


# -- review by teachers ------------------------------------------------------------------------

REVIEW_STATUSES = ("published", "rejected")


def article_items(session: Session, article: Article) -> list[Item]:
    """Every item of an article, generated, authored or imported, for a teacher to review."""
    return list(
        session.scalars(
            select(Item)
            .where(Item.article_id == article.id)
            .options(selectinload(Item.versions))
            .order_by(Item.status, Item.origin, Item.key)
        )
    )


def set_status(session: Session, item: Item, status: str) -> None:
    """Publish an item or reject it: a rejected item is never drawn again, results are kept."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"unknown review status {status!r}")
    item.status = status
    session.commit()


def reword(session: Session, item: Item, prompt: dict[str, str], texts: dict[str, dict]) -> bool:
    """A teacher's new wording becomes a new version; answers given before keep theirs.

    `texts` rewords the choices of a multiple-choice item ({choice id: {"fr": …, "en": …}}).
    Returns False when nothing changed (no version is added).
    """
    current = item.current
    data = copy.deepcopy(current.data)
    for choice in data.get("choices", []):
        if choice["id"] in texts:
            choice["text"] = texts[choice["id"]]
    if prompt == current.prompt and data == current.data:
        return False
    item.versions.append(
        ItemVersion(
            number=len(item.versions) + 1,
            generator_version=None,  # a teacher's wording: the generator leaves it alone
            prompt=prompt,
            data=data,
            answer=current.answer,
            facts=current.facts,
        )
    )
    session.commit()
    return True


HANDWRITTEN = "handwritten"


def add_handwritten(session: Session, written: quiz_items.Item) -> Item:
    """A teacher's own item, kept apart from pack items so that reloading packs leaves it be."""
    store_items(session, [written], origin=HANDWRITTEN, articles=[])
    session.commit()
    return session.scalar(select(Item).where(Item.key == written.id))
