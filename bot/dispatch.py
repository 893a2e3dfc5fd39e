"""Send salary and job-description requests to their features; questions fall through.

Built once with the knowledge documents and the salary table, so a request costs no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot import messages
from bot.errors import KnowledgeError
from bot.guide import help_text
from bot.jobdesc import JDRequest, draft_job_description, parse_jd_options
from bot.knowledge.documents import DEFAULT_MAX_FILE_BYTES, Document, load_knowledge
from bot.knowledge.roles import covered_roles, named_roles, role_examples
from bot.models import HelpReply, Reply, Request, SalaryResult
from bot.routing import (
    already_in_draft,
    last_draft,
    previous_question,
    route,
    salary_exchange,
)
from bot.salary import SALARY_TABLE_FILE, SalaryTable, load_salary_table, lookup_salary
from bot.salary.format import describe_source
from bot.salary.lookup import asks_which_pays_more, statistic_asked
from bot.salary.query import follow_up_query

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

log = logging.getLogger("rolebot.dispatch")


@dataclass(frozen=True)
class FeatureKnowledge:
    """What salary lookups and JD drafts read: the documents and the salary table."""

    documents: Sequence[Document]
    table: SalaryTable


def load_feature_knowledge(
    knowledge_dir: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> FeatureKnowledge:
    """The documents and the salary table checked against them.

    Raises ``KnowledgeError`` or ``SalaryTableError`` naming the file at fault; ``max_bytes``
    is ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE.
    """
    documents = load_knowledge(knowledge_dir, max_bytes=max_bytes)
    covered_roles(documents)  # a bad role, aliases or ladder is refused here, naming the file
    table = load_salary_table(knowledge_dir / SALARY_TABLE_FILE, documents, max_bytes=max_bytes)
    return FeatureKnowledge(documents, table)


class FeatureRouter:
    """``RoleBot``'s router: returns a reply for salary/JD/help, None for questions.

    ``generation`` names the live index; when ``rolebot ingest`` moves it, the documents
    and salary table are read again, so a running server's figures follow the knowledge
    like its answers do. A bad file then keeps the previous figures serving.
    """

    def __init__(
        self,
        *,
        load: Callable[[], FeatureKnowledge],
        prompts_dir: Path,
        chat_model: BaseChatModel | None = None,
        generation: Callable[[], str | None] = lambda: None,
    ) -> None:
        self._load = load
        self._generation = generation
        self._seen = generation()
        self._knowledge = load()
        self._prompts_dir = prompts_dir
        self._chat_model = chat_model

    @property
    def knowledge(self) -> FeatureKnowledge:
        current = self._generation()
        if current != self._seen:
            self._seen = current
            try:
                self._knowledge = self._load()
            except KnowledgeError as exc:  # the salary table's errors too
                log.error("kept the previous salary table and documents: %s", exc)
        return self._knowledge

    def __call__(self, request: Request) -> Reply | None:
        if request.intent == "salary":
            return self.salary(request)
        if request.intent == "job_description":
            return self.job_description(parse_jd_options(request.text))
        if request.intent == "question":
            return None
        routed = route(request.text, self.knowledge.table.role_terms(), request.history)
        if routed.intent == "help":
            if routed.thanks:
                return HelpReply(messages.WELCOME)
            if routed.edit:
                documents = self.knowledge.documents
                example = role_examples(documents[0] if documents else None).job_description
                text = messages.JD_NO_EDITS.format(example=example)
                listed = already_in_draft(request.text, request.history)
                if listed:
                    # "add python and spark": say so when the draft has them already
                    things = " and ".join(listed)
                    text = f"{messages.JD_ALREADY_LISTED.format(things=things)} {text}"
                return HelpReply(text)
            return HelpReply(help_text(self.knowledge.documents))
        if routed.intent == "salary" and routed.sources:
            figures = self.salary(request, routed.earlier).ranges
            where = dict.fromkeys(f"- {describe_source(f)} ({f.source.path})" for f in figures)
            if where:
                return HelpReply("\n".join([messages.SOURCES_OF_FIGURES, *where]))
        if routed.intent == "salary":
            return self.salary(request, routed.earlier)
        if routed.intent == "job_description" and routed.job is not None:
            return self.job_description(routed.job)
        return None

    def salary(self, request: Request, earlier: Sequence[str] = ()) -> SalaryResult:
        """A lookup; a follow-up ("what about a senior one?", "and in New York?") keeps the
        role, level and place of the salary exchange it continues and changes what it names.
        A note an earlier reply in the thread showed is not shown again (it stays in the
        data).
        """
        result = self._looked_up(request, earlier)
        shown = "\n".join(t.text for t in request.history if t.role == "assistant")
        repeated = [n for n in result.notes if n in shown and n not in result.headlined]
        return replace(result, said_before=repeated) if repeated else result

    def _looked_up(self, request: Request, earlier: Sequence[str]) -> SalaryResult:
        table = self.knowledge.table
        if not earlier and request.history and not table.families_named_in(request.text):
            # "salary senior" as a command word in a thread about a salary lookup.
            earlier = salary_exchange(request.history, table.role_terms())
            draft = None if earlier else last_draft(request.history)
            if draft is not None:
                # "what salary should we offer?" after a draft: the draft's level and place.
                where = f" in {draft.location}" if draft.location else ""
                earlier = [f"{draft.level or ''} {draft.role}{where}".strip()]
            asked_before = previous_question(request.history)
            if not earlier and asked_before and table.families_named_in(asked_before):
                # "tell me about the mlops team lead role || how much do they make?": the
                # role the question before named.
                earlier = [asked_before]
        if any(not table.families_named_in(title) for title in named_roles(request.text)):
            # "and a lead data scientist?": a role the table has no figures for is asked
            # about, not the earlier one again
            earlier = []
        if not earlier:
            return lookup_salary(table, request.text)
        text, place = follow_up_query([*earlier, request.text], table)
        # "what's typical?" keeps asking for that kind of figure, and so does a follow-up of
        # a lookup that asked for one ("median mlops salary" then "and for a lead?")
        asked = [statistic_asked(t) for t in [*earlier, request.text]]
        statistic = next((kind for kind in reversed(asked) if kind), "")
        text = f"{text} {statistic}".strip()
        if any(asks_which_pays_more(t) for t in [*earlier, request.text]):
            # "pay difference between a senior and a lead? || which pays more?"
            text = f"{text} which pays more"
        return lookup_salary(table, text, location=place)

    def job_description(self, job: JDRequest) -> Reply:
        knowledge = self.knowledge
        return draft_job_description(
            knowledge.documents,
            knowledge.table,
            role=job.role,
            level=job.level,
            location=job.location,
            industry=job.industry,
            remote=job.remote,
            arrangement=job.arrangement,
            chat_model=self._chat_model,
            prompts_dir=self._prompts_dir,
        )
