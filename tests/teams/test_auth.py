"""With an app id configured, only requests carrying a Bot Framework token for this bot get in.

No test here makes botbuilder fetch signing keys: every token is refused before that
(there is no network, and a refused request must not cost a key download anyway).
"""

from __future__ import annotations

import logging
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from adapters.teams.auth import bot_framework_config, build_authentication
from bot.models import HelpReply
from bot.settings import ConfigError, Settings
from tests.fakes.bot_connector import FakeBotConnector
from tests.teams.activities import message
from tests.teams.conftest import StartServer
from tests.teams.engines import RecordingEngine

APP_ID = "11111111-2222-3333-4444-555555555555"

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
    connector: FakeBotConnector,
    start_server: StartServer,
) -> None:
    if authorization == "token-for-another-audience":
        authorization = "Bearer " + signed_token(
            audience="someone-elses-bot", service_url=connector.url
        )
    elif authorization == "expired-token-for-this-bot":
        authorization = "Bearer " + signed_token(audience=APP_ID, expires_in=-3600)
    engine = RecordingEngine(HelpReply("should never be sent"))
    server = start_server(engine, app_settings=secured)
    headers = {"Authorization": authorization} if authorization else {}

    started = time.monotonic()
    response = server.post(message("what is MLOps?", service_url=connector.url), headers=headers)

    assert response.status_code == 401
    assert time.monotonic() - started < 2  # refused locally, no key download attempted
    assert engine.requests == []
    assert connector.posted == []


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
