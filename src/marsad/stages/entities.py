"""Entities stage: people, organisations and places of the article, linked to the KB, with their roles.

1. Mentions: KB names and aliases found in the body (a gazetteer pass that catches what a model misses),
   names right after a title (rule), and the statistical recogniser's mentions (marsad.ner.recognize);
   the KB wins where they overlap.
2. Roles stated in the text ("وزير الخارجية الروسي", "رئيسة قسم الإعلام والصحافة في…", "نائبه"),
   normalised with the KB's offices and, when the person is linked, the tenure of the KB role.
3. Coreference inside the article: surnames, short forms of organisations ("الائتلاف", "الوزارة"), and
   titles alone ("الوزير الروسي" -> the Russian minister of the article), added as mentions.
4. Linking with the article's date: a role held on that date wins over a name alone; people not in the
   KB get a stable id ("x:3f2a9c") and a romanised English name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from typing import Any

from ..kb.analysis import Analysis, NameMention, _kb_surnames, _own_name_words, analyse_text, word_after_name
from ..kb.base import SURNAME, KBRole, TitleSense, stable_id
from ..kb.match import _skip_letters, clitic_stems, token_words
from ..kb.names import BLESSING_WORDS, BLESSINGS, name_key, norm_text, without_proclitic
from ..kb.personal import (
    accusative_noun,
    common_words,
    has_name,
    name_counts,
    name_word,
    person_name_en,
    plural_common_noun,
    preload,
    with_pronoun,
)
from ..kb.roles import TitleHit, best_sense
from ..model import Document, Entity, Mention, Role, Span
from ..ner import recognize
from ..ner.lexicon import data_dir as ner_data_dir
from ..ner.rules import ABBREVIATED_TITLES
from ..pipeline import Options, register_stage
from ..provenance import stage_version, user_kb_dirs


@dataclass
class _Group:
    key: str
    type: str
    actor: str | None
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

# bump when the entity logic changes; the KB, the NER lists and rules, the CRF model and its manifest are hashed
CODE_VERSION = "7"
RULE_FILES = ("kb/*.yaml", "events/triggers.yaml")


class EntitiesStage:
    name = "entities"
    version: str  # CODE_VERSION+hash of the rule files and of a user KB (provenance.stage_version)
    assigns = ("mentions", "entities")
    requires = ("tokens", "sentences", "published")

    def __init__(self, kb_dirs: tuple[str, ...] = ()) -> None:
        self.kb_dirs = kb_dirs
        # the NER files through ner.lexicon.data_dir(), which MARSAD_NER_DATA may point elsewhere
        self.version = stage_version(CODE_VERSION, RULE_FILES, ((str(ner_data_dir()), "*"), *user_kb_dirs(kb_dirs)))
        preload()  # the name tables (once per process)

    def __call__(self, doc: Document) -> Document:
        day = doc.published.date if doc.published else None
        words = token_words(doc.body, doc.tokens) if doc.tokens else None
        analysis = analyse_text(doc.body, self.kb_dirs, day=day, rule_names=True, words=words)
        groups = _group(analysis, day)
        _add_model_mentions(doc, analysis, groups)
        _names_before_roles(analysis, groups)
        _names_after_verbs(analysis, groups)
        _model_surnames(analysis, groups)
        _join_short_forms(analysis, groups)
        _join_surname_groups(analysis, groups)
        _join_longer_forms(groups)
        _add_title_corefs(analysis, groups, day)
        _unbound_epithets(analysis, groups, day)
        _place_titles(analysis, groups)
        _apposition_roles(analysis, groups)
        _names_in_organisations(analysis, groups)
        _quoted_outlets(analysis, groups)
        _organisations_by_head(analysis, groups)
        _names_after_bodies_in_titles(analysis, groups)
        _org_short_forms(analysis, groups)
        _quoted_short_names(analysis, groups)
        _bodies_by_common_name(analysis, groups)
        _collective_bodies(analysis, groups)
        _numbered_units(analysis, groups)
        _authorities_of_places(analysis, groups)
        _regimes(analysis, groups, day)
        _forces_of_the_regime(analysis, groups)
        _operations(analysis, groups)
        _marked_names_after_heads(analysis, groups)
        _acronyms_in_brackets(analysis, groups)
        _national_namesakes(analysis, groups)
        _collective_short_forms(analysis, groups)
        _party_short_forms(analysis, groups)
        _bodies_without_nationality(analysis, groups)
        _latin_names_after_heads(analysis, groups)
        _finish(doc, analysis, groups)
        return doc


def _group_key(analysis: Analysis, n: NameMention) -> str:
    if n.actor:
        return n.actor
    return stable_id(analysis.text[n.start:n.end])


def _group(analysis: Analysis, day: str | None) -> dict[str, _Group]:
    kb, text = analysis.kb, analysis.text
    groups: dict[str, _Group] = {}
    for n in analysis.names:
        key = _group_key(analysis, n)
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(key, n.type, n.actor)
        g.mentions.append(Mention(n.start, n.end, text[n.start:n.end], n.type, n.source if n.source != "kb" else "kb"))
    # Surnames of people not in the KB ("الوزير عمر ولد محمد … وقال ولد محمد") refer back to them.
    _unknown_surnames(analysis, groups)
    # Roles from titles bound to people.
    for b in analysis.bindings:
        person = analysis.person(b.person)
        g = groups[_group_key(analysis, person)]
        sense, kb_role = best_sense(kb, person.actor, b.senses, day)
        start = b.title.start
        if b.position == "before" and sense.office != b.senses[0].office:
            pass
        if b.position == "before" and any(s.office.startswith("deputy_") for s in b.title.senses) \
                and not sense.office.startswith("deputy_"):
            start = analysis.words[b.title.first + 1].start  # "نائب المبعوث … دي ميستورا": the envoy himself
        _add_role(g, _role(analysis, text[start:b.title.end], sense, kb_role, person.actor, day))
    _deputy_possessives(analysis, groups, day)
    return groups


def _role(analysis: Analysis, text: str, sense: TitleSense, kb_role: KBRole | None, actor: str | None,
          day: str | None) -> Role:
    kb = analysis.kb
    country = sense.country
    if kb_role is None and actor and sense.country is None and sense.org is None:
        # A bare title ("وزير الخارجية") of a linked person: the scope comes from the KB role.
        for role in kb.actors[actor].roles_at(day):
            if role.office == sense.office:
                kb_role, country = role, role.country
                sense = TitleSense(sense.office, sense.office_en, sense.kind, role.country, role.org)
                break
    return Role(text=text, office=sense.office_en, organisation=kb.organisation_en(sense), country=country,
                start=kb_role.start if kb_role else None, end=kb_role.end if kb_role else None)


def _add_role(g: _Group, role: Role) -> None:
    if not any((r.office, r.organisation, r.country) == (role.office, role.organisation, role.country) for r in g.roles):
        g.roles.append(role)


def _deputy_possessives(analysis: Analysis, groups: dict[str, _Group], day: str | None) -> None:
    """"لافروف ونائبه ميخائيل بوغدانوف": the deputy of the person named before, in the same office."""
    kb, ws = analysis.kb, analysis.words
    possessives = kb.words("deputy_possessives")
    by_first = {analysis.person(i).first: i for i in range(len(analysis.persons))}
    for k in sorted(first - 1 for first in by_first if first > 0):  # the words right before a person
        w = ws[k]
        if w.norm not in possessives or not ws[k + 1].joined:
            continue
        deputy = analysis.person(by_first[k + 1])
        boss = next((analysis.person(i) for i in reversed(range(len(analysis.persons)))
                     if analysis.person(i).last < k), None)
        if boss is None:
            continue
        boss_group = groups[_group_key(analysis, boss)]
        boss_roles = [r for r in boss_group.roles if r.office] or [
            _role(analysis, "", TitleSense(r.office, kb.offices[r.office].en, kb.offices[r.office].kind, r.country,
                                           r.org), r, boss.actor, day)
            for r in (kb.actors[boss.actor].roles_at(day) if boss.actor else [])]
        if not boss_roles:
            continue
        office_en = boss_roles[0].office
        office = kb.office_by_en(office_en)
        deputy_key = f"deputy_{office.key}" if office else None
        kb_role = None
        if deputy.actor and deputy_key:
            kb_role = next((r for r in kb.actors[deputy.actor].roles_at(day) if r.office == deputy_key), None)
        start = w.start + (1 if analysis.text[w.start] in "وف" else 0)  # "ونائبه": the role is "نائبه"
        role = Role(text=analysis.text[start:w.end], office="deputy " + office_en,
                    organisation=boss_roles[0].organisation, country=boss_roles[0].country,
                    start=kb_role.start if kb_role else None, end=kb_role.end if kb_role else None)
        _add_role(groups[_group_key(analysis, deputy)], role)


def _unknown_surnames(analysis: Analysis, groups: dict[str, _Group]) -> None:
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    stop = kb.words("not_names", "ambiguous_surnames", "not_alone")
    taken = {i for n in analysis.names for i in range(n.first, n.last + 1)}
    for g in list(groups.values()):
        if g.actor or g.type != "PER":
            continue
        longest = max(g.mentions, key=lambda m: len(m.text))
        key = name_key(longest.text)
        if len(key) < 2 or key[-1] in stop or len(key[-1]) < 3 or key[-2] in _NAME_HEADS:
            continue  # ("عبد العزيز": no surname "العزيز")
        surname, k = key[-1], -1
        while True:  # the words equal to the surname (list.index searches in C)
            try:
                k = norms.index(surname, k + 1)
            except ValueError:
                break
            if k not in taken and not (k > 0 and norms[k - 1] in _NAME_HEADS):  # not "بن صالح" of another
                w = ws[k]
                g.mentions.append(Mention(w.start, w.end, text[w.start:w.end], "PER", "coref"))


def _positions(norms: list[str], words: Any) -> list[int]:
    """The indexes of the norms that are in `words` (a set or a dict), in order: found in C, not by a
    Python loop over every word of the article (most rules look for a few words among hundreds)."""
    return list(compress(range(len(norms)), map(words.__contains__, norms)))


def _names_before_roles(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A name of two or three words between a reporting verb (or an honorific, or punctuation) and the role
    noun that describes it ("وشددت <name> مندوبة الأردن لدى مجلس الأمن", "وأكدت الشيخة <name> وزيرة
    التنمية"), when it starts with a given name or is made of words the news rarely uses."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    roles = _role_nouns()
    if roles.isdisjoint(ws.distinct):
        return
    verbs = _reporting_verbs(kb)
    never = kb.words("not_names", "title_fillers", "not_alone") | _never_words()
    person_words = _person_words(analysis)
    vocabulary = common_words()
    in_titles = {k for t in analysis.titles for k in range(t.first, t.last + 1)}
    mask = bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
    for i in _positions(norms, roles):
        if i < 2 or not ws.joined(i) or mask[ws[i].start]:
            continue
        for j in (i - 2, i - 3):
            if j < 0 or not all(ws.joined(k) for k in range(j + 1, i)):
                break
            window = tuple(norms[j:i])
            if mask.find(1, ws[j].start, ws[i - 1].end) >= 0 or not never.isdisjoint(window) \
                    or any(_is_title_word(w) for w in window) or not in_titles.isdisjoint(range(j, i)):
                break  # (not "خادم الحرمين الشريفين" before "أمير منطقة مكة المكرمة")
            before = norms[j - 1] if j > 0 and ws.joined(j) else ""
            stem = before[1:] if before[:1] in ("و", "ف") and len(before) > 3 else before
            skip = 0
            if window[0][:1] == "و" and _coordinated_given_name(window[0][1:], vocabulary):
                window, skip = (window[0][1:], *window[1:]), 1  # "… ومعصومة ابتكار رئيسة …": the و is the boundary
            elif before and before not in verbs and stem not in verbs and not _is_title_word(stem):
                continue  # no boundary before the name: try a longer one
            first_is_name = window[0] in person_words or name_word(window[0])
            rare = bool(vocabulary) and vocabulary.isdisjoint(window) and not window[0].startswith("ال")
            # a first word the news rarely uses, each word a name or rare ("سامنتا باور")
            rare = rare or bool(vocabulary) and window[0] not in vocabulary and not window[0].startswith("ال") \
                and all(_name_like(w, person_words, vocabulary) for w in window)
            if (first_is_name or rare) and _holds_name(window, person_words, vocabulary) \
                    and not (text.startswith(_ALA, ws[j].start) and _common_word(window[1])):
                start, end = ws[j].start + skip, ws[i - 1].end
                key = stable_id(text[start:end])
                g = groups.setdefault(key, _Group(key, "PER", None))
                g.mentions.append(Mention(start, end, text[start:end], "PER", "rule"))
                mask[start:end] = b"\x01" * (end - start)
                _surname_mentions(analysis, g, window[-1], person_words, vocabulary, mask)
            break


def _coordinated_given_name(word: str, vocabulary: frozenset[str]) -> bool:
    """A given name after the conjunction و that no word of the news is ("ومعصومة"; not "وسلام", "وأمل"):
    the start of a name in a list of people."""
    return len(word) > 2 and word not in vocabulary and "و" + word not in vocabulary \
        and (word in _given_names() or name_word(word))  # (not "وجود": a word of its own)


@lru_cache(maxsize=1)
def _role_nouns() -> frozenset[str]:
    """Role nouns in the construct state ("وزيرة", "مندوبة", "رئيس"): the NER's titles without the article."""
    from ..ner.lexicon import load_lexicons

    words = {w[2:] if w.startswith("ال") else w for w in load_lexicons().words.get("title", ())}
    return frozenset(w for w in words | {w + "ه" for w in words if not w.endswith("ه")} if len(w) > 2)


@lru_cache(maxsize=1)
def _never_words() -> frozenset[str]:
    from ..kb.analysis import _never_names

    return _never_names()


def _reporting_verbs(kb) -> frozenset[str]:  # noqa: ANN001 - KnowledgeBase
    """The verbs of the lexicon's not_names ("قال", "أكدت", "شددت"), normalised."""
    groups = kb.lexicon.get("not_names")
    return frozenset(w for v in (groups.get("verbs", ()) if isinstance(groups, dict) else ())
                     for w in name_key(str(v)))


