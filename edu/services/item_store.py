"""Store quiz items, generated or hand-written: new wording is a new version, never an edit."""

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, and_, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from edu.models import Article, Item, ItemVersion
from edu.quiz import items as quiz_items


@dataclass(frozen=True)
class StoreReport:
    items: int
    new_items: int
    new_versions: int
    # Keys of the items already stored: given a new version, or left as they were.
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


@dataclass
class _Stored:
    """An item already stored, read as plain rows: far cheaper than ORM objects by thousands."""

    id: int
    key: str
    origin: str
    status: str
    article_id: int
    versions: list[Row] = field(default_factory=list)

    @property
    def current(self) -> Row:
        return self.versions[-1]


def store_items(
    session: Session,
    generated: Iterable[quiz_items.Item],
    origin: str = "generated",
    articles: Iterable[str] | None = None,
) -> StoreReport:
    """Store items of one origin; those of that origin (in `articles`) no longer made retire,
    one already stored under its key is updated. In bulk: an import may bring thousands."""
    made = list(generated)
    article_ids = {slug: id_ for slug, id_ in session.execute(select(Article.slug, Article.id))}
    scope = None if articles is None else {article_ids[slug] for slug in articles}
    existing = _stored(session, origin, scope, [item.id for item in made])
    new_rows: list[dict[str, Any]] = []
    new_contents: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    republished: list[int] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for made_item in made:
        content = {
            "prompt": made_item.prompt,
            "data": made_item.data,
            "answer": made_item.answer,
            "facts": list(made_item.facts or [made_item.fact]),
            "generator_version": made_item.version or None,
        }
        item = existing.get(made_item.id)
        if item is None:
            new_rows.append(
                {
                    "key": made_item.id,
                    "origin": origin,
                    "article_id": article_ids[made_item.article],
                    "type": made_item.type,
                    "status": "published",
                    "source": made_item.fact or made_item.question or made_item.id,
                }
            )
            new_contents.append(content)
            continue
        if item.status == "retired":
            republished.append(item.id)
        if item.versions and (
            _same_content(item.current, content)
            or (_reworded(item) and _same_content(_last_made(item), content))
        ):
            # Unchanged, or a teacher reworded it since and what would be made has not changed.
            unchanged.append(item.key)
            continue
        versions.append({"item_id": item.id, "number": len(item.versions) + 1, **content})
        updated.append(item.key)
    if new_rows:
        # Core executemany, without the ORM's work per row; then the ids by key, since RETURNING
        # in parameter order would cost SQLite one statement per row.
        session.execute(insert(Item.__table__), new_rows)
        new_keys = [row["key"] for row in new_rows]
        ids = dict(session.execute(select(Item.key, Item.id).where(Item.key.in_(new_keys))).all())
        versions += [
            {"item_id": ids[row["key"]], "number": 1, **content}
            for row, content in zip(new_rows, new_contents, strict=True)
        ]
    if versions:
        session.execute(insert(ItemVersion.__table__), versions)
        _expire_versions(session, {existing[key].id for key in updated})
    seen = {made_item.id for made_item in made}
    retired = [
        item.id
        for key, item in existing.items()
        if key not in seen
        and item.status == "published"
        and (scope is None or item.article_id in scope)
    ]  # no longer made: never drawn again, results kept
    _set_status(session, republished, "published")
    _set_status(session, retired, "retired")
    session.flush()
    return StoreReport(len(made), len(new_rows), len(versions), tuple(updated), tuple(unchanged))


def _stored(
    session: Session, origin: str, scope: set[int] | None, keys: list[str]
) -> dict[str, _Stored]:
    """The stored items of `origin` in `scope` (every article when None) or with one of `keys`,
    each with its versions in order: two statements."""
    condition = Item.origin == origin
    if scope is not None:
        condition = and_(condition, or_(Item.article_id.in_(scope), Item.key.in_(keys)))
    items = {
        row.id: _Stored(row.id, row.key, row.origin, row.status, row.article_id)
        for row in session.execute(
            select(Item.id, Item.key, Item.origin, Item.status, Item.article_id).where(condition)
        )
    }
    if items:
        rows = session.execute(
            select(
                ItemVersion.item_id,
                ItemVersion.number,
                ItemVersion.generator_version,
                *(getattr(ItemVersion, name) for name in _COMPARED),
            )
            .join(Item, Item.id == ItemVersion.item_id)
            .where(condition)
            .order_by(ItemVersion.item_id, ItemVersion.number)
        )
        for row in rows:
            items[row.item_id].versions.append(row)
    return {item.key: item for item in items.values()}


def _expire_versions(session: Session, ids: set[int]) -> None:
    """Items of the session that got a version written past the ORM load it again when read."""
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Item) and instance.id in ids:
            session.expire(instance, ["versions"])


def _set_status(session: Session, ids: list[int], status: str) -> None:
    if ids:
        session.execute(update(Item).where(Item.id.in_(ids)).values(status=status))


def _reworded(item: _Stored) -> bool:
    return item.origin == "generated" and item.current.generator_version is None


def _last_made(item: _Stored) -> Row:
    """The last version the generator made, before any teacher's rewording."""
    made = [v for v in item.versions if v.generator_version is not None]
    return made[-1] if made else item.versions[0]


_COMPARED = ("prompt", "data", "answer", "facts")


def _same_content(version: Row, content: dict) -> bool:
    return all(getattr(version, key) == content[key] for key in _COMPARED)


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
    session.flush()


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
    session.flush()
    return True


HANDWRITTEN = "handwritten"


def add_handwritten(session: Session, written: quiz_items.Item) -> Item:
    """A teacher's own item, kept apart from pack items so that reloading packs leaves it be."""
    store_items(session, [written], origin=HANDWRITTEN, articles=[])
    session.flush()
    return session.scalars(select(Item).where(Item.key == written.id)).one()
