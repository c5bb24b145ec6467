"""Errors a person can meet, each carrying one sentence and a CLI exit status."""


class GapkitError(Exception):
    """Base class: str(err) is a sentence fit to show a person."""

    exit_status = 1


class BadInput(GapkitError):
    """The caller asked for something invalid (exit status 2)."""

    exit_status = 2


class QueryParameterError(BadInput):
    """A query parameter is unknown, missing or malformed."""


class SourceError(GapkitError):
    """A store or endpoint could not answer (exit status 1)."""

    exit_status = 1


class StoreError(SourceError):
    """A store directory is missing, damaged or of an unknown version."""


class QueryTimeout(SourceError):
    """The endpoint ran out of time on a query (a split query is then re-run in partitions)."""


class NotInCache(SourceError):
    """Offline, and the answer is not in the cache (a split query may still have its parts cached)."""
