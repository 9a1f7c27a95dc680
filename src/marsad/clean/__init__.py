"""Cleaning page dumps: boilerplate lines out, title/section/credit/captions found, body paragraphs kept.

`clean_page(raw)` places every line of a text dump (marsad.clean.page); the "clean" stage
(marsad.clean.stage) fills a Document from it. Rules are data: marsad/data/clean/*.yaml.
"""

from .page import CleanedPage, clean_page

__all__ = ["CleanedPage", "clean_page"]
