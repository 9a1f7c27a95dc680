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
                title: str, width: int = 760, height: int = 560) -> Markup:
    """The actor in the middle, its partners on a circle (rank order), lines for events between any two.

    Labels sit outside the circle, away from the centre (so the spokes do not cross them), on a white halo
    (paint-order stroke) where another line passes; the actor's own name is above its node, larger."""
    nodes = graph.get("nodes") or []
    if not nodes:
        return Markup("")
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 90
    pos: dict[str, tuple[float, float]] = {}
    angles: dict[str, float] = {}
    others = [n for n in nodes if not n.get("center")]
    for n in nodes:
        if n.get("center"):
            pos[n["id"]] = (cx, cy)
    for i, n in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(others), 1)
        angles[n["id"]] = angle
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
    for n in nodes:  # after every edge: labels on their halo over the lines
        x, y = pos[n["id"]]
        r = 18 if n.get("center") else 7 + min(7, 2 * math.log1p(weight.get(n["id"], 1)))
        colour = TYPE_COLOURS.get(n.get("type") or "", "#777777")
        label = name(n)
        cls = "node center" if n.get("center") else f"node {n.get('relation') or 'met'}"
        if n.get("relation") == "named":
            colour = "#ffffff"
        if n.get("center"):
            tx, ty, anchor, size, weight_attr = x, y - r - 10, "middle", 19, ' font-weight="bold"'
        else:
            a = angles[n["id"]]
            cos, sin = math.cos(a), math.sin(a)
            tx, ty = x + (r + 6) * cos, y + (r + 6) * sin + 5 + (8 * sin if abs(cos) < 0.4 else 0)
            anchor = "middle" if abs(cos) < 0.4 else ("start" if cos > 0 else "end")
            size, weight_attr = 16, ""
        out.append(f'<a class="{cls}" href="{escape(href(n["id"]))}" data-actor="{escape(n["id"])}">'
                   f"<title>{escape(label)}</title>"
                   f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}" fill="{colour}"'
                   f' stroke="{TYPE_COLOURS.get(n.get("type") or "", "#777777") if colour == "#ffffff" else "#ffffff"}"'
                   ' stroke-width="2"/>'
                   f'<text x="{_fmt(tx)}" y="{_fmt(ty)}" text-anchor="{anchor}" font-size="{size}"{weight_attr}'
                   f' fill="#1d2730" stroke="#ffffff" stroke-width="{8 if n.get("center") else 4}" paint-order="stroke"'
                   ' stroke-linejoin="round">'
                   f"{escape(label)}</text></a>")
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


