"""Development signing keys and tokens: what Cognito does in AWS, done on one machine.

`chariot dev up` makes an RSA key, publishes its public half as a JWKS file the services read
through `CHARIOT_JWKS_URL=file://...` (accepted only when CHARIOT_ENVIRONMENT=local), and mints
tokens with the local issuer. The private key never leaves the state folder.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from chariot.runtime.kit.auth import ADMIN_SCOPE
from chariot.runtime.kit.settings import LOCAL_ISSUER


class DevKeys:
    """One RS256 key pair with a key id, stored as PEM + JWKS in a folder."""

    def __init__(self, private_key: rsa.RSAPrivateKey, kid: str) -> None:
        self.private_key = private_key
        self.kid = kid

    @classmethod
    def create(cls) -> DevKeys:
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048), uuid.uuid4().hex)

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        public.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [public]}

    def save(self, folder: Path) -> Path:
        """Write `jwks.json` (public) and `signing-key.pem` (private, mode 600)."""
        folder.mkdir(parents=True, exist_ok=True)
        pem = self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        key_file = folder / "signing-key.pem"
        key_file.touch(mode=0o600)
        key_file.write_bytes(pem)
        (folder / "signing-key.kid").write_text(self.kid)
        jwks_file = folder / "jwks.json"
        jwks_file.write_text(json.dumps(self.jwks(), indent=2))
        return jwks_file

    @classmethod
    def load(cls, folder: Path) -> DevKeys:
        key = serialization.load_pem_private_key((folder / "signing-key.pem").read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{folder / 'signing-key.pem'} is not an RSA key")
        return cls(key, (folder / "signing-key.kid").read_text().strip())

    def mint(
        self,
        *,
        subject: str = "dev-admin",
        account_id: str | None = "acme",
        scopes: tuple[str, ...] = (ADMIN_SCOPE,),
        audience: str = "chariot",
        issuer: str = LOCAL_ISSUER,
        ttl_seconds: int = 12 * 3600,
    ) -> str:
        issued = int(time.time())
        claims: dict[str, Any] = {
            "iss": issuer,
            "aud": audience,
            "sub": subject,
            "iat": issued,
            "exp": issued + ttl_seconds,
            "scope": " ".join(scopes),
        }
        if account_id is not None:
            claims["account_id"] = account_id
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})
