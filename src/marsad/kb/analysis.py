"""One pass of the KB over a text: names (resolved to actors), titles, and which title goes with which
person. `tenure_constraints` and the entities stage both start from here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import ModelError
from .base import FULL, SHORT, SURNAME, SURNAME_PARTICLES, KnowledgeBase, TitleSense, load_kb
from .match import Index, Word, Words, clitic_stems, text_words
from .names import BLESSING_WORDS, Key, name_key
from .personal import accusative_noun, common_words, has_name, name_word, plural_common_noun, with_pronoun
from .roles import Binding, TitleHit, bind_titles, find_titles


@dataclass
class NameMention:
    first: int  # word indexes (inclusive)
    last: int
    start: int  # span in the text
    end: int
    actor: str | None
    type: str
    source: str  # kb (a name or alias) | coref (surname, short form) | rule (a name after a title)


@dataclass
class Analysis:
    kb: KnowledgeBase
    text: str
    words: Sequence[Word]  # a Words when made by analyse_text
    names: list[NameMention]
    titles: list[TitleHit]
    persons: list[int] = field(default_factory=list)  # indexes into names
    bindings: list[Binding] = field(default_factory=list)  # Binding.person indexes into persons
    norms: list[str] = field(default_factory=list)  # [w.norm for w in words]

    def person_actor(self, person: int) -> str | None:
        return self.names[self.persons[person]].actor

    def person(self, person: int) -> NameMention:
        return self.names[self.persons[person]]


@dataclass(frozen=True)
class PlaceReading:
    """One reading of an ambiguous place name (data/kb/ambiguous_places.yaml), normalised."""

    actor: str
    marks: tuple[str, ...]
    after: frozenset[Key]
    context_after: frozenset[str]
    context: frozenset[str]


@lru_cache(maxsize=8)
def _indexes(kb_dirs: tuple[str, ...]) -> tuple[KnowledgeBase, Index[tuple[str, str]], Index[TitleSense]]:
    kb = load_kb(kb_dirs)
    return kb, *_cached_indexes(kb, kb_dirs)


def _cached_indexes(kb: KnowledgeBase, kb_dirs: tuple[str, ...]
                    ) -> tuple[Index[tuple[str, str]], Index[TitleSense]]:
    """The name and title indexes with their tables of word forms, kept in the user's cache while the KB's
    files and code are unchanged (marsad.fastload): ~0.3 s a process otherwise."""
    from pathlib import Path

    from ..fastload import load_or_build

    def build() -> tuple[Index[tuple[str, str]], Index[TitleSense]]:
        from ..fastload import KeySet, Table

        names, titles = Index(kb.names), Index(kb.titles)
        names.starts(), titles.starts()
        for index in (names, titles):  # 12k word forms: read back key by key, as a page needs (~10 ms)
            index._starts, index._nexts = Table(index._starts or {}), Table(index._nexts)
            index._starters = KeySet(index._starters)  # type: ignore[assignment]
        # Stored without their entries, which are the KB's own tables (kb-base holds them): the titles
        # alone were 2.4 MB of this entry, read twice a process (~30 ms). Given back below.
        names.entries, titles.entries = {}, {}
        return names, titles

    sources = ("kb/*.py", "text/*.py", "data/kb/*.yaml", *(f"{Path(d).resolve()}/*.y*ml" for d in kb_dirs))
    names, titles = load_or_build("kb-indexes", sources, build, extra=repr(kb_dirs))
    names.entries, titles.entries = kb.names, kb.titles  # as Index(kb.names) holds them when built
    return names, titles


@lru_cache(maxsize=8)
def _place_readings(kb_dirs: tuple[str, ...]) -> dict[Key, list[PlaceReading]]:
    kb = load_kb(kb_dirs)
    raw = kb.lexicon.get("ambiguous_places") or {}
    if not isinstance(raw, dict):
        raise ModelError("'ambiguous_places' must map a name to its readings", source="ambiguous_places")
    out: dict[Key, list[PlaceReading]] = {}
    for name, readings in raw.items():
        where = f"ambiguous_places: {name}"
        if not isinstance(readings, list) or not all(isinstance(r, dict) for r in readings):
            raise ModelError("the readings of a place must be a list of mappings", source=where)
        for r in readings:
            if r.get("actor") not in kb.actors:
                raise ModelError(f"unknown actor {r.get('actor')!r}", source=where)
        out[name_key(str(name))] = [PlaceReading(
            str(r["actor"]), tuple(str(m) for m in r.get("marks") or ()),
            frozenset(name_key(str(a)) for a in r.get("after") or ()),
            frozenset(w for a in r.get("context_after") or () for w in name_key(str(a))),
            frozenset(w for a in r.get("context") or () for w in name_key(str(a))),
        ) for r in readings]
    return out


def _country(kb: KnowledgeBase, actor: str) -> str | None:
    found = kb.actors.get(actor)
    return (found.country or found.iso) if found else None


def _resolve_place(readings: list[PlaceReading], candidates: list[str], ws: Sequence[Word], text: str,
                   first: int, start: int, end: int, clitic: int, countries: set[str | None] | None = None,
                   kb: KnowledgeBase | None = None) -> str | None:
    """The reading of an ambiguous place name at word `first` that its spelling or context points to."""
    readings = [r for r in readings if r.actor in candidates]
    written = text[start:end]
    for r in readings:
        if any(mark in written for mark in r.marks):
            return r.actor
    # The word before, or the proclitic cut from the name ("بعمان": ب), then the words before that.
    k = first
    while k > 0 and ws[k].joined and first - k < 4:  # not across punctuation
        k -= 1
    before = [ws[j].norm for j in range(k, first)]
    if clitic:
        before.append(ws[first].norm[:clitic][-1])
    for r in readings:
        if any(tuple(before[-len(a):]) == a for a in r.after if len(a) <= len(before)):
            return r.actor
    article = _article_words(ws)
    hits = [r for r in readings if r.context & article]
    if len(hits) == 1 and before and before[-1] in hits[0].context_after:
        return hits[0].actor
    if countries and kb is not None and not hits:
        named = [r for r in readings if _country(kb, r.actor) in countries]
        if len(named) == 1:  # the article names actors of one reading's country only
            return named[0].actor
    return None


def _article_words(ws: Sequence[Word]) -> frozenset[str]:
    """The article's words and their stems without proclitics, once per text (a text may have several
    ambiguous names: "المملكة" recurs)."""
    if _ARTICLE_WORDS[0] is ws:
        return _ARTICLE_WORDS[1]
    found = _article_words_of(ws)
    _ARTICLE_WORDS[:] = [ws, found]
    return found


_ARTICLE_WORDS: list = [None, frozenset()]  # the last text's words and its result


def _article_words_of(ws: Sequence[Word]) -> frozenset[str]:
    out = set()
    for norm in ws.norms if isinstance(ws, Words) else [w.norm for w in ws]:
        out.update(stem for _, stem in clitic_stems(norm))
    return frozenset(out)


def analyse_text(text: str, kb_dirs: tuple[str, ...] = (), *, day: str | None = None,
                 tokens: Iterable[tuple[int, int, str, str]] | None = None, rule_names: bool = False,
                 words: Words | None = None) -> Analysis:
    """`words`: text_words(text, tokens) when the caller has them already (the entities stage)."""
    kb, name_index, title_index = _indexes(kb_dirs)
    places = _place_readings(kb_dirs)
    ws = words if words is not None else text_words(text, tokens)
    norms = ws.norms
    titles = find_titles(kb, ws, text, title_index, norms)
    in_title = set()
    for t in titles:
        in_title.update(range(t.first, t.last + 1))
    raw = [m for m in name_index.scan(ws, text, norms=norms)
           if not (in_title.issuperset(range(m.first, m.last + 1)) and all(s != FULL for _, s in m.values))]
    full_actors = {a for m in raw for a, s in m.values if s == FULL}
    # The countries of the actors the article names unambiguously (أيمن الصفدي: JO), which tell an ambiguous
    # place's reading when nothing closer does (عمان beside Safadi is Amman, not Oman).
    countries = {_country(kb, m.values[0][0]) for m in raw if len(m.values) == 1 and m.values[0][1] == FULL} - {None}
    not_surnames = kb.words("ambiguous_surnames", "not_names")
    short_sectors: dict[str, list[str]] = kb.lexicon.get("short_form_sectors", {})
    names: list[NameMention] = []
    for m in raw:
        full = [a for a, s in m.values if s == FULL]
        actor, source = None, "kb"
        if all(kb.actors[a].type == "PER" for a, _ in m.values) and (
                m.first > 0 and norms[m.first - 1] in NASAB and ws.joined(m.first)
                or m.last + 1 < len(norms) and norms[m.last + 1] in _ORDINALS and ws.joined(m.last + 1)):
            continue  # "فيصل بن مشعل بن سعود بن عبدالعزيز": King Saud's name is an ancestor's in a lineage;
            # "الملك عبد الله الأول": another king of that name (the KB writes the ordinal of its own)
        if full:
            held = [a for a in full if kb.actors[a].roles_at(day)] if day else []
            actor = (held or full)[0]
            if len(full) > 1 and m.key in places:
                actor = _resolve_place(places[m.key], full, ws, text, m.first, m.start, m.end, m.clitic,
                                       countries, kb) or actor
        else:
            known = [a for a, s in m.values if a in full_actors]
            surnames = [a for a, s in m.values if s == SURNAME]
            source = "coref"
            if known and len(m.key) == 1 and m.key[0] in kb.words("not_names"):
                continue  # "بأن" is not "بان" of "بان كي مون"
            if known and not (kb.actors[known[0]].type == "PER" and _part_of_another_name(
                    kb, known, ws, norms, m.first, m.last, m.key)):
                actor = known[0]  # (not "بن نايف" of "سعود بن نايف" beside "محمد بن نايف")
            elif known:
                continue
            elif any(s == SHORT for _, s in m.values):
                sectors = short_sectors.get(" ".join(m.key)) or short_sectors.get(_display(m.key))
                actor = _recent_org(kb, names, sectors) if sectors else None
            elif surnames and not_surnames.isdisjoint(m.key) and not (len(m.key) == 1 and m.key[0] in _given_names()) \
                    and not _part_of_another_name(
                    kb, surnames, ws, norms, m.first, m.last, m.key):
                held = [a for a in surnames if kb.actors[a].roles_at(day)] if day else []
                if day:
                    # a surname alone, in an article that never names the person in full: someone in office on
                    # the article's day ("أوباما" in 2015), or a person with no office in the KB whose surname
                    # is no common word — not "ترأس" for Liz Truss, "مبارك" (blessed), "كيلو" (kilo)
                    fits = held or [a for a in surnames if not kb.actors[a].roles and m.key[-1] not in common_words()]
                    actor = fits[0] if len(fits) == 1 else None
                elif len(surnames) == 1:
                    actor = surnames[0]
        if actor is None:
            continue
        names.append(NameMention(m.first, m.last, m.start, m.end, actor, kb.actors[actor].type, source))
    names = _whole_lineages(kb, ws, names, title_index)
    if rule_names:
        names += _names_after_titles(kb, ws, titles, names)
        names.sort(key=lambda n: n.first)
    analysis = Analysis(kb, text, ws, names, titles, norms=norms)
    analysis.persons = [i for i, n in enumerate(names) if n.type == "PER"]
    analysis.bindings = bind_titles(ws, text, titles, [(names[i].first, names[i].last) for i in analysis.persons])
    for b in analysis.bindings:  # "العاهل الأردني الملك عبدالله": not the Saudi king the name alone links to
        person = analysis.person(b.person)
        countries = {sense.country for sense in b.senses}
        actor = kb.actors.get(person.actor or "")
        # (a head of state or a minister is of their country; an envoy or an ambassador is not)
        if actor is not None and b.position == "before" and None not in countries and actor.country \
                and actor.country not in countries and all(sense.kind in ("head", "minister") for sense in b.senses):
            person.actor = None
            if person.first < person.last and any((stem,) in title_index.entries
                                                  for _, stem in clitic_stems(norms[person.first])):
                person.first += 1  # the alias's title ("الملك") goes back to the title
                person.start = ws[person.first].start
    return analysis


NASAB = frozenset(("بن", "ابن", "بنت"))
_ORDINALS = frozenset(("الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن"))  # "son/daughter of": what follows a given name in a lineage


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from ..ner.lexicon import load_lexicons  # (the NER's first-name list, normalised as the words are)

    return frozenset(load_lexicons().words.get("first", ()))


def _part_of_another_name(kb: KnowledgeBase, actors: list[str], ws: Words, norms: list[str], first: int,
                          last: int, key: Key) -> bool:
    """Whether a surname standing alone belongs to someone else's name: a given name just before it that is
    not one of the KB person's own ("أحمد مشعل", "خالد الفيصل", "فيصل بن سلمان"; but "جواد ظريف" is
    "محمد جواد ظريف"), or a lineage after a surname that is not one itself ("الأمير مشعل بن ماجد": there
    مشعل is the given name)."""
    if first > 0 and ws.joined(first) and norms[first - 1] in _given_names() and not any(
            norms[first - 1] in _own_name_words(kb, a) for a in actors):
        return True
    after = last + 1
    return after < len(norms) and key[0] not in NASAB and norms[after] in NASAB and ws.joined(after)


def _own_name_words(kb: KnowledgeBase, actor: str) -> frozenset[str]:
    """The words of an actor's name and aliases, normalised as the text's words are."""
    found = _OWN_NAME_WORDS.get((id(kb), actor))
    if found is None:
        person = kb.actors[actor]
        found = _OWN_NAME_WORDS[(id(kb), actor)] = frozenset(w for text in (person.name, *person.aliases) for w in name_key(text))
    return found


_OWN_NAME_WORDS: dict[tuple[int, str], frozenset[str]] = {}  # per (KB, actor id); KBs are loaded once


# Words inside a name that let it run longer: lineage, family and compound-name particles.
_NAME_LINKS = frozenset(("بن", "ابن", "بنت", "ال", "آل", "ابو", "ذو", "ولد"))  # (not ابي: "شينزو آبي")


def _continues_lineage(ws: Words, i: int) -> bool:
    """Past a name's third word: a particle, the word after one, a given name or a family name ("بن محمد
    الجاسر", "آل سعود") — not "برحمته", "لرعاية" after "عبدالله بن عبدالعزيز آل سعود"."""
    word, before = ws.norms[i], ws.norms[i - 1]
    return word in _NAME_LINKS or before in _NAME_LINKS or before == "عبد" or word in _given_names() \
        or (word.startswith("ال") and (before not in _given_names() or name_word(word)))  # "بن أحمد الجبير"


