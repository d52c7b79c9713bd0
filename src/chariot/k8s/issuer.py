"""Who issues the JWTs the mesh accepts.

`edge.jwt.issuer` in the spec names an external issuer. When it is null the issuer is the Cognito
user pool that the edge stack creates, whose id exists only after `cdk deploy`. Its URL is then
read from the file `cdk deploy --outputs-file cdk-outputs.json` writes: the outputs
`CognitoIssuerUrl` and `CognitoJwksUri`, or `CognitoUserPoolId` (the issuer URL of a pool is
`https://cognito-idp.<region>.amazonaws.com/<pool-id>` and its pool id starts with its region).

Both regions' manifests trust the primary region's pool, read from the primary's stacks only:
Cognito user pools are regional and the DR region has none, so the DR services accept the
tokens the one pool issues. A loss of the primary region takes the pool (sign-in, and its JWKS
once the services' cached keys expire) with it; docs/disaster-recovery.md says what that means
for a failover.

Without either, no issuer is invented: the manifests are rendered without a
RequestAuthentication, and the AuthorizationPolicies still require a request principal, so the
mesh refuses every edge request until the real issuer is known (fail closed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from chariot.k8s import stack_outputs
from chariot.k8s.stack_outputs import StackOutputs, regional
from chariot.spec import platform_names as names
from chariot.spec.model import PlatformSpec
from chariot.spec.problems import Problem, SpecError

ISSUER_OUTPUT = names.COGNITO_ISSUER_OUTPUT
JWKS_OUTPUT = names.COGNITO_JWKS_OUTPUT
POOL_ID_OUTPUT = names.COGNITO_POOL_ID_OUTPUT

_POOL_ID = re.compile(r"^(?P<region>[a-z]{2}(-[a-z]+)+-\d)_[A-Za-z0-9]+$")


@dataclass(frozen=True)
class JwtIssuer:
    """An issuer the mesh trusts, and where its signing keys are published."""

    issuer: str
    jwks_uri: str
    audiences: tuple[str, ...]
    source: str
    cognito: bool

    @property
    def request_principals(self) -> str:
        """Istio's request principal for any subject of this issuer (`<iss>/<sub>`)."""
        return f"{self.issuer}/*"


def cognito_issuer(pool_id: str) -> str:
    """The issuer URL Cognito puts in the tokens of a user pool."""
    match = _POOL_ID.match(pool_id)
    if match is None:
        raise ValueError(f"{pool_id!r} is not a Cognito user pool id (<region>_<id>)")
    return names.cognito_issuer_url(match.group("region"), pool_id)


def from_outputs(spec: PlatformSpec, outputs: StackOutputs) -> JwtIssuer:
    """The Cognito issuer from parsed `cdk deploy --outputs-file` outputs: the primary region's
    pool, for the DR region's manifests too (module docstring)."""
    file = outputs.file
    outputs = regional(outputs, spec, dr=False)
    issuer = outputs.find(ISSUER_OUTPUT)
    jwks = outputs.find(JWKS_OUTPUT)
    if issuer is None:
        pool = outputs.find(POOL_ID_OUTPUT)
        if pool is None:
            raise SpecError(
                [
                    Problem(
                        file,
                        ISSUER_OUTPUT,
                        f"no output {ISSUER_OUTPUT} or {POOL_ID_OUTPUT} in any stack of "
                        "the primary region: "
                        "deploy the edge stack first (cdk deploy --outputs-file)",
                    )
                ]
            )
        try:
            issuer = cognito_issuer(pool)
        except ValueError as exc:
            raise SpecError([Problem(file, POOL_ID_OUTPUT, str(exc))]) from None
    if not issuer.startswith("https://"):
        raise SpecError([Problem(file, ISSUER_OUTPUT, f"{issuer!r} is not an https URL")])
    return JwtIssuer(
        issuer=issuer,
        jwks_uri=jwks or names.jwks_uri(issuer),
        audiences=tuple(spec.edge.jwt.audiences),
        source=f"stack outputs {file}",
        cognito=True,
    )


def from_stack_outputs(spec: PlatformSpec, file: Path) -> JwtIssuer:
    """Read the Cognito issuer from a `cdk deploy --outputs-file` JSON file."""
    return from_outputs(spec, stack_outputs.read(file))


def resolve(spec: PlatformSpec, stack_outputs: Path | None = None) -> JwtIssuer | None:
    """The spec's issuer, else the deployed Cognito pool's, else None (the mesh fails closed)."""
    jwt = spec.edge.jwt
    if jwt.issuer is not None and jwt.jwks_uri is not None:
        return JwtIssuer(jwt.issuer, jwt.jwks_uri, tuple(jwt.audiences), "spec", cognito=False)
    if stack_outputs is not None:
        return from_stack_outputs(spec, stack_outputs)
    return None
