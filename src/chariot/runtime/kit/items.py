"""Small helpers every service uses to shape items: ids, timestamps, public views, versions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from chariot.runtime.kit.errors import BadRequestError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
"""An account id as it appears in paths and keys."""

_ID_NAMESPACE = uuid.UUID("6f1c4f0e-3b7a-5d2e-9c41-8a0b2f6d7e13")
_INTERNAL = {"pk", "sk", "gsi1pk", "gsi1sk", "fingerprint"}


def stable_id(*parts: str) -> str:
    """A deterministic id from a natural key: the same create retried gets the same id."""
    return str(uuid.uuid5(_ID_NAMESPACE, "\x1f".join(parts)))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def public(item: dict[str, Any]) -> dict[str, Any]:
    """The item without storage keys and bookkeeping."""
    return {k: v for k, v in item.items() if k not in _INTERNAL}


MAX_VERSION_DIGITS = 18
"""A version is a counter bumped once per write; 18 digits (< 2**63) is more than any item
reaches, and longer numbers would overflow DynamoDB's 38-digit numbers (decimal.Inexact)."""


def expected_version(if_match: str | None) -> int | None:
    """`If-Match: 3` (or `"3"`) -> 3: the version the client last saw."""
    if if_match is None:
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit()):
        raise BadRequestError("If-Match: expected the item's version number, e.g. If-Match: 3")
    if len(text.lstrip("0")) > MAX_VERSION_DIGITS:
        raise BadRequestError(f"If-Match: a version has at most {MAX_VERSION_DIGITS} digits")
    return int(text)