# A word that starts with a preposition and the article ("بالطائف", "للموهوبين"): never part of a name.
_PREPOSITION_ARTICLE = ("بال", "لل", "كال", "فال", "وال")


def _continues_name(ws: Words, i: int) -> bool:
    """Whether word i can continue a name read after a title ("الملك عبد العزيز بالطائف" is "عبد العزيز"):
    after a space only (not a quote or a dash: 'روحاني «اتخاذ'), not with a conjunction unless a given name
    ("ورجاله", "وجامعة"), not with a preposition and the article."""
    gap = ws.text[ws[i - 1].end:ws[i].start]
    if not gap or not gap.isspace():
        return False
    word = ws.norms[i]
    if word[:1] == "و" and word not in _given_names() and word not in SURNAME_PARTICLES:  # (ولد: a particle)
        return False
    return not word.startswith(_PREPOSITION_ARTICLE) and word not in BLESSING_WORDS and not plural_common_noun(word)
    # (not "… بن عبدالعزيز رحمه الله", nor "عبدالله اليحيا" + "مباحثات")


def _display(key: tuple[str, ...]) -> str:
    return " ".join(key)


def _recent_org(kb: KnowledgeBase, names: list[NameMention], sectors: list[str]) -> str | None:
    """The organisation of one of `sectors` named last before this point ("الحزب" -> the last party)."""
    for n in reversed(names):
        actor = kb.actors.get(n.actor or "")
        if actor and actor.type == "ORG" and actor.sector in sectors:
            return actor.id
    return None


