"""Every failure rolebot reports to a person, as one tree (compare httpx's ``_exceptions.py``).

::

    RolebotError                 a sentence for the user, and the CLI's exit code
    ├── UsageError               bad arguments or input the user can fix          (exit 2)
    │   └── EvalFileError        an evaluation or routing cases file is unusable
    ├── ConfigError              a setting is missing or invalid                  (exit 2)
    │   └── PackageError         the Teams app package cannot be built
    ├── DependencyError          a service or directory is unavailable            (exit 3)
    │   ├── IndexUnavailable     the index cannot be read (not built, server down)
    │   └── ModelFileError       the embedding model's files are missing or altered
    └── KnowledgeError           a knowledge file cannot be used                  (exit 1)
        └── SalaryTableError     the salary table cannot be used

Each edge maps the tree once: the CLI prints ``user_message`` and exits with ``exit_code``
(:func:`bot.cli.main`); chat adapters never see these, because :class:`bot.service.RoleBot`
turns a failure into an :class:`~bot.models.ErrorReply` first. Exceptions that only steer
control flow inside one module (a rejected generation, a refused stream) are not here.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "ConfigError",
    "DependencyError",
    "EvalFileError",
    "IndexUnavailable",
    "KnowledgeError",
    "ModelFileError",
    "PackageError",
    "RolebotError",
    "SalaryTableError",
    "UsageError",
    "reason_of",
]

# Exit codes (README "Using it"): 1 a bad knowledge file or nothing found, 2 usage or
# configuration, 3 a dependency is unavailable (Chroma, a model server, the data directory).
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DEPENDENCY = 3


class RolebotError(Exception):
    """The base of every error rolebot explains to a person.

    The message is one sentence fit for a terminal or a chat (it names the file, setting or
    service at fault and never quotes what a user wrote); ``exit_code`` is what the CLI
    exits with.
    """

    exit_code: ClassVar[int] = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def user_message(self) -> str:
        """What the person is told."""
        return self.message


class UsageError(RolebotError):
    """Bad arguments or input the user can fix."""

    exit_code = EXIT_USAGE


class EvalFileError(UsageError):
    """The evaluation or routing cases file cannot be used; names the file and the case."""


class ConfigError(RolebotError):
    """A setting is missing or invalid."""

    exit_code = EXIT_USAGE


class PackageError(ConfigError):
    """The Teams app package cannot be built from these settings (an app id, a URL)."""


class DependencyError(RolebotError):
    """A service or directory rolebot depends on is unavailable (Chroma, a model server,
    the data directory); the message names it."""

    exit_code = EXIT_DEPENDENCY


class IndexUnavailable(DependencyError):
    """The index cannot be read (not built, or the Chroma server is down); the message is
    the reason in a few words, which :data:`bot.messages.INDEX_UNAVAILABLE` frames."""


class ModelFileError(DependencyError):
    """The embedding model's files are missing or not the pinned ones."""


class KnowledgeError(RolebotError):
    """A knowledge file cannot be used; the message names the file and says why.

    ``rolebot ingest`` refuses it and changes nothing: the previous index keeps serving.
    """


class SalaryTableError(KnowledgeError):
    """The salary table cannot be used; the message names the file (and row) and says why."""


def reason_of(exc: BaseException) -> str:
    """The root cause of a connection or file failure in a few words ("connection refused"),
    found down the exception chain that HTTP clients and chromadb wrap it in."""
    cause: BaseException | None = exc
    reason = str(exc)
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            reason = cause.strerror
        elif "timeout" in type(cause).__name__.lower():
            reason = "timed out"
        cause = cause.__cause__ or cause.__context__
    reason = reason.strip().rstrip(".")
    return reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason
