"""Errors users can see. Each has a code and names the input and the problem; the CLI prints them
without a traceback and exits non-zero."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: a problem with the input or the configuration, explained for a person."""

    code = "E000"
    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.args[0]}"


class InputError(MarsadError):
    """The input cannot be processed (missing, empty, binary, not Arabic, too large…)."""

    code = "E100"

    def __init__(self, message: str, *, source: str | None = None, reason: str = "bad-input") -> None:
        super().__init__(message, source=source)
        self.reason = reason  # short machine-readable reason, counted by batch runs


class PipelineError(MarsadError):
    """The pipeline is misconfigured (a stage requires a layer no earlier stage assigns…)."""

    code = "E200"


class ModelError(MarsadError):
    """A model or data file is missing or unreadable."""

    code = "E300"
