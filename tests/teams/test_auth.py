"""With an app id configured, only requests carrying a Bot Framework token for this bot get in.

Tokens that are unsigned-for-us in an obvious way (no token, wrong audience, expired) are
refused before botbuilder fetches signing keys. Tokens that pass that first look are
checked by botbuilder against a local OpenID provider's keys (``FakeOpenIdProvider``).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.utils import base64url_decode, base64url_encode
from pydantic import SecretStr

from adapters.teams.app import build_teams_app
from adapters.teams.auth import bot_framework_config, build_authentication
from bot.errors import ConfigError
from bot.feedback import FeedbackStore
from bot.models import HelpReply
from bot.settings import Settings
from tests.fakes.bot_connector import FakeBotConnector
from tests.fakes.openid import FakeOpenIdProvider, LocalAppCredentialFactory, new_signing_key
from tests.teams.activities import message
from tests.teams.engines import RecordingEngine
from tests.teams.running import RunningServer

APP_ID = "11111111-2222-3333-4444-555555555555"
BOT_TOKEN = "bot-outbound-token"  # what Azure AD would issue the bot for replying
HELP = "I answer questions about roles, salaries and job descriptions."
QUESTION = "what is MLOps?"
KEY_DOCUMENTS = ["/.well-known/openid-configuration", "/keys"]

pytestmark = pytest.mark.slow


@pytest.fixture
def secured(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"microsoft_app_id": APP_ID, "microsoft_app_password": SecretStr("secret")}
    )


def signed_token(*, audience: str, expires_in: float = 600, service_url: str = "") -> str:
    """A well-formed RS256 token shaped like the Bot Connector's, signed with a local key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = {
        "iss": "https://api.botframework.com",
        "aud": audience,
        "serviceurl": service_url,
        "nbf": int(time.time()) - 60,
        "exp": int(time.time() + expires_in),
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "local-test-key"})


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        "token-for-another-audience",
        "expired-token-for-this-bot",
    ],
)
def test_request_without_a_valid_token_gets_401_and_reaches_no_handler(
    authorization: str | None,
    secured: Settings,
    feedback: FeedbackStore,
    issuer: FakeOpenIdProvider,
    connector: FakeBotConnector,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="rolebot.teams")
    if authorization == "token-for-another-audience":
        authorization = "Bearer " + signed_token(
            audience="someone-elses-bot", service_url=connector.url
        )
    elif authorization == "expired-token-for-this-bot":
        authorization = "Bearer " + signed_token(audience=APP_ID, expires_in=-3600)
    engine = RecordingEngine(HelpReply("should never be sent"))
    headers = {"Authorization": authorization} if authorization else {}

    with serving_with_keys_from(issuer, secured, feedback, engine) as server:
        response = server.post(
            message("what is MLOps?", service_url=connector.url), headers=headers
        )

    assert response.status_code == 401
    assert issuer.fetched == []  # refused locally: no signing key was ever downloaded
    assert engine.requests == []
    assert connector.posted == []
    # the operator sees why, and nothing of the message
    said = [r.getMessage() for r in caplog.records if r.name == "rolebot.teams"]
    assert "rejected a request without a valid Bot Framework token" in said
    assert not any("MLOps" in line for line in said)


def test_local_mode_is_announced_by_one_warning(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="rolebot.teams"):
        build_authentication(settings)

    [record] = caplog.records
    assert "local mode" in record.getMessage()


def test_app_id_without_password_fails_fast_with_one_sentence(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="MICROSOFT_APP_PASSWORD is required"):
        bot_framework_config(settings.model_copy(update={"microsoft_app_id": APP_ID}))


def test_single_tenant_bot_needs_a_tenant_id(secured: Settings) -> None:
    single = secured.model_copy(update={"microsoft_app_type": "SingleTenant"})
    with pytest.raises(ConfigError, match="MICROSOFT_APP_TENANT_ID is required"):
        bot_framework_config(single)


def test_configured_bot_logs_no_local_mode_warning(
    secured: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="rolebot.teams"):
        build_authentication(secured)

    assert caplog.records == []


@contextmanager
def serving_with_keys_from(
    issuer: FakeOpenIdProvider, settings: Settings, feedback: FeedbackStore, engine: RecordingEngine
) -> Iterator[RunningServer]:
    """The real app for ``settings``, taking channel signing keys from ``issuer``."""
    authentication = build_authentication(
        settings,
        openid_metadata_url=issuer.metadata_url,
        credentials_factory=LocalAppCredentialFactory(
            bot_framework_config(settings), token=BOT_TOKEN
        ),
    )
    app = build_teams_app(settings, engine=engine, feedback=feedback, authentication=authentication)
    with RunningServer(app) as server:
        yield server


