"""The composition root for Slack: one WebClient, one executor, one bolt ``App``.

Every listener is split in two (see ``listeners/identity.py``): a quick acknowledgement that runs
inside the HTTP request, and the work, a bolt lazy listener on a thread pool. So Slack gets
its HTTP 200 well within 3 seconds however long answers take and however many are running.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    RetryHandler,
)

from adapters.slack import handoff, middleware
from adapters.slack.access import AccessPolicy
from adapters.slack.deps import SlackDeps
from adapters.slack.handoff import ParkedRequest, Redispatcher
from adapters.slack.history import ThreadCache
from adapters.slack.listeners import register
from bot import ConfigError, FeedbackStore, Settings, SharedState
from bot.toolkit import Handler, ParkedDeliveries

WEB_API_TIMEOUT_SECONDS = 30
LISTENER_THREADS = 8


def retry_handlers() -> list[RetryHandler]:
    """Retry Slack's 429s (honouring Retry-After) and dropped connections."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=3),
        ConnectionErrorRetryHandler(max_retry_count=2),
    ]


def build_web_client(settings: Settings) -> WebClient:
    """The Web API client, pointed at ``SLACK_API_URL`` (Slack's, or a test double)."""
    settings.require_slack()
    assert settings.slack_bot_token is not None  # required above
    base_url = settings.slack_api_url.rstrip("/") + "/"
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=base_url,
        timeout=WEB_API_TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(),
    )


def build_slack_app(
    settings: Settings,
    bot: Handler,
    feedback: FeedbackStore,
    *,
    client: WebClient | None = None,
    executor: ThreadPoolExecutor | None = None,
    on_duplicate: Callable[[], None] = lambda: None,
    shared: SharedState | None = None,
) -> App:
    """A bolt app wired to ``bot``; checks the token with ``auth.test`` before returning.

    ``executor`` runs the work after each acknowledgement (and our own background posts).
    ``shared`` (Redis) makes re-delivery keys and the thread cache common to every replica.
    """
    client = client or build_web_client(settings)
    executor = executor or ThreadPoolExecutor(
        max_workers=LISTENER_THREADS, thread_name_prefix="rolebot-slack"
    )
    shared = shared or SharedState()
    dedup = shared.claims(namespace="slack")
    redispatcher = Redispatcher(executor)
    deps = SlackDeps(
        bot=bot,
        feedback=feedback,
        access=AccessPolicy.from_settings(settings),
        dedup=dedup,
        executor=executor,
        retry_handlers=retry_handlers(),
        on_duplicate=on_duplicate,
        handoff=ParkedDeliveries[ParkedRequest](dedup, redispatcher.resume)
        if dedup.shared
        else None,
        threads=ThreadCache.build(shared),
        history_turns=settings.history_turns,
    )
    secret = settings.slack_signing_secret
    try:
        app = App(
            # Not "rolebot": bolt copies its level onto the logger of that name, which would
            # silence or double the core's own log lines.
            name="rolebot-slack",
            client=client,
            signing_secret=secret.get_secret_value() if secret else "",
            process_before_response=True,
            listener_executor=executor,
            logger=logging.getLogger("rolebot.slack.bolt"),
        )
    except BoltError as exc:
        raise ConfigError(f"Slack did not accept SLACK_BOT_TOKEN ({_reason(exc)}).") from None
    except OSError as exc:  # DNS, refused connection, timeout (after the retries)
        raise ConfigError(
            f"Could not reach Slack's Web API at {settings.slack_api_url} "
            f"({type(exc).__name__}); check SLACK_API_URL and the network."
        ) from None
    handoff.install(app, dedup, executor)
    redispatcher.attach(app)
    middleware.install(app, deps)
    register(app, deps)
    return app


def _reason(exc: BoltError) -> str:
    """Slack's error code from bolt's message (which also holds the whole response)."""
    match = re.search(r"""['"]error['"]: ['"]([a-z_]+)['"]""", str(exc))
    return match.group(1) if match else "auth.test failed"
