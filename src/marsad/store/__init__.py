"""The archive: SQLite storage of processed documents, full-text search, queries and export."""

from .store import Store, StoreError, actor_key, content_hash

__all__ = ["Store", "StoreError", "actor_key", "content_hash"]
