"""The actor knowledge base (people, organisations, places, offices) and the matching built on it."""

from __future__ import annotations

from .base import Actor, KBRole, KnowledgeBase, Office, TitleSense, load_kb, stable_id
from .tenure import TenureConstraint, tenure_constraints

__all__ = ["Actor", "KBRole", "KnowledgeBase", "Office", "TitleSense", "TenureConstraint", "load_kb", "stable_id",
           "tenure_constraints"]
