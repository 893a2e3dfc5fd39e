"""Salary lookups from the curated table in ``knowledge/salaries.yaml``."""

from __future__ import annotations

from bot.salary.lookup import lookup_salary
from bot.salary.render_text import render_salary_text
from bot.salary.table import SALARY_TABLE_FILE, SalaryTable, load_salary_table

__all__ = [
    "SALARY_TABLE_FILE",
    "SalaryTable",
    "load_salary_table",
    "lookup_salary",
    "render_salary_text",
]
