"""Full-text search over Arabic that matches across spelling variants and clitics.

Every passage (title, paragraph) is indexed in three normalised forms (see marsad.text.normalize.norm:
hamza/alef, teh marbuta, alef maqsura, diacritics, tatweel are unified):
  words  the tokens as written;     stems  without article/preposition proclitics (والرئيس -> رئيس);
  bare   without a leading conjunction too (ولافروف -> لافروف).
A query word matches any of the three, as a prefix when it has 3+ letters (so لقاء finds لقائه, and
مصر finds مصري); a "quoted phrase" matches its words exactly and in order. Users' queries are parsed
here, never handed raw to FTS5: only words, "phrases", OR, AND, NOT and -word are understood.
Highlights are found again in the original text, so they are real spans of the body.
The index's tokenizer folds no diacritics (unicode61 remove_diacritics 0, migration 0002): the Latin ones
are folded here instead (fold_latin), in the index's columns and the queries' terms alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter

from ..errors import InputError
from ..model import Token
from ..text.normalize import split_proclitics
from ..text.segment import iter_tokens, token_fields

INDEXED_KINDS = ("word", "number", "latin")
# Query words shorter than this match whole words only (a prefix search on 2 letters matches too much).
MIN_PREFIX_LEN = 3




def _latin_fold_table() -> dict[int, str]:
    """Latin letters U+00C0–U+024F whose canonical decomposition is an ASCII letter and one combining mark
    (checked on the lower-case letter, then on the letter) -> that ASCII letter in lower case."""
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        letter = chr(cp)
        lower = letter.lower()
        for ch in ((lower, letter) if len(lower) == 1 else (letter,)):
            parts = unicodedata.decomposition(ch).split()
            if len(parts) == 2 and not parts[0].startswith("<") and int(parts[0], 16) < 0x80:
                table[cp] = chr(int(parts[0], 16)).lower()
                break
    return table


# What FTS5's unicode61 tokenizer did with its default remove_diacritics 1 (é É -> e, ñ -> n), on the only
# letters with diacritics a token of kind "latin" can hold (U+00C0–U+024F; marsad's normalisation leaves
# Arabic with none). Not every letter: remove_diacritics 1, unlike 2, keeps a letter whose base letter
# has a mark of its own (ǖ, ǻ), and ø æ ß ł đ ı have no decomposition. tests/test_store_migrations.py checks
# the table against SQLite's tokenizer for every code point.
_LATIN_FOLD = _latin_fold_table()
_LATIN_RE = re.compile("[\u00c0-\u024f]")


def fold_latin(text: str) -> str:
    """`text` with Latin diacritics folded as the full-text index's terms are (see _LATIN_FOLD)."""
    return text.translate(_LATIN_FOLD) if _LATIN_RE.search(text) else text


def _fts_columns(words: str, stems: str, bare: str) -> tuple[str, str, str]:
    """Full-text column values: Latin folded. Stems and bare forms are parts of the words (or the same
    Latin token), so words without a Latin letter means none anywhere: the common case is one search."""
    if _LATIN_RE.search(words) is None:
        return words, stems, bare
    return words.translate(_LATIN_FOLD), stems.translate(_LATIN_FOLD), bare.translate(_LATIN_FOLD)


@dataclass(frozen=True)
class TermForm:
    words: str
    stems: str
    bare: str


@dataclass(frozen=True)
class QueryPart:
    forms: tuple[TermForm, ...]  # one per token; several for a phrase
    phrase: bool
    negated: bool


def analyse(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, TermForm]]:
    """Indexable tokens of text[start:end] with their three normalised forms."""
    out: list[tuple[int, int, TermForm]] = []
    for s, e, tok, kind in iter_tokens(text, start, end):
        if kind not in INDEXED_KINDS:
            continue
        out.append((s, e, term_forms(tok, kind)))
    return out


