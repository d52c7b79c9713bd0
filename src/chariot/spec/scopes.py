"""The API's OAuth scopes, in one place: read < write < admin, each granting the ones below.

The services check them per route (kit/auth.py: reads need `read`, writes `write`, account
creation `admin`), the mesh checks the same per method in each service's AuthorizationPolicy
(k8s/mesh_security.py), the edge's Cognito user pool declares them on a resource server, and
`chariot dev token --scope` mints local tokens with them. Names follow Cognito's custom-scope
form, `<resource server identifier>/<scope name>`, so a Cognito access token carries them as is:
https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
"""

from __future__ import annotations

from collections.abc import Iterable

RESOURCE_SERVER = "chariot"
LEVELS = ("read", "write", "admin")
"""Scope names, weakest first: a token holding one is granted every one before it."""

READ, WRITE, ADMIN = (f"{RESOURCE_SERVER}/{name}" for name in LEVELS)
ALL = (READ, WRITE, ADMIN)

DESCRIPTIONS = {
    "read": "Read the items of the token's account",
    "write": "Create, change and delete the items of the token's account",
    "admin": "Act on any account and create accounts",
}

METHOD_SCOPE = {
    "GET": READ,
    "HEAD": READ,
    "OPTIONS": READ,
    "POST": WRITE,
    "PUT": WRITE,
    "PATCH": WRITE,
    "DELETE": WRITE,
}
"""The scope a request needs by its method (a route may need more, e.g. admin)."""


def satisfying(needed: str) -> list[str]:
    """The scopes any one of which grants `needed` (it and every stronger one)."""
    return list(ALL[ALL.index(needed) :])


def grants(held: Iterable[str], needed: str) -> bool:
    """Whether a token holding `held` may do what needs `needed`."""
    return not set(satisfying(needed)).isdisjoint(held)


def scope_of(level: str) -> str:
    """`write` -> `chariot/write`; a clear error for anything else."""
    if level not in LEVELS:
        raise ValueError(f"scope {level!r} is not one of {', '.join(LEVELS)}")
    return f"{RESOURCE_SERVER}/{level}"
