"""Optional LLM polish of a draft's wording, accepted only if the facts survive it.

The model may rephrase, but every dollar figure and tool name of the knowledge-based draft
must still appear, and no new figure may appear; otherwise the unpolished draft is kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.messages import JD_TODO_MARK

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

log = logging.getLogger(__name__)

PROMPT_FILE = "jd_polish.md"
UNAVAILABLE = "Polishing was unavailable; this draft is assembled directly from the knowledge base."
REJECTED = (
    "The polished wording changed a figure, dropped a tool named in the knowledge base or "
    "lost a placeholder, so this draft is assembled directly from the knowledge base."
)
POLISHED = (
    "Wording polished by the language model; its figures and tools were checked against "
    "the knowledge base."
)

_MONEY = re.compile(r"\$\d[\d,]*(?:\.\d+)?")
_TOKEN = re.compile(r"[A-Za-z][\w+#/.-]*[\w+#]|[A-Za-z]")
_FENCE = re.compile(r"^```(?:markdown|md)?\s*\n(.*)\n```\s*$", re.DOTALL)


@dataclass(frozen=True)
class Polish:
    """The polished Markdown, or None with the note saying why the draft was kept."""

    markdown: str | None
    note: str


def tool_names(texts: Iterable[str]) -> list[str]:
    """Capitalised names after a line's first word: "Expertise in Docker and Kubernetes"."""
    names: dict[str, None] = {}
    for text in texts:
        _, sep, rest = text.partition(":")
        body = rest if sep and len(text.partition(":")[0].split()) <= 6 else text
        for token in _TOKEN.findall(body)[1:]:
            if token[0].isupper() and len(token) > 1 and token.lower() not in {"e.g", "i.e"}:
                names[token] = None
    return list(names)


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text, re.IGNORECASE) is not None


def check_polish(draft: str, polished: str, tools: Iterable[str]) -> bool:
    """Same dollar figures both ways, every tool still named, every placeholder kept."""
    if set(_MONEY.findall(draft)) != set(_MONEY.findall(polished)):
        return False
    if draft.count(JD_TODO_MARK) != polished.count(JD_TODO_MARK):
        return False
    return all(_mentions(polished, tool) for tool in tools)


def polish_markdown(
    chat_model: BaseChatModel, prompts_dir: Path, draft: str, tools: Iterable[str]
) -> Polish:
    """Ask the model to polish ``draft``; any failure keeps the draft with a note."""
    from langchain_core.messages import HumanMessage, SystemMessage

    try:
        instructions = (prompts_dir / PROMPT_FILE).read_text(encoding="utf-8")
        reply = chat_model.invoke([SystemMessage(instructions), HumanMessage(draft)])
    except Exception as exc:  # any provider or network failure degrades to the draft
        log.warning("jd polish unavailable: %s", type(exc).__name__)
        return Polish(None, UNAVAILABLE)
    content = reply.content if isinstance(reply.content, str) else ""
    fenced = _FENCE.match(content.strip())
    polished = (fenced.group(1) if fenced else content).strip() + "\n"
    if not content.strip() or not check_polish(draft, polished, tools):
        log.info("jd polish rejected: facts changed")
        return Polish(None, REJECTED)
    return Polish(polished, POLISHED)
