"""Errors that carry a message meant for the user; the CLI and API turn them into plain text."""


class PlansearchError(Exception):
    """Base class: the message says what went wrong and what to do."""


class ConfigError(PlansearchError):
    """A setting has a value that cannot be used."""


class UnreadableFile(PlansearchError):
    """A source document could not be read; the ingest reports it and goes on."""

    def __init__(self, path: object, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexNotFound(PlansearchError):
    """No index has been built yet."""


class IndexMismatch(PlansearchError):
    """The index was built with another model, format or settings."""


class ModelUnavailable(PlansearchError):
    """The embedding model could not be loaded."""


class IndexBusy(PlansearchError):
    """Another ingest holds the index lock."""


class NotFound(PlansearchError):
    """A document, passage or term that was asked for does not exist."""


class Unauthorized(PlansearchError):
    """A state-changing request without the right token."""
