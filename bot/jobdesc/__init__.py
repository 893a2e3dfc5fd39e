"""Job-description drafts assembled from the knowledge base, optionally polished by an LLM."""

from __future__ import annotations

from bot.jobdesc.draft import draft_job_description, job_title
from bot.jobdesc.knowledge import known_roles
from bot.jobdesc.options import JDRequest, parse_jd_options

__all__ = ["JDRequest", "draft_job_description", "job_title", "known_roles", "parse_jd_options"]