def _names_after_titles(kb: KnowledgeBase, ws: Sequence[Word], titles: list[TitleHit],
                        names: list[NameMention]) -> list[NameMention]:
    """People not in the KB named right after a title: "وزير الخارجية الموريتاني إسماعيل ولد الشيخ"."""
    taken = {i for n in names for i in range(n.first, n.last + 1)}
    taken.update(i for t in titles for i in range(t.first, t.last + 1))  # ("مستشار خادم الحرمين الشريفين")
    # a KB surname alone may end a longer name ("عادل بن أحمد" + "الجبير")
    surname_at = {n.first: n for n in names if n.source == "coref" and n.type == "PER" and n.first == n.last}
    surnames = _kb_surnames(kb)
    stop = kb.words("not_names", "title_fillers", "former_markers") | BLESSING_WORDS  # ("خادم الحرمين - حفظه الله")
    out = []
    place_ends = {n.first: n.last for n in names if n.type == "LOC"}
    for t in titles:
        k = t.after
        if k + 1 < len(ws) and ws.norms[k] in _POSTED_AT and ws[k].joined and k + 1 in place_ends \
                and ws[k + 1].joined:
            k = place_ends[k + 1] + 1  # "السفير الألماني لدى العراق" + "إيكهارد بروزه": the post, then the name
        if k >= len(ws) or k in taken or ws[k].norm.startswith("ال"):
            continue
        if ws.norms[k] in _ON_BEHALF and any(s.office.endswith("spokesperson") for s in t.senses):
            continue  # "الناطق" + "باسم القوات الموالية": on behalf of a body, not the given name Basim
        if accusative_noun(ws.norms[k]) or _imperfect_verb(ws.norms[k]):
            continue  # "سمع المتحدث" + "صوتا": the verb's object; "خادم الحرمين" + "يتلقى": the verb
        # in apposition between commas ("لوزير الداخلية اللبناني، نهاد المشنوق، في زيارته"): a name that
        # starts with a given or known name word, closed by punctuation
        apposition = not ws[k].joined and _COMMA_GAP_RE.match(ws.text[ws[k - 1].end:ws[k].start]) is not None
        if not ws[k].joined and not apposition:
            continue
        end = k
        # three words, or six with a lineage or family particle ("فيصل بن سلمان بن عبدالعزيز آل سعود", "عز الدين
        # ذو الفقار", "صالح بن عبدالعزيز آل الشيخ")
        while end < len(ws) and end - k < (6 if _NAME_LINKS & set(ws.norms[k:end]) else 3) \
                and (end == k or _continues_name(ws, end)) and (end - k < 3 or _continues_lineage(ws, end) or ws.norms[end] in surnames) \
                and (end not in taken or end in surname_at) \
                and ws[end].norm not in stop and not ws[end].norm[0].isdigit() \
                and not (end > k and (with_pronoun(ws.norms[end]) or accusative_noun(ws.norms[end]))) \
                and not (end - k == 2 and _feminine_common_noun(ws.norms[end])) \
                and not (end > k and word_after_name(ws.text[ws[end].start:ws[end].end], ws.norms[end])):
            # ("محمد ظريف" + "زيارته", "نهاد المشنوق" + "مؤتمرا")
            end += 1
        if apposition and not (end == len(ws) or not ws[end].joined) or apposition and not (
                ws.norms[k] in _person_words(kb) or name_word(ws.norms[k])):
            continue
        if end - k >= 2 and (has_name(tuple(ws.norms[k:end]), _person_words(kb)) or _foreign_name(kb, ws, k, end)) \
                and _never_names().isdisjoint(ws.norms[k:end]) and _cues().isdisjoint(ws.norms[k + 1:end]):
            swallowed = [surname_at[i] for i in range(k, end) if i in surname_at]
            for n in swallowed:
                names.remove(n)
            out.append(NameMention(k, end - 1, ws[k].start, ws[end - 1].end, _longer_form_of(kb, ws.norms[k:end]),
                                   "PER", "rule"))
            taken.update(range(k, end))
    return out


