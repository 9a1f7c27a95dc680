"""The one normalised form every NER look-up uses (lexicons, gazetteers, word clusters).

A module of its own so that the word clusters and the lexicons, which each need it, do not import each
other (scripts/import_graph.py)."""

from __future__ import annotations

from ..text.normalize import norm


def norm_word(text: str) -> str:
    """The normalised form used for every look-up: `norm` without tatweel and hyphen-joined clitics."""
    return norm(text).replace("\u0640", "")
