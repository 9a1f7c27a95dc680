"""Readers: the one place where bytes become inputs (issue 20, item 1).

A file, standard input, an HTTP response body with its Content-Type, a WARC record, a JSON Lines line (with
a field preset or mapping), a feed item or pasted text -> an `InputItem` (text or HTML, and its metadata),
then `to_document` -> the Document the pipeline analyses. One rule decides what is HTML (readers.sniff),
one path decodes (readers.files.decode_document), one check refuses other languages in the Arabic script
(readers.language), and page metadata comes from the libraries made for it (readers.page).

    files     collections: paths, directories, globs; WARC, feeds, JSON Lines (marsad ingest, batch)
    single    one input: a file or '-', an HTTP body, pasted text (marsad extract, watch, /analyze)
    sniff     what kind of input some bytes are
    page      an HTML page's main text, title, author, section, site and publication day
    language  Arabic, or Persian / Urdu / Sorani in the Arabic script
    document  input -> Document, through the pipeline
"""

from .files import InputItem, Mapping, expand_inputs, load_presets, make_mapping, read_inputs
from .language import LanguageError
from .single import from_bytes, from_text, read_one
from .sniff import kind_of, looks_like_html

__all__ = ["InputItem", "LanguageError", "Mapping", "expand_inputs", "from_bytes", "from_text", "kind_of",
           "load_presets", "looks_like_html", "make_mapping", "read_inputs", "read_one"]
