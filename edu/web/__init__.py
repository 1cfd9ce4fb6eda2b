"""The web side: one package per feature, each with its routes, forms and templates."""

from urllib.parse import SplitResult, urlsplit

from flask import request


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
