"""Open the Chroma client the settings ask for, with telemetry off, once per process."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.errors import DependencyError, reason_of
from bot.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI


def open_chroma(settings: Settings) -> ClientAPI:
    """An embedded ``PersistentClient`` in the data directory, or an ``HttpClient``.

    ``CHROMA_HOST`` switches to a Chroma server so several bot replicas share one index.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        headers = {}
        if settings.chroma_auth_token is not None:
            headers["Authorization"] = f"Bearer {settings.chroma_auth_token.get_secret_value()}"
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host,
                port=settings.chroma_port,
                headers=headers,
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb wraps every connection failure in a ValueError
            raise DependencyError(
                f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
                f" ({reason_of(exc)})."
            ) from exc
    path = settings.data_dir / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # permissions, a file in the way, a read-only or full disk
        reason = reason_of(exc)
        if "readonly database" in reason:  # what SQLite says under a read-only directory
            reason = "read-only"
        raise DependencyError(
            f"cannot use the data directory {settings.data_dir} ({reason}); point "
            "ROLEBOT_DATA_DIR at a directory rolebot can read and write."
        ) from exc
