"""The composition root: every client is built here once and passed in.

Three ways in, one assembly:

- :func:`build_rolebot` — the bot over clients the caller may supply (tests, the bench);
- :func:`open_rolebot` — the bot over an index that exists, built first if need be (the CLI);
- :func:`chat_runtime` — what a chat server runs: the instrumented bot, the feedback store,
  metrics, shared state, the index follower and the ops endpoints, started and stopped
  together (``rolebot serve slack|teams``).

Adapters receive what these build; nothing else assembles a bot.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.embeddings.base import TextEmbedder
from bot.embeddings.factory import build_embeddings
from bot.errors import IndexUnavailable
from bot.index.chroma import ChromaIndex, open_chroma
from bot.ops.logging import LogSafe
from bot.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

    from bot.dispatch import FeatureRouter
    from bot.feedback import FeedbackStore
    from bot.guide import KnowledgeGuide
    from bot.index.chroma import ChromaClient
    from bot.index.ingest import IngestReport
    from bot.index.vector import VectorIndex
    from bot.ops.instrumented import InstrumentedBot
    from bot.ops.metrics import RoleBotMetrics
    from bot.retrieval.live import LiveIndex
    from bot.salary_policy import SalaryPolicy
    from bot.service import RoleBot
    from bot.state import SharedState

log = logging.getLogger("rolebot.app")


def build_rolebot(
    settings: Settings,
    *,
    client: ChromaClient | None = None,
    embedder: TextEmbedder | None = None,
    shared: SharedState | None = None,
    store: VectorIndex | None = None,
) -> RoleBot:
    """A ready :class:`RoleBot` for ``settings`` (the index is loaded on first use).

    The index is read through ``store``, else through Chroma (``client``, else the one the
    settings name). ``shared`` (Redis, when several replicas run) makes the rate limit
    count across them.
    """
    from bot.answering.extractive import DEFAULT_MIN_RELEVANCE, ExtractiveAnswerer
    from bot.retrieval.live import LiveIndex
    from bot.salary_policy import SalaryPolicy
    from bot.service import RoleBot
    from bot.state import SharedState

    embedder = embedder or build_embeddings(settings)
    store = store or ChromaIndex(client or open_chroma(settings))
    index = LiveIndex(store=store, embedder=embedder, k=settings.top_k)
    generative = None
    chat_model = None
    if settings.llm_enabled:
        from bot.answering.generative import GenerativeAnswerer
        from bot.llm import build_chat_model

        chat_model = build_chat_model(settings)
        if chat_model is not None:
            generative = GenerativeAnswerer(
                chat_model=chat_model,
                prompts_dir=settings.prompts_dir,
                max_tokens=settings.llm_max_tokens,
                timeout=settings.llm_timeout,
            )
    threshold = settings.min_relevance
    router = build_router(settings, chat_model, index)
    policy = SalaryPolicy.from_settings(settings)
    return RoleBot(
        index=index,
        extractive=ExtractiveAnswerer(
            min_relevance=DEFAULT_MIN_RELEVANCE if threshold is None else threshold
        ),
        generative=generative,
        max_question_chars=settings.max_question_chars,
        router=router,
        salary_policy=policy,
        guide=build_guide(settings, router, policy),
        rate_limiter=(shared or SharedState()).rate_limiter(settings.rate_limit_per_minute),
    )


def open_rolebot(
    settings: Settings,
    *,
    shared: SharedState | None = None,
    before_build: Callable[[], None] | None = None,
    on_build: Callable[[IngestReport], None] | None = None,
) -> RoleBot:
    """The bot over an index that exists: when none has been built yet, it is built from
    the knowledge first (``before_build`` and ``on_build`` let the CLI say so).

    The embedding model loads on a second thread while Chroma opens on this one: a cold
    ``rolebot ask`` pays for the slower of the two, not both. (Importing the answering chain
    there too, LangChain being its costly part, measured no faster: both imports need the
    interpreter lock.)
    """
    from bot.index.chroma import read_pointer

    embedder = build_embeddings(settings)
    warm = threading.Thread(target=_warm, args=(embedder,), daemon=True)
    warm.start()
    try:
        client = open_chroma(settings)
    finally:
        # Even when Chroma is unreachable: exiting while onnxruntime loads in another thread
        # aborts the process ("terminate called without an active exception").
        warm.join()
    if read_pointer(client) is None:
        from bot.index.ingest import ingest

        if before_build is not None:
            before_build()
        report = ingest(
            client=client,
            embedder=embedder,
            knowledge_dir=settings.knowledge_dir,
            progress=False,
            max_file_bytes=settings.max_knowledge_file_size,
        )
        if on_build is not None:
            on_build(report)
    return build_rolebot(settings, client=client, embedder=embedder, shared=shared)


def _warm(embedder: TextEmbedder) -> None:
    warm_up = getattr(embedder, "warm_up", None)
    if callable(warm_up):
        with contextlib.suppress(Exception):  # the first real query reports any problem
            warm_up()


def build_guide(
    settings: Settings, router: FeatureRouter | None, policy: SalaryPolicy
) -> KnowledgeGuide:
    """The guide reads the documents the features already hold (and reload on ingest);
    when the features are off it reads the knowledge once itself, or covers nothing."""
    from bot.errors import KnowledgeError
    from bot.guide import KnowledgeGuide
    from bot.knowledge.documents import Document, load_knowledge

    if router is not None:
        return KnowledgeGuide(documents=lambda: router.knowledge.documents, salary_policy=policy)
    try:
        documents: list[Document] = load_knowledge(
            settings.knowledge_dir, max_bytes=settings.max_knowledge_file_size
        )
    except KnowledgeError:
        documents = []
    return KnowledgeGuide(
        documents=lambda: documents, salary_policy=policy, drafts_job_descriptions=False
    )


def build_router(
    settings: Settings, chat_model: BaseChatModel | None, index: LiveIndex
) -> FeatureRouter | None:
    """Salary and JD features from the knowledge; without them the bot still answers."""
    from bot.dispatch import FeatureRouter, load_feature_knowledge
    from bot.errors import KnowledgeError

    def generation() -> str | None:
        try:
            index.refresh()
        except IndexUnavailable:
            return None
        return index.info.collection if index.info else None

    try:
        return FeatureRouter(
            load=lambda: load_feature_knowledge(
                settings.knowledge_dir, max_bytes=settings.max_knowledge_file_size
            ),
            prompts_dir=settings.prompts_dir,
            chat_model=chat_model,
            generation=generation,
        )
    except KnowledgeError as exc:  # the salary table's errors too
        # The message names the knowledge file at fault; it holds no message text.
        log.error("salary and job-description features are off: %s", LogSafe(str(exc)))
        return None


@dataclass
class ChatRuntime:
    """What a chat server hands its adapter: the bot (instrumented: every reply is counted
    and logged without message text), the feedback store, and the replica's shared state."""

    platform: str
    bot: InstrumentedBot
    feedback: FeedbackStore
    metrics: RoleBotMetrics
    shared: SharedState

    def on_duplicate(self) -> None:
        """Count a re-delivery the adapter recognised and did not answer twice."""
        self.metrics.observe_duplicate(self.platform)


