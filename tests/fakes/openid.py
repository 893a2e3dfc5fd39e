"""A local stand-in for the Bot Framework's token issuer, for end-to-end auth tests.

The Bot Connector signs every request to a bot with a key published through OpenID
metadata (``/.well-known/openid-configuration`` pointing at a JWKS). This server
publishes one locally generated RSA key the same way, with the ``endorsements``
(channel ids) Bot Framework keys carry, and signs tokens with it, so botbuilder's real
validation runs against it. Outbound, the bot's own token normally comes from Azure AD
through MSAL, which only talks to https authorities; ``LocalAppCredentialFactory``
hands out a fixed token instead and keeps the real app-id checks.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler
from typing import Any

import jwt
from botbuilder.integration.aiohttp import ConfigurationServiceClientCredentialFactory
from botframework.connector.auth import AppCredentials
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.fakes.local_http import LocalHTTPServer, QuietJSONHandler

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"


def new_signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeOpenIdProvider(LocalHTTPServer):
    """Start with ``with FakeOpenIdProvider() as issuer:``; give the bot ``.metadata_url``.

    botbuilder caches keys per metadata URL for the whole process, and every provider
    listens on a fresh port, so each test's bot fetches this provider's keys.
    """

    def __init__(self, *, endorsements: Sequence[str] = ("msteams",)) -> None:
        self.key = new_signing_key()
        self.key_id = uuid.uuid4().hex
        self.endorsements = list(endorsements)
        self._fetched: list[str] = []
        self._lock = threading.Lock()
        super().__init__(self._handler_class())

    @property
    def url(self) -> str:
        return self.origin

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    @property
    def fetched(self) -> list[str]:
        """Paths the bot requested, in order."""
        with self._lock:
            return list(self._fetched)

    def channel_token(
        self,
        *,
        audience: str,
        service_url: str,
        expires_in: float = 600,
        key: rsa.RSAPrivateKey | None = None,
        key_id: str | None = None,
    ) -> str:
        """A token shaped like the Bot Connector's; another ``key`` or ``key_id`` forges one."""
        now = int(time.time())
        claims = {
            "iss": BOT_FRAMEWORK_ISSUER,
            "aud": audience,
            "serviceurl": service_url,
            "nbf": now - 60,
            "exp": int(now + expires_in),
        }
        return jwt.encode(
            claims,
            key or self.key,
            algorithm="RS256",
            headers={"kid": key_id or self.key_id},
        )

    def _documents(self) -> dict[str, dict[str, Any]]:
        public_key = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {
            "/.well-known/openid-configuration": {
                "issuer": BOT_FRAMEWORK_ISSUER,
                "jwks_uri": f"{self.url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            },
            "/keys": {
                "keys": [
                    {
                        **public_key,
                        "kid": self.key_id,
                        "use": "sig",
                        "endorsements": self.endorsements,
                    }
                ]
            },
        }

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(QuietJSONHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with provider._lock:
                    provider._fetched.append(path)
                document = provider._documents().get(path)
                self.send_json(200 if document else 404, document or {"error": "not found"})

        return Handler


class FixedTokenCredentials(AppCredentials):  # type: ignore[misc]
    """The bot's outbound credentials, with a fixed token where MSAL would ask Azure AD."""

    def __init__(self, app_id: str, token: str) -> None:
        super().__init__(app_id=app_id)
        self.token = token

    def get_access_token(self, force_refresh: bool = False) -> str:
        return self.token


class LocalAppCredentialFactory(ConfigurationServiceClientCredentialFactory):  # type: ignore[misc]
    """botbuilder's factory for ``configuration`` (same app-id checks), minus Azure AD."""

    def __init__(self, configuration: Any, *, token: str) -> None:
        super().__init__(configuration)
        self.token = token

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> AppCredentials:
        if not await self.is_valid_app_id(app_id):
            raise PermissionError(f"no credentials for app id {app_id!r}")
        return FixedTokenCredentials(app_id, self.token)