def _model_surnames(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """The surname of a person the recogniser found ("حمدان العرادي") where it stands alone later ("م.
    العرادي"): a mention of that person, when no other person of the article has the same surname."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    stop = kb.words("not_names", "ambiguous_surnames", "not_alone", "title_fillers") | _title_firsts(analysis)
    given = _person_words(analysis)
    vocabulary = common_words() or frozenset(norms)  # (without the word list no word is rare)
    mask = bytearray(len(text) + 1)
    owners: dict[str, list[_Group]] = {}
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
        if g.type != "PER" or g.actor:
            continue
        for m in g.mentions:
            key = name_key(m.text)
            # a whole name that starts with a given or known name ("حمدان العرادي", not "سمو ولي")
            if len(key) >= 2 and key[-2] not in _NAME_HEADS and len(key[-1]) >= 3 and key[-1] not in stop \
                    and (key[0] in given or name_word(key[0]) or key[0] not in vocabulary and key[-1] not in vocabulary
                         and not key[0].startswith(_PROCLITICS)) \
                    and not _is_title_word(key[-1]):  # (or a foreign name: "يوهانس كوبرسكي")
                found = owners.setdefault(key[-1], [])
                if g not in found:
                    found.append(g)
    for surname, found in owners.items():
        if len(found) != 1 or not any(m.source == "model" for m in found[0].mentions):
            continue  # two people of one family: "العمراني" alone is either
        for k in _free_surname_at(norms, ws, mask, surname):
            w = ws[k]
            found[0].mentions.append(Mention(w.start, w.end, text[w.start:w.end], "PER", "coref"))


def _names_in_organisations(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A person's name right after the head of an organisation named after them ("مركز الملك سلمان للإغاثة
    والأعمال الإنسانية", "ميليشيا الحوثي") is part of the organisation's name: the person mention (and a title
    inside it) goes, and the whole name is an organisation when nothing else covers it."""
    kb, text = analysis.kb, analysis.text
    heads = kb.words("named_after_heads")
    stop = kb.words("not_names")
    spans: list[tuple[int, int]] = []
    for g in groups.values():
        if g.type != "PER":
            continue
        for m in g.mentions:
            head = _WORD_BEFORE_RE.search(text, max(0, m.start - 24), m.start)
            if head is not None and _is_title_word(norm_text(head.group(1))):  # "مطار الملك فهد الدولي"
                head = _WORD_BEFORE_RE.search(text, max(0, head.start(1) - 24), head.start(1))
            if head is None:
                continue
            norm = norm_text(head.group(1))
            if not any(stem in heads for _, stem in clitic_stems(norm)):
                continue
            # the head, the name, then "لل…" and words with the article ("للإغاثة والأعمال الإنسانية",
            # "التخصصي"), up to punctuation
            end, n = m.end, 0
            while n < 4:
                nxt = _NEXT_WORD_RE.match(text, end)
                word = norm_text(nxt.group(1)) if nxt else ""
                if not word or word in stop or not (word.startswith(("لل", "ال")) or (n and word.startswith("وال"))):
                    break
                end, n = nxt.end(), n + 1  # type: ignore[union-attr]
            start = head.start(1) + (1 if norm[0] in "وفبل" and norm[1:] in heads else 0)
            spans.append((start, end))
    if not spans:
        return
    for g in groups.values():  # the person, and the recogniser's pieces of the organisation ("ميليشيا")
        if g.type == "PER" or not g.actor:
            g.mentions = [m for m in g.mentions if not any(s <= m.start and m.end <= e for s, e in spans)]
    taken = [(m.start, m.end) for g in groups.values() for m in g.mentions]
    for start, end in spans:
        if any(s < end and start < e for s, e in taken):
            continue
        key = f"ORG:{' '.join(name_key(text[start:end]))}"
        groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(
            Mention(start, end, text[start:end], "ORG", "rule"))
        taken.append((start, end))


# The word right before a position, after spaces only (no punctuation between).
_WORD_BEFORE_RE = re.compile(r"([^\W_]+)[ \t]+$")


_OPEN_QUOTES, _CLOSE_QUOTES = "«\"“", "»\"”"


def _quoted_outlets(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A place or body whose name is also a news outlet's, written in quotes ("لـ«الشرق الأوسط»",
    "ذكرت «الرياض»"), is the outlet: its mention moves to the outlet's entity."""
    kb, text = analysis.kb, analysis.text
    outlets = _outlet_names(kb)
    for g in list(groups.values()):
        if g.type not in ("LOC", "ORG") or (g.actor and kb.actors[g.actor].sector == "media"):
            continue
        for m in list(g.mentions):
            if not (m.start > 0 and m.end < len(text) and text[m.start - 1] in _OPEN_QUOTES
                    and text[m.end] in _CLOSE_QUOTES):
                continue
            outlet = outlets.get(name_key(m.text))
            if outlet is None:
                continue
            g.mentions.remove(m)
            target = groups.get(outlet)
            if target is None:
                target = groups[outlet] = _Group(outlet, "ORG", outlet)
            target.mentions.append(Mention(m.start, m.end, m.text, "ORG", "kb"))
    # and an outlet's name in quotes that nothing recognised ('وأكد العمراني لـ"الوطن"', 'تواصلت "الوطن"')
    taken: list[tuple[int, int]] | None = None
    for q in _QUOTED_RE.finditer(text):
        outlet = outlets.get(name_key(q.group(1)))
        if outlet is None:
            continue
        if taken is None:
            taken = [(m.start, m.end) for g in groups.values() for m in g.mentions]
        start, end = q.span(1)
        if any(s < end and start < e for s, e in taken) or not _outlet_context(text, q.start()):
            continue  # (not 'إن حب "الوطن" واجب': the homeland)
        target = groups.get(outlet)
        if target is None:
            target = groups[outlet] = _Group(outlet, "ORG", outlet)
        target.mentions.append(Mention(start, end, text[start:end], "ORG", "kb"))
        taken.append((start, end))


# What stands before an outlet's name in quotes: "لـ", a preposition or a verb of telling and publishing.
# (Not after a verb whose subject it would be, "تواصلت «الوطن» مع الطالبة … وأكدت", nor after مع, "وأكدت في
# اتصال هاتفي مع «الوطن» أن": the quotes stage would take the outlet for the speaker of what she said.)
_OUTLET_CONTEXT = frozenset(norm_text(w) for w in (
    "ل", "لـ", "ب", "بـ", "إلى", "عن", "بحسب", "حسب", "وفق", "وفقا", "ذكرت", "قالت", "أفادت", "نشرت",
    "أوردت"))
_WORD_AT_END_RE = re.compile(r"([^\W_]+)\W*$")


def _outlet_context(text: str, quote: int) -> bool:
    """Whether the word before a quote is one an outlet's name follows ("لـ«الوطن»", "تواصلت «الوطن»")."""
    found = _WORD_AT_END_RE.search(text, max(0, quote - 16), quote)
    if found is None:
        return False
    word = norm_text(found.group(1))
    return word in _OUTLET_CONTEXT or word[:1] in "وف" and word[1:] in _OUTLET_CONTEXT


# A short quoted phrase: an outlet's name in quotes ("الوطن").
_QUOTED_RE = re.compile(r"[«\"“]([^«»\"“”\n]{2,30})[»\"”]")


def _outlet_names(kb) -> dict[tuple[str, ...], str]:  # noqa: ANN001 - KnowledgeBase
    """An outlet's name without its "صحيفة/جريدة/قناة/وكالة" ("الشرق الأوسط") -> its id, made once per KB."""
    found = _OUTLETS.get(id(kb))
    if found is None or found[0] is not kb:
        table: dict[tuple[str, ...], str] = {}
        for a in kb.actors.values():
            if a.sector == "media":
                for name in (a.name, *a.aliases):
                    key = name_key(name)
                    if len(key) >= 2 and key[0] in _OUTLET_HEADS:
                        table.setdefault(key[1:], a.id)
        found = _OUTLETS[id(kb)] = (kb, table)
    return found[1]


_OUTLET_HEADS = frozenset(norm_text(w) for w in ("صحيفة", "جريدة", "قناة", "وكالة", "مجلة"))
_OUTLETS: dict[int, tuple[object, dict[tuple[str, ...], str]]] = {}


def _add_model_mentions(doc: Document, analysis: Analysis, groups: dict[str, _Group]) -> None:
    """Mentions of the statistical recogniser that the KB pass did not find."""
    kb = analysis.kb
    # a weekday, a month, a verb, a title word, a blessing ("حفظه الله") or "سموه": never a mention alone
    not_alone = kb.words("not_names", "title_fillers", "not_alone", "ambiguous_surnames") | BLESSING_WORDS
    covered = _Coverage(len(analysis.text))
    covered.add_all([(m.start, m.end) for g in groups.values() for m in g.mentions])
    titles = [(t.start, t.end) for t in analysis.titles]
    find = covered.mask.find
    person_words = _person_words(analysis)
    title_firsts = _title_firsts(analysis)
    fixed: frozenset[tuple[str, ...]] = kb.lexicon.get("_fixed_expressions_phrases", frozenset())
    generic_places = kb.words("generic_places")
    heads = kb.words("org_heads_strong", "org_heads_weak")
    state_heads, verbs_named = kb.words("state_heads"), kb.words("verbs_named")
    after_subject = kb.words("after_subject")
    # the family names of the article's people ("علي الأحمدي"): one of them alone after a title is that person
    surnames = {name_key(x.text)[-1] for g in groups.values() if g.type == "PER" for x in g.mentions
                if len(name_key(x.text)) >= 2}
    recognised = list(map(_without_blessing, recognize(doc)))
    surnames |= {name_key(x.text)[-1] for x in recognised if x.type == "PER" and name_key(x.text)
                 and (len(name_key(x.text)) >= 2 or name_key(x.text)[0].startswith("ال"))}
    for m in recognised:
        quoted = m.type == "ORG" and _quoted_speaker(analysis.text, m, heads, person_words)
        if quoted:
            m = Mention(m.start, m.end, m.text, "PER", m.source)
        surname_after_title = False
        if m.type == "PER" and _after_state_head(analysis.text, m.start, state_heads):
            m = Mention(m.start, m.end, m.text, "LOC", m.source)  # "دولة مالاوي التي رفضت": a state
        if m.type == "LOC" and _is_title_word(norm_text(m.text.split()[0])):
            continue  # "السناتور الأمريكية" + "دايان فاينستاين": a title and her nationality, no place
        if m.type == "PER":
            m = _verb_before_subject(analysis.text, m, verbs_named, after_subject)
            trimmed = _trim_person(m, title_firsts)
            surname_after_title = trimmed.end < m.end and _after_title_word(analysis.text, trimmed.start)
            m = _extend_person(analysis.text, trimmed, title_firsts)
            if m.start >= m.end:
                continue
        key = name_key(m.text)
        if m.type == "LOC" and len(key) == 1 and key[0].startswith("ال") and key[0] in surnames \
                and _after_title_word(analysis.text, m.start):
            m = Mention(m.start, m.end, m.text, "PER", m.source)  # "اللواء" + "الأحمدي" of "علي الأحمدي"
        if m.type == "PER" and (len(key) == 1 and m.text.endswith(_ACCUSATIVE) or key[:1] == ("الله",)):
            continue  # "فتح بابًا": a noun in the accusative; "بالله العلي العظيم": God's name, a blessing
        if m.type == "PER" and not quoted and not (surname_after_title and len(key) == 1 and key[0] not in not_alone
                                          and not _is_title_word(key[0])) \
                and not _person_span(key, person_words, not_alone, title_firsts):
            continue  # a title, a verb or common words: no name in it ("ولي", "سيزور", "باعتماد القرار")
        if m.type == "PER" and fixed and any(key[:len(f)] == f for f in fixed):
            continue  # "ولحسن حظه", "حسن الجوار"
        if m.type == "PER" and _LATIN_LOWER_RE.search(m.text) and not _ARABIC_LETTER_RE.search(m.text):
            continue  # "Stockholm syndrome", "person shooter": English words, a name is capitalised
        if m.type == "PER" and len(key) >= 2 and m.text.startswith(_ALA) and _common_word(key[1]):
            continue  # "وعلى صعيد": the preposition, whose ى normalises as "علي" (Ali) does
        overlaps = (covered.overlaps(m.start, m.end) if covered.empty or m.start >= m.end
                    else find(1, m.start, m.end) >= 0)
        if overlaps and (m.type != "PER" or not _take_over_corefs(groups, m, covered)):
            continue
        if not key or not_alone.issuperset(key) or not_alone.issuperset(name_key(without_proclitic(m.text))):
            continue  # (and "للدولار": ل + الدولار)
        if m.type == "LOC" and len(key) == 1 and key[0] in generic_places:
            continue  # "المدينة": the city named elsewhere
        if m.type == "ORG" and _indefinite_body(key, heads):
            continue  # "إنشاء لجنة قطاعية للتعليم": a committee, not one named
        if m.type == "ORG":
            m = _trim_org(analysis, m)
            key = name_key(m.text)
            if not key or _role_body(analysis, m, groups):
                continue
            if _canal(key):
                m = Mention(m.start, m.end, m.text, "LOC", m.source)  # "قناة السويس": a waterway
            elif key[0] in kb.words("event_heads") and len(key) >= 2:
                continue  # "مؤتمر القاهرة", "قمة الرياض": a meeting named after its place, no body
        if m.type == "PER" and any(s <= m.start and m.end <= e for s, e in titles):
            continue
        gkey = stable_id(m.text) if m.type == "PER" else f"{m.type}:{' '.join(key)}"
        if m.type == "PER" and _join_surname(analysis, groups, m):
            covered.add(m.start, m.end)
            continue
        g = groups.get(gkey)
        if g is None:
            g = groups[gkey] = _Group(gkey, m.type, None)
        g.mentions.append(Mention(m.start, m.end, m.text, m.type, "model"))
        covered.add(m.start, m.end)


_WORD_IN_NAME_RE = re.compile(r"[^\W_]+")
# Where a clause starts: the text's start, a full stop, a colon or a line break before "و"/"ف" + verb
_CLAUSE_END_RE = re.compile(r"(?:^|[.:!?؟\n]|[.:!?؟\n][\s\"»”)]*)[ \t]*$")


def _after_state_head(text: str, start: int, state_heads: frozenset[str]) -> bool:
    """Whether "دولة", "جمهورية"… (with a clitic or not) stands right before `start`: a state's name."""
    before = _WORD_BEFORE_RE.search(text, max(0, start - 20), start)
    if before is None:
        return False
    word = norm_text(before.group(1))
    return word in state_heads or word[:1] in "وبلف" and word[1:] in state_heads


def _verb_before_subject(text: str, m: Mention, verbs_named: frozenset[str], after_subject: frozenset[str]
                         ) -> Mention:
    """A person whose first word is a news verb that is also a given name, written with و/ف at a clause's
    start ("وطالب النجيفي بضرورة…": demanded, not Talib): the verb out, the name after it the subject. After
    a comma only when a preposition or "أن" follows the name ("، وطالب الجبوري بإجراء…"; "، وناصر العموش،"
    is a list of names, and ناصر is not in the list anyway)."""
    words = list(_WORD_SPAN_RE.finditer(m.text))
    if len(words) < 2:
        return m
    first = norm_text(words[0].group())
    if first[:1] in "وف" and first[1:] in verbs_named and words[0].start() == 0:
        clitic_at = m.start
    elif first in verbs_named and m.start >= 1 and text[m.start - 1] in "وف":
        clitic_at = m.start - 1
    else:
        return m
    if clitic_at > 0 and not text[clitic_at - 1].isspace():
        return m  # "بارك" inside a longer word
    if not _CLAUSE_END_RE.search(text, max(0, clitic_at - 6), clitic_at):
        before = text[max(0, clitic_at - 3):clitic_at].rstrip()
        after = _WORD_SPAN_RE.search(text, m.end, m.end + 30)
        nxt = norm_text(after.group()) if after else ""
        if not (before.endswith("،") and (nxt in after_subject or nxt.startswith("ب") and len(nxt) > 3)):
            return m
    a = words[1].start()
    return Mention(m.start + a, m.end, m.text[a:], m.type, m.source)


def _trim_org(analysis: Analysis, m: Mention) -> Mention:
    """The recogniser's organisation without the sentence's words after it: a participle that attaches it to
    another ("للجيش اليمني" + "الداعم للشرعية"; lexicon org_name_stops) or, after a nationality, a word that
    is no adjective ("مجلس النواب البحريني" + "التفجير", the verb's object)."""
    kb = analysis.kb
    words = list(_WORD_IN_NAME_RE.finditer(m.text))
    if len(words) < 2:
        return m
    stops = kb.words("org_name_stops")
    adjectives = _adjective_countries(kb)
    keep = kb.words("org_adjectives_after_place", "title_fillers")
    norms = [norm_text(w.group()) for w in words]
    cut = None
    for k in range(1, len(words)):
        if norms[k] in stops and norms[k] not in keep:  # (not "العام": "مكتب المدعي العام")
            cut = k
            break
        if norms[k - 1] in adjectives and k > 1 and norms[k].startswith("ال") and norms[k] not in keep \
                and not _adjective_like(norms[k], adjectives, frozenset()):
            cut = k
            break
    if cut is None:
        return m
    end = m.start + words[cut - 1].end()
    return Mention(m.start, end, analysis.text[m.start:end], m.type, m.source)


def _role_body(analysis: Analysis, m: Mention, groups: dict[str, _Group]) -> bool:
    """A state's organ right after a title, with no place or nationality in it ("عضو مجلس الوزراء", "رئيس
    هيئة الأركان العامة"; lexicon org_heads_of_roles): the role's body, no mention of its own."""
    kb, text = analysis.kb, analysis.text
    key = name_key(without_proclitic(m.text))
    if not key or key[0] not in kb.words("org_heads_of_roles"):
        return False
    before = _WORD_BEFORE_RE.search(text, max(0, m.start - 40), m.start)
    if before is None or not _title_word_before(norm_text(before.group(1))):
        return False
    adjectives = _adjective_countries(kb)
    if any(w in adjectives for w in key):
        return False
    return not any(g.type == "LOC" and m.start <= x.start and x.end <= m.end for g in groups.values()
                   for x in g.mentions)


_CANAL = norm_text("قناة")


def _canal(key: tuple[str, ...]) -> bool:
    """"قناة" and a place that no outlet bears ("قناة السويس", "قناة بنما"): a canal, not a TV channel ("قناة
    الجزيرة", "قناة العربية" are outlets of the NER lexicon)."""
    if len(key) != 2 or key[0] != _CANAL:
        return False
    from ..ner.lexicon import load_lexicons

    lex = load_lexicons().words
    return key[1] in lex.get("gzplace", ()) and key[1] in lex.get("gzwloc", ()) \
        and not any(key[1] in lex.get(k, ()) for k in ("org", "nat"))


_LATIN_LOWER_RE = re.compile(r"(?<![A-Za-z])[a-z]{3,}")
_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a]")


def _after_title_word(text: str, start: int) -> bool:
    """Whether a title word stands right before `start` ("الرئيس" + "ساركوزي")."""
    before = _WORD_BEFORE_RE.search(text, max(0, start - 20), start)
    return before is not None and _is_title_word(norm_text(before.group(1)))


_OPENING_QUOTES, _CLOSING_QUOTES = "«\"“", "»\"”"
_STATEMENT_WORDS = frozenset(("ان", "انه", "انها", "بان"))
_NEXT_WORD_AFTER_QUOTE_RE = re.compile(r"[ \t]*[»\"”][ \t]*([^\W_]+)")


def _quoted_speaker(text: str, m: Mention, heads: frozenset[str], person_words: frozenset[str]) -> bool:
    """A recogniser's body that is a name in quotes, the subject of a reporting verb, and then a title or the
    statement ('وقال "كورتز كوبر" نائب المتحدث…', 'وأضاف «مارك تايلور» أن'): a person. Two or three words,
    none with the article ("وقالت «الوطن»" is an outlet) or a body's head word."""
    if m.start < 2 or text[m.start - 1] not in _OPENING_QUOTES or m.end >= len(text) \
            or text[m.end] not in _CLOSING_QUOTES:
        return False
    key = name_key(m.text)
    if not 2 <= len(key) <= 3 or any(w.startswith("ال") or w in heads or _is_title_word(w) for w in key) \
            or not (has_name(key, person_words) or not common_words().issuperset(key)):
        return False  # ("كورتز": a foreign name the news rarely uses, read by has_name as ك + a word)
    before = _WORD_BEFORE_RE.search(text, max(0, m.start - 20), m.start - 1)
    verb = norm_text(before.group(1)) if before else ""
    if verb not in _cue_verbs() and verb[1:] not in _cue_verbs():
        return False
    after = _NEXT_WORD_AFTER_QUOTE_RE.match(text, m.end)
    following = norm_text(after.group(1)) if after else ""
    return following in _STATEMENT_WORDS or _is_title_word(following)


# The preposition "على" with a conjunction: written with ى, which normalisation makes "علي" (a given name).
_ALA = ("على ", "وعلى ", "فعلى ")


def _common_word(word: str) -> bool:
    """A word of the news no one is named by (normalised)."""
    return word in common_words() and not name_word(word)


def _indefinite_body(key: tuple[str, ...], heads: frozenset[str]) -> bool:
    """An indefinite feminine head with an indefinite feminine adjective the news uses ("لجنة قطاعية", "جمعية
    خيرية", "شركة مساهمة"): a kind of body, no body's name (normalised words: ة is ه)."""
    return len(key) >= 2 and key[0] in heads and key[0].endswith("ه") and key[1].endswith("ه") \
        and not key[1].startswith("ال") and (key[1] in common_words() or key[1].endswith("يه") and len(key[1]) > 4) \
        and not name_word(key[1])


