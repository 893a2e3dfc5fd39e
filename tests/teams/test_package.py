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


PUBLISHER = {
    "ROLEBOT_TEAMS_DEVELOPER_NAME": "Contoso Engineering",
    "ROLEBOT_TEAMS_WEBSITE_URL": "https://contoso.test/rolebot",
    "ROLEBOT_TEAMS_PRIVACY_URL": "https://contoso.test/privacy",
    "ROLEBOT_TEAMS_TERMS_URL": "https://contoso.test/terms",
}


def read_manifest(output: Path) -> dict:
    with zipfile.ZipFile(output) as package:
        return json.loads(package.read("manifest.json"))


def test_package_has_manifest_for_this_bot_and_both_icons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    for name, value in PUBLISHER.items():
        monkeypatch.setenv(name, value)
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
    assert manifest["developer"] == {
        "name": "Contoso Engineering",
        "websiteUrl": "https://contoso.test/rolebot",
        "privacyUrl": "https://contoso.test/privacy",
        "termsOfUseUrl": "https://contoso.test/terms",
    }
    # The bot only replies where it was addressed: no SSO identity, no messaging members.
    assert not manifest.get("permissions")


def test_package_refuses_placeholder_publisher_details_and_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("ROLEBOT_TEAMS_WEBSITE_URL", "https://contoso.test/rolebot")
    monkeypatch.setenv("ROLEBOT_TEAMS_PRIVACY_URL", "https://example.com/privacy")
    output = tmp_path / "x.zip"

    assert main(["teams-package", "--output", str(output)]) == 2

    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "placeholder developer name, privacy URL, terms URL" in err
    assert "--allow-placeholders" in err
    assert not output.exists()


def test_package_with_allow_placeholders_is_built_and_says_what_it_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    output = tmp_path / "x.zip"

    assert main(["teams-package", "--output", str(output), "--allow-placeholders"]) == 0

    assert "placeholder developer name, website URL" in capsys.readouterr().err
    assert read_manifest(output)["developer"]["privacyUrl"].startswith("https://example.com/")


def test_package_flags_override_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    for name, value in PUBLISHER.items():
        monkeypatch.setenv(name, value)
    output = tmp_path / "x.zip"
    flags = ["--developer-name", "Fabrikam", "--terms-url", "https://fabrikam.test/terms"]

    assert main(["teams-package", "--output", str(output), *flags]) == 0

    developer = read_manifest(output)["developer"]
    assert developer["name"] == "Fabrikam"
    assert developer["termsOfUseUrl"] == "https://fabrikam.test/terms"
    assert developer["privacyUrl"] == "https://contoso.test/privacy"


def test_package_refuses_a_url_that_is_not_https(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    for name, value in PUBLISHER.items():
        monkeypatch.setenv(name, value)
    output = tmp_path / "x.zip"

    assert main(["teams-package", "--output", str(output), "--privacy-url", "http://x.test"]) == 2

    assert "privacy URL must be an https:// address" in capsys.readouterr().err
    assert not output.exists()


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
