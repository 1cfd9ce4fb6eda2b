"""Inline SVG charts drawn on the server: no script, no style, no external reference (CSP-safe).

Colours come from the surrounding text (`fill="currentColor"` plus opacities), so the page's CSS
decides them through the class names. Every piece of text is XML-escaped: labels are user input
(pupil names, article titles). Each bar or column carries a <title> (label and value) for hover
and screen readers; the whole chart is `role="img"` named by its title, which is not drawn:
the page shows its own heading (an SVG text does not wrap and would overflow a narrow chart).
"""

import html
import math
import re
import unicodedata
from collections.abc import Callable, Sequence

SVG_NS = "http://www.w3.org/2000/svg"
FONT_SIZE = 12
PADDING = 8

ROW_HEIGHT = 22
BAR_HEIGHT = 14
LABEL_WIDTH = 160
BAR_WIDTH = 240
VALUE_WIDTH = 56
LABEL_CHARS = 24

COLUMN_WIDTH = 40
COLUMN_GAP = 8
PLOT_HEIGHT = 120
COLUMN_LABEL_MAX = 120  # the widest a histogram's bin label may make its column's slot
LABEL_GAP = 6  # the least room between two texts side by side

MISSING = "–"  # drawn instead of a value for work with no score (never "0 %")
# Characters XML 1.0 forbids: one of them in a pupil's name would make the whole page invalid.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def percent(value: float) -> str:
    """The default value format: a share shown as a whole percentage."""
    return f"{value:.0%}"


def text_width(text: str) -> float:
    """A generous estimate of how wide `text` is drawn at FONT_SIZE, for laying labels out:
    narrow letters (i, l, punctuation) count a third of the font size, capitals and m/w more,
    M, W, wide (East Asian) characters and the ellipsis a full em, anything else 0.6 em."""
    em = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in {"W", "F"} or char in "…—%@MW":
            em += 1.0
        elif char in "mw":
            em += 0.9
        elif char in "iljI.,:;'’!|()[] \u00a0\u202f":
            em += 0.35
        elif char.isupper():
            em += 0.75
        else:
            em += 0.6
    return em * FONT_SIZE


def bar_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    title: str,
    maximum: float = 1.0,
    value_format: Callable[[float], str] = percent,
    missing: str = "no score",
) -> str:
    """Horizontal bars, one row per label (per-item difficulty, per-pupil score).

    A value of None (or NaN) is work with no score: no bar, "–" where the value goes, and
    `missing` (say "no score", in the page's language) in the row's title for screen readers.
    """
    _check_lengths(values, labels)
    if not maximum > 0:
        raise ValueError("maximum must be positive")
    shown = [
        MISSING if _is_missing(value) else value_format(_clamp(value, maximum)) for value in values
    ]
    value_width = max([VALUE_WIDTH, *(text_width(text) + LABEL_GAP for text in shown)])
    width = PADDING * 2 + LABEL_WIDTH + BAR_WIDTH + value_width
    rows = [
        _bar_row(
            index,
            None if _is_missing(value) else _clamp(value, maximum),
            maximum,
            label,
            text,
            missing,
        )
        for index, (value, label, text) in enumerate(zip(values, labels, shown, strict=True))
    ]
    height = PADDING * 2 + ROW_HEIGHT * len(rows)
    return _svg(width, height, title, "chart chart-bars", rows)


def histogram(counts: Sequence[int], bin_labels: Sequence[str], *, title: str) -> str:
    """Vertical columns, one per bin (a class's score distribution)."""
    _check_lengths(counts, bin_labels)
    if any(count < 0 for count in counts):
        raise ValueError("counts cannot be negative")
    tallest = max(counts, default=0) or 1
    shown = [_fit(label, COLUMN_LABEL_MAX) for label in bin_labels]
    # Each column's slot is wide enough for its label and the gap to the next one: labels
    # never overlap, however many bins or however long their labels (a narrow page scales
    # the whole drawing down through its viewBox, which keeps the proportions).
    slot = max([COLUMN_WIDTH, *(text_width(text) for text in shown)]) + COLUMN_GAP
    width = PADDING * 2 + slot * len(counts)
    columns = [
        _column(index, count, tallest, label, text, slot)
        for index, (count, label, text) in enumerate(zip(counts, bin_labels, shown, strict=True))
    ]
    height = PADDING * 2 + (PLOT_HEIGHT + ROW_HEIGHT * 2 if columns else 0)
    return _svg(max(width, LABEL_WIDTH), height, title, "chart chart-histogram", columns)