# Words that make the next word part of the same name: "عبد العزيز", "بن صالح", "أبو حمزة", "آل الشيخ".
_NAME_HEADS = frozenset(("عبد", "بن", "ابن", "بنت", "ابو", "ال", "ولد"))


def _join_short_forms(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """"ابن زايد" after "محمد بن زايد": a lineage short form joins the one person of the article whose name
    holds it."""
    kb = analysis.kb
    for key, g in list(groups.items()):
        if g.actor or g.type != "PER":
            continue
        forms = {name_key(m.text) for m in g.mentions}
        if len(forms) != 1:
            continue
        form = forms.pop()
        if len(form) != 2 or form[0] not in ("بن", "ابن"):
            continue
        owners = [o for o in groups.values() if o is not g and o.type == "PER" and any(
            _holds(name_key(m.text), form[1]) for m in o.mentions)]
        owners += [o for o in groups.values() if o.actor and o not in owners and o.type == "PER"
                   and _holds(name_key(kb.actors[o.actor].name), form[1])]
        if len(owners) == 1:
            owners[0].mentions += [Mention(m.start, m.end, m.text, "PER", "coref") for m in g.mentions]
            del groups[key]


def _join_surname_groups(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A person written only by a surname ("عسيري", "البكري", "عبد العزيز") whose longer name the article
    also gives ("العميد ركن أحمد عسيري", "نايف البكري"): one person, when one person of the article has
    that surname (not after a lineage particle: "عبد العزيز" is no surname of "سلمان بن عبد العزيز")."""
    short: list[tuple[str, tuple[str, ...], _Group]] = []
    tails: dict[tuple[str, ...], list[_Group]] = {}
    for key, g in groups.items():
        if g.type != "PER" or not g.mentions:
            continue
        forms = {name_key(m.text) for m in g.mentions}
        if not g.actor and len(forms) == 1:
            form = next(iter(forms))
            if len(form) == 1 or len(form) == 2 and form[0] in ("عبد", "ابو"):
                short.append((key, form, g))
                continue
        for form in forms:
            ends = [form[-1:]] if len(form) >= 2 and form[-2] not in _NAME_HEADS else []
            if len(form) >= 3 and form[-2] in ("عبد", "ابو") and form[-3] not in _NAME_HEADS:
                ends.append(form[-2:])  # "محمد يوسف عبد العزيز"
            for end in ends:
                found = tails.setdefault(end, [])
                if g not in found:
                    found.append(g)
    for key, form, g in short:
        owners = tails.get(form, [])
        if len(owners) == 1:
            owners[0].mentions += [Mention(m.start, m.end, m.text, "PER", "coref") for m in g.mentions]
            del groups[key]


def _join_longer_forms(groups: dict[str, _Group]) -> None:
    """A person not in the KB named once with a middle name and once without ("سمير موسى النجدي", "سمير
    النجدي"): one person, when one longer form of the article fits (the same first and last words, the
    shorter one's words in order)."""
    people = [(k, g, {name_key(m.text) for m in g.mentions if m.source != "coref"})
              for k, g in groups.items() if g.type == "PER" and not g.actor and g.mentions]
    if len(people) < 2:
        return
    for key, g, forms in people:
        if len(forms) != 1:
            continue
        short = next(iter(forms))
        if len(short) < 2:
            continue
        longer = [o for k, o, other in people if o is not g and k in groups and any(
            len(f) > len(short) and f[0] == short[0] and f[-1] == short[-1] and _in_order(short, f) for f in other)]
        if len(longer) == 1:
            longer[0].mentions += [Mention(m.start, m.end, m.text, "PER", m.source) for m in g.mentions]
            del groups[key]


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether the words of `short` occur in `long` in the same order."""
    words = iter(long)
    return all(w in words for w in short)


def _holds(key: tuple[str, ...], father: str) -> bool:
    """Whether a name's words hold "بن <father>" after a given name."""
    return any(key[i] in ("بن", "ابن") and key[i + 1] == father for i in range(1, len(key) - 1))


def _title_firsts(analysis: Analysis) -> frozenset[str]:
    """The first words of the KB's titles ("ولي" of "ولي العهد"), made once per KB."""
    kb = analysis.kb
    found = _TITLE_FIRSTS.get(id(kb))
    if found is None or found[0] is not kb:
        found = _TITLE_FIRSTS[id(kb)] = (kb, kb.title_firsts())
    return found[1]


_TITLE_FIRSTS: dict[int, tuple[object, frozenset[str]]] = {}


def _person_words(analysis: Analysis) -> frozenset[str]:
    from ..kb.analysis import _person_words as words

    return words(analysis.kb)


def _person_span(key: tuple[str, ...], person_words: frozenset[str], not_alone: frozenset[str],
                 title_firsts: frozenset[str]) -> bool:
    """Whether a recogniser's person holds a name: one name word at least, no title or verb as its only
    word, and not a given name alone ("ولي", "خالد": a name that short is a reference, not a person)."""
    if not key or not_alone.issuperset(key):
        return False
    if len(key) == 1 and (len(key[0]) < 3 or key[0] in _given_names() or _is_title_word(key[0]) or key[0] in title_firsts):
        return False
    if len(key) == 1 and key[0] in common_words() and name_counts().get(key[0], 0) < RARE_GIVEN:
        return False  # "خالص" (the closing of a letter): a common word few people bear, alone
    if len(key) == 1 and (key[0] in _SECOND_HALVES or accusative_noun(key[0])):
        return False  # "باسم الدين" (the half of "عز الدين"), "يفتح بابا" (a door, in the accusative)
    if len(key) == 2 and key[1] == "الله" and key[0] != "عبد" and key[0] in common_words() \
            and not name_word(key[0] + "الله"):
        return False  # "بعد توفيق الله": God's help, not "نصر الله" or "فتح الله"
    if key[0][:1] in ("و", "ف") and key[0][1:] in _cue_verbs():
        return False  # "وأكد حرص": a reporting verb, then its object
    if not _place_or_body_cues().isdisjoint(key[1:]):
        return False  # "أمير منطقة" (the title "أمير منطقة الرياض"), "عبداللطيف جامعة"
    return has_name(key, person_words)


# The second halves of compound names ("عز الدين", "نصر الله"): alone, a common noun or God's name.
_SECOND_HALVES = frozenset(("الدين", "الله"))


@lru_cache(maxsize=1)
def _place_or_body_cues() -> frozenset[str]:
    """Words that start a place's or a body's name ("منطقة", "مدينة", "جامعة", "مجلس"): never inside a name."""
    from ..ner.lexicon import load_lexicons

    words = load_lexicons().words
    return frozenset(words.get("loccue", ())) | frozenset(words.get("orgcue", ()))


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from ..kb.analysis import _given_names as given

    return given()


@lru_cache(maxsize=1 << 14)
def _is_title_word(word: str) -> bool:
    titles = _ner_titles()
    return any(w in titles for w in (word, word[1:], word[2:]) if len(w) >= 3)


@lru_cache(maxsize=1)
def _ner_titles() -> frozenset[str]:
    from ..ner.lexicon import load_lexicons

    return frozenset(load_lexicons().words.get("title", ()))


def _take_over_corefs(groups: dict[str, _Group], m: Mention, covered: _Coverage) -> bool:
    """A recogniser's person that holds only coreference mentions ("العزيز", "بن نايف") and is longer than
    each ("فيصل بن بندر بن عبد العزيز"): the whole name wins, the pieces go. True when it was so."""
    inside: list[tuple[_Group, Mention]] = []
    for g in groups.values():
        for x in g.mentions:
            if x.start < m.end and m.start < x.end:
                if x.source != "coref" or x.type != "PER" or not (m.start <= x.start and x.end <= m.end) \
                        or x.end - x.start >= m.end - m.start:
                    return False
                inside.append((g, x))
    for g, x in inside:
        g.mentions.remove(x)
    covered.mask[m.start:m.end] = b"\x00" * (m.end - m.start)
    return True


_WORD_SPAN_RE = re.compile(r"[^\W_]+")
# A word that ends a name before it: with a preposition and the article ("مشعل للعمرة"), an accusative
# ending ("جينتيلوني مؤتمرًا"), a number ("توني بلير ثلاث").
_PREPOSITION_ARTICLE = ("لل", "بال", "وال", "كال", "فال")
_ACCUSATIVE = ("\u064b", "ًا", "اً")
_NUMBER_WORDS = frozenset(norm_text(w) for w in (
    "واحد", "اثنين", "اثنان", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة", "سبع", "سبعة",
    "ثماني", "ثمانية", "تسع", "تسعة", "عشر", "عشرة", "مئة", "مائة", "ألف", "آلاف", "مليون"))
# Words of a military rank that the recogniser takes into the name ("العميد ركن أحمد عسيري").
_RANK_WORDS = frozenset(norm_text(w) for w in ("ركن", "أول", "طيار", "بحري"))


def _trim_person(m: Mention, title_firsts: frozenset[str]) -> Mention:
    """A recogniser's person without a rank or title word at its start and a non-name word at its end."""
    words = list(_WORD_SPAN_RE.finditer(m.text))
    first, last = 0, len(words)
    while first < last - 1 and (norm_text(words[first].group()) in _RANK_WORDS or (
            norm_text(words[first].group()) in title_firsts and norm_text(words[first].group()) not in _given_names())):
        first += 1
    if first < last - 1 and _common_noun_before_surname(norm_text(words[first].group()),
                                                          norm_text(words[first + 1].group())):
        first += 1  # "برحيل الأسد": the noun of a construct, then the name
    while last > first + 1:
        w = words[last - 1].group()
        n = norm_text(w)
        if n.startswith(_PREPOSITION_ARTICLE) or w.endswith(_ACCUSATIVE) or n in _NUMBER_WORDS or plural_common_noun(n) \
                or n in _ADVERBS_AFTER_NAMES \
                or with_pronoun(n) or n in _PARTICLES_WITH_CLITIC \
                or n in ABBREVIATED_TITLES or _future_verb(n) \
                or word_after_name(w, n) and last - 1 > first:  # ("حمدان العرادي" + "ود." the next one's title)
            last -= 1
        else:
            break
    if (first, last) == (0, len(words)) or not words:
        return m
    a, b = words[first].start(), words[last - 1].end()
    return Mention(m.start + a, m.start + b, m.text[a:b], m.type, m.source)


# Adverbs the news writes after a name without the tanween mark ("برئاسة الرئيس هادي أخيرا"): never a surname.
_ADVERBS_AFTER_NAMES = frozenset(norm_text(w) for w in (
    "أخيرا", "مؤخرا", "حاليا", "سابقا", "لاحقا", "أيضا", "مجددا", "رسميا", "شخصيا", "هاتفيا", "فورا", "غدا"))
# Surnames that are also weekdays ("محمد مختار جمعة", "عوض خميس"): a family name after a given name.
_WEEKDAY_SURNAMES = frozenset(norm_text(w) for w in ("جمعة", "خميس"))


def _future_verb(word: str) -> bool:
    """A verb in the future ("سيلتقي", "ستزور"): س, an imperfect prefix and a verb the news uses; no name's
    last word ("فابيوس" + "سيلتقي")."""
    return len(word) > 4 and word[0] == "س" and word[1] in "يتن" and word[1:] in common_words() \
        and not name_word(word)


# Particles with a proclitic, which end a name before them ("خالد العتيبي" + "بأن").
_PARTICLES_WITH_CLITIC = frozenset(norm_text(w) for w in ("بأن", "بان", "لأن", "لان", "وأن", "وان", "فإن", "وإن", "بأنه",
                                                         "بانه", "وأنه", "كأن", "لكن", "ولكن",
                                                         # a pronoun with its conjunction: "الرئيس هادي فهو رئيس…"
                                                         "فهو", "وهو", "فهي", "وهي", "فهم", "وهم"))


def _common_noun_before_surname(word: str, following: str) -> bool:
    """Whether a word the news uses as a common noun, and rarely as a given name ("رحيل": 5 people), stands
    before a name with the article ("رحيل الأسد"): a construct, not a given name + surname. A word no one
    bears ("ولاية الخير") is left to the name check, which drops the whole span."""
    return following.startswith("ال") and word in common_words() and word not in _given_names() \
        and 0 < name_counts().get(word, 0) < RARE_GIVEN


# Particles that cannot end a name ("عبداللطيف آل" + "الشيخ") and words that end one after a space
# ("محمد رضا نعمت" + "زادة", "جاويش" + "أوغلو").
_OPEN_PARTICLES = frozenset(("ال", "بن", "ابن", "بنت", "ابو", "عبد", "ولد"))
_NAME_SUFFIXES = frozenset(norm_text(w) for w in ("زاده", "زادة", "أوغلو", "اوغلو", "أوغلي"))
_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W_]+)")
# A given name this rare that is also a common word of the news reads as the noun ("رحيل", "عودة").
RARE_GIVEN = 10
_LINEAGE = frozenset(("بن", "ابن", "بنت", "ولد"))


def _extend_person(text: str, m: Mention, title_firsts: frozenset[str]) -> Mention:
    """A recogniser's person with the word it left out: after an open particle or before a name suffix
    ("عبداللطيف آل الشيخ", "محمد رضا نعمت زادة"), and the و of a name after a title and its conjunction
    ("والمهندس وصفي الرشيد": the recogniser reads "و + صفي")."""
    start, end = m.start, m.end
    words = name_key(m.text)
    nxt = _NEXT_WORD_RE.match(text, end)
    if nxt and words:
        following = norm_text(nxt.group(1))
        if following in _NAME_SUFFIXES or words[-1] == "ال" or words[-1] in _OPEN_PARTICLES and (
                not following.startswith("ال") or name_word(following)):  # (not "ريتشارد ابن" + "الكاتب")
            end = nxt.end()
        elif _family_name_after_lineage(words, following):
            end = nxt.end()  # "مطلق بن دغيم" + "الخمعلي": the family name after the father's
        elif _given_name_only(words) and following.startswith("ال") and len(following) >= 5 \
                and _family_word(following):
            end = nxt.end()  # "عز الدين" + "الأصبحي", "الحارس عبد الله" + "المعيوف": the family name
        elif following in _WEEKDAY_SURNAMES and words[-1] in _given_names() \
                and not text.startswith(" مشيط", nxt.end()):
            end = nxt.end()  # "محمد مختار" + "جمعة": no weekday without its article (not "خميس مشيط")
    if len(words) == 1 and words[0].startswith("ال") and _family_word(words[0]):
        prev = _WORD_BEFORE_RE.search(text, max(0, start - 20), start)
        if prev is not None and prev.group(1) == "علي":
            title = _WORD_BEFORE_RE.search(text, max(0, prev.start(1) - 20), prev.start(1))
            if title is not None and (_is_title_word(norm_text(title.group(1))) or norm_text(title.group(1)) in
                                      title_firsts):
                start = prev.start(1)  # "اللواء علي" + "الأحمدي": Ali, read as the preposition "على"
    if words and words[0] in _LINEAGE:
        prev = _WORD_BEFORE_RE.search(text, max(0, start - 20), start)
        if prev is not None and prev.group(1) != "على" and norm_text(prev.group(1)) in _given_names():
            start = prev.start(1)  # "الأمير علي" + "بن الحسين": the given name the recogniser left out
    if start >= 2 and text[start - 1] == "و" and not text[start - 2].isalnum():
        before = text[max(0, start - 40):start - 1].split()
        prev = norm_text(before[-1]) if before else ""
        if prev[:1] in ("و", "ف") and len(prev) > 3:
            prev = prev[1:]
        if words and name_word("و" + words[0]) and (_is_title_word(prev) or prev in title_firsts):
            start -= 1
    if (start, end) == (m.start, m.end):
        return m
    return Mention(start, end, text[start:end], m.type, m.source)


@lru_cache(maxsize=1 << 12)
def _family_word(word: str) -> bool:
    """A word with the article that is a family name ("الأصبحي"): in the recogniser's family gazetteer or
    the name table, and no nationality, place, title or function word ("السعودي", "اليوم")."""
    from ..ner.lexicon import load_lexicons

    lex = load_lexicons().words
    if any(word in lex.get(k, ()) for k in ("nat", "place", "stop", "func", "title", "portfolio")):
        return False
    return word in lex.get("gzfamily", ()) or name_word(word)


def _given_name_only(words: tuple[str, ...]) -> bool:
    """Whether a person's words are a given name alone, compound ones included ("عبد الله", "عز الدين")."""
    if len(words) == 1:
        return words[0] in _given_names()
    return len(words) == 2 and (words[0] in ("عبد", "ابو") or words[1] in _SECOND_HALVES)


def _family_name_after_lineage(words: tuple[str, ...], following: str) -> bool:
    """Whether `following` is the family name that ends "X بن Y": a word with the article that the news
    does not use as a common word (a nisba, "الخمعلي", not "السعودي", "الذي", "الأمين") and is no
    country's adjective, right after a lineage's last name."""
    if len(words) < 3 or words[-2] not in _LINEAGE or not following.startswith("ال") or len(following) < 5:
        return False
    return following not in common_words() and not _is_title_word(following)


def _join_surname(analysis: Analysis, groups: dict[str, _Group], m: Mention) -> bool:
    """A recogniser's person written right before the surname of a KB person ("خالد محفوظ" + "بحاح"): one name.
    Linked to that person when its given name is one of theirs, else another person of the same family."""
    text = analysis.text
    for g in list(groups.values()):
        for x in g.mentions:
            if x.type != "PER" or x.source != "coref" or not (m.end < x.start <= m.end + 2) \
                    or not text[m.end:x.start].isspace():
                continue
            g.mentions.remove(x)
            whole = Mention(m.start, x.end, text[m.start:x.end], "PER", "model")
            given = name_key(m.text)[0]
            if g.actor and given in _own_name_words(analysis.kb, g.actor):
                g.mentions.append(whole)
            else:
                key = stable_id(whole.text)
                groups.setdefault(key, _Group(key, "PER", None)).mentions.append(whole)
            return True
    return False


# Blessings that follow a name ("فيصل بن عبد العزيز رحمه الله"): never its end.
_BLESSING_RE = re.compile(r"[\s\-–—(]+(?:" + "|".join(BLESSINGS) + r")(?:\s+الله)?[\s)\-–—]*$")


def _without_blessing(m: Mention) -> Mention:
    """A model mention with a blessing cut from its end (the model takes "رحمه الله" into the name)."""
    cut = _BLESSING_RE.search(m.text)
    if cut is None or cut.start() == 0:
        return m
    return Mention(m.start, m.start + cut.start(), m.text[:cut.start()], m.type, m.source)


class _Coverage:
    """Spans [start, end) of the body taken so far; overlaps(a, b) is any(a < e and s < b) over them."""

    def __init__(self, size: int) -> None:
        self.mask = bytearray(size + 1)
        self.spans: list[tuple[int, int]] = []  # all of them, for the rare empty span
        self.empty = False

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))
        if start < end:
            self.mask[start:end] = b"\x01" * (end - start)
        else:
            self.empty = True

    def add_all(self, spans: list[tuple[int, int]]) -> None:
        """add() for each of `spans`, in one call."""
        self.spans += spans
        mask = self.mask
        for start, end in spans:
            if start < end:
                mask[start:end] = b"\x01" * (end - start)
            else:
                self.empty = True

    def overlaps(self, start: int, end: int) -> bool:
        if start >= end or self.empty:  # an empty span: no character to look at, compare the spans
            return any(start < e and s < end for s, e in self.spans)
        return self.mask.find(1, start, end) >= 0


