"""Teachers' formatted texts (summaries, feedback): Markdown in, sanitised HTML out.

Two locks, so that neither alone has to be perfect:

- markdown-it-py parses with raw HTML *disabled*: `<script>`, `<svg onload=…>`, `<iframe>`…
  typed in a summary come out as escaped text, and links with a `javascript:`, `vbscript:`,
  `file:` or `data:` destination are left as plain text;
- nh3 (ammonia) then keeps only an explicit allow-list of tags and attributes, links to
  http, https and mailto only, and adds `rel="noopener noreferrer nofollow"` to every link.

Headings are shifted down two levels (`#` gives h3, `##` h4, and so on, h6 at most): a teacher's
text always sits under the page's h1 and a section's h2, so it may not break the page outline.
Images are never shown, only their description as text: an image would be a request to another
host, which the product forbids.
"""

import functools
from typing import TYPE_CHECKING

import nh3
from flask import Flask
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

HEADING_SHIFT = 2

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "s",  # what markdown-it writes for ~~strikethrough~~
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes={"a": {"href", "title"}, "ol": {"start"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def _shift_headings(state: "StateCore") -> None:
    """Teachers' headings sit under the page's h1 and h2: move them down to h3 and below."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"


def _image_as_text(self, tokens, idx, options, env) -> str:
    """An image would load from another host: show its description instead."""
    token = tokens[idx]
    return str(escape(self.renderInlineAsText(token.children or [], options, env)))


@functools.cache
def _parser() -> "MarkdownIt":
    """CommonMark without raw HTML, plus tables and strikethrough; built on the first text to
    render, so that a worker or a command that shows none never imports markdown-it."""
    from markdown_it import MarkdownIt  # ~13 ms of imports and rule set-up, not needed to start

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.core.ruler.push("shift_headings", _shift_headings)
    md.add_render_rule("image", _image_as_text)
    return md


def render_markdown(text: str | None) -> Markup:
    """Markdown to HTML safe to put in a page as it is: parsed without raw HTML, then cleaned."""
    if not text:
        return Markup("")
    return Markup(_cleaner.clean(_parser().render(text)).strip())


def init_app(app: Flask) -> None:
    """Templates write `text|markdown` where teachers may format text."""
    app.jinja_env.filters["markdown"] = render_markdown
