"""The Teams app package: ``manifest.json`` with this bot's app id and its publisher, plus the
two icons, zipped.

The committed manifest carries a zero GUID and example.com publisher details so it stays
valid JSON; the package is what an admin uploads in Teams (Apps › Manage your apps ›
Upload an app, or the org's app catalog), so it refuses placeholder details unless asked.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot import PackageError

TEAMS_DIR = Path(__file__).resolve().parent
MANIFEST = TEAMS_DIR / "manifest.json"
ICONS = ("color.png", "outline.png")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Publisher:
    """Who publishes the app: the manifest's ``developer`` block, shown on its details page.
    ``None`` keeps the committed placeholder."""

    name: str | None = None
    website_url: str | None = None
    privacy_url: str | None = None
    terms_url: str | None = None

    def placeholders(self) -> list[str]:
        """What is still a placeholder, in words (empty when ready for an org catalog)."""
        missing = ["developer name"] if not self.name else []
        for field in fields(self)[1:]:
            url = getattr(self, field.name)
            if not url or _example_host(url):
                missing.append(field.name.replace("_url", " URL"))
        return missing


# The manifest key of each Publisher field.
_DEVELOPER_KEYS = {
    "name": "name",
    "website_url": "websiteUrl",
    "privacy_url": "privacyUrl",
    "terms_url": "termsOfUseUrl",
}
_NAME_LIMIT = 32  # Teams manifest schema: developer.name maxLength


def _example_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(".example") or any(
        host == domain or host.endswith(f".{domain}")
        for domain in ("example.com", "example.org", "example.net")
    )


def _checked(publisher: Publisher) -> None:
    if publisher.name is not None and len(publisher.name) > _NAME_LIMIT:
        raise PackageError(f"The developer name must be at most {_NAME_LIMIT} characters.")
    for field in fields(publisher)[1:]:
        url = getattr(publisher, field.name)
        if url is not None:
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.hostname:
                label = field.name.replace("_url", " URL")
                raise PackageError(f"The {label} must be an https:// address, got {url!r}.")


def manifest_for(
    app_id: str, publisher: Publisher | None = None, *, allow_placeholders: bool = False
) -> dict[str, Any]:
    """The manifest with the app id as both the Teams app id and the bot id, published by
    ``publisher``; placeholders are refused unless ``allow_placeholders`` (a test upload)."""
    if not _GUID.match(app_id):
        raise PackageError(f"MICROSOFT_APP_ID must be the bot's GUID, got {app_id!r}.")
    publisher = publisher or Publisher()
    _checked(publisher)
    placeholders = publisher.placeholders()
    if placeholders and not allow_placeholders:
        raise PackageError(
            f"The Teams package would still carry placeholder {', '.join(placeholders)}: "
            "set ROLEBOT_TEAMS_DEVELOPER_NAME, ROLEBOT_TEAMS_WEBSITE_URL, "
            "ROLEBOT_TEAMS_PRIVACY_URL and ROLEBOT_TEAMS_TERMS_URL (or the matching flags), "
            "or pass --allow-placeholders for a test upload."
        )
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    manifest["id"] = app_id
    for bot in manifest["bots"]:
        bot["botId"] = app_id
    for field, key in _DEVELOPER_KEYS.items():
        if value := getattr(publisher, field):
            manifest["developer"][key] = value
    return manifest


def write_package(
    app_id: str,
    output: Path,
    publisher: Publisher | None = None,
    *,
    allow_placeholders: bool = False,
) -> Path:
    """Writes the zip (manifest and icons at its root, as Teams requires) and returns its path."""
    manifest = manifest_for(app_id, publisher, allow_placeholders=allow_placeholders)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for icon in ICONS:
            package.write(TEAMS_DIR / icon, arcname=icon)
    return output
