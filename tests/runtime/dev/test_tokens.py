"""Development keys: saved, reloaded, and their tokens accepted by the kit's verifier."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

from chariot.runtime.dev.tokens import DevKeys
from chariot.runtime.kit.auth import JwksCache, TokenVerifier
from chariot.runtime.kit.settings import LOCAL_ISSUER


def test_saved_keys_sign_tokens_the_services_accept(tmp_path: Path) -> None:
    keys = DevKeys.create()
    jwks = keys.save(tmp_path)
    assert stat.S_IMODE((tmp_path / "signing-key.pem").stat().st_mode) == 0o600
    reloaded = DevKeys.load(tmp_path)
    token = reloaded.mint(subject="ann", account_id="acme", scopes=())
    verifier = TokenVerifier(JwksCache(jwks.as_uri()), LOCAL_ISSUER, "chariot", ["RS256"])
    principal = asyncio.run(verifier.verify(token))
    assert (principal.subject, principal.account_id, principal.is_admin) == ("ann", "acme", False)