_OBJECT_SUFFIXES = ("ني", "نا", "ها", "هم", "كم")
_ON_BEHALF_WORD = "باسم"


def word_after_name(written: str, word: str) -> bool:
    """A word that ends a name before it and is none of its own (the recogniser runs on into it): a verb of
    the news, bare or with an object pronoun ("ساركوزي" + "اتصل", "هرتسوغ" + "نافسني": a verb of form III
    فاعل, not a name's "…اني" as "كافاني", or a word the news uses, before ني/ها/هم), an adverbial
    accusative with ة ("نجيب" + "صراحة": a noun the news uses with the article too, which no one bears; not
    a family name, "بدر" + "باسلمة") and "باسم" ("دريمر" + "باسم نتنياهو": on behalf of)."""
    if name_word(word) and word != _ON_BEHALF_WORD:
        return False
    if word == _ON_BEHALF_WORD or word in _news_verbs():
        return True
    if written.endswith("ة") and len(word) >= 4 and word in common_words() and "ال" + word in common_words():
        return True
    for suffix in _OBJECT_SUFFIXES:
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and not stem.startswith("ال") and (
                stem in _news_verbs() or len(stem) == 4 and stem[1] == "ا" and stem[3] not in "اوي" and stem not in common_words()
                and not name_word(stem)):
            return True
    return False


@lru_cache(maxsize=1)
def _news_verbs() -> frozenset[str]:
    """The verbs of the news, normalised: the event triggers read as verbs (events/triggers.yaml: "اتصل",
    "هنأ", "التقى") and the lexicon's reporting verbs."""
    from ..fastload import load_or_build

    groups = load_kb().lexicon.get("not_names")
    out = {w for v in (groups.get("verbs", ()) if isinstance(groups, dict) else ()) for w in name_key(str(v))}
    # the triggers from the start-up cache: parsing the YAML file cost ~40 ms of a one-page `marsad extract`
    sources = ("kb/analysis.py", "kb/names.py", "text/*.py", "data/events/triggers.yaml")
    out.update(load_or_build("news-trigger-verbs", sources, _trigger_verbs))
    return frozenset(w for w in out if not name_word(w))


def _trigger_verbs() -> frozenset[str]:
    """The one-word event triggers read as verbs, normalised."""
    from ..config import load_rules

    return frozenset(w for t in load_rules("events/triggers.yaml").get("triggers", ()) if t.get("pos") == "verb"
                     for v in t.get("words", ()) if " " not in str(v) for w in name_key(str(v)))


def _imperfect_verb(word: str) -> bool:
    """A verb of the news in the imperfect ("يتلقى", "تستقبل"), no one's name ("يحيى", "تامر" are names)."""
    return word[:1] in ("ي", "ت") and len(word) > 3 and word in common_words() and not name_word(word)


