"""Cleaning a text dump: every line of a saved page goes to exactly one place.

A scraper's text dump is the page top to bottom: navigation, the title, a section, buttons, the body
with captions and related headlines set inside it, a source line, then footer and cookie banner.
`clean_page` decides for each non-blank line where it belongs (title, section, paragraph, sub-heading,
caption, credit, or removed with a reason) in three passes:

1. line rules (data: common.yaml + the outlet's file): furniture phrases, credit lines, timestamps;
2. a reading pass in page order: the first headline-like line is the title, a block opened by
   "اقرأ أيضا" swallows the headlines after it, prose lines are paragraphs;
3. zones: what is left (short lines without final punctuation) is the section before the body,
   a sub-heading inside it, and footer furniture after it.

Paragraph text is the input line stripped of surrounding whitespace, letters kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from ..model import Line
from ..text.normalize import INVISIBLE, NormalizedText, norm, normalize
from .furniture_dates import FurnitureDate, find_dates, is_timestamp_line, pick_published
from .rules import FurnitureRule, Gate, Rules, gate, get_rules, may_match

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s\"'«»<>()]+", re.IGNORECASE)
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_GAP_RE = re.compile(r"\s\s+")  # \s{2,}, written so that sre scans for its first character in C


@dataclass
class CleanedPage:
    """Where each line of a page went. `section` and `credit` carry the extracted value in `text`."""

    title: Line | None = None
    section: Line | None = None
    url: str | None = None
    credit: Line | None = None
    outlet: str | None = None
    paragraphs: list[Line] = field(default_factory=list)
    subheadings: list[Line] = field(default_factory=list)
    captions: list[Line] = field(default_factory=list)
    removed: list[Line] = field(default_factory=list)
    published: tuple[str, str] | None = None  # (ISO date, the furniture line it was read from)
    credit_in_body: bool = False  # the credit was read from the head of the first paragraph


    def placement(self) -> dict[int, list[str]]:
        """Line number -> the places it was put (for the one-place-per-line invariant)."""
        out: dict[int, list[str]] = {}
        singles = (("title", self.title), ("section", self.section), ("credit", self.credit))
        for name, item in singles:
            if item is not None and not (name == "credit" and self.credit_in_body):
                out.setdefault(item.line, []).append(name)
        for name, items in (("paragraphs", self.paragraphs), ("subheadings", self.subheadings),
                            ("captions", self.captions), ("removed", self.removed)):
            for item in items:
                out.setdefault(item.line, []).append(name)
        return out


@dataclass
class _Line:
    n: int  # 1-based line number in the input
    text: str  # stripped, as written
    key: str  # normalised, spaces collapsed: what rules match
    words: int
    prose: bool
    place: str | None = None  # title | section | paragraph | subheading | caption | credit | removed | pending
    reason: str | None = None
    url: str | None = None
    value: str | None = None  # section name, credit, caption credit
    caption_text: str | None = None
    dates: list[FurnitureDate] = field(default_factory=list)
    joins_block: bool = False  # removed by a rule whose lines take the reason of an open block
    # The first common furniture rule that matches, once searched (outlet detection and the line rules both
    # need it; the outlet's rules come after the common ones).
    common_hit: tuple[FurnitureRule, re.Match[str]] | None | bool = False  # False: not searched yet

    @cached_property
    def view(self) -> NormalizedText:
        """`key` with a map back to `text`, built only when a match must be cut out of the line."""
        return view(self.text)


def strip_line(line: str) -> str:
    """Surrounding whitespace and invisible marks off, nothing else."""
    start, end = 0, len(line)
    while start < end and (line[start].isspace() or line[start] in INVISIBLE):
        start += 1
    while end > start and (line[end - 1].isspace() or line[end - 1] in INVISIBLE):
        end -= 1
    return line[start:end]


def view(text: str) -> NormalizedText:
    """The normalised form of `text` with runs of spaces collapsed, mapped back to `text`."""
    nt = normalize(text)
    chars: list[str] = []
    index: list[int] = []
    for ch, i in zip(nt.text, nt.to_original, strict=True):
        if ch.isspace():
            if not chars or chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        index.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    return NormalizedText(text, "".join(chars), tuple(index))


def group_text(line: _Line, m: re.Match[str], group: str) -> str | None:
    """The original text of a named group of a match on the line's normalised view."""
    if group not in m.re.groupindex or m.group(group) is None:
        return None
    start, end = m.span(group)
    return strip_line(line.view.original_text(start, end)) or None


