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
VALUE_WIDTH = 190


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, the text shown after it."""

    label: str
    value: float
    text: str
    interval: tuple[float, float] | None = None  # drawn as a whisker over the bar
    grey: bool = False  # a group too small to read much into


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
        fill = "#c4c7cc" if bar.grey else "#b3261e"
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{fill}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
        )
        if bar.interval is not None and scale > 0:
            low, high = (
                round(LABEL_WIDTH + BAR_WIDTH * min(v, scale) / scale, 1) for v in bar.interval
            )
            mid = y + BAR_HEIGHT / 2
            parts.append(
                f'<path d="M{low} {mid}H{high}M{low} {y + 5}V{y + BAR_HEIGHT - 5}'
                f'M{high} {y + 5}V{y + BAR_HEIGHT - 5}" stroke="#222" stroke-width="1.5" '
                f'fill="none" class="interval"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{middle}" font-size="13" '
            f'fill="#222">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


PLOT = 300  # side of the reliability plot, px
MARGIN = 44


@dataclass(frozen=True)
class Point:
    """One reliability bin: mean forecast (x, 0..1), observed share (y, 0..1), shows in it."""

    predicted: float
    observed: float
    n: int


def reliability_chart(title: str, points: Sequence[Point], *, judged: int = 30) -> Markup:
    """Return an SVG reliability diagram: forecast (x) vs observed share (y), the diagonal ideal.

    Bins holding at least `judged` shows are filled, smaller ones hollow.
    """
    size = PLOT + 2 * MARGIN

    def x(v: float) -> float:
        return round(MARGIN + v * PLOT, 1)

    def y(v: float) -> float:
        return round(MARGIN + (1 - v) * PLOT, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{size}" height="{size}" viewBox="0 0 {size} {size}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{MARGIN}" y="{MARGIN}" width="{PLOT}" height="{PLOT}" fill="#f6f7f9" '
        f'stroke="#ccc"/>',
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#999" '
        f'stroke-dasharray="4 4"/>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<text x="{x(tick)}" y="{MARGIN + PLOT + 16}" text-anchor="middle" font-size="11" '
            f'fill="#444">{tick:.0%}</text>'
        )
        parts.append(
            f'<text x="{MARGIN - 6}" y="{y(tick) + 4}" text-anchor="end" font-size="11" '
            f'fill="#444">{tick:.0%}</text>'
        )
    parts.append(
        f'<text x="{MARGIN + PLOT / 2}" y="{size - 6}" text-anchor="middle" font-size="12" '
        f'fill="#222">forecast P(renewed)</text>'
    )
    parts.append(
        f'<text x="12" y="{MARGIN + PLOT / 2}" text-anchor="middle" font-size="12" fill="#222" '
        f'transform="rotate(-90 12 {MARGIN + PLOT / 2})">share renewed</text>'
    )
    for p in points:
        if p.n == 0:
            continue
        radius = round(min(3 + p.n**0.5 / 2, 14), 1)
        fill = "#b3261e" if p.n >= judged else "none"
        parts.append(
            f'<circle cx="{x(p.predicted)}" cy="{y(p.observed)}" r="{radius}" fill="{fill}" '
            f'fill-opacity="0.7" stroke="#b3261e"><title>forecast {p.predicted:.0%}, '
            f"renewed {p.observed:.0%}, {p.n} shows</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
