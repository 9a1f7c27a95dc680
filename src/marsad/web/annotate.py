"""The article body as HTML with its layers highlighted, rendered from the stored record's spans.

Every piece of text goes through markupsafe.escape (body text and attribute values alike), so an
article containing markup shows it as text. Spans may nest (an entity inside a quote) or cross (a
quote ending inside a date); crossing spans are closed and reopened, so the HTML is always well nested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

# Outer layers first: a paragraph holds quotes, a quote holds entities, dates and triggers.
_LAYER_ORDER = {"p": 0, "quote": 1, "trigger": 2, "entity": 3, "date": 4}


@dataclass
class Highlight:
    start: int
    end: int
    layer: str  # p | quote | trigger | entity | date
    classes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # title, data-* (values escaped on output)
    href: str | None = None


def _open_tag(h: Highlight, continued: bool) -> str:
    if h.layer == "p":
        return "<p>"
    tag = "a" if h.href else "span"
    classes = " ".join(["hl", f"hl-{h.layer}", *h.classes, *(["cont"] if continued else [])])
    parts = [f'<{tag} class="{escape(classes)}"']
    if h.href:
        parts.append(f' href="{escape(h.href)}"')
    for name, value in h.attrs.items():
        parts.append(f' {name}="{escape(value)}"')
    return "".join(parts) + ">"


def _close_tag(h: Highlight) -> str:
    return "</p>" if h.layer == "p" else ("</a>" if h.href else "</span>")


def render(body: str, highlights: list[Highlight]) -> Markup:
    """HTML for `body` with the highlights, well nested, all text escaped."""
    valid = [h for h in highlights if 0 <= h.start < h.end <= len(body)]
    starts: dict[int, list[Highlight]] = {}
    for h in valid:
        starts.setdefault(h.start, []).append(h)
    points = sorted({0, len(body), *(h.start for h in valid), *(h.end for h in valid)})
    out: list[str] = []
    stack: list[Highlight] = []
    last = 0
    for p in points:
        if p > last:
            out.append(str(escape(body[last:p])))
            last = p
        if any(h.end == p for h in stack):
            reopen: list[Highlight] = []
            while any(h.end == p for h in stack):
                h = stack.pop()
                out.append(_close_tag(h))
                if h.end != p:
                    reopen.append(h)
            for h in reversed(reopen):
                h = _unlinked(h, stack)
                out.append(_open_tag(h, True))
                stack.append(h)
        for h in sorted(starts.get(p, []), key=lambda h: (-h.end, _LAYER_ORDER.get(h.layer, 9))):
            h = _unlinked(h, stack)  # the stack holds what was opened, so each close tag matches its open tag
            out.append(_open_tag(h, False))
            stack.append(h)
    while stack:
        out.append(_close_tag(stack.pop()))
    return Markup("".join(out))


def _unlinked(h: Highlight, stack: list[Highlight]) -> Highlight:
    """A link inside a link is invalid HTML: inside an open link, a linked span is opened without its href."""
    if h.href and any(o.href for o in stack):
        return Highlight(h.start, h.end, h.layer, h.classes, h.attrs, None)
    return h


def highlights(record: dict[str, Any], *, label: Callable[[str, str], str], actor_href: Callable[[str], str | None],
               lang: str = "ar") -> list[Highlight]:
    """Highlights for a record (Document.to_dict()): paragraphs, quotes, triggers, entity mentions, dates.

    `label(group, key)` translates UI labels (event types, statuses, entity types); `actor_href(entity_id)`
    gives the actor page of an entity (None when it has none).
    """
    out: list[Highlight] = [Highlight(p["start"], p["end"], "p") for p in record.get("paragraphs") or []]
    if not out and record.get("body"):
        out.append(Highlight(0, len(record["body"]), "p"))
    entities = {e["id"]: e for e in record.get("entities") or []}
    for ent in entities.values():
        roles = "، ".join(r["text"] for r in ent.get("roles") or [])
        english = ent.get("name_en") or ""
        tip = [f"{label('entity', ent['type'])}: {ent['name']}"]
        if english:
            tip.append(english)
        if roles:
            tip.append(roles)
        for m in ent.get("mentions") or []:
            out.append(Highlight(m["start"], m["end"], "entity", [f"ent-{ent['type'].lower()}"],
                                 {"title": " — ".join(tip), "data-entity": ent["id"], "data-name-en": english,
                                  "data-name-ar": ent["name"]},
                                 href=actor_href(ent["id"])))
    for d in record.get("dates") or []:
        value = d.get("value") or "، ".join(d.get("values") or []) or (
            " .. ".join(d["interval"]) if d.get("interval") else "?")
        tip = f"{label('ui', 'date')}: {value}" + ("" if d.get("certain", True) else f" ({label('ui', 'uncertain')})")
        out.append(Highlight(d["start"], d["end"], "date", [f"date-{d.get('kind', 'date')}"],
                             {"title": tip, "data-value": value}))
    for q in record.get("quotes") or []:
        speaker = q.get("speaker_name") or label("ui", "unknown_speaker")
        ent = entities.get(q.get("speaker") or "")
        if ent and ent.get("name_en") and lang == "en":
            speaker = ent["name_en"]
        out.append(Highlight(q["start"], q["end"], "quote", [f"quote-{q.get('kind', 'direct')}"],
                             {"title": f"{label('ui', 'speaker')}: {speaker}", "data-quote": q["id"]}))
    for ev in record.get("events") or []:
        trig = ev.get("trigger")
        if not trig:
            continue
        kind = label("event_type", ev["type"]) + (f" / {label('mode', ev['mode'])}" if ev.get("mode") else "")
        out.append(Highlight(trig["start"], trig["end"], "trigger", [f"status-{ev.get('status', 'happened')}"],
                             {"title": f"{kind} — {label('status', ev.get('status') or 'happened')}",
                              "data-event": ev["id"]}))
    return out