def _feminine_common_noun(word: str) -> bool:
    """A feminine noun of the news no one bears as a name ("خطوة", "زيارة"): not a third word of a name read
    after a title ("السفير … نبيل عمار" + "خطوة لندن"); "حمزة", "سلامة" are names."""
    return word.endswith("ه") and not word.startswith("ال") and word in common_words() and not name_word(word)


def _foreign_name(kb: KnowledgeBase, ws: Words, k: int, end: int) -> bool:
    """Two words after a title that the news also uses as common words but Wikipedia's person names hold
    ("المتحدث" + "جوش ارنست": has_name knows neither): the first a person's word of WikiFANE/AQMAR (lexicon
    gzwpers) or a given name, the second no word with the article or a proclitic, and the statement or
    punctuation right after them ("… جوش ارنست إن"), not the sentence's next words ("سبل تعزيز")."""
    if end - k != 2:
        return False
    first, second = ws.norms[k], ws.norms[k + 1]
    if not (first in _wiki_person_words() or first in _given_names()) or second.startswith(("ال", "و", "ف", "ب", "ل")):
        return False
    if first.startswith(("و", "ف", "ب", "ل", "س")) and first not in _given_names():
        return False
    return end == len(ws) or not ws[end].joined or ws.norms[end] in kb.words("after_subject")


@lru_cache(maxsize=1)
def _wiki_person_words() -> frozenset[str]:
    from ..ner.lexicon import load_lexicons  # (person words of the Wikipedia annotations, normalised)

    return frozenset(load_lexicons().words.get("gzwpers", ()))


_COMMA_GAP_RE = re.compile(r"^\s*[،,]\s*$")
_ON_BEHALF = frozenset(("باسم",))
# The preposition of a diplomat's post between the title and the name ("السفير السعودي لدى الأردن").
_POSTED_AT = frozenset(("لدي",))


# Lineage particles that carry a name on after a known one: "سلمان" + "بن عبد العزيز", "محمد بن زايد" + "آل نهيان".
_LINEAGE = frozenset(("بن", "ابن", "بنت", "ال"))  # (آل is ال once normalised)


