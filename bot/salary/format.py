"""How a salary figure is written for people, shared by the CLI, JD drafts and adapters."""

from __future__ import annotations

from bot.models import SalaryFigure

_SYMBOLS = {"USD": "$"}


def format_money(amount: int, currency: str = "USD") -> str:
    """``165000`` -> ``$165,000``; other currencies keep their code."""
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {currency}"


def format_amount(figure: SalaryFigure) -> str:
    """``$165,000–$207,125 a year``, or one figure when low equals high."""
    low = format_money(figure.low, figure.currency)
    amount = (
        low if figure.low == figure.high else f"{low}–{format_money(figure.high, figure.currency)}"
    )
    return f"{amount} a {figure.period}" if figure.period else amount


def describe_role(figure: SalaryFigure) -> str:
    """The role with its level when the title does not already say it: "MLOps Engineer (senior)"."""
    if figure.level and figure.level.replace("-", " ") not in figure.role.lower().replace("-", " "):
        return f"{figure.role} ({figure.level})"
    return figure.role


def describe_location(figure: SalaryFigure) -> str:
    """Where a figure applies, saying so when the knowledge does not."""
    return figure.location or "not stated"


def describe_source(figure: SalaryFigure) -> str:
    """``Lead MLOps Engineer › Overview › Career Path and Salary``."""
    return f"{figure.source.title} › {figure.source.section}"
