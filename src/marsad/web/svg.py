"""Charts drawn on the server as SVG: a who-met-whom network and an events timeline.

Deterministic (same data, same picture: nodes on a circle in rank order, no randomness), offline (no
script, no external resource), styled with presentation attributes and CSS classes only (the page's
Content-Security-Policy forbids inline style attributes). Every label is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup, escape

STATUS_COLOURS = {"happened": "#1f6f5c", "planned": "#c07a12", "denied": "#a23b3b", "hypothetical": "#7a6fa8",
                  "ongoing": "#2f6db3"}
TYPE_COLOURS = {"PER": "#2f6db3", "ORG": "#7a4fa0", "LOC": "#2f8a4a", "MISC": "#777777"}


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def network_svg(graph: dict[str, Any], *, href: Callable[[str], str], name: Callable[[dict[str, Any]], str],
                title: str, width: int = 640, height: int = 460) -> Markup:
    """The actor in the middle, its partners on a circle (rank order), lines for events between any two."""
    nodes = graph.get("nodes") or []
    if not nodes:
        return Markup("")
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 70
    pos: dict[str, tuple[float, float]] = {}
    others = [n for n in nodes if not n.get("center")]
    for n in nodes:
        if n.get("center"):
            pos[n["id"]] = (cx, cy)
    for i, n in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(others), 1)
        pos[n["id"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    weight: dict[str, int] = {}
    for e in graph.get("edges") or []:
        for end in (e["source"], e["target"]):
            weight[end] = weight.get(end, 0) + e["events"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart network" direction="ltr" viewBox="0 0 {width} {height}"'
           f' width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    for e in graph.get("edges") or []:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        if e.get("kind") == "named":  # named in the same articles: a weaker, dashed tie
            out.append(f'<line class="edge named" x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}"'
                       ' stroke="#c3ccd3" stroke-width="1.2" stroke-dasharray="4 4"/>')
            continue
        stroke = 1.2 + 1.8 * math.log1p(e["events"])
        out.append(f'<line class="edge met" x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}"'
                   f' stroke="#5d7482" stroke-width="{_fmt(stroke)}"><title>{e["events"]}</title></line>')
    for n in nodes:
        x, y = pos[n["id"]]
        r = 16 if n.get("center") else 7 + min(7, 2 * math.log1p(weight.get(n["id"], 1)))
        colour = TYPE_COLOURS.get(n.get("type") or "", "#777777")
        label = name(n)
        cls = "node center" if n.get("center") else f"node {n.get('relation') or 'met'}"
        if n.get("relation") == "named":
            colour = "#ffffff"
        out.append(f'<a class="{cls}" href="{escape(href(n["id"]))}" data-actor="{escape(n["id"])}">'
                   f"<title>{escape(label)}</title>"
                   f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}" fill="{colour}"'
                   f' stroke="{TYPE_COLOURS.get(n.get("type") or "", "#777777") if colour == "#ffffff" else "#ffffff"}"'
                   ' stroke-width="2"/>'
                   f'<text x="{_fmt(x)}" y="{_fmt(y + r + 15)}" text-anchor="middle" font-size="13"'
                   f' fill="#1d2730">{escape(label)}</text></a>')
    out.append("</svg>")
    return Markup("".join(out))


def _to_day(value: str | None) -> date | None:
    """A point for an ISO date, month (its 15th) or year (1 July)."""
    if not value:
        return None
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10])
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 15)
        if len(value) == 4:
            return date(int(value), 7, 1)
    except ValueError:
        return None
    return None


def timeline_svg(events: list[dict[str, Any]], *, label: Callable[[str, str], str],
                 describe: Callable[[dict[str, Any]], str], href: Callable[[dict[str, Any]], str],
                 title: str, rtl: bool = True, width: int = 760) -> Markup:
    """One row per event type, one dot per event at its date (the article's date when it has none);
    filled when it happened, hollow when planned. Time runs right to left on Arabic pages."""
    dated = [(d, ev) for ev in events if (d := _to_day(ev.get("date") or ev.get("published")))]
    if not dated:
        return Markup("")
    types = sorted({ev["type"] for _d, ev in dated})
    row_h, top, left, right = 34, 24, 130, 30
    height = top + row_h * len(types) + 40
    lo, hi = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max((hi - lo).days, 1)
    plot_w = width - left - right

    def x_of(d: date) -> float:
        frac = (d - lo).days / span if hi != lo else 0.5
        x = left + frac * plot_w
        return width - x if rtl else x

    label_x = width - 8 if rtl else 8
    anchor = "end" if rtl else "start"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" direction="ltr" viewBox="0 0 {width} {height}"'
           f' width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    for i, t in enumerate(types):
        y = top + row_h * i + row_h / 2
        out.append(f'<text x="{label_x}" y="{_fmt(y + 4)}" text-anchor="{anchor}" font-size="12" fill="#1d2730">'
                   f"{escape(label('event_type', t))}</text>")
        x1, x2 = sorted((x_of(lo), x_of(hi)))
        out.append(f'<line x1="{_fmt(x1 - 6)}" y1="{_fmt(y)}" x2="{_fmt(x2 + 6)}" y2="{_fmt(y)}" stroke="#dde3e8"/>')
    axis_y = top + row_h * len(types) + 8
    ticks = sorted({lo, hi, *(date.fromordinal(lo.toordinal() + span * k // 4) for k in range(1, 4))})
    for d in ticks if span > 1 else [lo]:
        x = x_of(d)
        out.append(f'<line x1="{_fmt(x)}" y1="{top - 6}" x2="{_fmt(x)}" y2="{axis_y}" stroke="#eef1f4"/>'
                   f'<text x="{_fmt(x)}" y="{axis_y + 16}" text-anchor="middle" font-size="11" fill="#4b5863">'
                   f"{d.isoformat()}</text>")
    seen: dict[tuple[str, int], int] = {}
    for d, ev in sorted(dated, key=lambda p: (p[0], p[1]["id"])):
        row = types.index(ev["type"])
        x = x_of(d)
        bump = seen.get((ev["type"], round(x / 6)), 0)  # dots on the same day step aside, not on top
        seen[(ev["type"], round(x / 6))] = bump + 1
        y = top + row_h * row + row_h / 2 + (bump % 3 - 1) * 7 * (1 if bump else 0)
        status = ev.get("status") or "happened"
        colour = STATUS_COLOURS.get(status, "#555555")
        fill = colour if status in ("happened", "ongoing") else "#ffffff"
        out.append(f'<a class="dot status-{escape(status)}" href="{escape(href(ev))}" data-event="{escape(ev["id"])}">'
                   f'<title>{escape(describe(ev))}</title>'
                   f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>'
                   "</a>")
    out.append("</svg>")
    return Markup("".join(out))
