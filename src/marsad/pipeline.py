"""Stages and the pipeline that runs them.

A stage is a callable ``Document -> Document`` that declares the layers it `assigns` and the layers it
`requires`; `Pipeline` checks the order when it is built (as spaCy does), so a misordered
configuration fails at start-up, not on the ten-thousandth document. Stages load their models lazily,
once per process, on first use: workers receive a configuration, never pickled models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .errors import MarsadError, PipelineError
from .model import Document


class StopDocument(Exception):  # a signal, not an error
    """Raised by a pipeline's `when_body` check to stop a document before its later stages; `reason` says
    why, for the caller that asked for the check."""

    def __init__(self, reason: object) -> None:
        super().__init__(reason)
        self.reason = reason


@runtime_checkable
class Stage(Protocol):
    name: str
    version: str
    assigns: tuple[str, ...]
    requires: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class Options:
    """Options that travel through every stage (one object, as trafilatura does)."""

    published: str | None = None  # user-given publication date (YYYY-MM-DD)
    kb_dirs: list[str] = field(default_factory=list)  # user KB directories merged over the built-in one
    stages: list[str] | None = None  # names of stages to run; None = all


# name -> factory(options) -> Stage; filled by register_stage in each stage module.
_FACTORIES: dict[str, Callable[[Options], Stage]] = {}
# The default order. Stage modules are imported explicitly by `default_stage_names` users (no import-order magic).
DEFAULT_STAGES = ("clean", "segment", "dates", "entities", "quotes", "events")


def register_stage(name: str) -> Callable[[Callable[[Options], Stage]], Callable[[Options], Stage]]:
    def deco(factory: Callable[[Options], Stage]) -> Callable[[Options], Stage]:
        _FACTORIES[name] = factory
        return factory

    return deco


def _load_builtin_stages() -> None:
    # Importing the modules registers their factories; done here, explicitly, not at package import.
    from .stages import builtin  # noqa: F401


def available_stages() -> list[str]:
    _load_builtin_stages()
    return [n for n in DEFAULT_STAGES if n in _FACTORIES] + sorted(set(_FACTORIES) - set(DEFAULT_STAGES))


def make_stage(name: str, options: Options | None = None) -> Stage:
    """One stage by name, built with `options` (for tools that run a single stage, e.g. evaluation)."""
    _load_builtin_stages()
    if name not in _FACTORIES:
        raise PipelineError(f"unknown stage {name!r}; available: {available_stages()}")
    return _FACTORIES[name](options or Options())


class Pipeline:
    def __init__(self, stages: Sequence[Stage]) -> None:
        have: set[str] = {"raw"}
        for stage in stages:
            missing = [layer for layer in stage.requires if layer not in have]
            if missing:
                raise PipelineError(
                    f"stage '{stage.name}' requires {missing}, which no earlier stage assigns "
                    f"(order: {[s.name for s in stages]})"
                )
            have.update(stage.assigns)
        self.stages = list(stages)

    @classmethod
    def from_options(cls, options: Options | None = None) -> Pipeline:
        options = options or Options()
        _load_builtin_stages()
        names = options.stages or [n for n in DEFAULT_STAGES if n in _FACTORIES]
        unknown = [n for n in names if n not in _FACTORIES]
        if unknown:
            raise PipelineError(f"unknown stage(s) {unknown}; available: {available_stages()}")
        return cls([_FACTORIES[n](options) for n in names])

    def __call__(self, doc: Document, when_body: Callable[[Document], None] | None = None) -> Document:
        """Run the stages in order. `when_body` is called once the stage that assigns the body has run (with
        a non-blank body), before the stages after it: ingest's duplicate check, which stops a document
        whose body is archived already by raising `StopDocument` (the costly stages never run for it)."""
        for stage in self.stages:
            doc = stage(doc)
            doc.stages.append(f"{stage.name}@{stage.version}")
            if when_body is not None and "body" in stage.assigns:
                if doc.body.strip():
                    when_body(doc)
                when_body = None  # once: a later stage that rewrites the body is past the check
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[tuple[Document, MarsadError | None]]:
        """Run over a stream; a document that fails yields its error and the stream goes on."""
        for doc in docs:
            try:
                yield self(doc), None
            except MarsadError as err:
                yield doc, err