@contextlib.contextmanager
def chat_runtime(
    settings: Settings, platform: str, *, ops_port: int | None = None
) -> Iterator[ChatRuntime]:
    """The runtime for ``rolebot serve <platform>``, running until the block ends.

    Started with it: this replica's presence in Redis (if configured), a thread that follows
    the index when ``rolebot ingest`` moves it, and ``/healthz``, ``/readyz`` and
    ``/metrics`` on their own port (``ROLEBOT_METRICS_PORT``; 0 turns them off; ``ops_port``,
    from ``--ops-port``, overrides it, and there 0 means any free port).
    """
    from bot.ops.instrumented import InstrumentedBot, MeteredFeedbackStore
    from bot.ops.metrics import RoleBotMetrics
    from bot.state import SharedState
    from bot.state.index_follower import IndexFollower

    metrics = RoleBotMetrics()
    shared = SharedState.from_settings(settings)
    built = open_rolebot(  # the summary names no user text: counts and seconds
        settings, shared=shared, on_build=lambda report: log.info("%s", LogSafe(report.summary()))
    )
    bot = InstrumentedBot(bot=built, metrics=metrics)
    database_url = settings.database_url.get_secret_value() if settings.database_url else None
    feedback = MeteredFeedbackStore(
        None if database_url else settings.feedback_path,
        database_url=database_url,
        metrics=metrics,
        platform=platform,
    )
    runtime = ChatRuntime(
        platform=platform, bot=bot, feedback=feedback, metrics=metrics, shared=shared
    )
    ops = _start_ops(settings, runtime, ops_port)
    shared.start()
    follower = IndexFollower(runtime.bot.index)
    follower.start()
    try:
        yield runtime
    finally:
        follower.stop()
        if ops is not None:
            ops.stop()
        shared.stop()


def _start_ops(settings: Settings, runtime: ChatRuntime, port: int | None = None) -> Any:
    """The ops endpoints on their own port; a busy port must not stop the chat bot.

    ``port`` (``--ops-port``) overrides the settings; there 0 means any free port, which
    the log line names, while ``ROLEBOT_METRICS_PORT=0`` turns the endpoints off.
    """
    from bot.ops.endpoints import ops_port
    from bot.ops.server import start_ops_server

    if port is None and settings.metrics_port == 0:
        return None
    port = ops_port(settings, port)
    try:
        ops = start_ops_server(
            runtime.bot,
            settings,
            port,
            metrics=runtime.metrics,
            shared=runtime.shared,
            feedback=runtime.feedback,
        )
    except OSError as exc:
        log.error("ops endpoints not started on port %d (%s)", port, type(exc).__name__)
        return None
    log.info("ops endpoints listening on port %d", ops.port, extra={"port": ops.port})
    return ops