@pytest.fixture
def issuer() -> Iterator[FakeOpenIdProvider]:
    with FakeOpenIdProvider() as provider:
        yield provider


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine(HelpReply(HELP))


@pytest.fixture
def verifying_server(
    issuer: FakeOpenIdProvider, secured: Settings, feedback: FeedbackStore, engine: RecordingEngine
) -> Iterator[RunningServer]:
    with serving_with_keys_from(issuer, secured, feedback, engine) as server:
        yield server


def tampered(token: str) -> str:
    """``token`` with a later expiry written into its claims and the original signature."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64url_decode(payload))
    claims["exp"] += 3600
    forged = base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


def test_token_signed_by_the_channel_key_reaches_the_bot_and_the_reply_is_posted(
    issuer: FakeOpenIdProvider,
    verifying_server: RunningServer,
    connector: FakeBotConnector,
    engine: RecordingEngine,
) -> None:
    token = issuer.channel_token(audience=APP_ID, service_url=connector.url)

    response = verifying_server.post(
        message(QUESTION, service_url=connector.url), headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code in (200, 201)
    [reply] = connector.wait_for_messages(1)
    assert reply.text == HELP
    assert reply.authorization == f"Bearer {BOT_TOKEN}"  # the bot's own token, not the channel's
    assert [r.text for r in engine.requests] == [QUESTION]
    assert issuer.fetched == KEY_DOCUMENTS  # the signature was checked against the issuer's key


@pytest.mark.parametrize(
    "forgery",
    [
        "signed-by-an-unpublished-key",
        "signed-by-another-key-claiming-the-published-key-id",
        "claims-tampered-after-signing",
        "service-url-of-another-connector",
    ],
)
def test_token_for_this_bot_not_vouched_for_by_the_channel_key_gets_401(
    forgery: str,
    issuer: FakeOpenIdProvider,
    verifying_server: RunningServer,
    connector: FakeBotConnector,
    engine: RecordingEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="rolebot.teams")
    other_key = new_signing_key()
    tokens = {
        "signed-by-an-unpublished-key": lambda: issuer.channel_token(
            audience=APP_ID, service_url=connector.url, key=other_key, key_id="unpublished"
        ),
        "signed-by-another-key-claiming-the-published-key-id": lambda: issuer.channel_token(
            audience=APP_ID, service_url=connector.url, key=other_key
        ),
        "claims-tampered-after-signing": lambda: tampered(
            issuer.channel_token(audience=APP_ID, service_url=connector.url)
        ),
        "service-url-of-another-connector": lambda: issuer.channel_token(
            audience=APP_ID, service_url="https://smba.example.com/elsewhere/"
        ),
    }
    token = tokens[forgery]()

    response = verifying_server.post(
        message(QUESTION, service_url=connector.url), headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 401
    assert issuer.fetched == KEY_DOCUMENTS  # refused by botbuilder's check, not the first filter
    assert engine.requests == []
    assert connector.posted == []
    # the operator sees the kind of failure (an exception's type), not the token or text
    said = [r.getMessage() for r in caplog.records if r.name == "rolebot.teams"]
    assert any(
        re.fullmatch(r"rejected a request: \w*(?:Error|Exception)", line) for line in said
    ), said


def test_key_not_endorsed_for_teams_cannot_sign_for_teams_activities(
    secured: Settings,
    feedback: FeedbackStore,
    connector: FakeBotConnector,
    engine: RecordingEngine,
) -> None:
    with (
        FakeOpenIdProvider(endorsements=["webchat"]) as webchat_issuer,
        serving_with_keys_from(webchat_issuer, secured, feedback, engine) as server,
    ):
        token = webchat_issuer.channel_token(audience=APP_ID, service_url=connector.url)

        response = server.post(
            message(QUESTION, service_url=connector.url),
            headers={"Authorization": f"Bearer {token}"},
        )

        assert response.status_code == 401
        assert webchat_issuer.fetched == KEY_DOCUMENTS
    assert engine.requests == []
    assert connector.posted == []


def test_default_authentication_uses_microsofts_built_in_endpoints(secured: Settings) -> None:
    config = bot_framework_config(secured)

    assert config.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL is None  # botbuilder's public cloud
