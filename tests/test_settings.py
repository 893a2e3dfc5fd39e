"""Settings come from the environment and fail with one readable sentence."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.errors import ConfigError
from bot.settings import load_settings


def test_invalid_number_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLEBOT_LLM_TIMEOUT", "soon")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith("Invalid setting ROLEBOT_LLM_TIMEOUT:")


def test_cli_reports_bad_setting_in_one_line_with_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROLEBOT_EMBEDDINGS", "magic")
    assert main(["ask", "anything"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rolebot: Invalid setting ROLEBOT_EMBEDDINGS")
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_secrets_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    settings = load_settings()
    assert "sk-test" not in repr(settings)
    assert settings.llm_enabled


def test_comma_lists_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / ".env").write_text("ROLEBOT_SLACK_ALLOWED_TEAMS=T1, T2\nROLEBOT_TOP_K=6\n")
    settings = load_settings()
    assert settings.slack_allowed_teams == ["T1", "T2"]
    assert settings.top_k == 6


def test_llm_is_off_without_key_or_server() -> None:
    assert not load_settings().llm_enabled
    assert load_settings(openai_base_url="http://127.0.0.1:1/v1").llm_enabled
    assert not load_settings(openai_base_url="http://127.0.0.1:1/v1", llm="off").llm_enabled


def test_knowledge_file_size_limit_takes_units(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().max_knowledge_file_size == 2 * 1024 * 1024
    monkeypatch.setenv("ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE", "500KB")
    assert load_settings().max_knowledge_file_size == 500_000
    monkeypatch.setenv("ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE", "lots")
    with pytest.raises(ConfigError, match=r"^Invalid setting ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE:"):
        load_settings()