@lru_cache(maxsize=200_000)  # news vocabularies repeat: normalising each distinct token once is enough
def term_forms(token: str, kind: str = "word") -> TermForm:
    n, _prefix, stem = token_fields(token, kind)
    stem = stem or n
    bare = stem
    if kind == "word" and stem == n and len(n) >= 4 and n[0] in "وف":
        # A conjunction glued to a word the article rule could not split (ولافروف, وفرنسا).
        bare = split_proclitics(n[1:])[1] or n[1:]
    return TermForm(n, stem, bare)


def index_columns(text: str, start: int = 0, end: int | None = None) -> tuple[str, str, str]:
    """The three full-text columns of text[start:end]: its indexable tokens' forms, space-separated."""
    if start or end is not None:
        return _columns([f for _s, _e, f in analyse(text, start, end)])
    return _joined(_chunk_columns(text))


def _chunk_columns(text: str) -> list[tuple[str, ...]]:
    """The columns of each whitespace-separated chunk of `text` that has an indexable token.

    No token contains or touches whitespace (TOKEN_RE matches none), so the tokens of a text are those of
    its chunks, one by one; news repeats its chunks, so their columns are cached and storing an article
    costs a split and a dictionary look-up per chunk instead of a regex scan per token."""
    chunks = text.split()
    cached = list(map(_chunk_cache.get, chunks))
    if None in cached:
        cached = _fill(chunks, cached)
    return list(filter(None, cached))  # () = no indexable token


def _joined(found: list[tuple[str, ...]]) -> tuple[str, str, str]:
    if not found:
        return "", "", ""
    words, stems, bare = zip(*found, strict=True)
    return " ".join(words), " ".join(stems), " ".join(bare)


_KIND, _NORM, _STEM, _TEXT = (attrgetter(name) for name in ("kind", "norm", "stem", "text"))
_INDEXED = frozenset(INDEXED_KINDS)
_CONJUNCTIONS = ("و", "ف")


def document_columns(title: str | None, body: str, tokens: Sequence[Token]) -> tuple[str, str, str]:
    """`index_columns(f"{title}\\n{body}")`, the body's part read from its tokens as the segment stage cut
    them (their norm and stem are the forms the index wants: both come from segment.token_fields), so a
    stored article is not tokenised a second time. The tokens are used only when they cover every
    non-space character of the body (a document loaded from shard files has none: the text is analysed)."""
    if not tokens or sum(map(len, map(_TEXT, tokens))) != len(body) - _spaces(body):
        return index_columns(f"{title or ''}\n{body}")
    indexed = list(compress(tokens, map(_INDEXED.__contains__, map(_KIND, tokens))))
    words = list(map(_NORM, indexed))
    stems = list(map(_STEM, indexed))
    if "" in stems:  # (term_forms: an empty stem is the word itself)
        stems = [s or w for w, s in zip(words, stems, strict=True)]
    bare = stems
    # A conjunction glued to a word the article rule could not split (term_forms): the few words that
    # start with و or ف and kept their whole form as stem.
    glued = [i for i in compress(range(len(words)), map(str.startswith, words, repeat(_CONJUNCTIONS)))
             if len(words[i]) >= 4 and stems[i] == words[i]]
    if glued:
        bare = stems.copy()
        for i in glued:
            t = indexed[i]
            if t.kind == "word":
                bare[i] = term_forms(t.text, "word").bare
    found = _chunk_columns(title) if title else []
    if words:
        found.append(_fts_columns(" ".join(words), " ".join(stems), " ".join(bare)))
    return _joined(found)


def _spaces(text: str) -> int:
    """How many whitespace characters (str.split's) `text` holds."""
    return len(text) - len("".join(text.split()))


def _columns(forms: list[TermForm]) -> tuple[str, str, str]:
    return _fts_columns(" ".join(f.words for f in forms), " ".join(f.stems for f in forms),
                        " ".join(f.bare for f in forms))


