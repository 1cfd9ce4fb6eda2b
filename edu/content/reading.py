"""Read a content folder, one article file or an article's YAML text into `pack` values,
with every problem found as `path:line: message`.

Nothing here touches a database: loading only ever sees content that passed every check.
"""

from dataclasses import dataclass, field
from pathlib import Path

from edu.content.checks import ArticleChecker, SourceArticle
from edu.content.messages import N_, Problem
from edu.content.pack import THEMES_FILE, Article, Theme
from edu.content.yamlsource import YamlSyntaxError, parse_yaml

NOT_ARTICLES = {THEMES_FILE, "rubric.yaml"}  # files of the content folder that hold no article


@dataclass
class Content:
    """Everything read from a content folder (or one file), with the problems found."""

    articles: list[Article] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_content(path: str | Path, article_text: str | None = None) -> Content:
    """Validate a content folder, or a single article file with the themes beside it.

    `article_text` is the text of the article a single file was written from: given, every
    `where` must name one of its paragraphs and no text may copy a run of its words."""
    path = Path(path)
    content = Content()
    if path.is_dir():
        folder, files = (
            path,
            sorted(p for p in path.glob("*.yaml") if p.is_file() and p.name not in NOT_ARTICLES),
        )
    elif path.is_file():
        folder, files = path.parent, [path]
    else:
        content.problems.append(Problem.of(str(path), 0, N_("no such file or folder")))
        return content
    theme_ids = _read_themes(folder / THEMES_FILE, content)
    source = None if article_text is None else SourceArticle(article_text)
    # Ids are unique across files because each must equal its file's name.
    for file in files:
        article = read_article(file, theme_ids, content.problems, source)
        if article is not None:
            content.articles.append(article)
    content.problems.sort()
    return content


def read_article(
    path: Path,
    theme_ids: set[str] | None,
    problems: list[Problem],
    source: SourceArticle | None = None,
) -> Article | None:
    """Validate one article file (against the article's own text, when `source` is given);
    append its problems and return it only if it has none."""
    checker = ArticleChecker(str(path), source)
    data = checker.parse(path)
    article = None if checker.problems else checker.article(data, path.stem, theme_ids)
    problems.extend(checker.problems)
    return article if not checker.problems else None


def read_article_text(
    text: str, name: str, theme_ids: set[str] | None
) -> tuple[Article | None, list[Problem]]:
    """Validate one article given as YAML text, as if it were the file `name` (`<id>.yaml`)
    beside a themes.yaml holding `theme_ids`: the same checks as `read_content`, no file."""
    checker = ArticleChecker(name)
    data = None
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as exc:
        checker.yaml_error(exc)
    article = None if checker.problems else checker.article(data, Path(name).stem, theme_ids)
    return (None if checker.problems else article), sorted(checker.problems)


def _read_themes(path: Path, content: Content) -> set[str] | None:
    """The theme ids of the themes file, or None if there is none (themes go unchecked)."""
    if not path.is_file():
        return None
    checker = ArticleChecker(str(path))
    content.themes.extend(checker.themes_file(checker.parse(path)))
    content.problems.extend(checker.problems)
    return {theme.id for theme in content.themes}
