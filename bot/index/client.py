"""Open the Chroma client the settings ask for, with telemetry off, once per process."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
        return chromadb.HttpClient(
            host=settings.chroma_host,
            port=settings.chroma_port,
            headers=headers,
            settings=chroma_settings,
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
