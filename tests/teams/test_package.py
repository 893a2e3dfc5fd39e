"""``rolebot teams-package`` writes the zip a user uploads in Teams."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from bot.cli import main

APP_ID = "11111111-2222-3333-4444-555555555555"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_package_has_manifest_for_this_bot_and_both_icons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    output = tmp_path / "rolebot.zip"

    assert main(["teams-package", "--output", str(output)]) == 0

    with zipfile.ZipFile(output) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        assert png_size(package.read("color.png")) == (192, 192)
        assert png_size(package.read("outline.png")) == (32, 32)
    [bot] = manifest["bots"]
    assert manifest["id"] == bot["botId"] == APP_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    commands = [c["title"] for c in bot["commandLists"][0]["commands"]]
    assert commands == ["ask", "salary", "jd", "help"]


def test_package_without_app_id_explains_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["teams-package", "--output", str(tmp_path / "x.zip")]) == 2
    assert "MICROSOFT_APP_ID must be set" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_package_refuses_an_app_id_that_is_not_a_guid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", "my-bot")
    assert main(["teams-package", "--output", str(tmp_path / "x.zip")]) == 2
    assert "must be the bot's GUID" in capsys.readouterr().err
