"""One small family of errors; each edge (CLI, HTTP, app) turns them into a clear message once."""

from __future__ import annotations


class ProbationGraphError(Exception):
    """Base class of every error probation_graph raises on purpose."""


class InputError(ProbationGraphError):
    """A document could not be read or accepted (empty, binary, not UTF-8, too large, unreadable)."""


class QueryError(ProbationGraphError):
    """A SPARQL query is malformed or is not a read-only query."""


class StoreError(ProbationGraphError):
    """The store could not be opened, read or written."""


class ConfigError(ProbationGraphError):
    """A setting or a data file (sources metadata, gazetteer) is invalid."""