def _add_title_corefs(analysis: Analysis, groups: dict[str, _Group], day: str | None) -> None:
    """A title alone ("الوزير الروسي", "خادم الحرمين الشريفين", "ولي ولي العهد") refers to the one person of
    the article who holds it: a KB person named in the article who held the office on the article's day
    first, else a person the text gave that title ("وزير الداخلية اللبناني، نهاد المشنوق" ... "الوزير
    اللبناني"). No link when two fit; a title with a country or an organisation may also point forward
    (a headline's "وزير الخارجية الفرنسي" before "لوران فابيوس")."""
    kb, ws = analysis.kb, analysis.words
    bound = {id(b.title) for b in analysis.bindings}
    title_words = {i for t in analysis.titles for i in range(t.first, t.last + 1)}
    by_first = {t.first: t for t in analysis.titles}

    def _coordinated(t: TitleHit) -> bool:  # a title written after the conjunction و ("وولي عهده")
        w = ws[t.first]
        return t.start > w.start and analysis.text[w.start] == "و"

    titles = [t for t in analysis.titles if id(t) not in bound and not t.former]
    covered = [(m.start, m.end, g.type) for g in groups.values() for m in g.mentions]
    people = [g for g in groups.values() if g.type == "PER" and g.mentions]
    person_starts = {m.start for g in people for m in g.mentions}
    person_ends = {m.end for g in people for m in g.mentions}
    for t in titles:
        if t.start - 1 in person_ends and analysis.text[t.start - 1] == " ":
            continue  # "عادل الطريفي الوزير المرافق": the name's own role, right after it
        # (a place or body inside the title stays: "وزير خارجية مصر", "الأمين العام للأمم المتحدة")
        if any(s < t.end and t.start < e and (kind == "PER" or s < t.start or e > t.end) for s, e, kind in covered):
            continue
        if t.first > 0 and ws.joined(t.first) and (t.first - 1) in title_words and not _coordinated(t) \
                or t.last + 1 < len(ws) and ws.joined(t.last + 1) and (t.last + 1) in title_words \
                and not (t.last + 1 in by_first and _coordinated(by_first[t.last + 1])):
            continue  # a chain of offices ("ولي العهد نائب رئيس مجلس الوزراء وزير الداخلية", "العاهل السعودي الملك")
            # (not titles joined by و: "لخادم الحرمين الشريفين وولي عهده وولي ولي العهد" are three people)
        if _before_a_name(ws, t.last + 1, person_starts):
            continue  # "وزير خارجية جمهورية مصر العربية الأستاذ سامح شكري": the name's role
        if t.first > 0 and ws.joined(t.first) and _possessor_of(ws.norms[t.first - 1]):
            continue  # "المستشار في مكتب وزير الدفاع": the minister's office, and a speaker who is not him
        scoped = any(sense.country or sense.org for sense in t.senses)
        holders, named = [], []
        for g in people:
            if not scoped and min(m.start for m in g.mentions) > t.start:
                continue
            if g.actor and any(_kb_role_fits(kb, r, sense) for r in kb.actors[g.actor].roles_at(day)
                               for sense in t.senses):
                holders.append(g)
            elif any(_role_fits(kb, r, sense) for r in g.roles for sense in t.senses):
                named.append(g)
        if scoped:
            # a holder the text also gave the title first ("الوزير الجبير" … "الوزير السعودي", not the
            # interior minister named only with "ولي العهد")
            both = [g for g in holders if any(_role_fits(kb, r, sense) for r in g.roles for sense in t.senses)]
            found = both or holders or named
        else:
            # a bare title: the one KB holder of that very office on the day ("خادم الحرمين الشريفين", not
            # "الملك عبد العزيز" named in a history), else the one person it fits at all ("الوزير")
            exact = [g for g in holders if any(r.office == sense.office for r in kb.actors[g.actor].roles_at(day)
                                               for sense in t.senses if sense.office != "minister")]
            found = exact if len(exact) == 1 else holders + named
            if len(found) > 1:
                found = _nearest_before(found, t.start, analysis.text)  # "الوزير" after "الوزير المشنوق", not Fabius
        if len(found) == 1:
            found[0].mentions.append(Mention(t.start, t.end, analysis.text[t.start:t.end], "PER", "coref"))
    _counterparts(analysis, people, day)
    _bound_title_mentions(analysis, groups)


_NEAREST_CHARS = 600  # how far back the person a bare title refers to was last named (about a paragraph)


def _nearest_before(found: list[_Group], start: int, text: str) -> list[_Group]:
    """Of the people a bare title fits, the one named last before it, within about a paragraph; none when
    none was, or when another was named in the same sentence ("وأكد وزير الخارجية … ووزير الداخلية … أن"
    + "وقال الوزير": either)."""
    last = [(max((m.end for m in g.mentions if m.end <= start), default=-1), g) for g in found]
    last.sort(key=lambda x: -x[0])
    if last[0][0] < 0 or start - last[0][0] > _NEAREST_CHARS:
        return []
    if len(last) > 1 and last[1][0] >= 0 and not _SENTENCE_END_RE.search(text, last[1][0], last[0][0]):
        return []
    return [last[0][1]]


_SENTENCE_END_RE = re.compile(r"[.!?؟\n]")


# Titles of a place's office, the place right after them ("أمير منطقة مكة المكرمة", "محافظ عدن", "ولي عهد
# أبوظبي"): the KB's offices are national; these are given to whoever the text names next to them.
_PLACE_TITLE_RE = re.compile(
    r"(?:^|(?<=[\s«\"(،,.]))[وفبل]?((?:نائب\s+)?(?:[أا]مير\s+منطقة|محافظ|ولي\s+عهد|[أا]مين\s+منطقة|[أا]مين|حاكم|والي|"
    r"عمدة|رئيس\s+بلدية)\s+)$")
_PLACE_OFFICES = (("ولي", "crown prince"), ("امير", "emir of a region"), ("أمير", "emir of a region"),
                  ("محافظ", "governor"), ("حاكم", "governor"), ("والي", "governor"), ("نائب", "deputy governor"))
_APPOSITION_RE = re.compile(r"[ \t]*[،,]?[ \t]*$")


