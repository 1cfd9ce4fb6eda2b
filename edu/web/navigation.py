"""Where a page sends people next, for every blueprint: back to a page of this site only, on
to the question a learner is on."""

from urllib.parse import SplitResult, urlsplit

from flask import redirect, request, url_for

from edu.models import Attempt
from edu.services import quizzes


def _split(url: str) -> SplitResult | None:
    """The URL's parts, or None for one that is not even well formed ("http://[x")."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def safe_next(target: str | None, default: str = "/") -> str:
    """A same-site path to go back to; anything pointing at another host falls back."""
    if not target:
        return default
    parts = _split(target)
    if parts is None or parts.scheme or parts.netloc:
        return default
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def safe_referrer(default: str) -> str:
    """Back to the form's page, if it is on this site: a forged Referer must not lead elsewhere."""
    referrer = request.referrer or ""
    parts = _split(referrer)
    if parts is None:
        return default
    if parts.scheme or parts.netloc:  # a full URL, as browsers send it: ours, reduced to a path
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != request.host.lower():
            return default
        referrer = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return safe_next(referrer, default)


def where_you_are(attempt: Attempt):
    """The question the learner is on, or the results once every question is answered."""
    position = quizzes.next_position(attempt)
    if position is None:
        return redirect(url_for("quiz.results", attempt_id=attempt.public_id))
    return redirect(url_for("quiz.question", attempt_id=attempt.public_id, position=position))
