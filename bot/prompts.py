"""Prompt templates are files in ``prompts/``; this reads them so no prompt text lives in code."""

from __future__ import annotations

from pathlib import Path

from bot.errors import ConfigError


def read_prompt(prompts_dir: Path, name: str) -> str:
    """The text of ``prompts/<name>.md``; a missing file is a configuration error."""
    path = prompts_dir / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(f"prompt file {path} is missing (check ROLEBOT_PROMPTS_DIR).") from None
