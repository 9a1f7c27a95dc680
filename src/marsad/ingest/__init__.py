"""Ingest: read collections (text dumps, HTML, WARC, RSS/Atom, JSON Lines) into the archive."""

from ..readers.files import InputItem, Mapping, make_mapping, read_inputs
from .runner import Progress, Summary, build_pipeline, ingest, to_document

__all__ = ["InputItem", "Mapping", "Progress", "Summary", "build_pipeline", "ingest", "make_mapping",
           "read_inputs", "to_document"]