def _whole_lineages(kb: KnowledgeBase, ws: Words, names: list[NameMention],
                    title_index: Index[TitleSense]) -> list[NameMention]:
    """A KB person's name runs on over the lineage written after it ("الأمير محمد بن نايف" + "بن عبد العزيز";
    "الملك سلمان" + "بن عبد العزيز" is "سلمان بن عبد العزيز", the title left to the role), and what the
    lineage holds is no other name (not "العزيز", not "بن سلمان")."""
    norms = ws.norms
    n_words = len(norms)
    stop = kb.words("not_names") | BLESSING_WORDS
    out: list[NameMention] = []
    swallowed_to = -1
    for n in names:
        if n.last <= swallowed_to:
            continue  # inside the lineage of the name before
        if n.type != "PER" or n.source == "rule":
            out.append(n)
            continue
        last = n.last
        j = last + 1
        while j + 1 < n_words and norms[j] in _LINEAGE and ws.joined(j) and ws.joined(j + 1):
            k = j + 1
            if norms[k] in _COMPOUND_FIRST and k + 1 < n_words and ws.joined(k + 1):
                k += 1  # "بن عبد العزيز"
            if norms[k] in stop or norms[k] in _LINEAGE or not _continues_name(ws, k):
                break
            last, j = k, k + 1
        if last == n.last:
            out.append(n)
            continue
        first = n.first
        if first < n.last and any((stem,) in title_index.entries for _, stem in clitic_stems(norms[first])):
            first += 1  # "الملك سلمان بن عبد العزيز": the person is "سلمان بن عبد العزيز", الملك the title
        actor = n.actor if n.actor is None or _lineage_fits(kb, n.actor, norms[n.last + 1:last + 1]) else None
        out.append(NameMention(first, last, ws[first].start if first != n.first else n.start, ws[last].end,
                               actor, n.type, n.source))
        swallowed_to = last
    return out


_COMPOUND_FIRST = frozenset(("عبد", "ابو"))


def _lineage_fits(kb: KnowledgeBase, actor: str, more: list[str]) -> bool:
    """Whether the lineage the text writes after a KB person's short name can be theirs: a KB name with a
    family ("محمد بن عبد الرحمن آل ثاني") continued by a grandfather without that family ("محمد بن عبدالرحمن"
    + "بن عبدالعزيز", a Saudi prince) is another man of the same first names."""
    a = kb.actors[actor]
    family = {k[i + 1] for text in (a.name, *a.aliases) for k in [name_key(text)]
              for i in range(len(k) - 1) if k[i] == "ال"}
    return not family or not family.isdisjoint(more)


def _person_words(kb: KnowledgeBase) -> frozenset[str]:
    """Given names (the NER's list) and the words of the KB's people's names: words that make a span a name
    (made once per KB)."""
    found = _PERSON_WORDS.get(id(kb))
    if found is None or found[0] is not kb:
        words = frozenset(w for a in kb.actors.values() if a.type == "PER" for text in (a.name, *a.aliases)
                          for w in name_key(text) if len(w) > 2 and w not in _LINEAGE)
        found = _PERSON_WORDS[id(kb)] = (kb, words | _given_names())
    return found[1]


_PERSON_WORDS: dict[int, tuple[KnowledgeBase, frozenset[str]]] = {}


@lru_cache(maxsize=1)
def _never_names() -> frozenset[str]:
    """Function and stop words of the NER lexicons ("غير", "ضمن"): never a word of a name after a title."""
    from ..ner.lexicon import load_lexicons

    lex = load_lexicons()
    return frozenset(lex.words.get("func", ())) | frozenset(lex.words.get("stop", ()))


@lru_cache(maxsize=1)
def _cues() -> frozenset[str]:
    """Words that start a place's or a body's name ("منطقة", "جامعة"): never inside a person's name ("مستشار
    خادم الحرمين الشريفين أمير منطقة مكة المكرمة" names no "أمير منطقة")."""
    from ..ner.lexicon import load_lexicons

    words = load_lexicons().words
    return frozenset(words.get("loccue", ())) | frozenset(words.get("orgcue", ()))


def _longer_form_of(kb: KnowledgeBase, words: list[str]) -> str | None:
    """The KB person a longer or other form of a name refers to: the same given name first and the same
    surname last ("عادل بن أحمد الجبير" is "عادل الجبير"); None when no one person fits."""
    if len(words) < 3:
        return None
    found = {a for a, s in kb.names.get((words[-1],), []) if s in (SURNAME, FULL) and kb.actors[a].type == "PER"
             and name_key(kb.actors[a].name)[:1] == (words[0],)}
    return found.pop() if len(found) == 1 else None


def _kb_surnames(kb: KnowledgeBase) -> frozenset[str]:
    """The KB's people's surnames of one word ("الجبير"), made once per KB."""
    found = _SURNAMES.get(id(kb))
    if found is None or found[0] is not kb:
        words = frozenset(k[0] for k, values in kb.names.items() if len(k) == 1 and k[0].startswith("ال")
                          and any(s == SURNAME and kb.actors[a].type == "PER" for a, s in values))
        found = _SURNAMES[id(kb)] = (kb, words)
    return found[1]


_SURNAMES: dict[int, tuple[KnowledgeBase, frozenset[str]]] = {}
