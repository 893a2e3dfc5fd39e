"""Bot Framework authentication from rolebot's settings, and a cheap first check on tokens.

With no ``MICROSOFT_APP_ID`` the bot runs in local mode: botbuilder accepts
unauthenticated requests (Bot Framework Emulator, tests), and one warning says so. Such a
request names the ``serviceUrl`` the replies are POSTed to, any URL at all (169.254.169.254
included), so local mode serves this machine only: it listens on loopback, and refuses
requests addressed to another host name or naming a ``serviceUrl`` off this machine, unless
``ROLEBOT_TEAMS_ALLOW_ANONYMOUS_REMOTE`` is set.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import jwt
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import CallerIdConstants
from botframework.connector.auth import AuthenticationConstants, ServiceClientCredentialsFactory

from bot import ConfigError, Settings

log = logging.getLogger("rolebot.teams")

CLOCK_SKEW_SECONDS = 300  # botbuilder's own tolerance


@dataclass(frozen=True)
class BotFrameworkConfig:
    """The attribute names botbuilder's configuration classes read.

    The endpoint attributes stay ``None`` (botbuilder's built-in public cloud) unless
    ``build_authentication`` is given another OpenID metadata URL.
    """

    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str | None = None
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str | None = None
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str | None = None
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str | None = None
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str | None = None
    OAUTH_URL: str | None = None
    CALLER_ID: str | None = None


def bot_framework_config(settings: Settings) -> BotFrameworkConfig:
    """Fails fast, in one sentence, on an app type whose required settings are missing."""
    password = settings.microsoft_app_password
    config = BotFrameworkConfig(
        APP_ID=settings.microsoft_app_id,
        APP_PASSWORD=password.get_secret_value() if password else None,
        APP_TYPE=settings.microsoft_app_type,
        APP_TENANTID=settings.microsoft_app_tenant_id,
    )
    if config.APP_ID is None:
        return config
    if config.APP_TYPE != "UserAssignedMSI" and not config.APP_PASSWORD:
        raise ConfigError("MICROSOFT_APP_PASSWORD is required when MICROSOFT_APP_ID is set.")
    if config.APP_TYPE != "MultiTenant" and not config.APP_TENANTID:
        raise ConfigError(f"MICROSOFT_APP_TENANT_ID is required for a {config.APP_TYPE} bot.")
    return config


def with_channel_openid_metadata(config: BotFrameworkConfig, url: str) -> BotFrameworkConfig:
    """Public-cloud endpoints, except that channel tokens are checked against ``url``'s keys.

    Setting any endpoint switches botbuilder from its built-in public cloud to a fully
    parameterized one, so every other endpoint is spelled out with Microsoft's value.
    """
    return replace(
        config,
        TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=url,
        TO_BOT_FROM_CHANNEL_TOKEN_ISSUER=AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
        TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL=(
            AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
        ),
        TO_CHANNEL_FROM_BOT_LOGIN_URL=AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX,
        TO_CHANNEL_FROM_BOT_OAUTH_SCOPE=AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
        OAUTH_URL=AuthenticationConstants.OAUTH_URL,
        CALLER_ID=CallerIdConstants.public_azure_channel,
    )


def build_authentication(
    settings: Settings,
    *,
    openid_metadata_url: str | None = None,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
) -> ConfigurationBotFrameworkAuthentication:
    """botbuilder's authentication for ``settings``, against Microsoft's endpoints by default.

    ``openid_metadata_url`` replaces where channel-token signing keys come from, and
    ``credentials_factory`` how the bot gets its own outbound token; both are for code
    (tests against local fakes), never read from the environment.
    """
    config = bot_framework_config(settings)
    if config.APP_ID is None and settings.teams_allow_anonymous_remote:
        log.warning(
            "MICROSOFT_APP_ID is not set and ROLEBOT_TEAMS_ALLOW_ANONYMOUS_REMOTE is on: "
            "accepting unauthenticated requests from any host and replying to any serviceUrl "
            "they name; never expose this to the internet"
        )
    elif config.APP_ID is None:
        log.warning(
            "MICROSOFT_APP_ID is not set: running in local mode, accepting unauthenticated "
            "requests from this machine only (loopback, local serviceUrl) for the Bot "
            "Framework Emulator and tests; ROLEBOT_TEAMS_ALLOW_ANONYMOUS_REMOTE=true lifts this"
        )
    if openid_metadata_url is not None:
        config = with_channel_openid_metadata(config, openid_metadata_url)
    return ConfigurationBotFrameworkAuthentication(config, credentials_factory=credentials_factory)


def plausible_token(auth_header: str, app_id: str) -> bool:
    """Whether a bearer token is even addressed to this bot and unexpired.

    Only a first filter, the signature is checked by botbuilder afterwards. Doing this
    first means a token for another audience is refused without botbuilder fetching
    signing keys (a blocking HTTP call), and junk headers are 401 rather than a crash.
    """
    scheme, _, token = auth_header.partition(" ")
    if scheme != "Bearer" or not token:
        return False
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires + CLOCK_SKEW_SECONDS < time.time():
        return False
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    return app_id in audiences


def serves_this_machine_only(settings: Settings) -> bool:
    """Local mode without the operator's opt-in: loopback address and local serviceUrl only."""
    return settings.microsoft_app_id is None and not settings.teams_allow_anonymous_remote


def listen_host(settings: Settings) -> str:
    return "127.0.0.1" if serves_this_machine_only(settings) else "0.0.0.0"


def is_local_url(url: object) -> bool:
    """An http(s) URL whose host is this machine (``localhost`` or a loopback address)."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and is_local_host(parts.hostname)


def is_local_host(host: str | None) -> bool:
    """``host`` (no port) names this machine; no DNS lookup, so no DNS rebinding."""
    if not host:
        return False
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
