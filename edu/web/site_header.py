"""The header of every page, rendered once per kind of visitor and then copied.

The header (menus, language and display switches, who is signed in) was a fifth of the CPU of a
question page: a dozen translated strings, ten addresses and three forms per request, the same
for every request of the same visitor. It depends only on what `_Visitor` holds, and on two
values of the request itself, the CSRF token and the page's own address, which the rendered
copy holds as placeholders filled in (escaped) for each request. The copies live in the app,
at most MAX_KEPT, the least recently used going first.
"""

from collections import OrderedDict
from typing import Any, NamedTuple

from flask import Flask, current_app, request
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

MAX_KEPT = 2048  # a year group's pupils × both languages, a few kilobytes each
_TOKEN = "\x00csrf-token\x00"  # a NUL is never in a token, an address or a translation
_HERE = "\x00this-page\x00"


class _Visitor(NamedTuple):
    """Everything the header shows that is not the request's own token or address."""

    locale: str
    display: str
    pupil_name: str | None
    user_id: int | None
    username: str | None
    teaches: bool
    administers: bool
    script_root: str  # where the app is mounted: its links start there


def _visitor(context: Context) -> _Visitor:
    user = context["signed_in_user"]
    return _Visitor(
        locale=context["locale"],
        display=context.get("display_preference") or context["display"],
        pupil_name=context["pupil_name"],
        user_id=user.id if user else None,
        username=user.username if user else None,
        teaches=context["can_teach"](user),
        administers=context["can_administer"](user),
        script_root=request.script_root,
    )


@pass_context
def site_header(context: Context) -> Markup:
    kept: OrderedDict[_Visitor, str] = current_app.extensions["site_header"]
    visitor = _visitor(context)
    header = kept.get(visitor)
    if header is None:
        header = _render(context)
        kept[visitor] = header
        if len(kept) > MAX_KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(visitor)
    here = request.full_path if request.query_string else request.path
    filled = header.replace(_TOKEN, escape(generate_csrf())).replace(_HERE, escape(here))
    # Safe: the copy was rendered by Jinja with autoescape, and both fills are escaped.
    return Markup(filled)


def _render(context: Context) -> str:
    values: dict[str, Any] = dict(context.get_all())
    values.update(csrf_token=lambda: _TOKEN, here=_HERE)
    return current_app.jinja_env.get_template("site_header.html").render(values)


def init_app(app: Flask) -> None:
    app.extensions["site_header"] = OrderedDict()
    app.jinja_env.globals["site_header"] = site_header
