"""The archive in a browser: an Arabic-first web app and a REST API (`marsad serve`, docs/api.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db: str | Path, *, token: str | None = None, max_request_bytes: int | None = None,
               analysis_pipeline: str | None = None, warm_analysis: bool = False) -> FastAPI:
    """The FastAPI app serving the archive at `db` (imported lazily: the CLI starts fast without it).
    `analysis_pipeline`: "module:function" building the pipeline /analyze runs (default: marsad's own);
    `warm_analysis`: start its process and load its models when the server starts."""
    from .analysis import DEFAULT_PIPELINE
    from .app import DEFAULT_MAX_REQUEST_BYTES
    from .app import create_app as _create

    return _create(db, token=token, max_request_bytes=max_request_bytes or DEFAULT_MAX_REQUEST_BYTES,
                   analysis_pipeline=analysis_pipeline or DEFAULT_PIPELINE, warm_analysis=warm_analysis)


def demo_hint(db: str = "marsad.db", host: str = "127.0.0.1", port: int = 8000) -> str:
    """What `make demo` prints after ingesting the samples: how to browse them."""
    return (f"Browse the archive:  .venv/bin/marsad serve --db {db}  then open http://{host}:{port}/\n"
            f"  (JSON API at http://{host}:{port}/api, OpenAPI description at /api/openapi.json; docs/api.md)")


__all__ = ["create_app", "demo_hint"]
