"""The Teams app package: ``manifest.json`` with this bot's app id, plus the two icons, zipped.

The committed manifest carries a zero GUID so it stays valid JSON; the package is what a
user uploads in Teams (Apps › Manage your apps › Upload an app).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

TEAMS_DIR = Path(__file__).resolve().parent
MANIFEST = TEAMS_DIR / "manifest.json"
ICONS = ("color.png", "outline.png")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


class PackageError(Exception):
    """The package cannot be built; the message is one sentence for a terminal."""


def manifest_for(app_id: str) -> dict[str, Any]:
    """The manifest with the app id as both the Teams app id and the bot id."""
    if not _GUID.match(app_id):
        raise PackageError(f"MICROSOFT_APP_ID must be the bot's GUID, got {app_id!r}.")
    manifest: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    manifest["id"] = app_id
    for bot in manifest["bots"]:
        bot["botId"] = app_id
    return manifest


def write_package(app_id: str, output: Path) -> Path:
    """Writes the zip (manifest and icons at its root, as Teams requires) and returns its path."""
    manifest = manifest_for(app_id)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for icon in ICONS:
            package.write(TEAMS_DIR / icon, arcname=icon)
    return output
