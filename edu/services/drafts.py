"""Articles written in the teachers' editor: drafts kept as content-pack YAML, checked with the
same validator as the files in content/, previewed, then published into the articles.

A draft is not an article: pupils cannot reach it until it is published. No Flask here.
"""

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from edu import policies
from edu.content import pack
from edu.content.export import pack_to_yaml
from edu.content.messages import Message, Problem
from edu.content.reading import read_article_text
from edu.content.yamlsource import LocatedList, LocatedMap, YamlSyntaxError, parse_yaml
from edu.debate.prompts import DebatePrompt, build_prompt
from edu.models import Article, ArticleDraft, User
from edu.quiz.generation import generate
from edu.quiz.items import Item
from edu.services.content_store import exported_packs, store_article, stored_articles, stored_themes
from edu.services.quizzes import generate_items

if TYPE_CHECKING:
    import yaml

_WIDTH = 1_000_000  # one text, one line


@functools.cache
def _no_alias_dumper() -> "type[yaml.SafeDumper]":
    """Defined on the first draft written: PyYAML (~8 ms to import) is not needed to start."""
    import yaml  # on first use only, see above

    class NoAliasDumper(yaml.SafeDumper):
        """Content files never hold aliases (the reader refuses them): a value used twice is
        written out twice."""

        def ignore_aliases(self, data) -> bool:
            return True

    return NoAliasDumper


def dump(data: dict) -> str:
    """A pack (plain dict, in content/README.md's key order) as YAML text."""
    import yaml  # loaded with the dumper, on the first draft written

    return yaml.dump(
        data,
        Dumper=_no_alias_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=_WIDTH,
        default_flow_style=False,
    )


def read(text: str) -> dict:
    """A draft's YAML as plain values; keys read as written (`false:` is the key "false")."""
    try:
        data = parse_yaml(text)
    except YamlSyntaxError:
        return {}
    return _plain(data) if isinstance(data, dict) else {}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@dataclass
class Check:
    """What the validator says of a draft, with its problems placed on the pack's key paths."""

    article: pack.Article | None
    problems: list[Problem]
    # Each problem's key path in the pack: ("facts", 0, "answer", "fr"); () when unknown; with
    # its message, to be shown in the teacher's language.
    placed: list[tuple[tuple, Message]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.article is not None and not self.problems


def check(session: Session, text: str) -> Check:
    """Validate a draft's YAML exactly as `flask --app edu content check` validates a file,
    against the stored themes."""
    slug = read(text).get("id")
    name = f"{slug if isinstance(slug, str) and slug else 'draft'}.yaml"
    theme_ids = {theme.id for theme in stored_themes(session)}
    article, problems = read_article_text(text, name, theme_ids)
    lines = _line_paths(text)
    placed = [(lines.get(problem.line, ()), problem.text) for problem in problems]
    return Check(article, problems, placed)


def _line_paths(text: str) -> dict[int, tuple]:
    """The deepest key path that starts on each line of the YAML text."""
    try:
        data = parse_yaml(text)
    except YamlSyntaxError:
        return {}
    paths: dict[int, tuple] = {}

    def walk(node: Any, path: tuple) -> None:
        if isinstance(node, LocatedMap):
            for key, value in node.items():
                paths[node.lines[key]] = (*path, key)
                walk(value, (*path, key))
        elif isinstance(node, LocatedList):
            for index, (value, line) in enumerate(zip(node, node.lines, strict=True)):
                paths[line] = (*path, index)
                walk(value, (*path, index))

    walk(data, ())
    return paths


# -- drafts ------------------------------------------------------------------------------------


class DraftOfAnother(Exception):
    """The article has a draft under way that this teacher may not open: one at a time."""


def teacher_draft(session: Session, user: User, draft_id: int) -> ArticleDraft | None:
    """The draft, only if this teacher may open it: another teacher's draft gets nothing."""
    draft = session.get(ArticleDraft, draft_id)
    return draft if draft is not None and policies.can_open_draft(user, draft) else None


def drafts(session: Session, user: User) -> list[ArticleDraft]:
    """The drafts this teacher may open (`policies.can_open_draft`, as a query): their own;
    every draft for an admin."""
    query = select(ArticleDraft).order_by(ArticleDraft.slug)
    if not policies.can_administer(user):
        query = query.where(ArticleDraft.author_id == user.id)
    return list(session.scalars(query))


def slug_taken(session: Session, slug: str) -> bool:
    """Whether an article or a draft already has this id."""
    article = session.scalar(select(Article.id).where(Article.slug == slug))
    draft = session.scalar(select(ArticleDraft.id).where(ArticleDraft.slug == slug))
    return article is not None or draft is not None


def is_published(session: Session, draft: ArticleDraft) -> bool:
    return session.scalar(select(Article.id).where(Article.slug == draft.slug)) is not None


def create(session: Session, data: dict, author: User | None) -> ArticleDraft:
    draft = ArticleDraft(slug=data["id"], yaml=dump(data), author=author)
    session.add(draft)
    session.flush()
    return draft


def save(session: Session, draft: ArticleDraft, data: dict) -> None:
    """New contents; the author stays who started the draft, so an admin's edit takes nothing."""
    data = {**data, "id": draft.slug}  # the id of a draft never changes
    items = read(draft.yaml).get("items")
    if items:  # hand-written quiz items are not edited here: they are kept as they were
        data["items"] = items
    draft.yaml = dump(data)
    session.flush()


def draft_of_article(session: Session, slug: str, author: User) -> ArticleDraft | None:
    """The draft of a published article: the one being written, or a new one from the article."""
    draft = session.scalar(select(ArticleDraft).where(ArticleDraft.slug == slug))
    if draft is not None:
        # One draft an article: someone else's may be under way.
        if not policies.can_open_draft(author, draft):
            raise DraftOfAnother(slug)
        return draft
    packs = exported_packs(session, slug)
    if not packs:
        return None
    # Written the way the editor writes drafts (one key a line), so that problems found later
    # are placed on the right field.
    draft = ArticleDraft(slug=slug, yaml=dump(read(pack_to_yaml(packs[0]))), author=author)
    session.add(draft)
    session.flush()
    return draft


@dataclass(frozen=True)
class Preview:
    items: list[Item]
    prompts: list[DebatePrompt]


def preview(session: Session, article: pack.Article) -> Preview:
    """The items the generator would make of the draft (distractors drawn from every article,
    as after publishing) and its debate prompts; nothing is stored."""
    others = [a for a in stored_articles(session) if a.id != article.id]
    items = [item for item in generate([*others, article]) if item.article == article.id]
    return Preview(items, [build_prompt(article, question) for question in article.questions])


def publish(session: Session, draft: ArticleDraft) -> Check:
    """Load a valid draft into the articles (in place when it edits one) and generate its
    items; the draft is then gone. An invalid draft changes nothing."""
    result = check(session, draft.yaml)
    if not result.ok or result.article is None:
        return result
    store_article(session, result.article)
    session.delete(draft)
    session.flush()
    generate_items(session)
    return result