def _place_titles(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A place's title after a person's name is their role ("الأمير خالد الفيصل أمير منطقة مكة المكرمة");
    the same title alone elsewhere in the article ("وقال أمير منطقة مكة المكرمة") is a mention of them, as
    are its other occurrences then. Two people given the same title: no link."""
    text = analysis.text
    people = [g for g in groups.values() if g.type == "PER" and g.mentions]
    ends = {m.end: g for g in people for m in g.mentions}
    starts_at = {m.start: g for g in people for m in g.mentions if m.source != "coref"}
    person_spans = [(m.start, m.end) for g in people for m in g.mentions]
    found: list[tuple[int, int, str, _Group | None]] = []  # (start, end, key, the person named before)
    in_titles = {k for t in analysis.titles for k in range(t.first, t.last + 1)}
    for g in groups.values():
        if g.type != "LOC":
            continue
        for m in g.mentions:
            head = _PLACE_TITLE_RE.search(text, max(0, m.start - 30), m.start)
            if head is None:
                continue
            start = head.start(1)
            if any(s < m.end and start < e for s, e in person_spans):
                continue  # already someone's mention ("وزير خارجية المملكة" linked before)
            gap = _APPOSITION_RE.search(text, max(0, start - 4), start)
            before = next((ends[k] for k in range(gap.start(), start + 1) if k in ends), None) if gap else None
            if before is None and gap is not None:
                before = _name_before_roles(analysis, gap.start(), ends, in_titles)
            if before is None:  # the title right before the name ("محافظ عدن نايف البكري")
                nxt = _NAME_AFTER_RE.match(text, m.end)
                before = starts_at.get(nxt.end()) if nxt else None
            found.append((start, m.end, " ".join(name_key(text[start:m.end])), before))
    holders: dict[str, set[int]] = {}
    named: dict[int, _Group] = {}
    for start, end, key, g in found:
        if g is not None:
            holders.setdefault(key, set()).add(id(g))
            named[id(g)] = g
            if not any(r.text == text[start:end] for r in g.roles):
                first = name_key(text[start:end])[0]
                office = next((en for w, en in _PLACE_OFFICES if norm_text(w) == first), None)
                _add_role(g, Role(text=text[start:end], office=office))
    for start, end, key, _ in found:
        ids = holders.get(key, set())
        alone = any(g is None for s, e, k, g in found if k == key)
        if len(ids) == 1 and alone:
            named[next(iter(ids))].mentions.append(Mention(start, end, text[start:end], "PER", "coref"))


def _word_starts(ws: Any) -> list[int]:
    """The words' start offsets, read from the tokens without making Word objects."""
    return list(map(_START, getattr(ws, "tokens", ws)))


_ROLE_PHRASE_WORDS = 8  # "المستشار في مكتب وزير الدفاع السعودي": 6


def _apposition_roles(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """Role phrases set off by commas after a person's name ("العميد ركن أحمد عسيري، المتحدث باسم قوات
    التحالف، المستشار في مكتب وزير الدفاع السعودي لـ…") are their roles; where the same phrase stands alone
    elsewhere in the article ("وقال المتحدث باسم قوات التحالف") it is a mention of them, as are its other
    occurrences then. A phrase given to two people links no one."""
    ws, text, norms = analysis.words, analysis.text, analysis.norms
    if len(ws) < 4:
        return
    starts = _word_starts(ws)
    people = [g for g in groups.values() if g.type == "PER" and g.mentions]
    owners: dict[tuple[str, ...], set[int]] = {}
    by_id: dict[int, _Group] = {}
    apposed: set[int] = set()  # the first words of the phrases read after a name
    for g in people:
        for m in g.mentions:
            if m.source == "coref":
                continue
            pos = m.end
            for _ in range(3):  # "X، role، role"
                comma = _COMMA_AFTER_RE.match(text, pos)
                if comma is None:
                    break
                i = bisect_left(starts, comma.end())
                if i >= len(ws) or ws[i].start != comma.end():
                    break
                j = _role_phrase_end(ws, text, norms, i)
                if j is None:
                    break
                key = tuple(norms[i:j])
                owners.setdefault(key, set()).add(id(g))
                by_id[id(g)] = g
                apposed.add(i)
                if not any(r.text == text[ws[i].start:ws[j - 1].end] for r in g.roles):
                    g.roles.append(Role(text=text[ws[i].start:ws[j - 1].end]))
                pos = ws[j - 1].end
    if not owners:
        return
    taken = [(m.start, m.end, g) for g in groups.values() for m in g.mentions]
    for key, ids in owners.items():
        if len(ids) != 1:
            continue
        g = by_id[next(iter(ids))]
        found = _phrase_at(norms, ws, text, key)
        if all(i in apposed for i, _ in found):
            continue  # never alone: a role, no mention
        for i, start in found:
            end = ws[i + len(key) - 1].end
            inside = [(s, e, o) for s, e, o in taken if s < end and start < e]
            if any(o.type == "PER" or not (start <= s and e <= end) for s, e, o in inside):
                continue
            for s, e, o in inside:  # a body inside the role ("قوات التحالف") is the role's
                o.mentions = [x for x in o.mentions if not (x.start == s and x.end == e)]
            g.mentions.append(Mention(start, end, text[start:end], "PER", "coref"))
            taken.append((start, end, g))


_COMMA_AFTER_RE = re.compile(r"[ \t]*[،,][ \t]*")


def _role_phrase_end(ws: Any, text: str, norms: list[str], i: int) -> int | None:
    """The end (exclusive word index) of a role phrase starting at word i: a role noun, then words up to
    punctuation or "لـ"; None when it is no role or runs on without punctuation (a clause, not a role)."""
    first = norms[i]
    if not (_is_title_word(first) and first.startswith("ال")) or first in _DEPUTY_POSSESSIVE_WORDS:
        return None
    j = i + 1
    while j < len(ws) and j - i < _ROLE_PHRASE_WORDS:
        gap = text[ws[j - 1].end:ws[j].start]
        if not gap.isspace() or len(norms[j]) < 2:
            break
        j += 1
    else:
        if j < len(ws):
            return None  # no punctuation within the phrase's length
    if j - i < 2 or norms[j - 1] in _ON_BEHALF or norms[j - 1] in _never_words():
        return None  # 'المتحدث باسم «…»': the name in quotes completes it; read no half of it
    return j


_DEPUTY_POSSESSIVE_WORDS = frozenset(("نائبه", "نائبها"))


def _phrase_at(norms: list[str], ws: Any, text: str, key: tuple[str, ...]) -> list[tuple[int, int]]:
    """(word index, start offset) of each occurrence of a phrase, its first word maybe after a proclitic
    (the offset is then past it, "وقال" + "المتحدث", "والمتحدث" -> "المتحدث")."""
    out = []
    head, n = key[0], len(key)
    for i, w in enumerate(norms):
        if w == head:
            start = ws[i].start
        elif w[:1] in "وفب" and w[1:] == head:
            start = ws[i].start + 1
        else:
            continue
        if tuple(norms[i + 1:i + n]) == key[1:] and all(text[ws[k - 1].end:ws[k].start].isspace()
                                                        for k in range(i + 1, i + n)):
            after = i + n
            if after < len(ws) and text[ws[after - 1].end:ws[after].start].isspace() \
                    and norms[after].startswith("ال") and norms[after] not in _never_words() \
                    and norms[after] != "الى":  # ("إلى" once normalised)
                continue  # the phrase runs on ("المتحدث باسم قوات التحالف" + "العربي"): another role
            out.append((i, start))
    return out


_NAME_AFTER_RE = re.compile(r"[ \t]+")


def _name_before_roles(analysis: Analysis, end: int, ends: dict[int, _Group], in_titles: set[int]) -> _Group | None:
    """The person whose name ends right before a chain of role words that ends at `end` ("خالد الفيصل" +
    "مستشار خادم الحرمين الشريفين" + "، أمير منطقة مكة المكرمة"): up to six words of titles and role nouns."""
    ws, text = analysis.words, analysis.text
    starts = _word_starts(ws)
    k = bisect_left(starts, end) - 1
    steps = 0
    while k >= 0 and steps < 6 and (k in in_titles or _is_title_word(ws.norms[k])):
        gap = text[ws[k - 1].end:ws[k].start] if k > 0 else ""
        if k > 0 and ws[k - 1].end in ends and _APPOSITION_RE.fullmatch(gap):
            return ends[ws[k - 1].end]
        k, steps = k - 1, steps + 1
    return None


# Nouns a title completes as its owner ("مكتب وزير الدفاع", "مستشار الرئيس", "باسم الأمين العام"): the
# phrase names an office or another person, not the holder.
_POSSESSED = frozenset(norm_text(w) for w in (
    "مكتب", "ديوان", "مستشار", "مساعد", "باسم", "بإسم", "متحدث", "حرس", "موكب", "مبعوث", "ممثل"))


def _possessor_of(word: str) -> bool:
    return word in _POSSESSED or word[:1] in "وبلف" and word[1:] in _POSSESSED


# Titles used as a name (the Saudi king's "خادم الحرمين الشريفين"): a mention of the one they are bound to
# wherever they stand, even when the article never uses them alone.
_EPITHETS = frozenset({name_key("خادم الحرمين الشريفين"), name_key("خادم الحرمين")})


# "خادم الحرمين الشريفين" with a clitic or not ("لخادم", "وخادم", "ولخادم"), the whole words only
_EPITHET_RE = re.compile(r"(?<![^\W_])(?:[وف]?[بل])?[وف]?(خادم الحرمين(?: الشريفين)?)(?![^\W_])")


def _clitic_forms(word: str) -> set[str]:
    """A word and its forms without a leading و/ف and a preposition ب/ل ("لبرنامج", "وبسفارة")."""
    out = {word}
    if word[:1] in "وف" and len(word) > 3:
        word = word[1:]
        out.add(word)
    if word[:1] in "بل" and len(word) > 3:
        out.add(word[1:])
    return out


def _unbound_epithets(analysis: Analysis, groups: dict[str, _Group], day: str | None) -> None:
    """The Saudi king's title used as his name where no earlier name of the article gives it a holder: before
    the king is named ("مستشهدًا بما ذكره خادم الحرمين الشريفين" … "الملك سلمان"), inside another's role
    ("مستشار خادم الحرمين الشريفين") or in an article that never names him. The holder is the article's own
    (a person it already called so), else the one KB king of Saudi Arabia on the article's day; none when the
    title is marked as former ("الراحل") or the day is unknown."""
    text = analysis.text
    if "خادم" not in text:
        return
    found = list(_EPITHET_RE.finditer(text))
    if not found:
        return
    spans = [(m.start, m.end) for g in groups.values() for m in g.mentions]
    former = analysis.kb.words("former_markers")

    def _former(end: int) -> bool:  # "خادم الحرمين الشريفين الراحل": a king before this one
        after = _WORD_SPAN_RE.search(text, end, end + 20)
        return after is not None and norm_text(after.group()) in former

    own = [g for g in groups.values() if g.type == "PER" and any(
        m.source == "coref" and name_key(m.text) in _EPITHETS and not _former(m.end) for m in g.mentions)]
    target: _Group | None = own[0] if len({g.key for g in own}) == 1 else None
    if target is None and not own and day:
        kings = [a for a, _ in analysis.kb.holders("king", country="SA", day=day)]
        if len(kings) == 1:
            target = groups.get(kings[0].id) or _Group(kings[0].id, "PER", kings[0].id)
    if target is None:
        return
    owners = analysis.kb.words("org_heads_strong", "org_heads_weak", "named_after_heads", "epithet_owner_heads")
    added = False
    for f in found:
        start, end = f.span(1)
        if any(s < end and start < e for s, e in spans) or _former(end):
            continue
        if f.start() == start and _after_title_word(text, start):
            continue  # "مستشار خادم الحرمين الشريفين، أمير منطقة مكة": another's role, whose titles follow
        before = _WORD_BEFORE_RE.search(text, max(0, f.start() - 20), f.start())
        if before is not None and _clitic_forms(norm_text(before.group(1))) & owners:
            continue  # "سفارة خادم الحرمين الشريفين", "برنامج خادم الحرمين الشريفين للابتعاث": a body's name
        target.mentions.append(Mention(start, end, text[start:end], "PER", "coref"))
        added = True
    if added:
        groups.setdefault(target.key, target)


def _bound_title_mentions(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A title the article uses alone for a person ("ولي ولي العهد" … "وعن ولي ولي العهد") is their name-like
    form: where the same words stand next to their name, they are a mention of them too."""
    text, ws = analysis.text, analysis.words
    # and a title right before a bound one ("خادم الحرمين الشريفين" + "الملك سلمان")
    by_first = {t.first: t for t in analysis.titles}
    pairs = [(b, b.title) for b in analysis.bindings]
    pairs += [(b, t) for b in analysis.bindings if b.position == "before" for t in analysis.titles
              if t.last + 1 == b.title.first and ws.joined(b.title.first) and by_first.get(b.title.first) is b.title]
    for b, t in pairs:
        person = analysis.person(b.person)
        g = groups.get(_group_key(analysis, person))
        if g is None:
            continue
        form = name_key(text[t.start:t.end])
        # (an epithet: only before the name of a KB person, never bound back to the name before it)
        epithet = form in _EPITHETS and b.position == "before" and g.actor is not None
        if (epithet or any(m.source == "coref" and name_key(m.text) == form for m in g.mentions)) \
                and not any(m.start < t.end and t.start < m.end for m in g.mentions):
            g.mentions.append(Mention(t.start, t.end, text[t.start:t.end], "PER", "coref"))


def _before_a_name(ws, i: int, person_starts: set[int]) -> bool:  # noqa: ANN001 - Words
    """Whether word i, right after a title, starts a person's name, maybe after an honorific ("الأستاذ")."""
    for k in (i, i + 1):
        if k >= len(ws) or not ws.joined(k):
            return False
        if ws[k].start in person_starts:
            return True
        if k == i and not _is_title_word(ws.norms[k]):
            return False
    return False


def _role_fits(kb, role: Role, sense: TitleSense) -> bool:  # noqa: ANN001 - KnowledgeBase
    """Whether a role the text gave a person is what a title says (the same office, or any minister for
    "الوزير"; the same country when the title names one)."""
    office = kb.office_by_en(role.office) if role.office else None
    same_office = role.office == sense.office_en or (
        sense.office == "minister" and office is not None and office.kind == "minister")
    return same_office and (sense.country is None or sense.country == role.country)


def _kb_role_fits(kb, role: KBRole, sense: TitleSense) -> bool:  # noqa: ANN001 - KnowledgeBase
    office = kb.offices.get(role.office)
    same_office = role.office == sense.office or (
        sense.office == "minister" and office is not None and office.kind == "minister")
    return same_office and (sense.country is None or sense.country == role.country) \
        and (sense.org is None or sense.org == role.org)


# "نظيره المصري": his counterpart, the person of that country who holds the office of another person named.
_COUNTERPART_WORDS = frozenset(norm_text(w) for w in ("نظيره", "نظيرته", "نظيرها", "نظيريه", "لنظيره", "بنظيره",
                                                     "ونظيره", "لنظيرته", "بنظيرته", "ونظيرته"))


def _counterparts(analysis: Analysis, people: list[_Group], day: str | None) -> None:
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    hits = [i for i in range(len(norms) - 1) if norms[i] in _COUNTERPART_WORDS and ws.joined(i + 1)]
    if not hits:
        return
    adjectives = _adjective_countries(kb)
    offices: dict[int, set[tuple[str, str | None]]] = {}  # group -> (office key, country)
    for g in people:
        held = {(r.office, r.country) for r in (kb.actors[g.actor].roles_at(day) if g.actor else [])}
        for r in g.roles:
            office = kb.office_by_en(r.office) if r.office else None
            if office is not None:
                held.add((office.key, r.country))
        offices[id(g)] = held
    starts = {m.start: g for g in people for m in g.mentions}
    for i in hits:
        country = adjectives.get(norms[i + 1])
        if country is None:
            continue
        w0 = ws[i]
        start = w0.start + (1 if norms[i][0] in "ولب" and norms[i][1:] in _COUNTERPART_WORDS else 0)
        end = ws[i + 1].end
        if any(m.start < end and start < m.end for g in people for m in g.mentions):
            continue
        if i + 2 < len(ws) and ws.joined(i + 2) and ws[i + 2].start in starts:
            continue  # "نظيره الفرنسي برنار كازنوف": his role, as a title before a name
        other = {o for g in people for o, c in offices[id(g)] if c != country}
        found = [g for g in people if any(c == country and o in other for o, c in offices[id(g)])]
        if len(found) == 1:
            found[0].mentions.append(Mention(start, end, text[start:end], "PER", "coref"))


def _adjective_countries(kb) -> dict[str, str]:  # noqa: ANN001 - KnowledgeBase
    """Nationality adjectives, masculine and feminine ("المصري", "المصرية"), -> ISO code, made once per KB."""
    found = _ADJECTIVES.get(id(kb))
    if found is None or found[0] is not kb:
        table: dict[str, str] = {}
        for a in kb.actors.values():
            if a.iso:
                for adj in a.adjectives:
                    table[norm_text(adj)] = a.iso
                    table[norm_text(adj + "ة")] = a.iso
        found = _ADJECTIVES[id(kb)] = (kb, table)
    return found[1]


_ADJECTIVES: dict[int, tuple[object, dict[str, str]]] = {}


_START, _SPAN = attrgetter("start"), attrgetter("start", "end")


def _finish(doc: Document, analysis: Analysis, groups: dict[str, _Group]) -> None:
    kb = analysis.kb
    _drop_nested(groups)
    ordered = sorted((g for g in groups.values() if g.mentions), key=lambda g: min(map(_START, g.mentions)))
    doc.entities, doc.mentions = [], []
    for i, g in enumerate(ordered, 1):
        eid = f"e{i}"
        g.mentions = [_closed(analysis.text, m) for m in g.mentions]
        g.mentions.sort(key=_SPAN)
        unique = []
        for m in g.mentions:
            if not unique or (m.start, m.end) != (unique[-1].start, unique[-1].end):
                unique.append(m)
        for m in unique:
            m.entity = eid
        actor = kb.actors.get(g.actor or "")
        if actor:
            name, name_en, actor_id = actor.name, actor.name_en, actor.id
        else:
            names = [m.text for m in unique if m.source != "coref"] or [m.text for m in unique]
            name = without_proclitic(max(names, key=len))  # ("للجيش اليمني": "الجيش اليمني")
            # people not in the KB: attested spellings of their names; places and bodies: no guess
            name_en, actor_id = (person_name_en(name) if g.type == "PER" else None), None
        doc.entities.append(Entity(eid, g.type, name, name_en, actor_id, g.roles,
                                   [Span(m.start, m.end, m.text) for m in unique]))
        doc.mentions += unique
    doc.mentions.sort(key=_SPAN)


def _drop_nested(groups: dict[str, _Group]) -> None:
    """A place or body inside a title that is itself a mention of a person ("محافظ عدن", "وزير خارجية مصر",
    "ولي عهد أبوظبي" said of their holder) is part of that mention: the text names the person there, and an
    analyst reading the mentions sees one name, not two overlapping ones. Dropped where the article names
    the place or body elsewhere too; one named only inside titles keeps those mentions."""
    people = sorted((m.start, m.end) for g in groups.values() if g.type == "PER" for m in g.mentions
                    if m.source == "coref" and m.end - m.start > 0)
    if not people:
        return
    starts = [s for s, _ in people]
    for g in groups.values():
        if g.type == "PER":
            continue
        kept = []
        for m in g.mentions:
            k = bisect_right(starts, m.start) - 1
            inside = False
            while k >= 0 and not inside:
                s, e = people[k]
                inside = s <= m.start and m.end <= e and (s, e) != (m.start, m.end)
                if people[k][0] < m.start - 80:
                    break
                k -= 1
            if not inside:
                kept.append(m)
        if kept:  # (a place named only inside titles stays, once each: the article is about it too)
            g.mentions = kept


_MARK_PAIRS = (("«", "»"), ("“", "”"), ("(", ")"), ("{", "}"))


def _closed(text: str, m: Mention) -> Mention:
    """A mention with the quote it opens closed ('حركة «حماس' + '»', 'تنظيم "داعش' + '"': the KB name
    matched across the mark)."""
    if m.end >= len(text):
        return m
    after = text[m.end]
    if after == '"':
        opened = m.text.count('"') % 2
    else:
        opened = next((m.text.count(a) - m.text.count(b) for a, b in _MARK_PAIRS if b == after), 0)
    if opened <= 0:
        return m
    return Mention(m.start, m.end + 1, text[m.start:m.end + 1], m.type, m.source)


@register_stage("entities")
def make_entities(options: Options) -> EntitiesStage:
    return EntitiesStage(tuple(options.kb_dirs))


# -- organisations by their head noun, and speakers after a reporting verb ---------------------------------

_MAX_ORG_WORDS = 6  # words after the head ("وكالة الجمهورية الإسلامية الإيرانية للأنباء": 4)
_NO_FORM = ("", False, False, -1)
# Letters that start an imperfect verb ("تؤكد", "يعمل"): not the noun of a name's construct.
_IMPERFECT = ("ي", "ت", "ن", "س")
# Proclitics a word of a name does not start with unless it is a known name ("وليد", "بلال").
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")
# Possessive endings as written: "لمدينته" (to his city) is no "لـ" complement of a name.
_PRONOUN_ENDS = ("ه", "ها", "هم", "هما", "هن", "كم", "نا")


@lru_cache(maxsize=4)
def _org_head_forms(strong: frozenset[str], weak: frozenset[str]) -> dict[str, tuple[str, bool, bool, int]]:
    """Every written form of a head with its proclitics: form -> (head, strong, definite, letters to skip).
    "ووزاره" -> ("وزاره", True, False, 1); "والمرصد" -> ("مرصد", True, True, 1). "للمرصد" is left out: the
    name as written is not in the word."""
    out: dict[str, tuple[str, bool, bool, int]] = {}
    for head in strong | weak:
        for definite, form in ((False, head), (True, "ال" + head)):
            for clitic in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"):
                if definite and clitic.endswith("ل"):
                    continue
                out.setdefault(clitic + form, (head, head in strong, definite, len(clitic)))
    return out


def _mention_spans(groups: dict[str, _Group]) -> list[tuple[int, int, _Group, Mention]]:
    return [(m.start, m.end, g, m) for g in groups.values() for m in g.mentions]


def _organisations_by_head(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """An organisation's head noun and the words that complete it, one ORG mention: "وزارة الصحة", "جامعة
    تبوك", "وزارة التنمية والتعاون الدولي", "المرصد السوري لحقوق الإنسان". The name stops at a verb, a
    preposition, punctuation or a date; a place inside it is part of it ("تبوك" is no mention of its own)."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    forms = _org_head_forms(kb.words("org_heads_strong"), kb.words("org_heads_weak"))
    if forms.keys().isdisjoint(ws.distinct):  # (most articles name no body by its head: one set test)
        return
    hits = _positions(norms, forms)
    never, verbs = _kb_sets(kb, "org_never"), _kb_sets(kb, "verbs")
    adjectives = _adjective_countries(kb)
    stops, place_adjectives = kb.words("org_name_stops"), kb.words("org_adjectives_after_place")
    role_words, role_heads = kb.words("org_role_words"), kb.words("org_heads_of_roles")
    owner_heads = kb.words("org_heads_before_mark", "org_party_heads")  # ("لحركة فتح", "للحركة": another body)
    spans = _mention_spans(groups)
    places = {m.start: m for s, e, g, m in spans if g.type == "LOC"}
    mentioned = {s for s, e, g, m in spans}
    in_titles = {k for t in analysis.titles for k in range(t.first, t.last + 1)}
    taken_until = -1
    for i in hits:
        if i <= taken_until or i in in_titles or i > 0 and norms[i - 1] in _ON_BEHALF and ws.joined(i):
            continue  # the body of a role ("رئيس مجلس الوزراء", "المتحدث باسم وزارة…") is the role's
        head, strong, definite, skip = forms[norms[i]]
        before = norms[i - 1] if i > 0 and ws.joined(i) else ""
        before_title = bool(before) and (_is_title_word(before) or before in role_words)
        j, n_words, specific, complement, construct, quotes = i + 1, 0, False, False, False, 0
        end = ws[i].end
        before_quote, after_place, genitive = (end, 0), False, False
        while j < len(ws) and n_words < _MAX_ORG_WORDS and ws.joined(j):
            wj = ws[j]
            w, start = norms[j], wj.start
            gap = text[ws[j - 1].end:start]
            if gap and gap != " ":  # words may touch (a clitic split off the word before): no gap to read
                # a quote closes the name unless it opened inside it ('«أمانة الأحساء» الإلكترونية', but
                # 'جمعية «إبصار» الخيرية'): a mark right after the word closes, one right before the next opens
                if gap[0] in _CLOSE_QUOTES:
                    if not quotes:
                        break
                    quotes -= 1
                elif gap[-1] in _OPEN_QUOTES:
                    quotes += 1
                    before_quote = (end, n_words)
            place = places.get(start)
            if place is not None and n_words and not construct and w not in adjectives:
                break  # a place after the name's words is the sentence's: "القوات السعودية" + "تدمر"
            if place is not None:  # "جامعة تبوك", "أمانة الأحساء", "إدارة حماية البيئة"
                end, specific, after_place = place.end, True, w not in adjectives
                while j < len(ws) and ws[j].start < place.end:
                    j += 1
                n_words += 1
                continue
            if after_place and w not in adjectives and w not in place_adjectives:
                if not w.startswith("لل"):
                    break  # after a place: a nationality, "المركزي"…, or a "لـ" complement; not "الإلكترونية"
                after_place = False  # "هيئة الإمارات للمواصفات والمقاييس"
            if definite and n_words and not complement and w.startswith("ل") and all(
                    map(_nisba, norms[i + 1:j])) and (
                    forms.get("ال" + w[2:], _NO_FORM)[3] == 0 or w[2:] in owner_heads if w.startswith("لل")
                    else forms.get(w[1:], _NO_FORM)[3] == 0 or w[1:] in owner_heads):
                specific = True
                break  # a body of another: "اللجنة التنفيذية" + "لمنظمة التحرير", "اللجنة المركزية" + "للحركة"
                # (nisba adjectives only: "الأمانة العامة لمجلس الوزراء" is one name)
            if w in never or w in stops or _is_title_word(w) or w in forms and not (n_words and forms[w][2]
                                                                                   and forms[w][3] == 0) \
                    or start + 1 in mentioned and start + 1 < wj.end or start + 2 in mentioned and start + 2 < wj.end:
                break  # (a name after a clitic: "مجلس التعاون" + "والولايات المتحدة")
            if w.startswith("ال") and len(w) > 3:
                if text[start:wj.end].endswith(_PRONOUN_ENDS[1:]):
                    break  # "التزامها": a masdar that starts with "ال" and has a pronoun, no article
                if complement and norms[j - 1].startswith("لل") and not _adjective_like(w, adjectives, place_adjectives):
                    break  # right after a "لـ" complement only adjectives: "اللجنة العليا للانتخابات" + "الجدول
                    # الزمني" (the verb's object), but "اللجنة الوطنية للتعليم العالمي"
                if n_words and norms[j - 1] in adjectives and not _nisba(w) and w not in place_adjectives \
                        and not (w.endswith("ه") and norms[j - 1].endswith("ه")):
                    break  # after the nationality only an adjective: "وزارة الداخلية السعودية" + "القبض"
                if genitive and not construct and not _adjective_like(w, adjectives, place_adjectives) \
                        and not (w.startswith("الم") and len(w) > 5 and n_words > 1
                                 and _adjective_like(norms[j - 1], adjectives, place_adjectives)):
                    break  # head, its genitive, then the verb's object: "ناقش مجلس الشورى" + "التقرير" (but
                    # a participle after an adjective: "حزب الحرية اليميني المتطرف")
                genitive = genitive or not definite and not n_words
                specific = specific or w in adjectives
            elif w.startswith("وال") and len(w) > 4 and n_words:
                if w[1:] in never or ("و" + w[3:]) in forms:
                    break  # "والسفارة": another body
                if w.startswith("والم") and w.endswith(("ين", "ون")) and not w.endswith(("يين", "يون")) \
                        and _nisba(norms[j - 1]) and not text[ws[j - 1].start:ws[j - 1].end].endswith("ى"):
                    break  # people after the name: "قوات الدفاع الوطني" + "والمسلحين الموالين لها"
            elif not n_words and not definite and strong and (reach := _chain_to_place(ws, norms, j, places, verbs)):
                # indefinite nouns in construct up to a place: "رابطة دول جنوب شرقي آسيا", "منظمة دول
                # أمريكا اللاتينية"
                end, j, n_words, specific, after_place = places[ws[reach].start].end, reach + 1, reach - i, True, True
                while j < len(ws) and ws[j].start < end:
                    j += 1
                continue
            elif not n_words and not definite and j + 1 < len(ws) and ws.joined(j + 1) \
                    and norms[j + 1].startswith("ال") and w not in verbs and not w.startswith(_IMPERFECT) \
                    and norms[j + 1] not in never and not _is_title_word(norms[j + 1]):
                # an indefinite noun in construct, then a definite one: "إدارة حماية البيئة", "مستشفى
                # عيون الجواء", "لجنة تقصي الحقائق" (not a verb: "وزارة" + "تؤكد الالتزام")
                end, j, n_words, construct = ws[j + 1].end, j + 2, 2, True
                continue
            elif complement:
                break  # one "لـ" complement: "اللجنة العليا للانتخابات" + "لقانوني…" is the sentence's
            elif before_title and n_words:
                break  # "وكيل وزارة الصحة" + "للخدمات العلاجية": the rest of the role
            elif w.startswith("لل") and len(w) > 4 and n_words + (not definite) and not construct:
                specific = complement = True  # "للانتخابات", "للأنباء"
            elif w.startswith("ل") and len(w) > 3 and j + 1 < len(ws) and ws.joined(j + 1) \
                    and norms[j + 1].startswith("ال") and n_words and not construct and strong \
                    and norms[j + 1] not in adjectives \
                    and not text[ws[j].start:ws[j].end].endswith(_PRONOUN_ENDS):  # (not "لمدينته الأم")
                specific = complement = True  # "لحقوق الإنسان"
                end, j, n_words = ws[j + 1].end, j + 2, n_words + 2
                continue
            else:
                break
            end, j, n_words = ws[j].end, j + 1, n_words + 1
        inner = text[ws[i].start:end]
        if n_words and (inner.count('"') % 2 or sum(map(inner.count, "«“")) != sum(map(inner.count, "»”"))):
            end, n_words = before_quote  # a quote opened in the name and closed after it: it ends before
        if not n_words:
            continue
        if definite and not specific:
            continue  # "اللجنة المختصة", "الوزارة المعنية": a reference, not a name
        if head in role_heads and before and _title_word_before(before) \
                and not _places_or_nationality(ws, norms, i + 1, end, places, adjectives):
            continue  # the body of a role: "عضو مجلس الوزراء", "رئيس هيئة الأركان العامة", "نائب رئيس مجلس
            # النواب"; not "رئيس مجلس النواب البحريني", "مدير جامعة تبوك" (a place, a nationality: one body)
        if not definite and not strong and not specific and n_words < 2:
            continue  # "مجلس الإدارة", "قوات الأمن"
        start = _skip_letters(text, ws[i].start, ws[i].end, skip) if skip else ws[i].start
        # a place inside the name, or the recogniser's piece of it, gives way; anything else keeps its span
        inside = [(g, m) for s, e, g, m in spans if s < end and start < e]
        if any(not (start <= m.start and m.end <= end) or g.type == "PER" or g.type == "LOC" and m.start < ws[i].end
               or (g.type != "LOC" and (g.actor or m.start == start and m.end == end)) for g, m in inside):
            continue
        for g, m in inside:
            g.mentions.remove(m)
        name = text[start:end]
        key = f"ORG:{' '.join(name_key(name))}"
        groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(Mention(start, end, name, "ORG", "rule"))
        gone = {id(m) for _, m in inside}
        spans = [x for x in spans if id(x[3]) not in gone]
        spans.append((start, end, groups[key], groups[key].mentions[-1]))
        taken_until = j - 1


def _title_word_before(word: str) -> bool:
    """A title right before a body's head: "رئيس", "عضو", and the accusative of a new post ("رئيسًا لمجلس")."""
    return _is_title_word(word) or len(word) > 4 and word.endswith("ا") and _is_title_word(word[:-1])


def _places_or_nationality(ws: Any, norms: list[str], first: int, end: int, places: dict[int, Mention],
                           adjectives: dict[str, str]) -> bool:
    """Whether the words from `first` up to `end` hold a place or a nationality ("البحريني")."""
    k = first
    while k < len(ws) and ws[k].start < end:
        if ws[k].start in places or norms[k] in adjectives:
            return True
        k += 1
    return False


def _adjective_like(word: str, adjectives: dict[str, str], place_adjectives: frozenset[str]) -> bool:
    """A definite word that can be an adjective after a body's genitive ("السعودي", "المتحدة", "الأحمر",
    "المسلمين", "العليا", "العام"), not a noun that starts the sentence's object ("التقرير", "الملف")."""
    return word in adjectives or word in place_adjectives or word.endswith(("ي", "ه", "ين", "ون", "ا")) \
        or len(word) == 6 and word[2] == "ا"  # (أفعل: "الأعلى", "الأحمر", once normalised)


def _chain_to_place(ws: Any, norms: list[str], j: int, places: dict[int, Mention], verbs: frozenset[str]) -> int:
    """The index of the place that one to three indefinite nouns of the news, in construct from word j, lead
    to ("دول" + "جنوب شرقي" + "آسيا"), or 0: no verb, no name, nothing but spaces between."""
    vocabulary = common_words()
    for k in range(j, min(j + 4, len(ws))):
        if not ws.joined(k) or text_gap(ws, k):
            return 0
        if k > j and ws[k].start in places:
            return k
        w = norms[k]
        # a common noun that is also a given name, right before the place, is the name's: "حزب نداء تونس"
        named = name_word(w) and k == j and k + 1 < len(ws) and ws[k + 1].start in places and w in vocabulary \
            and w not in _place_or_body_cues()  # (not "جبهة" + "مدينة درعا")
        if w.startswith("ال") or w.startswith(_IMPERFECT) and not named or w in verbs or w not in vocabulary \
                or k == j + 3 or name_word(w) and w not in _DIRECTIONS and not named:
            return 0
    return 0


# Directions in a region's name ("جنوب شرقي آسيا"): family names too ("شرقي"), but words of the chain here.
_DIRECTIONS = frozenset(norm_text(w) for w in ("جنوب", "شمال", "شرق", "غرب", "شرقي", "غربي", "وسط", "جنوبي", "شمالي"))


def text_gap(ws: Any, k: int) -> bool:
    """Whether anything but one space stands before word k (a quote, a comma)."""
    return ws.text[ws[k - 1].end:ws[k].start] != " "


def _bodies_by_common_name(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """State bodies named by their common name ("القوات المسلحة", "الحرس الوطني", "البرلمان", lexicon
    org_common_names), with a nationality after them ("القوات المسلحة السعودية"); and the forces or command
    of a body named right after ("قوات التحالف", "قيادة التحالف": lexicon org_arm_heads), a mention of it."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    names = _common_body_names(kb)
    arms = {c + a: len(c) for a in kb.words("org_arm_heads") for c in ("", "و", "ف", "ب", "ل", "وب", "ول")}
    distinct = ws.distinct
    if names[0].isdisjoint(distinct) and arms.keys().isdisjoint(distinct):
        return
    adjectives = _adjective_countries(kb)
    mask = bytearray(len(text) + 1)
    starts: dict[int, tuple[_Group, Mention]] = {}
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
            if g.type == "ORG":
                starts[m.start] = (g, m)
    for i in sorted({*_positions(norms, names[0]), *_positions(norms, arms)}):
        w = ws[i]
        if mask.find(1, w.start, w.end) >= 0 or i > 0 and norms[i - 1] in _ON_BEHALF and ws.joined(i):
            continue  # ("المتحدث باسم قوات التحالف" is a person: the role's body stays in the role)
        n = norms[i]
        if i > 0 and ws.joined(i) and _title_word_before(norms[i - 1]) and not n.startswith(("و", "ف")) \
                and not (i + 1 < len(ws) and ws.joined(i + 1) and norms[i + 1] in adjectives):
            continue  # "رئيس البرلمان في جمهورية الشيشان": the body of a role (with a nationality it is one)
        if n in arms and i + 1 < len(ws) and ws.joined(i + 1) and ws[i + 1].start in starts:
            g, m = starts[ws[i + 1].start]  # "قوات" + "التحالف": the coalition's forces, the coalition
            g.mentions.remove(m)
            start = _skip_letters(text, w.start, w.end, arms[n]) if arms[n] else w.start  # ("لقوات التحالف")
            g.mentions.append(Mention(start, m.end, text[start:m.end], "ORG", m.source))
            mask[w.start:m.end] = b"\x01" * (m.end - w.start)
            continue
        for key in names[1].get(n, ()):
            last = i + len(key)
            if last > len(ws) or tuple(norms[i + 1:last]) != key[1:] \
                    or not all(ws.joined(k) for k in range(i + 1, last)):
                continue
            if last < len(ws) and ws.joined(last) and norms[last] in adjectives:
                last += 1  # "القوات المسلحة السعودية"
            end = ws[last - 1].end
            if mask.find(1, w.start, end) >= 0:
                break
            start = w.start + (1 if n[0] in "وفب" and n[1:] in names[0] else 0)
            name = text[start:end]
            words = name_key(name)
            gkey = f"ORG:{' '.join(words[1:] if words[0] in arms else words)}"  # "قوات التحالف", "قيادة التحالف": one
            groups.setdefault(gkey, _Group(gkey, "ORG", None)).mentions.append(Mention(start, end, name, "ORG", "rule"))
            mask[start:end] = b"\x01" * (end - start)
            break


def _numbered_units(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A military unit named by its number ("الفرقة الرابعة", "الجيش الثاني الميداني"; lexicon org_unit_heads and
    ordinals): an organisation, when no mention covers it. Not "اللواء" (also the rank: "اللواء الأول")."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    heads = _collective_forms(kb.words("org_unit_heads"))
    if heads.keys().isdisjoint(ws.distinct):
        return
    ordinals, after = kb.words("ordinals"), kb.words("org_unit_adjectives")
    taken = sorted((m.start, m.end) for g in groups.values() for m in g.mentions)
    for i in _positions(norms, heads):
        if i + 1 >= len(ws) or text[ws[i].end:ws[i + 1].start] != " " or norms[i + 1] not in ordinals:
            continue
        last = i + 1
        if last + 1 < len(ws) and text[ws[last].end:ws[last + 1].start] == " " and norms[last + 1] in after:
            last += 1  # "الجيش الثالث" + "الميداني"
        head, skip = heads[norms[i]]
        start, end = ws[i].start + skip, ws[last].end
        k = bisect_left(taken, (start, -1))
        if k > 0 and taken[k - 1][1] > start or k < len(taken) and taken[k][0] < end:
            continue
        key = f"ORG:{' '.join(norms[i + 1:last + 1])} {head}"
        groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(
            Mention(start, end, text[start:end], "ORG", "rule"))


_POLICE = norm_text("الشرطة")


def _collective_bodies(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A collective body's head with the article and one or two nisba adjectives ("المقاومة الشعبية",
    "والمعارضة السورية المعتدلة", "للجيش اليمني"; lexicon org_collective_heads): an organisation, when no
    mention covers it. A regime or an authority only with a nationality ("النظام السوري", "السلطة
    الفلسطينية"; org_national_heads)."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    heads = _collective_forms(kb.words("org_collective_heads", "org_national_heads"))
    if heads.keys().isdisjoint(ws.distinct):
        return
    national, adjectives = kb.words("org_national_heads"), _adjective_countries(kb)
    kinds, political = kb.words("org_collective_kinds"), kb.words("org_collective_adjectives")
    stops = _kb_sets(kb, "org_never") | kb.words("org_name_stops")
    mask = bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
    places = {(m.start, m.end): (g, m) for g in groups.values() if g.type == "LOC" for m in g.mentions}
    for i in _positions(norms, heads):
        j = i + 1
        while j < len(ws) and j - i <= 2 and text[ws[j - 1].end:ws[j].start] == " " \
                and (_nisba(norms[j]) or norms[j] in political) and norms[j] not in stops \
                and not _is_title_word(norms[j]):
            j += 1  # ("المعارضة السورية المعتدلة", "المعارضة المعتدلة": lexicon org_collective_adjectives)
        if j == i + 1:
            continue
        head, skip = heads[norms[i]]
        if head in national and norms[i + 1] not in adjectives:
            continue  # "النظام السوري", "السلطة الفلسطينية"; not "النظام الأساسي"
        if j == i + 2 and head == _POLICE and norms[i + 1] in kinds:
            continue  # "الشرطة المدنية": a kind of police, no body
        start, end = ws[i].start + skip, ws[j - 1].end
        if head in national and mask.find(1, ws[i].start, ws[i].end) < 0 \
                and (place := places.get((ws[i + 1].start, ws[i + 1].end))) is not None:
            place[0].mentions.remove(place[1])  # "السلطات" + "السعودية": the nationality, not the country
            mask[place[1].start:place[1].end] = b"\x00" * (place[1].end - place[1].start)
        if mask.find(1, ws[i].start, end) >= 0 or i > 0 and norms[i - 1] in _ON_BEHALF:
            continue
        key = f"ORG:{' '.join((head, *norms[i + 1:j]))}"
        groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(
            Mention(start, end, text[start:end], "ORG", "rule"))
        mask[start:end] = b"\x01" * (end - start)


def _collective_short_forms(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """"المقاومة", "الجيش", "الميليشيات" alone in an article that names one such body with its nisba
    ("المقاومة الشعبية", "الجيش التركي", "الميليشيات الحوثية"; lexicon org_collective_short_heads): a mention
    of that body. Not when the article names two ("الجيش السوري" and "الجيش الحر" is no nisba: one), nor before
    a nisba or another definite word (a name of its own: "الجيش الوطني"), nor right after a title."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    heads = kb.words("org_collective_short_heads")
    forms = _collective_forms(heads)
    if forms.keys().isdisjoint(ws.distinct):
        return
    family = {h: h.replace("مل", "ميل") if h.startswith("المل") else h for h in heads}  # (مليشيات = ميليشيات)
    family = {h: f[:-1] + "ات" if f.endswith("يا") else f for h, f in family.items()}  # (الميليشيا = الميليشيات)
    owners: dict[str, list[_Group]] = {}
    for g in groups.values():
        if g.type != "ORG":
            continue
        for m in g.mentions:
            key = name_key(without_proclitic(m.text))
            if len(key) >= 2 and key[0] in heads and _nisba(key[1]):
                found = owners.setdefault(family[key[0]], [])
                if g not in found:
                    found.append(g)
    if not owners:
        return
    mask = bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
    for i in _positions(norms, forms):
        head, skip = forms[norms[i]]
        found = owners.get(family[head], ())
        w = ws[i]
        if len(found) != 1 or mask.find(1, w.start, w.end) >= 0:
            continue
        if i + 1 < len(ws) and ws.joined(i + 1) and norms[i + 1].startswith("ال") and len(norms[i + 1]) > 3 \
                and norms[i + 1] not in _NOT_A_NAME_AFTER_BODY:
            continue  # "الجيش الوطني", "المقاومة الجنوبية": a name of its own (or the verb's object: unsure)
        if i > 0 and ws.joined(i) and (_is_title_word(norms[i - 1]) or norms[i - 1] in _ON_BEHALF):
            continue  # "قائد الجيش", "المتحدث باسم المقاومة": the role's
        start = _skip_letters(text, w.start, w.end, skip) if skip else w.start
        found[0].mentions.append(Mention(start, w.end, text[start:w.end], "ORG", "coref"))


def _party_short_forms(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A party's or a movement's name without its head (lexicon org_party_heads), two words or more, wherever
    the article writes it: "نداء تونس" of "حزب نداء تونس", "العدالة والتنمية" of "حزب العدالة والتنمية". A
    place inside it is the name's ("تونس"); one-word tails are left to the quoted forms ("النهضة")."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    party_heads = kb.words("org_party_heads")
    tails: dict[tuple[str, ...], list[_Group]] = {}
    for g in groups.values():
        if g.type != "ORG":
            continue
        for m in g.mentions:
            key = name_key(without_proclitic(m.text))
            if len(key) >= 3 and key[0] in party_heads:
                owners = tails.setdefault(key[1:], [])
                if g not in owners:
                    owners.append(g)
    if not tails:
        return
    firsts = {c + t[0]: len(c) for t in tails for c in ("", "و", "ف", "ب", "ل", "وب", "ول")}
    hits = _positions(norms, firsts)
    if not hits:
        return
    spans = _mention_spans(groups)
    for i in hits:
        skip = firsts[norms[i]]
        for tail, owners in tails.items():
            last = i + len(tail)
            if len(owners) != 1 or last > len(ws) or norms[i][skip:] != tail[0] \
                    or tuple(norms[i + 1:last]) != tail[1:] or not all(ws.joined(k) for k in range(i + 1, last)):
                continue
            start = _skip_letters(text, ws[i].start, ws[i].end, skip) if skip else ws[i].start
            end = ws[last - 1].end
            inside = [(g, m) for s, e, g, m in spans if s < end and start < e]
            if any(g.type != "LOC" or m.start < start or m.end > end for g, m in inside):
                continue  # (the full name, or another mention, is there)
            for g, m in inside:
                g.mentions.remove(m)
            mention = Mention(start, end, text[start:end], "ORG", "coref")
            owners[0].mentions.append(mention)
            spans.append((start, end, owners[0], mention))
            break


_CAPITAL_RE = re.compile(r"[A-Z]")
_LATIN_NAME_RE = re.compile(r"[ \t]+([A-Z][A-Za-z0-9&\-]*(?:\.[A-Za-z])*\.?(?:[ \t]+[A-Z][A-Za-z0-9&\-]*){0,3})")


def _latin_names_after_heads(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A body named in Latin letters after an Arabic head noun ("شبكة CNN", "شركة BMW", "منظمة Human Rights
    Watch"; lexicon org_heads_before_latin): the head and the capitalised words, one organisation."""
    text, ws, norms = analysis.text, analysis.words, analysis.norms
    if _CAPITAL_RE.search(text) is None:
        return
    heads = {c + h: len(c) for h in analysis.kb.words("org_heads_before_latin") for c in ("", "و", "ف", "ب", "ل")}
    hits = _positions(norms, heads)
    if not hits:
        return
    taken = sorted((m.start, m.end) for g in groups.values() for m in g.mentions)
    for i in hits:
        found = _LATIN_NAME_RE.match(text, ws[i].end)
        if found is None:
            continue
        start = _skip_letters(text, ws[i].start, ws[i].end, heads[norms[i]]) if heads[norms[i]] else ws[i].start
        end = found.end(1)
        k = bisect_left(taken, (start, -1))
        if k > 0 and taken[k - 1][1] > start or k < len(taken) and taken[k][0] < end:
            continue  # (a mention is there: "منظمة Human Rights Watch", "Reuters")
        key = f"ORG:{found.group(1).lower()}"
        groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(
            Mention(start, end, text[start:end], "ORG", "rule"))


def _bodies_without_nationality(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A body named with its nationality ("قوات الدرك التركية", "وزارة الخارجية الأمريكية"), then without it
    ("قوات الدرك", "وزارة الخارجية"): a mention of it, when it is the article's one body of that name and the
    short name is not followed by another nationality or adjective (a name of its own)."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    adjectives = _adjective_countries(kb)
    heads = kb.words("org_heads_strong", "org_heads_weak")
    prefixes: dict[tuple[str, ...], list[_Group]] = {}
    for g in groups.values():
        if g.type != "ORG":
            continue
        for m in g.mentions:
            key = name_key(without_proclitic(m.text))
            if len(key) >= 3 and key[-1] in adjectives and key[0] in heads and not any(k in adjectives
                                                                                        for k in key[1:-1]):
                owners = prefixes.setdefault(key[:-1], [])
                if g not in owners:
                    owners.append(g)
    if not prefixes:
        return
    firsts = {c + p[0]: len(c) for p in prefixes for c in ("", "و", "ف", "ب", "ل", "وب", "ول")}
    hits = _positions(norms, firsts)
    if not hits:
        return
    mask = bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
    for i in hits:
        skip = firsts[norms[i]]
        for prefix, owners in prefixes.items():
            last = i + len(prefix)
            if len(owners) != 1 or last > len(ws) or norms[i][skip:] != prefix[0] \
                    or tuple(norms[i + 1:last]) != prefix[1:] or not all(ws.joined(k) for k in range(i + 1, last)):
                continue
            if last < len(ws) and ws.joined(last) and norms[last].startswith("ال") \
                    and _adjective_like(norms[last], adjectives, frozenset()):
                continue  # "وزارة الخارجية" + "السعودية": another body
            if i > 0 and ws.joined(i) and not skip and _title_word_before(norms[i - 1]):
                continue  # "رئيس مجلس الوزراء": the body of a role
            start = _skip_letters(text, ws[i].start, ws[i].end, skip) if skip else ws[i].start
            end = ws[last - 1].end
            if mask.find(1, start, end) >= 0:
                continue
            owners[0].mentions.append(Mention(start, end, text[start:end], "ORG", "coref"))
            mask[start:end] = b"\x01" * (end - start)
            break


# Definite words after a bare collective head that start the rest of the sentence, not a name ("الجيش الآن").
_NOT_A_NAME_AFTER_BODY = frozenset(norm_text(w) for w in ("الآن", "اليوم", "الذي", "التي", "الذين"))


# "سلطات" in construct with a place ("سلطات إقليم كردستان العراق", "لسلطات ولاية تكساس"): a body. Form -> letters
# of the proclitic to skip.
_AUTHORITIES_FORMS = {f: len(f) - 5 for f in ("سلطات", "وسلطات", "فسلطات", "بسلطات", "لسلطات", "وبسلطات", "ولسلطات")}
# "حكومة"/"رئاسة" before a region's name ("حكومة إقليم كردستان", "رئاسة إقليم كردستان", "حكومة ولاية تكساس"): a
# body; before a country ("حكومة مصر") the country is the actor and stays a place. Form -> letters to skip.
_REGIONAL_GOVERNMENT_FORMS = {c + h: len(c) for h in ("حكومة", "رئاسة") for c in ("", "و", "ف", "ب", "ل", "وب", "ول")}
_REGION_HEADS = frozenset(norm_text(w) for w in ("إقليم", "ولاية", "مقاطعة", "جمهورية"))


def _authorities_of_places(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """The authorities of a place named right after them ("سلطات إقليم كردستان العراق"): an organisation
    that holds the place's mentions (the place and the country after it, "إقليم كردستان" + "العراق");
    the definite "السلطات" with a nationality is a collective head (lexicon org_national_heads)."""
    ws, text, norms = analysis.words, analysis.text, analysis.norms
    forms = {norm_text(f): n for f, n in (*_AUTHORITIES_FORMS.items(), *_REGIONAL_GOVERNMENT_FORMS.items())}
    if forms.keys().isdisjoint(ws.distinct):
        return
    places = {m.start: (g, m) for g in groups.values() if g.type == "LOC" for m in g.mentions}
    for i in _positions(norms, forms):
        if i + 1 >= len(ws) or text[ws[i].end:ws[i + 1].start] != " " or ws[i + 1].start not in places:
            continue
        if norms[i][forms[norms[i]]:] != "سلطات" and norms[i + 1] not in _REGION_HEADS:
            continue  # "حكومة مصر": the country acts
        inside = [places[ws[i + 1].start]]
        while (nxt := places.get(inside[-1][1].end + 1)) is not None and text[inside[-1][1].end] == " ":
            inside.append(nxt)  # "إقليم كردستان" + "العراق"
        for g, m in inside:
            g.mentions.remove(m)
        start, end = ws[i].start + forms[norms[i]], inside[-1][1].end
        key = f"ORG:{' '.join(name_key(text[start:end]))}"
        groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(
            Mention(start, end, text[start:end], "ORG", "rule"))


_REGIME_FORMS = {f: len(f) - 4 for f in ("نظام", "ونظام", "فنظام", "بنظام", "لنظام", "وبنظام", "ولنظام")}
_REGIME = "النظام"


_RULING_OFFICES = frozenset(("president", "king", "emir", "sultan", "prime_minister", "supreme_leader"))


def _government_of(kb, rulers: list[str], day: str | None) -> str | None:  # noqa: ANN001 - KnowledgeBase
    """The KB government ("sy.gov") of the one ruler among `rulers` in office on the day: "نظام بشار الأسد"
    in 2015 is the Syrian government; "نظام القذافي" is no longer Libya's."""
    found = {r.country for a in rulers for r in kb.actors[a].roles_at(day)
             if r.office in _RULING_OFFICES and r.country} if day else set()
    if len(found) != 1:
        return None
    gov = f"{next(iter(found)).lower()}.gov"
    return gov if gov in kb.actors else None


def _regimes(analysis: Analysis, groups: dict[str, _Group], day: str | None) -> None:
    """A regime named by its ruler ("نظام الأسد", "لنظام بشار الأسد"): an organisation, the ruler's name
    inside it; "النظام" alone after it, when no other regime ("النظام السوري") is named, is that regime."""
    ws, text, norms = analysis.words, analysis.text, analysis.norms
    if _REGIME_FORMS.keys().isdisjoint(ws.distinct):
        return
    people = {m.start: (g, m) for g in groups.values() if g.type == "PER" for m in g.mentions}
    mentions = [(m, g) for g in groups.values() for m in g.mentions]
    surnames = _kb_surnames(analysis.kb)
    found: list[tuple[_Group, int]] = []
    for i in _positions(norms, _REGIME_FORMS):
        if i + 1 >= len(ws) or not ws.joined(i + 1) or text[ws[i].end:ws[i + 1].start] != " ":
            continue
        person = people.get(ws[i + 1].start)
        if person is None and norms[i + 1] in surnames and all(
                not (m.start < ws[i + 1].end and ws[i + 1].start < m.end) for m, _ in mentions):
            end = ws[i + 1].end  # "نظام الأسد": a KB surname the article leaves alone (an ambiguous one)
            rulers = [a for a, sense in analysis.kb.names.get((norms[i + 1],), ()) if sense == SURNAME]
        elif person is not None:
            g, m = person
            end = m.end
            g.mentions.remove(m)
            rulers = [g.actor] if g.actor else []
        else:
            continue
        start = ws[i].start + _REGIME_FORMS[norms[i]]
        name = text[start:end]
        government = _government_of(analysis.kb, rulers, day)
        key = government or f"ORG:{' '.join(name_key(name))}"
        regime = groups.setdefault(key, _Group(key, "ORG", government))
        regime.mentions.append(Mention(start, end, name, "ORG", "rule"))
        found.append((regime, end))
    regimes = {id(r): r for r, _ in found}
    if len(regimes) != 1 or any(g.type == "ORG" and g is not found[0][0] and name_key(x.text)[:1] == (_REGIME,)
                                for g in groups.values() for x in g.mentions):
        return  # (two regimes, or "النظام السوري" too: "النظام" alone is no one's for sure)
    regime, after = found[0]
    taken = sorted((m.start, m.end) for g in groups.values() for m in g.mentions)
    for k in _positions(norms, {_REGIME: 0, "و" + _REGIME: 1, "ف" + _REGIME: 1}):
        w = ws[k]
        if w.start < after or k + 1 < len(ws) and ws.joined(k + 1) and _nisba(norms[k + 1]):
            continue  # ("النظام الأساسي": another system)
        start = w.start + (1 if norms[k] != _REGIME else 0)
        j = bisect_left(taken, (start, -1))
        if j > 0 and taken[j - 1][1] > start or j < len(taken) and taken[j][0] < w.end:
            continue
        regime.mentions.append(Mention(start, w.end, text[start:w.end], "ORG", "coref"))


def _forces_of_the_regime(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """"النظام" after a noun of its forces ("قوات النظام", "طائرات النظام", "براميل النظام"; lexicon
    regime_force_nouns) in an article that names the country whose regime the news calls so (lexicon
    regime_country: Syria in this corpus) and no other regime: that country's government. "قوات"/"قيادة"
    belong to the mention as in "قوات التحالف" (org_arm_heads); other nouns stay out ("طائرات" + "النظام")."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    regime_key = ("و" + _REGIME, _REGIME)
    if regime_key[1] not in ws.distinct:
        return
    lexicon = kb.lexicon
    country, government = lexicon.get("regime_country"), lexicon.get("regime_government")
    if not country or not government or government not in kb.actors:
        return
    prefix = f"loc.{str(country).lower()}"
    if not any(g.type == "LOC" and g.actor and (g.actor == prefix or g.actor.startswith(prefix + "."))
               for g in groups.values()):
        return
    if any(g.type == "ORG" and g.actor != government and name_key(without_proclitic(m.text))[:1] == (_REGIME,)
           for g in groups.values() for m in g.mentions):
        return  # (another regime is named: "النظام" alone is not surely this one)
    nouns, arms = kb.words("regime_force_nouns"), kb.words("org_arm_heads")
    mask = bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
    regime = None
    for k in _positions(norms, {_REGIME}):
        w = ws[k]
        if k == 0 or not ws.joined(k) or text[ws[k - 1].end:w.start] != " " or mask.find(1, w.start, w.end) >= 0:
            continue
        before = norms[k - 1]
        if before not in nouns and before[1:] not in nouns and before[2:] not in nouns:
            continue
        start = w.start
        arm = next((len(before) - len(a) for a in arms if before.endswith(a) and len(before) - len(a) <= 2), None)
        if arm is not None and mask.find(1, ws[k - 1].start, w.start) < 0:
            # "قوات النظام" as "قوات التحالف" (org_arm_heads): the forces' head is part of the mention
            start = _skip_letters(text, ws[k - 1].start, ws[k - 1].end, arm) if arm else ws[k - 1].start
        if regime is None:
            regime = groups.setdefault(government, _Group(government, "ORG", government))
        regime.mentions.append(Mention(start, w.end, text[start:w.end], "ORG", "rule"))


@lru_cache(maxsize=4)
def _collective_forms(heads: frozenset[str]) -> dict[str, tuple[str, int]]:
    """The written forms of the collective heads with a proclitic: form -> (head, letters to skip); "لل…"
    keeps its letters (the text cannot drop them)."""
    out: dict[str, tuple[str, int]] = {}
    for head in heads:
        out[head] = (head, 0)
        for clitic in ("و", "ف", "ب", "وب", "فب"):
            out[clitic + head] = (head, len(clitic))
        if head.startswith("ال"):
            out["لل" + head[2:]] = (head, 0)
            out["ولل" + head[2:]] = (head, 1)
    return out


def _nisba(word: str) -> bool:
    """A definite adjective of relation ("الشعبية", "الحوثية", "اليمني"): "ال…" ending in ي or يه."""
    return word.startswith("ال") and len(word) > 4 and word.endswith(("ي", "يه"))


# Words that name a military or political operation ("عملية «إعادة الأمل»", "عمليات عاصفة الحزم").
_OPERATION_WORDS = frozenset(norm_text(w) for w in ("عملية", "عمليات", "العملية", "حملة", "الحملة", "معركة"))
_WORD_QUOTE_BEFORE_RE = re.compile(r"([^\W_]+)[ \t]*[«\"“]?[ \t]*$")


def _operations(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A name the recogniser took for an organisation that the article calls an operation ("عملية إعادة
    الأمل", 'بدأت عملية «إعادة الأمل»') is the operation's name, not a body: MISC, wherever it stands."""
    text = analysis.text
    heads = analysis.kb.words("org_heads_strong", "org_heads_weak", "org_arm_heads")
    for g in groups.values():
        if g.type != "ORG" or g.actor:
            continue
        for m in g.mentions:
            first = name_key(m.text)[:1]
            if first and (first[0] in heads or first[0][1:] in heads):
                continue  # "عمليات" + "قوات تحالف إعادة الأمل": the forces that carry it out
            before = _WORD_QUOTE_BEFORE_RE.search(text, max(0, m.start - 16), m.start)
            if before is None:
                continue
            word = norm_text(before.group(1))
            if word in _OPERATION_WORDS or word[:1] in "وبل" and word[1:] in _OPERATION_WORDS:
                g.type = "MISC"
                for x in g.mentions:
                    x.type = "MISC"
                break
    _forces_of_operations(analysis, groups)


# "قوات تحالف «إعادة الأمل»": the forces of the coalition named after its operation.
_FORCES_BEFORE_RE = re.compile(r"(?:^|(?<=[\s«\"(]))[وفبل]?((?:قوات|قيادة)\s+تحالف)\s*[«\"“]$")


def _forces_of_operations(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """An operation's name in quotes after "قوات تحالف" names the coalition that carries it out: the whole
    phrase, quotes included, is an organisation ("أكدت قوات تحالف «إعادة الأمل»"), the same as the phrase
    written without quotes."""
    text = analysis.text
    for g in [g for g in groups.values() if g.type == "MISC"]:
        for m in list(g.mentions):
            head = _FORCES_BEFORE_RE.search(text, max(0, m.start - 20), m.start)
            if head is None or m.end >= len(text) or text[m.end] not in _CLOSE_QUOTES:
                continue
            start, end = head.start(1), m.end + 1
            g.mentions.remove(m)
            key = f"ORG:{' '.join(name_key(text[start:end]))}"
            groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(
                Mention(start, end, text[start:end], "ORG", "rule"))


_MARKING_HEADS: dict[int, tuple[object, frozenset[str]]] = {}


def _marking_heads(kb) -> frozenset[str]:  # noqa: ANN001 - KnowledgeBase
    """The heads a marked name may follow, outlets' left out (made once per KB)."""
    found = _MARKING_HEADS.get(id(kb))
    if found is None or found[0] is not kb:
        words = kb.words("org_heads_strong", "org_heads_weak", "org_heads_before_mark") - _OUTLET_HEADS
        found = _MARKING_HEADS[id(kb)] = (kb, frozenset(words))
    return found[1]


# A body's name set off right after its head noun: the mark that closes each opening one.
_CLOSING_MARK = {"(": ")", "«": "»", '"': '"', "“": "”", "{": "}"}


def _marked_names_after_heads(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A body's name in brackets or quotes right after its head noun ("تنظيم (داعش)", "حركة «حماس»",
    'شركة "أرامكو"'): the head and the marks belong to the mention, as the quoted form the KB matches whole
    does (lexicon org_heads_strong, org_heads_weak, org_heads_before_mark). Not an outlet's: 'صحيفة
    "جمهورييت"' is the newspaper's name alone."""
    text = analysis.text
    if "(" not in text and "«" not in text and '"' not in text and "“" not in text and "{" not in text:
        return  # ("تنظيم {داعش}": some outlets quote with braces)
    marked = [(g, k, m) for g in groups.values() if g.type == "ORG" for k, m in enumerate(g.mentions)
              if m.start >= 3 and m.end < len(text) and _CLOSING_MARK.get(text[m.start - 1]) == text[m.end]]
    if not marked:
        return
    heads = _marking_heads(analysis.kb)
    starts = sorted((m.start, m.end) for g in groups.values() for m in g.mentions)
    for g, k, m in marked:
        before = _WORD_BEFORE_RE.search(text, max(0, m.start - 24), m.start - 1)
        if before is None:
            continue
        word, start = norm_text(before.group(1)), before.start(1)
        if word not in heads:
            if word[:1] not in "وفبل" or word[1:] not in heads:
                continue
            start += 1  # "وحركة «حماس»": the conjunction is not the name's
        i = bisect_left(starts, (start, -1))
        if i > 0 and starts[i - 1][1] > start or i < len(starts) and starts[i][0] < m.start - 1:
            continue  # the head is another mention's word
        g.mentions[k] = Mention(start, m.end + 1, text[start:m.end + 1], m.type, m.source)


_NEXT_WORDS_RE = re.compile(r"[ \t]+([^\W_]+)(?:[ \t]+([^\W_]+))?")


def _national_namesakes(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A KB body's name with "القومي" or "الوطني" after it is a country's namesake ("مجلس الأمن القومي
    الأمريكي" is no UN Security Council): one organisation with the adjectives (and a nationality after
    them), linked to no one (lexicon org_national_words)."""
    kb, text = analysis.kb, analysis.text
    national = kb.words("org_national_words")
    adjectives = _adjective_countries(kb)
    for g in [g for g in groups.values() if g.type == "ORG" and g.actor]:
        for m in list(g.mentions):
            nxt = _NEXT_WORDS_RE.match(text, m.end)
            if nxt is None or norm_text(nxt.group(1)) not in national or name_key(m.text)[-1] in national:
                continue
            end = nxt.end(2) if nxt.group(2) and norm_text(nxt.group(2)) in adjectives else nxt.end(1)
            name = text[m.start:end]
            key = f"ORG:{' '.join(name_key(name))}"
            g.mentions.remove(m)
            groups.setdefault(key, _Group(key, "ORG", None)).mentions.append(
                Mention(m.start, end, name, "ORG", "rule"))


# An acronym in brackets right after a body's name: "(د. ب. أ)", "(أ ف ب)", "(سانا)".
_BRACKETED_RE = re.compile(r"[ \t]*\(([^()\n]{1,24})\)")
_LETTERS_RE = re.compile(r"^(?:[^\W\d_]{1,2}\.?[ \t]*){2,5}$")


def _acronyms_in_brackets(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """What stands in brackets right after an organisation's name is its acronym: letters ("وكالة الأنباء
    الألمانية (د. ب. أ)", "(أ ف ب)") are a mention of it; a body the KB knows ("… الرسمية (سانا)") makes the
    name before it that body's, when the name is nobody's in the KB."""
    text = analysis.text
    if "(" not in text:
        return
    by_start = {m.start: (g, m) for g in groups.values() for m in g.mentions}
    for g in [g for g in groups.values() if g.type == "ORG"]:
        for m in list(g.mentions):
            b = _BRACKETED_RE.match(text, m.end)
            if b is None:
                continue
            inner = b.group(1).strip()
            start = b.start(1) + b.group(1).index(inner)
            other = by_start.get(start)
            if other is not None:
                og, om = other
                if og is not g and og.type == "ORG" and og.actor and not g.actor and om.end == start + len(inner):
                    g.mentions.remove(m)  # "وكالة الأنباء السورية الرسمية" + "(سانا)": SANA's name
                    og.mentions.append(m)
                continue
            if _LETTERS_RE.match(inner) and not any(len(w) > 2 for w in _WORD_SPAN_RE.findall(inner)):
                g.mentions.append(Mention(start, start + len(inner), inner, "ORG", "coref"))


# "المتحدث باسم …": what follows is the body of a spokesman's role.
_ON_BEHALF = frozenset(("باسم",))  # normalised: "بإسم" too
_COMMON_BODIES: dict[int, tuple[object, tuple[frozenset[str], dict[str, list[tuple[str, ...]]]]]] = {}


def _common_body_names(kb) -> tuple[frozenset[str], dict[str, list[tuple[str, ...]]]]:  # noqa: ANN001
    """The first words of org_common_names (with the conjunction و, ف or ب), and the names by them, longest
    first; made once per KB."""
    found = _COMMON_BODIES.get(id(kb))
    if found is None or found[0] is not kb:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for name in kb.lexicon.get("_org_common_names_phrases", ()):
            for c in ("", "و", "ف", "ب"):
                by_first.setdefault(c + name[0], []).append(name)
        for names in by_first.values():
            names.sort(key=len, reverse=True)
        found = _COMMON_BODIES[id(kb)] = (kb, (frozenset(by_first), by_first))
    return found[1]


def _org_short_forms(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """"الوزارة", "المرصد", "الجامعة" after "وزارة الصحة", "المرصد السوري…", "جامعة تبوك": the one organisation
    of the article with that head, when it was named before."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    forms = _org_head_forms(kb.words("org_heads_strong"), kb.words("org_heads_weak"))
    no_short, weak_short = kb.words("org_heads_no_short_form"), kb.words("org_weak_heads_short_form")
    stops = kb.words("org_name_stops")
    by_head: dict[str, list[tuple[int, _Group]]] = {}
    for g in groups.values():
        if g.type != "ORG" or not g.mentions:
            continue
        first = min(g.mentions, key=_START)
        key = name_key(first.text)
        found = forms.get(key[0]) if len(key) >= 2 else None
        if found is None or found[3] or not (found[1] or found[0] in weak_short) or found[0] in no_short:
            continue  # (a weak head alone, "القوات", "الإدارة", is any force or office)
        owners = by_head.setdefault(found[0], [])
        if all(o is not g for _, o in owners):
            owners.append((first.end, g))
    if not by_head:
        return
    adjectives = _adjective_countries(kb)
    mentioned = {m.start for g in groups.values() for m in g.mentions}
    mask = bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
    for i in _positions(norms, forms):
        found = forms[norms[i]]
        if not found[2]:
            continue
        owners = by_head.get(found[0])
        if not owners or len(owners) != 1:
            continue
        after, g = owners[0]
        w = ws[i]
        if w.start < after or mask.find(1, w.start, w.end) >= 0:
            continue
        if i + 1 < len(ws) and ws.joined(i + 1) and (norms[i + 1] in adjectives or ws[i + 1].start in mentioned
                                                    or not found[1] and norms[i + 1].startswith("ال")
                                                    and len(norms[i + 1]) > 4 and norms[i + 1] not in stops
                                                    and not _is_title_word(norms[i + 1])):  # (not "إلى")
            continue  # "الوزارة المصرية", "الجامعة" + "الأردنية", "اللجنة التنفيذية": another body's name
        start = _skip_letters(text, w.start, w.end, found[3]) if found[3] else w.start
        g.mentions.append(Mention(start, w.end, text[start:w.end], "ORG", "coref"))


def _quoted_short_names(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """Two or more words in quotes that are the end of one organisation's name in the article
    ('«البلدية والقروية»' of "وزارة الشؤون البلدية والقروية"): a short form of it, wherever it stands."""
    text = analysis.text
    if "«" not in text and '"' not in text and "“" not in text:
        return
    tails: dict[tuple[str, ...], list[_Group]] = {}
    for g in groups.values():
        if g.type != "ORG":
            continue
        for m in g.mentions:
            key = name_key(m.text)
            for n in range(2, len(key) - 1):  # (at least two words left out: not "الأمم المتحدة" of "منظمة …")
                owners = tails.setdefault(key[-n:], [])
                if g not in owners:
                    owners.append(g)
    if not tails:
        return
    taken = sorted((m.start, m.end) for g in groups.values() for m in g.mentions)
    for q in _QUOTED_RE.finditer(text):
        owners = tails.get(name_key(q.group(1)))
        if not owners or len(owners) != 1:
            continue
        start, end = q.start(1), q.end(1)
        i = bisect_left(taken, (start, -1))
        if i > 0 and taken[i - 1][1] > start or i < len(taken) and taken[i][0] < end:
            continue
        owners[0].mentions.append(Mention(start, end, text[start:end], "ORG", "coref"))


@lru_cache(maxsize=1)
def _cue_verbs() -> frozenset[str]:
    from ..kb.base import load_kb

    return load_kb().words("subject_verbs")


def _name_like(word: str, known: frozenset[str], vocabulary: frozenset[str]) -> bool:
    """A word a name may be made of: a known or attested name, or a word the news rarely uses."""
    return word in known or name_word(word) or (bool(vocabulary) and word not in vocabulary)


_KB_SETS: dict[tuple[int, str], tuple[object, frozenset[str]]] = {}


# Words of the names' stoplist that are words of bodies' names: the genitive of a masdar ("مكافحة الإرهاب").
_ORG_WORDS_NEVER_IN_NAMES = frozenset((norm_text("الإرهاب"),))


def _kb_sets(kb, which: str) -> frozenset[str]:  # noqa: ANN001 - KnowledgeBase
    """Unions of word lists the rules below read in every article, made once per KB: "org_never" (no word
    of an organisation's name), "subject_never" (no word of a speaker's name), "verbs" (reporting verbs)."""
    found = _KB_SETS.get((id(kb), which))
    if found is None or found[0] is not kb:
        if which == "org_never":  # (but "قوات مكافحة الإرهاب", "المركز الوطني لمكافحة الإرهاب")
            words = (kb.words("not_names", "not_alone") | _never_words()) - _ORG_WORDS_NEVER_IN_NAMES
        elif which == "subject_never":
            words = kb.words("not_names", "title_fillers", "not_alone", "ambiguous_surnames") | _never_words()
        else:
            words = _reporting_verbs(kb) | kb.words("subject_verbs")
        found = _KB_SETS[(id(kb), which)] = (kb, frozenset(words))
    return found[1]


@lru_cache(maxsize=4)
@lru_cache(maxsize=8)  # (the same KB list in every article: made once, not per document)
def _with_conjunctions(words: frozenset[str]) -> frozenset[str]:
    """The words and their forms after the conjunctions و and ف ("وقال", "فأكد")."""
    return words | {c + w for w in words for c in ("و", "ف")}


def _holds_name(window: tuple[str, ...], known: frozenset[str], vocabulary: frozenset[str]) -> bool:
    """has_name, and a rare first word before a known name ("سامنتا باور": "س" is no future prefix there)."""
    return has_name(window, known) or bool(vocabulary) and window[0] not in vocabulary \
        and not window[0].startswith(_PROCLITICS) \
        and any(w in known or name_word(w) for w in window[1:])


def _foreign_al_name(window: tuple[str, ...], vocabulary: frozenset[str]) -> bool:
    """Two words after a reporting verb, the first starting with "ال" but no word of the news with the
    article ("اليستير", "الكسندر", "ألبرتو"), the second no word of the news either ("باسكي"): a foreign
    name, not a definite subject ("الحوثيون", "المتحدث")."""
    first, second = window
    return len(first) > 4 and first not in vocabulary and first[2:] not in vocabulary and not name_word(first) \
        and not first.endswith("ه") and not _is_title_word(first) \
        and second not in vocabulary and len(second) > 2 and not second.startswith("ال") \
        and not (second[0] in "وفبل" and second[1:] in vocabulary)  # (not "بالتزامه": a preposition)


def _names_after_verbs(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """The subject right after a reporting verb, when it has a name's shape and the content or an adverbial
    follows it: "قالت دينا قعوار إن…", "وأكد برنار باجوليه في…". Two or three words, none with the article
    but a family name's ("عامر الرفدان"), each a name or a word the news rarely uses; its surname, later
    alone, is the same person."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    verbs = _with_conjunctions(kb.words("subject_verbs"))
    if verbs.isdisjoint(ws.distinct):
        return
    hits = _positions(norms, verbs)
    vocabulary = common_words()
    if not vocabulary:
        return  # without the word frequencies no name can be told from a common word
    boundary = kb.words("after_subject")
    never = _kb_sets(kb, "subject_never")
    known = _person_words(analysis)
    roles = _role_nouns()
    mask = bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
    for i in hits:
        for k in (2, 3):
            last = i + 1 + k  # the name is words i + 1 … last - 1
            if last > len(ws) or not all(ws.joined(x) for x in range(i + 1, last)):
                break
            window = tuple(norms[i + 1:last])
            if mask.find(1, ws[i + 1].start, ws[last - 1].end) >= 0:
                break
            if any(w in never or _is_title_word(w) or w in roles or len(w) < 2 for w in window):
                break
            if window[0].startswith("ال") and not (k == 2 and _foreign_al_name(window, vocabulary)) \
                    or any(w.startswith(("ال", "و")) for w in window[1:-1]):
                break  # (but "وقال اليستير باسكي": a foreign given name that starts as the article does)
            if window[0].startswith(_PROCLITICS) and not (window[0] in known or name_word(window[0])):
                break  # "ويفي بوعوده": a conjunction or preposition, not a name
            tail = window[-1]
            if tail.startswith("و") or tail.startswith("ال") and not (name_word(tail) or tail in known
                                                                       or tail not in vocabulary):
                continue
            if not all(_name_like(w, known, vocabulary) for w in window) or vocabulary.issuperset(window) \
                    or not (_holds_name(window, known, vocabulary) or k == 2 and _foreign_al_name(window, vocabulary)):
                continue  # (one word the news rarely uses at least: not "بيان صدر", "محمد" + a verb)
                continue
            nxt = last  # the word after the name: punctuation, the content or an adverbial
            if nxt < len(ws) and ws.joined(nxt) and norms[nxt] not in boundary and norms[nxt] not in roles \
                    and not _is_title_word(norms[nxt]):
                continue  # (a title in apposition ends it: "وقال اليستير باسكي" + "المتحدث باسم …")
            start, end = ws[i + 1].start, ws[last - 1].end
            key = stable_id(text[start:end])
            g = groups.setdefault(key, _Group(key, "PER", None))
            g.mentions.append(Mention(start, end, text[start:end], "PER", "rule"))
            mask[start:end] = b"\x01" * (end - start)
            _surname_mentions(analysis, g, tail, known, vocabulary, mask)
            break


_TANWEEN = ("\u064b", "\u064c", "\u064d")
_TITLE_REACH = 6  # words between a title and the body it names: "عضو قيادي برلماني من" + "حزب العمل"


def _names_after_bodies_in_titles(analysis: Analysis, groups: dict[str, _Group]) -> None:
    """A foreign name right after the body of a long indefinite title ("وقال عضو قيادي برلماني من حزب العمل
    الديمقراطي المعارض" + "ليم كيت سيانج" + "لوكالة"): two or three words the news never uses (no article,
    title or known word: a name the recogniser did not see), after a body whose title word stands a few
    words before it in the same clause, then punctuation, the statement or a word with a preposition."""
    kb, ws, text, norms = analysis.kb, analysis.words, analysis.text, analysis.norms
    vocabulary = common_words()
    bodies = [m for g in groups.values() if g.type == "ORG" for m in g.mentions]
    if not vocabulary or not bodies:
        return
    starts = _word_starts(ws)
    fillers, boundary = kb.words("title_fillers"), kb.words("after_subject")
    mask, people = bytearray(len(text) + 1), bytearray(len(text) + 1)
    for g in groups.values():
        for m in g.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)
            if g.type == "PER":
                people[m.start:m.end] = b"\x01" * (m.end - m.start)
    for body in bodies:
        first, k = bisect_left(starts, body.start), bisect_left(starts, body.end)
        if first >= len(ws) or starts[first] != body.start or people.find(1, max(0, body.start - 80), body.start) >= 0:
            continue  # (a person between: the title was theirs, "الرئيس عبد الفتاح السيسي تضغط على الأمم المتحدة")
        if not any(
                _is_title_word(norms[x]) and all(ws.joined(y) for y in range(x + 1, first + 1))
                for x in range(max(0, first - _TITLE_REACH), first)):
            continue
        while k < len(ws) and ws.joined(k) and norms[k] in fillers:
            k += 1  # "المعارض"
        for size in (2, 3):
            last = k + size
            if last > len(ws) or not all(ws.joined(x) for x in range(k, last)) \
                    or mask.find(1, ws[k].start, ws[last - 1].end) >= 0:
                break
            window = norms[k:last]
            if any(w in vocabulary or w.startswith("ال") or name_word(w) or _is_title_word(w) or len(w) < 2
                   or w[:1] in _PROCLITICS and w[1:] in vocabulary or with_pronoun(w) for w in window) \
                    or len(window[0]) == 4 and window[0][0] in "يت" \
                    or any(c in text[ws[k].start:ws[last - 1].end] for c in _TANWEEN):
                break  # ("لمنحها تفويضًا": a preposition and a verb, a noun in the accusative; "يرتب": يفعل)
            nxt = norms[last] if last < len(ws) and ws.joined(last) else None
            if nxt is not None and nxt not in boundary and not (nxt[:1] in ("ل", "ب") and nxt in vocabulary):
                continue
            start, end = ws[k].start, ws[last - 1].end
            key = stable_id(text[start:end])
            groups.setdefault(key, _Group(key, "PER", None)).mentions.append(
                Mention(start, end, text[start:end], "PER", "rule"))
            mask[start:end] = b"\x01" * (end - start)
            break


def _surname_mentions(analysis: Analysis, g: _Group, surname: str, known: frozenset[str],
                      vocabulary: frozenset[str], mask: bytearray) -> None:
    """The later words equal to a new person's surname, as mentions of them."""
    ws, text, norms = analysis.words, analysis.text, analysis.norms
    if len(surname) < 3 or not (surname in known or name_word(surname) or surname not in vocabulary):
        return
    for k in _free_surname_at(norms, ws, mask, surname):
        w = ws[k]
        g.mentions.append(Mention(w.start, w.end, text[w.start:w.end], "PER", "coref"))
        mask[w.start:w.end] = b"\x01" * (w.end - w.start)


def _free_surname_at(norms: list[str], ws: Any, mask: bytearray, surname: str) -> Iterator[int]:
    """Word indices where `surname` stands alone: not inside a mention already (`mask`), not after a name
    head (بن، أبو …) that makes it part of another name."""
    k = -1
    while True:
        try:
            k = norms.index(surname, k + 1)
        except ValueError:
            return
        w = ws[k]
        if mask.find(1, w.start, w.end) < 0 and not (k > 0 and norms[k - 1] in _NAME_HEADS):
            yield k