# Chunk -> its columns, or () when it has no indexable token (a form may be empty, so () marks "none"). Two
# generations: when the current one is full it becomes the previous one, whose chunks move forward when
# seen again. (Emptying one table when full threw away the common chunks with the rare ones: on the whole
# SaudiNewsNet file 1.46 M chunks were analysed, 0.83 M with the generations.)
_chunk_cache: dict[str, tuple[str, ...]] = {}
_chunk_cache_old: dict[str, tuple[str, ...]] = {}
_CHUNK_CACHE_MAX = 100_000  # per generation: both full, about 60 MB


def _fill(chunks: list[str], cached: list[tuple[str, ...] | None]) -> list[tuple[str, ...]]:
    """`cached` completed: chunks of the previous generation moved forward, the others analysed together in
    one pass over them joined by spaces (the same tokens, as no token crosses whitespace; a tokeniser call
    per chunk cost more than the chunk's tokens)."""
    global _chunk_cache, _chunk_cache_old
    old = _chunk_cache_old
    new: dict[str, tuple[str, ...]] = {}
    missing: dict[str, None] = {}
    for chunk, columns in zip(chunks, cached, strict=True):
        if columns is None and chunk not in new:
            columns = old.get(chunk)
            if columns is None:
                missing[chunk] = None
            else:
                new[chunk] = columns
    if missing:
        names = list(missing)
        ends = []
        pos = -1
        for chunk in names:
            pos += len(chunk) + 1
            ends.append(pos)  # a chunk's end offset in the joined text
        forms: list[list[TermForm]] = [[] for _ in names]
        i = 0
        for s, _e, form in analyse(" ".join(names)):
            while s >= ends[i]:
                i += 1
            forms[i].append(form)
        for chunk, chunk_forms in zip(names, forms, strict=True):
            if len(chunk_forms) == 1:  # most chunks: one token, whose forms are the columns
                f = chunk_forms[0]
                new[chunk] = _fts_columns(f.words, f.stems, f.bare)
            else:
                new[chunk] = _columns(chunk_forms) if chunk_forms else ()
    cache = _chunk_cache
    for chunk, columns in new.items():
        if len(cache) >= _CHUNK_CACHE_MAX:
            _chunk_cache_old, _chunk_cache = cache, {}
            cache = _chunk_cache
        cache[chunk] = columns
    return [c if c is not None else new[chunk] for c, chunk in zip(cached, chunks, strict=True)]


_QUERY_RE = re.compile(r'"(?P<phrase>[^"]*)"|(?P<op>\bOR\b|\bAND\b|\bNOT\b)|(?P<neg>-)?(?P<word>[^\s"]+)')


def parse_query(query: str) -> list[QueryPart | str]:
    """The query as parts and the operators 'OR' between them (AND is implicit)."""
    if query.count('"') % 2:
        raise InputError('unbalanced quotation mark in the search query', source="query", reason="bad-query")
    items: list[QueryPart | str] = []
    pending_not = False
    for m in _QUERY_RE.finditer(query):
        if m.group("op"):
            op = m.group("op")
            if op == "NOT":
                if not items or isinstance(items[-1], str):
                    raise InputError("NOT needs a term before it (e.g. 'سوريا NOT روسيا')", source="query",
                                     reason="bad-query")
                pending_not = True
            elif op == "OR":
                if not items or isinstance(items[-1], str):
                    raise InputError("OR needs a term on both sides", source="query", reason="bad-query")
                items.append("OR")
            continue
        raw = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        forms = tuple(term_forms(tok, kind) for _s, _e, tok, kind in iter_tokens(raw) if kind in INDEXED_KINDS)
        if not forms:
            continue  # punctuation or FTS5 syntax characters: ignored, never passed on
        negated = pending_not or bool(m.group("neg"))
        if negated and not any(isinstance(i, QueryPart) and not i.negated for i in items):
            raise InputError("a query cannot only exclude terms; add a term to search for", source="query",
                             reason="bad-query")
        items.append(QueryPart(forms, phrase=m.group("phrase") is not None or len(forms) > 1, negated=negated))
        pending_not = False
    if items and isinstance(items[-1], str):
        raise InputError("OR needs a term on both sides", source="query", reason="bad-query")
    if pending_not:
        raise InputError("NOT needs a term after it", source="query", reason="bad-query")
    if not any(isinstance(i, QueryPart) and not i.negated for i in items):
        raise InputError("empty search query (no words to search for)", source="query", reason="bad-query")
    return items


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _part_expr(part: QueryPart) -> str:
    if part.phrase:
        alts = [f"{{{col}}} : {_quote(fold_latin(' '.join(getattr(f, col) for f in part.forms)))}"
                for col in ("words", "stems", "bare")]
    else:
        form = part.forms[0]
        alts = []
        for col in ("words", "stems", "bare"):
            term = getattr(form, col)
            star = " *" if len(term) >= MIN_PREFIX_LEN else ""
            alts.append(f"{{{col}}} : {_quote(fold_latin(term))}{star}")
    return "(" + " OR ".join(dict.fromkeys(alts)) + ")"


