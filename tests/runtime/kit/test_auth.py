"""Token validation: algorithms, issuer, audience, expiry, and the JWKS cache's refresh rules."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from chariot.runtime.kit.auth import JwksCache, Principal, TokenVerifier, bearer
from chariot.runtime.kit.errors import ForbiddenError, UnauthorizedError, UnavailableError
from chariot.spec import scopes

ISSUER = "https://issuer.test"


class Signer:
    def __init__(self, kid: str, algorithm: str) -> None:
        self.kid, self.algorithm = kid, algorithm
        if algorithm == "RS256":
            self.key: Any = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self.jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        else:
            self.key = ec.generate_private_key(ec.SECP256R1())
            self.jwk = json.loads(ECAlgorithm.to_jwk(self.key.public_key()))
        self.jwk.update({"kid": kid, "alg": algorithm, "use": "sig"})

    def token(self, **overrides: Any) -> str:
        claims = {
            "iss": ISSUER,
            "aud": "chariot",
            "sub": "u1",
            "exp": int(time.time()) + 60,
            "account_id": "acme",
            "scope": "read write",
        }
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.key, algorithm=self.algorithm, headers={"kid": self.kid})


class JwksServer:
    """A loopback HTTPS-less JWKS endpoint whose key set a test can rotate; counts fetches."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits += 1
                body = json.dumps({"keys": outer.keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def jwks() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


def verifier(url: str, min_refresh: float = 0.0) -> TokenVerifier:
    return TokenVerifier(JwksCache(url, min_refresh), ISSUER, "chariot", ["RS256", "ES256"])


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_valid_tokens_give_a_principal(jwks: JwksServer, algorithm: str) -> None:
    signer = Signer("k1", algorithm)
    jwks.keys = [signer.jwk]
    principal = asyncio.run(verifier(jwks.url).verify(signer.token()))
    assert principal == Principal("u1", "acme", frozenset({"read", "write"}))


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"iss": "https://evil.test"}, "(?i)issuer"),
        ({"aud": "someone-else"}, "(?i)audience"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"sub": None}, "sub"),
    ],
)
def test_wrong_claims_are_refused(jwks: JwksServer, overrides: dict[str, Any], reason: str) -> None:
    signer = Signer("k1", "RS256")
    jwks.keys = [signer.jwk]
    with pytest.raises(UnauthorizedError, match=reason):
        asyncio.run(verifier(jwks.url).verify(signer.token(**overrides)))


def test_other_algorithms_and_forged_signatures_are_refused(jwks: JwksServer) -> None:
    signer = Signer("k1", "RS256")
    jwks.keys = [signer.jwk]
    check = verifier(jwks.url)
    hs256 = jwt.encode(
        {"iss": ISSUER, "aud": "chariot", "sub": "u", "exp": time.time() + 60},
        "secret-secret-secret-secret-32by",
        algorithm="HS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(UnauthorizedError, match="algorithm"):
        asyncio.run(check.verify(hs256))
    impostor = Signer("k1", "RS256")  # same kid, different key
    with pytest.raises(UnauthorizedError, match="Signature"):
        asyncio.run(check.verify(impostor.token()))
    with pytest.raises(UnauthorizedError, match="malformed"):
        asyncio.run(check.verify("not-a-jwt"))


def test_jwks_is_cached_and_refreshed_on_an_unknown_kid(jwks: JwksServer) -> None:
    old, new = Signer("old", "RS256"), Signer("new", "ES256")
    jwks.keys = [old.jwk]
    check = verifier(jwks.url, min_refresh=0.0)

    async def scenario() -> None:
        for _ in range(20):
            await check.verify(old.token())
        assert jwks.hits == 1  # fetched once, then served from the cache
        jwks.keys = [old.jwk, new.jwk]  # the issuer rotates keys
        await check.verify(new.token())
        assert jwks.hits == 2

    asyncio.run(scenario())


def test_unknown_kids_cannot_force_a_fetch_per_request(jwks: JwksServer) -> None:
    signer = Signer("k1", "RS256")
    jwks.keys = [signer.jwk]
    check = verifier(jwks.url, min_refresh=60.0)
    forged = Signer("unknown", "RS256")

    async def scenario() -> None:
        await check.verify(signer.token())
        for _ in range(10):
            with pytest.raises(UnauthorizedError, match="unknown key id"):
                await check.verify(forged.token())

    asyncio.run(scenario())
    assert jwks.hits == 1


def test_unreachable_jwks_is_unavailable_not_unauthorized() -> None:
    signer = Signer("k1", "RS256")
    with pytest.raises(UnavailableError, match="jwks"):
        asyncio.run(verifier("http://127.0.0.1:1/jwks.json").verify(signer.token()))


def test_bearer_header_parsing() -> None:
    assert bearer("Bearer abc") == "abc"
    for bad in (None, "", "Basic abc", "Bearer "):
        with pytest.raises(UnauthorizedError):
            bearer(bad)


def test_tenancy_rules() -> None:
    user = Principal("u", "acme", frozenset())
    user.require_account("acme")
    with pytest.raises(ForbiddenError):
        user.require_account("globex")
    with pytest.raises(ForbiddenError):
        user.require_admin()
    Principal("a", None, frozenset({scopes.ADMIN})).require_account("globex")
    Principal("w", "acme", frozenset({scopes.WRITE})).require_scope(scopes.READ)
    with pytest.raises(ForbiddenError, match="chariot/write"):
        Principal("r", "acme", frozenset({scopes.READ})).require_scope(scopes.WRITE)


def _cognito_verifier(url: str) -> TokenVerifier:
    return TokenVerifier(JwksCache(url, 0.0), ISSUER, "app-client", ["RS256"], "client_id")


def test_cognito_access_tokens_are_checked_by_client_id_and_token_use(jwks: JwksServer) -> None:
    signer = Signer("k1", "RS256")
    jwks.keys = [signer.jwk]
    access = signer.token(aud=None, client_id="app-client", token_use="access")  # noqa: S106
    assert asyncio.run(_cognito_verifier(jwks.url).verify(access)).subject == "u1"


@pytest.mark.parametrize(
    "overrides",
    [
        {"aud": None, "client_id": "other-client", "token_use": "access"},
        {"aud": "app-client", "token_use": "id"},  # an ID token: never for the API
        {"aud": None, "token_use": "access"},  # no client_id at all
    ],
)
def test_cognito_tokens_of_other_clients_or_id_tokens_are_refused(
    jwks: JwksServer, overrides: dict[str, Any]
) -> None:
    signer = Signer("k1", "RS256")
    jwks.keys = [signer.jwk]
    with pytest.raises(UnauthorizedError, match=r"(?i)client|token"):
        asyncio.run(_cognito_verifier(jwks.url).verify(signer.token(**overrides)))
