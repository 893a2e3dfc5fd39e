"""rolebot core: knowledge base, retrieval, answers, salaries and job descriptions.

Nothing in this package imports a chat-platform SDK; adapters translate to and from it.
What a caller may use is listed in ``__all__`` below, and adapters import only from here
and from :mod:`bot.toolkit` (what every chat platform needs). Names are loaded on first use,
so ``import bot`` (and ``rolebot --help``) costs nothing.

- building the bot: :func:`build_rolebot`, :func:`open_rolebot`, :func:`chat_runtime`;
- asking it: :class:`RoleBot` takes a :class:`Request` and returns a :data:`Reply`;
- settings and errors: :class:`Settings`, :func:`load_settings`, :class:`RolebotError`...;
- for rendering replies: the reply types, the guide, salary wording, ``bot.messages``;
- for chat servers: :class:`FeedbackStore` and :class:`SharedState`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Each public name and the module it lives in.
_HOMES = {
    "ChatRuntime": "bot.app",
    "build_rolebot": "bot.app",
    "chat_runtime": "bot.app",
    "open_rolebot": "bot.app",
    "RoleBot": "bot.service",
    "Settings": "bot.settings",
    "load_settings": "bot.settings",
    "Answer": "bot.models",
    "ErrorReply": "bot.models",
    "HelpReply": "bot.models",
    "Intent": "bot.models",
    "JDBullet": "bot.models",
    "JDSection": "bot.models",
    "JobDescription": "bot.models",
    "Reply": "bot.models",
    "Request": "bot.models",
    "SalaryFigure": "bot.models",
    "SalaryResult": "bot.models",
    "Source": "bot.models",
    "SourceRef": "bot.models",
    "Turn": "bot.models",
    "ConfigError": "bot.errors",
    "DependencyError": "bot.errors",
    "EvalFileError": "bot.errors",
    "IndexUnavailable": "bot.errors",
    "KnowledgeError": "bot.errors",
    "ModelFileError": "bot.errors",
    "PackageError": "bot.errors",
    "RolebotError": "bot.errors",
    "SalaryTableError": "bot.errors",
    "UsageError": "bot.errors",
    "FeedbackStore": "bot.feedback",
    "Vote": "bot.feedback",
    "KnowledgeGuide": "bot.guide",
    "SalaryAccess": "bot.guide",
    "SuggestedPrompt": "bot.guide",
    "guide_of": "bot.guide",
    "describe_location": "bot.salary.format",
    "describe_role": "bot.salary.format",
    "describe_source": "bot.salary.format",
    "format_amount": "bot.salary.format",
    "render_salary_text": "bot.salary.render_text",
    "SharedCache": "bot.state",
    "SharedState": "bot.state",
}

__all__ = [
    "Answer",
    "ChatRuntime",
    "ConfigError",
    "DependencyError",
    "ErrorReply",
    "EvalFileError",
    "FeedbackStore",
    "HelpReply",
    "IndexUnavailable",
    "Intent",
    "JDBullet",
    "JDSection",
    "JobDescription",
    "KnowledgeError",
    "KnowledgeGuide",
    "ModelFileError",
    "PackageError",
    "Reply",
    "Request",
    "RoleBot",
    "RolebotError",
    "SalaryAccess",
    "SalaryFigure",
    "SalaryResult",
    "SalaryTableError",
    "Settings",
    "SharedCache",
    "SharedState",
    "Source",
    "SourceRef",
    "SuggestedPrompt",
    "Turn",
    "UsageError",
    "Vote",
    "__version__",
    "build_rolebot",
    "chat_runtime",
    "describe_location",
    "describe_role",
    "describe_source",
    "format_amount",
    "guide_of",
    "load_settings",
    "open_rolebot",
    "render_salary_text",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bot' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from bot.app import ChatRuntime, build_rolebot, chat_runtime, open_rolebot
    from bot.errors import (
        ConfigError,
        DependencyError,
        EvalFileError,
        IndexUnavailable,
        KnowledgeError,
        ModelFileError,
        PackageError,
        RolebotError,
        SalaryTableError,
        UsageError,
    )
    from bot.feedback import FeedbackStore, Vote
    from bot.guide import KnowledgeGuide, SalaryAccess, SuggestedPrompt, guide_of
    from bot.models import (
        Answer,
        ErrorReply,
        HelpReply,
        Intent,
        JDBullet,
        JDSection,
        JobDescription,
        Reply,
        Request,
        SalaryFigure,
        SalaryResult,
        Source,
        SourceRef,
        Turn,
    )
    from bot.salary.format import describe_location, describe_role, describe_source, format_amount
    from bot.salary.render_text import render_salary_text
    from bot.service import RoleBot
    from bot.settings import Settings, load_settings
    from bot.state import SharedCache, SharedState
