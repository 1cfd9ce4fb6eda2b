"""Teachers' Markdown: formatting works, and no script, event handler, `javascript:` link, SVG,
image or frame ever reaches a page, in French, in English or side by side."""

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from edu.extensions import db
from edu.models import Article
from edu.richtext import render_markdown

SAFE_SCHEMES = ("http:", "https:", "mailto:")
DATA_HTML = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)…
FORBIDDEN_TAGS = {"script", "svg", "img", "iframe", "style", "form", "object", "embed", "math"}

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "javascript link": "[x](javascript:alert(1))",
    "mixed-case javascript link": "[x](JaVaScRiPt:alert(1))",
    "spaced javascript link": "[x](  javascript:alert(1))",
    "javascript autolink": "<javascript:alert(1)>",
    "entity-encoded javascript link": "[x](&#106;avascript:alert(1))",
    "tab-split javascript link": "[x](java&#09;script:alert(1))",
    "vbscript link": "[x](vbscript:msgbox(1))",
    "svg onload": "<svg onload=alert(1)>",
    "script in svg": "<svg><script>alert(1)</script></svg>",
    "data: html anchor": f'<a href="{DATA_HTML}">x</a>',
    "data: markdown link": f"[x]({DATA_HTML})",
    "remote image": "![img](http://evil.example/x.png)",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style": "<style>body { display: none }</style>",
    "form": '<form action="https://evil.example/"><input name="password"></form>',
    "anchor with handler": '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "comment": "<!-- <script>alert(1)</script> -->",
    "escaped script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "french": "« <script>alert('élève')</script> » : l'été, <b onmouseover=alert(1)>là</b>",
}


