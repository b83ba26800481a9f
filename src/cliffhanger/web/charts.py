"""Charts as inline SVG, drawn on the server: no script, no CDN, works offline.

Every label is escaped; colours are presentation attributes (the page's
Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 170
BAR_WIDTH = 360
VALUE_WIDTH = 110


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, the text shown after it."""

    label: str
    value: float
    text: str


def bar_chart(title: str, bars: Sequence[Bar], *, maximum: float | None = None) -> Markup:
    """Return an SVG horizontal bar chart of `bars`, safe to put in a page as is."""
    top = max((b.value for b in bars), default=0.0)
    scale = maximum if maximum else (top or 1.0)
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{max(height, BAR_HEIGHT)}" '
        f'viewBox="0 0 {width} {max(height, BAR_HEIGHT)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = 0 if scale <= 0 else round(BAR_WIDTH * min(bar.value, scale) / scale, 1)
        middle = y + BAR_HEIGHT * 0.7
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'font-size="13" fill="#222">{escape(_short(bar.label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'fill="#eef0f3"/>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="#b3261e"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{middle}" font-size="13" '
            f'fill="#222">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