def fts_expression(items: list[QueryPart | str]) -> str:
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        if item.negated:
            out.append("NOT")
        elif out and out[-1] != "OR":
            out.append("AND")
        out.append(_part_expr(item))
    return " ".join(out)


def _token_matches(doc: TermForm, q: TermForm, prefix: bool) -> bool:
    for col in ("words", "stems", "bare"):
        term, have = getattr(q, col), getattr(doc, col)
        if have == term or (prefix and len(term) >= MIN_PREFIX_LEN and have.startswith(term)):
            return True
    # Latin letters with diacritics or in upper case: compared as the full-text index compares them
    # (folded, then case-folded as unicode61 does), so what a search finds is also highlighted.
    if _LATIN_RE.search(doc.words) or _LATIN_RE.search(q.words):
        folded_doc, folded_q = _latin_folded(doc), _latin_folded(q)
        if (folded_doc, folded_q) != (doc, q):
            return _token_matches(folded_doc, folded_q, prefix)
    return False


@lru_cache(maxsize=4096)
def _latin_folded(form: TermForm) -> TermForm:
    return TermForm(*(fold_latin(v).lower() for v in (form.words, form.stems, form.bare)))


def find_matches(text: str, items: list[QueryPart | str], start: int = 0, end: int | None = None
                 ) -> list[tuple[int, int]]:
    """(start, end) spans of text[start:end] that match the query's positive parts."""
    tokens = analyse(text, start, end)
    spans: list[tuple[int, int]] = []
    for part in items:
        if isinstance(part, str) or part.negated:
            continue
        k = len(part.forms)
        for i in range(len(tokens) - k + 1):
            if all(_token_matches(tokens[i + j][2], part.forms[j], prefix=not part.phrase) for j in range(k)):
                spans.append((tokens[i][0], tokens[i + k - 1][1]))
    return sorted(set(spans))


def snippet(text: str, spans: list[tuple[int, int]], start: int, end: int, width: int = 180,
            mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of text[start:end] around the first match, with the matches marked."""
    if spans:
        center = spans[0][0]
        lo = max(start, center - width // 3)
        hi = min(end, lo + width)
    else:
        lo, hi = start, min(end, start + width)
    # Cut at spaces so no word is broken.
    if lo > start:
        space = text.find(" ", lo, hi)
        first = spans[0][0] if spans else hi
        if space != -1 and space < first:
            lo = space + 1
    if hi < end:
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    merged: list[tuple[int, int]] = []
    for s, e in spans:  # "[وزير الخارجية]", not "[وزير] [الخارجية]"
        if merged and (s <= merged[-1][1] or not text[merged[-1][1]:s].strip()):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    out: list[str] = []
    pos = lo
    for s, e in merged:
        if s < pos or e > hi:
            continue
        out += [text[pos:s], mark[0], text[s:e], mark[1]]
        pos = e
    out.append(text[pos:hi])
    return ("…" if lo > start else "") + "".join(out).replace("\n", " ") + ("…" if hi < end else "")