class Tags(HTMLParser):
    """The tags and attributes of an HTML fragment, as a browser would read them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_inert(html: str, allowed: frozenset[str] = frozenset()) -> None:
    """No active content: no forbidden tag, no `on…=` attribute, no link outside SAFE_SCHEMES."""
    lowered = html.lower()
    for tag in ("<script", "<svg", "<img", "<iframe", "<style", "<form"):
        assert tag[1:] in allowed or tag not in lowered, f"{tag} in {html!r}"
    # Inside a tag, never an event handler nor a javascript: URL (escaped text may mention them).
    for tag_text in re.findall(r"<[^>]*>", html):
        assert not re.search(r"\son\w+\s*=", tag_text, re.IGNORECASE), tag_text
        assert "javascript:" not in tag_text.lower(), tag_text
    for tag, attrs in Tags(html).tags:
        assert tag in allowed or tag not in FORBIDDEN_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, html)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                # As a browser reads it: controls and spaces dropped, then a scheme, if any.
                url = re.sub(r"[\x00-\x20]", "", value or "").lower()
                scheme = re.match(r"[a-z][a-z0-9+.-]*:", url)
                assert scheme is None or scheme.group() in SAFE_SCHEMES, (url, html)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_is_neutralised(payload):
    html = str(render_markdown(payload))
    assert_inert(html)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_is_neutralised_inside_formatted_text(payload):
    html = str(render_markdown(f"**Attention** :\n\n- {payload}\n- > {payload}\n\n## {payload}"))
    assert_inert(html)
    assert "<strong>Attention</strong>" in html


def test_raw_html_is_shown_as_text_not_dropped():
    assert str(render_markdown("<script>alert(1)</script>")) == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert str(render_markdown("&lt;script&gt;")) == "<p>&lt;script&gt;</p>"


def test_rejected_links_stay_plain_text():
    for payload in ("[x](javascript:alert(1))", "[x](  javascript:alert(1))"):
        html = str(render_markdown(payload))
        assert "<a" not in html and html.startswith("<p>[x](")


def test_an_image_shows_its_description_and_loads_nothing():
    html = str(render_markdown("Voir ![la carte *des* centres](http://evil.example/x.png)."))
    assert html == "<p>Voir la carte des centres.</p>"
    assert "evil.example" not in html


def test_plain_text_renders_as_one_paragraph_as_before():
    text = "Un texte « simple » : l'IA & les données, 589 milliards."
    assert str(render_markdown(text)) == (
        "<p>Un texte « simple » : l'IA &amp; les données, 589 milliards.</p>"
    )
    assert str(render_markdown("")) == ""


def test_emphasis_lists_strikethrough_and_code():
    html = str(render_markdown("**gras** *italique* ~~barré~~ `code`\n\n- un\n- deux\n\n3. trois"))
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert "<s>barré</s>" in html and "<code>code</code>" in html
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in html
    assert '<ol start="3">' in html


def test_links_are_kept_with_rel_and_title_only():
    html = str(render_markdown('[source](https://example.org/a "Le titre") <mailto:a@b.example>'))
    assert (
        '<a href="https://example.org/a" title="Le titre" rel="noopener noreferrer nofollow">'
        "source</a>"
    ) in html
    assert '<a href="mailto:a@b.example" rel="noopener noreferrer nofollow">' in html


def test_headings_are_shifted_below_the_page_outline():
    html = str(render_markdown("# Un\n\n## Deux\n\n### Trois\n\n###### Six"))
    assert html == "<h3>Un</h3>\n<h4>Deux</h4>\n<h5>Trois</h5>\n<h6>Six</h6>"


def test_tables_and_quotes():
    html = str(render_markdown("> citation\n\n| a | b |\n|--:|---|\n| 1 | 2 |"))
    assert "<blockquote>\n<p>citation</p>\n</blockquote>" in html
    assert "<table>" in html and "<th>a</th>" in html and "<td>2</td>" in html
    assert "style=" not in html  # column alignment is not worth a style attribute


def test_the_markdown_filter_is_registered(app):
    assert app.jinja_env.filters["markdown"] is render_markdown


# Through the pages: a stored summary holding every payload, in each display mode.

SLUG = "sun-tzu-open-source"
EVIL = "\n\n".join(PAYLOADS.values())


def summary_section(page: str) -> str:
    match = re.search(r'<section aria-labelledby="summary">(.*?)</section>', page, re.DOTALL)
    assert match, "the article page has no summary section"
    return match.group(1)


def summary_card(page: str) -> str:
    card = rf'<li class="card">(?:(?!</li>).)*/articles/{SLUG}".*?</li>'
    match = re.search(card, page, re.DOTALL)
    assert match, "the article list has no card for the article"
    return match.group(0)


@pytest.fixture
def evil_client(app):
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.slug == SLUG))
        article.summary_fr = f"Résumé en **gras** et *élégant*.\n\n{EVIL}"
        article.summary_en = f"A **bold** summary.\n\n{EVIL}"
        db.session.commit()
    return app.test_client()


@pytest.mark.parametrize(
    ("mode", "languages"), [("fr", ["fr"]), ("en", ["en"]), ("both", ["fr", "en"])]
)
def test_article_page_neutralises_the_payloads_in_each_display_mode(evil_client, mode, languages):
    with evil_client.session_transaction() as session:
        session["display"] = mode
    for path, fragment in ((f"/articles/{SLUG}", summary_section), ("/", summary_card)):
        page = evil_client.get(path).get_data(as_text=True)
        assert_inert(page, allowed=frozenset({"form"}))  # the page's own forms, and only them
        assert_inert(fragment(page))
        assert not re.search(r"<[^>]*evil\.example", page)  # named in escaped text at most
        if "fr" in languages:
            assert "<strong>gras</strong>" in page and "<em>élégant</em>" in page
        else:
            assert "<strong>gras</strong>" not in page
        if "en" in languages:
            assert "<strong>bold</strong>" in page
        else:
            assert "<strong>bold</strong>" not in page
    section = summary_section(evil_client.get(f"/articles/{SLUG}").get_data(as_text=True))
    if mode == "both":
        assert section.count('<div class="bi"><div lang="fr"><p>Résumé en <strong>') == 1
        assert '</div><div lang="en"><p>A <strong>bold</strong> summary.</p>' in section
    else:
        assert f'<div lang="{mode}"><p>' in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section  # shown as text, not run


def test_plain_summaries_look_as_before(client):
    page = client.get(f"/articles/{SLUG}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    section = summary_section(page)
    assert re.search(r'<div lang="fr"><p>[^<]+</p></div>', section)