def _bar_row(
    index: int, value: float | None, maximum: float, label: str, shown: str, missing: str
) -> str:
    """One labelled bar over its faint full-length track, with the value after it; with no
    value, the track alone and "–"."""
    spoken = missing if value is None else shown
    top = PADDING + index * ROW_HEIGHT
    bar_x = PADDING + LABEL_WIDTH
    bar_y = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
    text_y = top + ROW_HEIGHT / 2 + FONT_SIZE / 3
    return (
        '<g class="bar">'
        f"<title>{_text(f'{label}: {spoken}')}</title>"
        f'<text class="bar-label" x="{_n(bar_x - LABEL_GAP)}" y="{_n(text_y)}" text-anchor="end"'
        f' fill="currentColor">{_text(_fit(label, LABEL_WIDTH - LABEL_GAP, LABEL_CHARS))}</text>'
        f'<rect class="bar-track" x="{_n(bar_x)}" y="{_n(bar_y)}" width="{BAR_WIDTH}"'
        f' height="{BAR_HEIGHT}" fill="currentColor" fill-opacity="0.1"/>'
        f'<rect class="bar-value" x="{_n(bar_x)}" y="{_n(bar_y)}"'
        f' width="{_n(BAR_WIDTH * (value or 0) / maximum)}" height="{BAR_HEIGHT}"'
        ' fill="currentColor" fill-opacity="0.7"/>'
        f'<text class="bar-number{" no-value" if value is None else ""}"'
        f' x="{_n(bar_x + BAR_WIDTH + LABEL_GAP)}" y="{_n(text_y)}"'
        f' fill="currentColor">{_text(shown)}</text>'
        "</g>"
    )


def _column(index: int, count: int, tallest: int, label: str, shown: str, slot: float) -> str:
    """One column rising from the baseline in the middle of its slot, its count above and its
    bin label (already fitted) below."""
    middle = PADDING + slot * index + slot / 2
    left = middle - COLUMN_WIDTH / 2
    baseline = PADDING + ROW_HEIGHT + PLOT_HEIGHT
    height = PLOT_HEIGHT * count / tallest
    return (
        '<g class="bar">'
        f"<title>{_text(f'{label}: {count}')}</title>"
        f'<rect class="bar-value" x="{_n(left)}" y="{_n(baseline - height)}"'
        f' width="{COLUMN_WIDTH}" height="{_n(height)}" fill="currentColor" fill-opacity="0.7"/>'
        f'<text class="bar-number" x="{_n(middle)}" y="{_n(baseline - height - 4)}"'
        f' text-anchor="middle" fill="currentColor">{count}</text>'
        f'<text class="bar-label" x="{_n(middle)}" y="{_n(baseline + FONT_SIZE + 4)}"'
        f' text-anchor="middle" fill="currentColor">{_text(shown)}</text>'
        "</g>"
    )


def _svg(width: float, height: float, title: str, css_class: str, parts: list[str]) -> str:
    """The <svg> element around the parts, named by its title for assistive technology."""
    name = _text(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="{css_class}" role="img" aria-label="{name}"'
        f' width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' font-size="{FONT_SIZE}">'
        f"<title>{name}</title>{''.join(parts)}</svg>"
    )


def _check_lengths(values: Sequence[object], labels: Sequence[str]) -> None:
    """A value without a label (or the reverse) is a caller's bug: say so instead of dropping."""
    if len(values) != len(labels):
        raise ValueError(f"{len(values)} values for {len(labels)} labels")


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _clamp(value: float | None, maximum: float) -> float:
    """Keep a bar inside its track; None or NaN (no value) draws as empty."""
    return 0.0 if value is None or math.isnan(value) else min(max(value, 0.0), maximum)


def _shorten(label: str, limit: int = LABEL_CHARS) -> str:
    """A long label cut with an ellipsis; the full one stays in the <title>."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _fit(label: str, room: float, limit: int | None = None) -> str:
    """The label, cut with an ellipsis (at most `limit` characters) until its estimated width
    fits in `room`; the full one stays in the <title>."""
    label = NOT_XML.sub("", label)
    shown = _shorten(label, limit) if limit else label
    while len(shown) > 1 and text_width(shown) > room:
        shown = shown[:-2] + "…" if shown.endswith("…") else shown[:-1] + "…"
    return shown


def _text(value: str) -> str:
    """User text made safe for XML content and attributes."""
    return html.escape(NOT_XML.sub("", value), quote=True)


def _n(number: float) -> str:
    """A coordinate written short: 12, 12.5, never 12.000000001."""
    return f"{number:.2f}".rstrip("0").rstrip(".")
