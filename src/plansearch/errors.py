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


class NothingToIndex(PlansearchError):
    """The ingest found no document it could use: an empty folder, or only unreadable files.
    The index (if any) is left as it was; the CLI exits with status 3."""

    def __init__(self, folders: list[str], skipped: list[tuple[str, str]]):
        """`folders`: what was ingested; `skipped`: (file, reason) of each file that could not be used."""
        self.folders = folders
        self.skipped = skipped
        self.shown = ""  # the message to show instead of the English one (set by the CLI)
        from plansearch.ingest.read import SUPPORTED_NAMES  # here: read.py raises this module's errors

        where = ", ".join(folders)
        if not skipped:
            message = f"No documents to index in {where}: no {SUPPORTED_NAMES} files there"
        else:
            files = f"{len(skipped)} file" + ("s" if len(skipped) != 1 else "")
            message = f"No usable documents in {where}: none of its {files} could be used ({_reasons(skipped)})"
        super().__init__(message)

    def swedish(self) -> str:
        """The same message for whoever starts the chat (`serve`, `search` or `ask` without an index)."""
        from plansearch.ingest.read import SUPPORTED_NAMES

        where = ", ".join(self.folders)
        if not self.skipped:
            names = SUPPORTED_NAMES.replace(" or ", " eller ")
            return f"Det finns inga dokument att söka i: {where} har inga filer av typen {names}. Lägg dokumenten där och starta igen."
        reasons = _reasons(self.skipped, "och {n} till")
        return f"Inget dokument i {where} gick att använda ({reasons}). Det finns inget att söka i."


def _reasons(skipped: list[tuple[str, str]], more: str = "and {n} more", shown: int = 3) -> str:
    text = "; ".join(f"{name}: {reason}" for name, reason in skipped[:shown])
    return text + ("; " + more.format(n=len(skipped) - shown) if len(skipped) > shown else "")


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
