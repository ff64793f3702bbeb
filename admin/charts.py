"""Small server-side SVG charts (no JavaScript, no network): line and (stacked) bar charts."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 24, 36
COLOURS = ("#1f6fb2", "#9bc4e2", "#e07b39")


def _frame(title: str, body: list[str], legend: Sequence[tuple[str, str]] = ()) -> Markup:
    items = "".join(
        f'<rect x="{LEFT + i * 190}" y="4" width="10" height="10" fill="{colour}"/>'
        f'<text x="{LEFT + i * 190 + 14}" y="13" font-size="11">{escape(label)}</text>'
        for i, (label, colour) in enumerate(legend)
    )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="ev-chart" '
        f'style="width:100%;max-width:{WIDTH}px;height:auto;font-family:sans-serif">'
        f"<title>{escape(title)}</title>{items}{''.join(body)}</svg>"
    )


def _scale(maximum: int) -> tuple[int, list[int]]:
    """A round top value and 4 gridline values."""
    top = max(maximum, 1)
    step = max(1, -(-top // 4))
    return step * 4, [step * i for i in range(5)]


def _axes(top: int, ticks: list[int]) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for tick in ticks:
        y = TOP + plot_h - plot_h * tick / top
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}</text>'
        )
    return parts


def _x_labels(labels: Sequence[str], xs: Sequence[float], every: int) -> list[str]:
    return [
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" '
        f'text-anchor="middle">{escape(label)}</text>'
        for i, (label, x) in enumerate(zip(labels, xs, strict=True))
        if i % every == 0 or i == len(labels) - 1
    ]


def line_chart(
    title: str,
    points: Sequence[tuple[str, int]],
    *,
    reference: int | None = None,
    reference_label: str = "",
    series_label: str = "",
    every: int = 4,
) -> Markup:
    """A line over labelled points, with an optional dashed reference line (e.g. capacity)."""
    values = [v for _, v in points]
    top, ticks = _scale(max([*values, reference or 0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)
    xs = [LEFT + i * step for i in range(len(points))]
    ys = [TOP + plot_h - plot_h * v / top for v in values]
    body = _axes(top, ticks)
    if reference:
        y = TOP + plot_h - plot_h * reference / top
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{COLOURS[2]}" stroke-dasharray="6 4" stroke-width="1.5"/>'
        )
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    body.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[0]}" stroke-width="2"/>')
    body.extend(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{COLOURS[0]}">'
        f"<title>{escape(label)} : {value}</title></circle>"
        for (label, value), x, y in zip(points, xs, ys, strict=True)
    )
    body.extend(_x_labels([label for label, _ in points], xs, every))
    legend = [(series_label, COLOURS[0])] if series_label else []
    if reference:
        legend.append((reference_label, COLOURS[2]))
    return _frame(title, body, legend)


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, Sequence[int]]],
    *,
    series: Sequence[str] = (),
    every: int = 1,
) -> Markup:
    """Bars (stacked when each bar has several values, one per series)."""
    totals = [sum(values) for _, values in bars]
    top, ticks = _scale(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(bars), 1)
    width = slot * 0.7
    body = _axes(top, ticks)
    xs = []
    for i, (label, values) in enumerate(bars):
        x = LEFT + i * slot + (slot - width) / 2
        xs.append(x + width / 2)
        base = TOP + plot_h
        for j, value in enumerate(values):
            h = plot_h * value / top
            base -= h
            name = f"{series[j]} : " if j < len(series) else ""
            body.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{width:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"><title>{escape(label)} — '
                f"{escape(name)}{value}</title></rect>"
            )
        if totals[i] and len(bars) <= 12:
            body.append(
                f'<text x="{x + width / 2:.1f}" y="{base - 3:.1f}" font-size="10" '
                f'text-anchor="middle">{totals[i]}</text>'
            )
    body.extend(_x_labels([label for label, _ in bars], xs, every))
    legend = [(name, COLOURS[j % len(COLOURS)]) for j, name in enumerate(series)]
    return _frame(title, body, legend)
