"""Send salary and job-description requests to their features; questions fall through.

Built once with the knowledge documents and the salary table, so a request costs no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.jobdesc import JDRequest, draft_job_description, parse_jd_options
from bot.knowledge.documents import Document
from bot.models import HelpReply, Reply, Request, SalaryResult
from bot.routing import route
from bot.salary import SalaryTable, lookup_salary

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel


class FeatureRouter:
    """``RoleBot``'s router: returns a reply for salary/JD/help, None for questions."""

    def __init__(
        self,
        *,
        documents: Sequence[Document],
        table: SalaryTable,
        prompts_dir: Path,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self._documents = documents
        self._table = table
        self._prompts_dir = prompts_dir
        self._chat_model = chat_model
        self._roles = table.role_terms()

    def __call__(self, request: Request) -> Reply | None:
        if request.intent == "salary":
            return self.salary(request)
        if request.intent == "job_description":
            return self.job_description(parse_jd_options(request.text))
        if request.intent == "question":
            return None
        routed = route(request.text, self._roles)
        if routed.intent == "help":
            from bot import messages

            return HelpReply(messages.HELP)
        if routed.intent == "salary":
            return self.salary(request)
        if routed.intent == "job_description" and routed.job is not None:
            return self.job_description(routed.job)
        return None

    def salary(self, request: Request) -> SalaryResult:
        """A lookup; a follow-up such as "and in New York?" borrows the earlier turn's role."""
        result = lookup_salary(self._table, request.text)
        previous = [t.text for t in request.history if t.role == "user"]
        if not result.found and previous:
            retry = lookup_salary(self._table, f"{previous[-1]} {request.text}")
            if retry.found:
                return retry
        return result

    def job_description(self, job: JDRequest) -> Reply:
        return draft_job_description(
            self._documents,
            self._table,
            role=job.role,
            level=job.level,
            location=job.location,
            industry=job.industry,
            remote=job.remote,
            chat_model=self._chat_model,
            prompts_dir=self._prompts_dir,
        )