def is_prose(text: str, words: int, rules: Rules) -> bool:
    core = text.rstrip(rules.closing_marks + " ")
    return bool(core) and (core[-1] in rules.final_punctuation or words >= rules.prose_min_words)


def _read_lines(raw: str, rules: Rules) -> list[_Line]:
    out: list[_Line] = []
    for n, line in enumerate(_NEWLINE_RE.split(raw), 1):
        text = strip_line(line)
        if not text:
            continue
        words = len(text.split())
        out.append(_Line(n, text, " ".join(norm(text).split()), words, is_prose(text, words, rules)))
    return out


# ---------------------------------------------------------------- outlet


def _host(url: str) -> str:
    url = url if "://" in url else "http://" + url
    return (urlsplit(url).hostname or "").lower()


def detect_outlet(lines: list[_Line], rules: Rules) -> str | None:
    """The outlet, from the host of a link in the furniture, else from house-style cues (names,
    copyright lines) on lines that are not body prose. None when nothing is conclusive."""
    for line in lines:
        if line.prose and line.words >= rules.prose_min_words:
            continue  # a link quoted in a long paragraph says nothing about the page
        for m in _URL_RE.finditer(line.text):
            host = _host(m.group(0))
            for outlet in rules.outlets.values():
                if any(host == h or host.endswith("." + h) for h in outlet.hosts):
                    return outlet.id
    scores: dict[str, int] = {}
    cue_gate = rules.derived.get("cue_gate")
    if cue_gate is None:
        cue_gate = rules.derived["cue_gate"] = gate([c for outlet in rules.outlets.values() for c in outlet.cues])
    for line in lines:
        # The cues first: few lines have one, and only those need the (costlier) furniture rules.
        key = line.key
        if not cue_gate.open(key):
            continue  # no cue can match
        cued = [outlet.id for outlet in rules.outlets.values()
                if any(may_match(c, key) and c.search(key) for c in outlet.cues)]
        if not cued or (line.words > rules.max_furniture_words and not _common_furniture_match(line, rules)):
            continue
        for oid in cued:
            scores[oid] = scores.get(oid, 0) + 1
    if not scores:
        return None
    best = max(scores.values())
    winners = [o for o, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


# ---------------------------------------------------------------- line rules


def _furniture_match(line: _Line, rules_list: list[FurnitureRule]) -> tuple[FurnitureRule, re.Match[str]] | None:
    key = line.key
    if not gate([rule.pattern for rule in rules_list]).open(key):
        return None
    for rule in rules_list:
        m = may_match(rule.pattern, key) and rule.pattern.search(key)
        if m:
            return rule, m
    return None


def _common_furniture_match(line: _Line, rules: Rules) -> tuple[FurnitureRule, re.Match[str]] | None:
    """_furniture_match(line, rules.furniture), searched once per line."""
    if line.common_hit is False:
        line.common_hit = _furniture_match(line, rules.furniture)
    return line.common_hit  # type: ignore[return-value]


def _long_line_match(line: _Line, furniture: list[FurnitureRule],
                     long_gate: Gate | None = None) -> tuple[FurnitureRule, re.Match[str]] | None:
    """_furniture_match(line, furniture) when that matters for a line over max_furniture_words, that is when
    its rule is an any_length one (else None): the first any_length rule that matches, unless another rule
    before it matches. Most lines are long and few rules are any_length; `long_gate` (of the any_length
    rules' patterns) rules most lines out in one search."""
    if long_gate is not None and not long_gate.open(line.key):
        return None
    for i, rule in enumerate(furniture):
        if rule.any_length:
            m = may_match(rule.pattern, line.key) and rule.pattern.search(line.key)
            if m:
                if _furniture_match(line, [r for r in furniture[:i] if not r.any_length]):
                    return None  # an earlier rule, not any_length, is the first to match
                return rule, m
    return None


def _apply_furniture(line: _Line, rules: Rules, furniture: list[FurnitureRule],
                     long_gate: Gate | None = None) -> bool:
    common = len(rules.furniture)
    if line.words > rules.max_furniture_words:
        hit = _long_line_match(line, furniture, long_gate)
    elif furniture[:common] == rules.furniture:  # furniture_for: the common rules, then the outlet's
        hit = _common_furniture_match(line, rules) or _furniture_match(line, furniture[common:])
    else:
        hit = _furniture_match(line, furniture)
    if hit is None:
        return False
    rule, m = hit
    if not rule.any_length and line.words > rules.max_furniture_words:
        return False
    line.place, line.reason, line.joins_block = "removed", rule.reason, rule.joins_block
    url = group_text(line, m, "url")
    if url is None:
        found = _URL_RE.search(line.text)
        url = found.group(0) if found else None
    line.url = url
    line.value = group_text(line, m, "credit")  # a photo credit, kept for the next caption
    return True


def _credit_regexes(rules: Rules) -> list[re.Pattern[str]]:
    agencies = rules.agencies
    return rules.credit_patterns + [
        # "وكالات", "(د ب أ)", "المصدر: رويترز."
        re.compile(rf"^\(?\s*(?P<credit>{agencies})\s*\)?\s*\.?$", re.IGNORECASE),
        # a dateline alone on its line: "أنقرة/ الأناضول", "الرياض - (واس)", "لندن: «الشرق الأوسط»"
        re.compile(rf"^[^/\-–:()\d]{{2,30}}?\s*[/\-–:]\s*[(«\"]?\s*(?P<credit>{agencies})\s*[)»\"]?$",
                   re.IGNORECASE),
    ]


def _dated_dateline(line: _Line, rules: Rules) -> str | None:
    """A dateline with a date that ends with the agency: "الرياض 28 شوال 1436 هـ الموافق 13 أغسطس 2015 م واس"."""
    if not line.dates or line.prose or line.words > rules.max_furniture_words:
        return None
    m = re.search(rf"\s[(«]?(?P<credit>{rules.agencies})[)»]?$", line.key, re.IGNORECASE)
    return group_text(line, m, "credit") if m else None


def _credit_match(line: _Line, rules: Rules) -> str | None:
    if line.words > rules.max_furniture_words:
        return None
    for rx in _credit_regexes(rules):
        m = rx.search(line.key)
        if m:
            return group_text(line, m, "credit")
    return None


def _inline_credit(line: _Line, rules: Rules) -> str | None:
    """An agency in parentheses at the head of a paragraph: "الرياض (واس) - …" (the paragraph stays whole)."""
    rx = re.compile(rf"\(\s*(?P<credit>{rules.agencies})\s*\)", re.IGNORECASE)
    m = rx.search(line.key[:80])
    return group_text(line, m, "credit") if m else None


# ---------------------------------------------------------------- captions, sections


def _caption(line: _Line, headlines: set[str], rules: Rules) -> tuple[str, str | None] | None:
    """(caption text, credit) when the line is a caption."""
    for rx in rules.caption_patterns:
        m = rx.search(line.key)
        if m and group_text(line, m, "text"):
            return group_text(line, m, "text") or "", group_text(line, m, "credit")
    # a short unpunctuated line ending with a photo agency in brackets: "… خلال اللقاء (أ.ف.ب)"
    if not line.prose and line.words <= rules.subheading_max_words:
        m = re.search(rf"^(?P<text>.+?)\s*[(\[]\s*(?P<credit>{rules.photo_agencies})\s*[)\]]$", line.key, re.IGNORECASE)
        if m:
            return group_text(line, m, "text") or "", group_text(line, m, "credit")
    # a headline repeated, then a gap, then a short credit: "<title>   وزارة الخارجية الروسية"
    gaps = [m for m in _GAP_RE.finditer(line.text) if len(m.group(0)) >= rules.caption_min_gap]
    for gap in reversed(gaps):
        head, tail = strip_line(line.text[: gap.start()]), strip_line(line.text[gap.end() :])
        if not head or not tail or len(tail.split()) > rules.caption_max_credit_words:
            continue
        if view(head).text in headlines or (not line.prose and _is_photo_credit(tail, rules)):
            return head, tail
    # the same with a single space: the headline is known, so the rest is the credit
    for headline in headlines:
        if line.key.startswith(headline + " "):
            rest_start = line.view.to_original[len(headline) + 1]
            tail = strip_line(line.text[rest_start:])
            if tail and len(tail.split()) <= rules.caption_max_credit_words:
                end = line.view.to_original[len(headline) - 1] + 1
                return strip_line(line.text[:end]), tail
    return None


def _is_photo_credit(text: str, rules: Rules) -> bool:
    rx = re.compile(rf"^\(?\s*(?:(?:الصوره|صوره|تصوير)\s*[:：]?\s*)?(?:{rules.photo_agencies})\b.*$", re.IGNORECASE)
    return bool(rx.match(view(text).text))


def _breadcrumb(line: _Line, title_key: str | None, rules: Rules) -> str | None:
    """The section named by a breadcrumb line ("الرئيسية > أخبار > سياسة" -> "سياسة")."""
    if line.prose or line.words > 14:
        return None
    seps = "|".join(re.escape(s) for s in rules.breadcrumb_separators)
    crumbs = [strip_line(c) for c in re.split(rf"\s*(?:{seps})\s*", line.text)]
    crumbs = [c for c in crumbs if c]
    if len(crumbs) < 2 or any(len(c.split()) > 4 for c in crumbs):
        return None
    keys = [view(c).text for c in crumbs]
    if keys[0] not in rules.home_crumbs and not any(k in rules.section_names for k in keys):
        return None
    for crumb, key in reversed(list(zip(crumbs, keys, strict=True))):
        if key != title_key and key not in rules.home_crumbs:
            return crumb
    return crumbs[-1]


def _title_like(line: _Line, rules: Rules) -> bool:
    if line.words > rules.title_max_words:
        return False
    ends_with_period = line.text.rstrip(rules.closing_marks)[-1:] == "."
    return not (ends_with_period and line.words > rules.title_max_words_period)


# ---------------------------------------------------------------- the passes


def clean_page(raw: str, rules: Rules | None = None) -> CleanedPage:
    """Put every non-blank line of a text dump in one place (see the module docstring)."""
    rules = rules or get_rules()
    lines = _read_lines(raw, rules)
    page = CleanedPage(outlet=detect_outlet(lines, rules))
    furniture, long_gate = _furniture_of(rules, page.outlet)

    # 1. line rules
    for line in lines:
        line.dates = find_dates(line.key, rules)
        if not _apply_furniture(line, rules, furniture, long_gate) and is_timestamp_line(line.key, line.dates, rules):
            line.place, line.reason = "removed", "timestamp"

    # 2. reading pass
    title: _Line | None = None
    title_closed = False  # once body text starts, no later line is the title
    block: tuple[str, int] | None = None  # (reason, lines left)
    seen_paragraph = False
    pre_title: list[_Line] = []
    for line in lines:
        if line.place == "removed":
            if line.joins_block and block is not None:
                line.reason = block[0]
            elif line.reason in rules.block_reasons:
                block = (line.reason or "", rules.max_block_lines)
            else:
                block = None
            continue
        title_key = title.key if title else None
        if not seen_paragraph and (crumb := _breadcrumb(line, title_key, rules)):
            _set_section(page, line, crumb, reason="breadcrumb")
            continue
        if not title_closed:
            if not line.prose and line.words < rules.title_min_words:
                pre_title.append(line)  # a menu item or the section above the title: decided below
                continue
            title_closed = True
            if line.prose and len(pre_title) == 1 and pre_title[0].key not in rules.section_names:
                # one short line, then straight into prose: a short title ("استشارات"), not a menu
                title, pre_title[0].place = pre_title[0], "title"
                pre_title.clear()
            _place_pre_title(page, pre_title, rules)
            if title is None and _title_like(line, rules):
                title = line
                line.place = "title"
                continue
        if not seen_paragraph and line.key in rules.section_names and page.section is None:
            _set_section(page, line, line.text)
            continue
        if title is not None and line.key == title.key:
            line.place, line.reason = "removed", "duplicate-title"
            continue
        credit = _credit_match(line, rules) or _dated_dateline(line, rules)
        if credit:
            line.place, line.value = "credit", credit
            continue
        if block is not None and not line.prose and line.words <= rules.subheading_max_words and block[1] > 0:
            line.place, line.reason = "removed", block[0]
            block = (block[0], block[1] - 1)
            continue
        block = None
        if line.prose:
            line.place = "paragraph"
            seen_paragraph = True
        else:
            line.place = "pending"

    if not title_closed:
        _place_pre_title(page, pre_title, rules)

    # captions: a headline (the title or any short unpunctuated line) repeated with a credit
    headlines = {ln.key for ln in lines if ln.place in ("title", "pending")}
    for line in lines:
        if line.place in ("paragraph", "pending"):
            cap = _caption(line, headlines - {line.key}, rules)
            if cap:
                line.place, line.reason = "caption", None
                line.caption_text, line.value = cap

    if title is not None and title.prose and not any(ln.place == "paragraph" for ln in lines):
        title.place, title = "paragraph", None  # a one-sentence input is text, not a headline

    # 3. zones
    para_idx = [i for i, ln in enumerate(lines) if ln.place == "paragraph"]
    first, last = (para_idx[0], para_idx[-1]) if para_idx else (len(lines), -1)
    for i, line in enumerate(lines):
        if line.place != "pending":
            continue
        if i < first:
            if page.section is None and line.words <= rules.section_max_words:
                _set_section(page, line, line.text)
            else:
                line.place, line.reason = "removed", "header-furniture"
        elif i > last:
            line.place, line.reason = "removed", "trailing-furniture"
        elif rules.subheading_min_words <= line.words <= rules.subheading_max_words:
            line.place = "subheading"
        else:
            line.place, line.reason = "removed", "fragment"

    _fill(page, lines, title, rules)
    return page


def _furniture_of(rules: Rules, outlet: str | None) -> tuple[list[FurnitureRule], Gate]:
    """rules.furniture_for(outlet) and the gate of its any_length rules, made once per outlet."""
    key = ("furniture", outlet)
    hit = rules.derived.get(key)
    if hit is None:
        furniture = rules.furniture_for(outlet)
        hit = rules.derived[key] = (furniture, gate([r.pattern for r in furniture if r.any_length]))
    return hit


def _place_pre_title(page: CleanedPage, pre_title: list[_Line], rules: Rules) -> None:
    """Short lines above the title: one known section name is the section (a kicker); several short
    lines are the site's menu."""
    if len(pre_title) == 1 and pre_title[0].key in rules.section_names and page.section is None:
        _set_section(page, pre_title[0], pre_title[0].text)
        return
    for line in pre_title:
        line.place, line.reason = "removed", "navigation"


def _set_section(page: CleanedPage, line: _Line, value: str, reason: str = "section") -> None:
    if page.section is None:
        line.place, line.value = "section", value
        page.section = Line(value, line.n)
    else:
        line.place, line.reason = "removed", "navigation" if reason == "breadcrumb" else "section-repeat"


def _fill(page: CleanedPage, lines: list[_Line], title: _Line | None, rules: Rules) -> None:
    photo_credit: tuple[int, str] | None = None  # a "الصورة: …" line waiting for its caption
    published: list[tuple[FurnitureDate, str]] = []
    for i, line in enumerate(lines):
        place = line.place
        if place == "title":
            page.title = Line(line.text, line.n)
        elif place == "section":
            pass  # set when placed (the first one wins)
        elif place == "paragraph":
            page.paragraphs.append(Line(line.text, line.n))
        elif place == "subheading":
            page.subheadings.append(Line(line.text, line.n))
        elif place == "caption":
            credit = line.value
            if credit is None and photo_credit and i - photo_credit[0] <= 2:
                credit = photo_credit[1]
            page.captions.append(Line(line.caption_text or line.text, line.n, credit=credit))
        elif place == "credit":
            published += [(d, line.text) for d in line.dates]
            if page.credit is None:
                page.credit = Line(line.value or line.text, line.n)
            else:
                page.removed.append(Line(line.text, line.n, reason="extra-credit"))
        elif place == "removed":
            page.removed.append(Line(line.text, line.n, reason=line.reason, url=line.url))
            if line.reason == "photo-credit" and line.value:
                photo_credit = (i, line.value)
            published += [(d, line.text) for d in line.dates]
    if page.credit is None and page.paragraphs:
        first = next(ln for ln in lines if ln.place == "paragraph")
        inline = _inline_credit(first, rules)
        if inline:
            page.credit = Line(inline, first.n)  # the paragraph keeps its text; the line stays in the body
            page.credit_in_body = True
    urls = [r.url for r in page.removed if r.url and r.reason == "copy-link"]
    urls += [r.url for r in page.removed if r.url]
    page.url = urls[0] if urls else None
    page.published = pick_published(published)