def _month_ticks(lo: date, hi: date, most: int = 12) -> list[date]:
    """Ticks on the first of months between lo and hi (every 2nd, 3rd, 6th or 12th month when there are
    many); within a short range (under two months) on the 1st, 8th, 15th and 22nd."""
    if (hi - lo).days <= 62:
        days = [date(y, m, d) for y in range(lo.year, hi.year + 1) for m in range(1, 13) for d in (1, 8, 15, 22)]
        return [d for d in days if lo <= d <= hi]
    months = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        if date(y, m, 1) >= lo:
            months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    for step in (1, 2, 3, 6, 12, 24, 60):
        picked = [d for d in months if (d.year * 12 + d.month - 1) % step == 0]
        if len(picked) <= most:
            return picked
    return months[:: max(1, len(months) // most)]


def _clip_range(days: list[date]) -> tuple[date, date]:
    """The range to draw: all the dates, unless a few (at most a sixth) lie further from the bulk than the
    bulk is wide (at least a month); those are clipped to the edge and named in a note. The bulk is the
    shortest span holding 80 % of the dates (robust to a cluster of strays, unlike percentiles)."""
    days = sorted(days)
    lo, hi = days[0], days[-1]
    if len(days) < 5:
        return lo, hi
    k = max(1, math.ceil(len(days) * 0.8))
    i = min(range(len(days) - k + 1), key=lambda j: (days[j + k - 1] - days[j]).days)
    b_lo, b_hi = days[i], days[i + k - 1]
    reach = max((b_hi - b_lo).days, 30)
    lo2 = min(d for d in days if (b_lo - d).days <= reach)
    hi2 = max(d for d in days if (d - b_hi).days <= reach)
    if sum(1 for d in days if d < lo2 or d > hi2) * 6 > len(days):
        return lo, hi
    return lo2, hi2


MAX_STACK = 6  # dots stacked on one day of one row; more are counted (+N) not drawn on top of each other


def timeline_svg(events: list[dict[str, Any]], *, label: Callable[[str, str], str],
                 describe: Callable[[dict[str, Any]], str], href: Callable[[dict[str, Any]], str],
                 title: str, rtl: bool = True, width: int = 1000) -> Markup:
    """One row per event type, one dot per event at its date (the article's date when it has none);
    filled when it happened, hollow when planned; the colour says the status. Time runs right to left on
    Arabic pages. The SVG scales to its card (CSS width 100%). Ticks fall on months. Dots of one day
    stack up to MAX_STACK (the row grows for them), then a "+N". Dates far outside the bulk are drawn at
    the edge and named in a note under the axis, so one stray year does not squash the rest."""
    dated = [(d, ev) for ev in events if (d := _to_day(ev.get("date") or ev.get("published")))]
    if not dated:
        return Markup("")
    types = sorted({ev["type"] for _d, ev in dated})
    top, left, right = 24, 130, 30
    lo, hi = _clip_range([d for d, _ in dated])
    outside = sorted(d for d, _ in dated if d < lo or d > hi)
    span = max((hi - lo).days, 1)
    plot_w = width - left - right

    def x_of(d: date) -> float:
        d = min(max(d, lo), hi)
        frac = (d - lo).days / span if hi != lo else 0.5
        x = left + frac * plot_w
        return width - x if rtl else x

    # Stack per (row, pixel column): the row is as tall as its tallest stack.
    stacks: dict[tuple[str, int], list[tuple[date, dict[str, Any]]]] = {}
    for d, ev in sorted(dated, key=lambda p: (p[0], p[1]["id"])):
        stacks.setdefault((ev["type"], round(x_of(d) / 10)), []).append((d, ev))
    tallest = {t: max(min(len(v), MAX_STACK) for (tt, _), v in stacks.items() if tt == t) for t in types}
    row_h = {t: max(34, 14 * tallest[t] + 10) for t in types}
    row_top: dict[str, float] = {}
    y = top
    for t in types:
        row_top[t] = y
        y += row_h[t]
    axis_y = y + 8
    height = axis_y + 26 + (20 if outside else 0)
    label_x = width - 8 if rtl else 8
    anchor = "end" if rtl else "start"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" direction="ltr" viewBox="0 0 {width} {height}"'
           f' width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    for d in _month_ticks(lo, hi) if span > 1 else [lo]:
        x = x_of(d)
        out.append(f'<line class="tick" x1="{_fmt(x)}" y1="{top - 6}" x2="{_fmt(x)}" y2="{_fmt(axis_y)}" stroke="#eef1f4"/>'
                   f'<text x="{_fmt(x)}" y="{_fmt(axis_y + 16)}" text-anchor="middle" font-size="12" fill="#4b5863">'
                   f"{d.isoformat()[:7] if d.day == 1 and span > 62 else d.isoformat()}</text>")
    for t in types:
        mid = row_top[t] + row_h[t] / 2
        out.append(f'<text x="{label_x}" y="{_fmt(mid + 4)}" text-anchor="{anchor}" font-size="13" fill="#1d2730">'
                   f"{escape(label('event_type', t))}</text>")
        x1, x2 = sorted((x_of(lo), x_of(hi)))
        out.append(f'<line x1="{_fmt(x1 - 6)}" y1="{_fmt(mid)}" x2="{_fmt(x2 + 6)}" y2="{_fmt(mid)}" stroke="#dde3e8"/>')
    for (t, _col), members in stacks.items():
        mid = row_top[t] + row_h[t] / 2
        shown = members[:MAX_STACK]
        for k, (d, ev) in enumerate(shown):
            x = x_of(d)
            y = mid + (k - (len(shown) - 1) / 2) * 14
            status = ev.get("status") or "happened"
            colour = STATUS_COLOURS.get(status, "#555555")
            fill = colour if status in ("happened", "ongoing") else "#ffffff"
            cls = "dot status-" + str(escape(status)) + (" outside" if d < lo or d > hi else "")
            out.append(f'<a class="{cls}" href="{escape(href(ev))}" data-event="{escape(ev["id"])}">'
                       f'<title>{escape(describe(ev))}</title>'
                       f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>'
                       "</a>")
        if len(members) > MAX_STACK:
            x = x_of(shown[0][0])
            out.append(f'<text class="more" x="{_fmt(x + (-10 if rtl else 10))}" y="{_fmt(mid - (len(shown) - 1) * 7 - 4)}"'
                       f' text-anchor="{"end" if rtl else "start"}" font-size="11" fill="#4b5863">'
                       f"+{len(members) - MAX_STACK}</text>")
    if outside:
        shown_dates = ", ".join(sorted({d.isoformat() for d in outside})[:4]) + ("…" if len(set(outside)) > 4 else "")
        out.append(f'<text class="clipped-note" x="{label_x}" y="{_fmt(axis_y + 36)}" text-anchor="{anchor}"'
                   f' font-size="12" fill="#a23b3b">⟷ {len(outside)}: {escape(shown_dates)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


SERIES_COLOURS = ("#1f6f5c", "#c07a12", "#2f6db3")


def thin_volume(rows: list[dict[str, Any]]) -> int:
    """Below this many archive articles a bucket's share is noise (1 of 2 articles is 500 per 1,000): a
    tenth of the median bucket (so in a tiny archive every bucket counts)."""
    volumes = sorted(r["archive"] for r in rows if r["archive"])
    return max(1, volumes[len(volumes) // 2] // 10) if volumes else 1


def coverage_svg(result: dict[str, Any], *, title: str, unit: str, rtl: bool = True, width: int = 1000,
                 height: int = 320) -> Markup:
    """Lines of matching articles per 1,000 of the archive's, one per query, over the buckets (time runs
    right to left on Arabic pages); a dot per bucket carries its numbers as a tooltip. Buckets where the
    archive holds too few articles for a share to mean anything (thin_volume) are hollow dots off the
    line, and do not set the scale."""
    rows, queries = result.get("rows") or [], result.get("queries") or []
    if not rows or not queries:
        return Markup("")
    left, right, top, bottom = 60, 60, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    thin = thin_volume(rows)
    solid = [r for r in rows if r["archive"] >= thin] or rows
    peak = max([r.get(f"q{i + 1}_share", 0) for r in solid for i in range(len(queries))] + [1])
    step = 10 ** math.floor(math.log10(peak)) if peak > 0 else 1
    while peak / step > 5:
        step *= 2
    y_max = step * math.ceil(peak / step)

    def x_of(i: int) -> float:
        frac = i / (len(rows) - 1) if len(rows) > 1 else 0.5
        x = left + frac * plot_w
        return width - x if rtl else x

    def y_of(v: float) -> float:
        return top + plot_h - (min(v, y_max) / y_max) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart coverage" direction="ltr" viewBox="0 0 {width} {height}"'
           f' width="{width}" height="{height}" role="img" aria-label="{escape(title)}">', f"<title>{escape(title)}</title>"]
    x_lo, x_hi = (right, width - left) if rtl else (left, width - right)
    tick = 0.0
    while tick <= y_max + 1e-9:
        y = y_of(tick)
        out.append(f'<line x1="{x_lo}" y1="{_fmt(y)}" x2="{x_hi}" y2="{_fmt(y)}" stroke="#eef1f4"/>'
                   f'<text x="{x_hi + 14 if rtl else x_lo - 14}" y="{_fmt(y + 4)}"'
                   f' text-anchor="{"start" if rtl else "end"}" font-size="12" fill="#4b5863">{tick:g}</text>')
        tick += step
    every = max(1, math.ceil(len(rows) / 10))
    for i, r in enumerate(rows):
        if i % every == 0:
            out.append(f'<text x="{_fmt(x_of(i))}" y="{height - bottom + 18}" text-anchor="middle" font-size="12"'
                       f' fill="#4b5863">{escape(r["bucket"])}</text>')
    for qi, q in enumerate(queries):
        colour = SERIES_COLOURS[qi % len(SERIES_COLOURS)]
        key = f"q{qi + 1}"
        runs: list[list[str]] = [[]]
        for i, r in enumerate(rows):
            if r["archive"] >= thin:
                runs[-1].append(f"{_fmt(x_of(i))},{_fmt(y_of(r.get(key + '_share', 0)))}")
            elif runs[-1]:
                runs.append([])
        for run in runs:
            if len(run) > 1:
                out.append(f'<polyline class="series" data-query="{escape(q["q"])}" points="{" ".join(run)}"'
                           f' fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for i, r in enumerate(rows):
            solid_point = r["archive"] >= thin
            out.append(f'<circle class="point{"" if solid_point else " thin"}" cx="{_fmt(x_of(i))}"'
                       f' cy="{_fmt(y_of(r.get(key + "_share", 0)))}" r="3.5"'
                       f' fill="{colour if solid_point else "#ffffff"}" stroke="{colour}" stroke-width="1.5">'
                       f'<title>{escape(q["q"])} — {escape(r["bucket"])}: {r.get(key, 0)}'
                       f' / {r["archive"]} ({r.get(key + "_share", 0):g} {escape(unit)})</title></circle>')
    out.append("</svg>")
    return Markup("".join(out))
