"""Route-body steps every reference service repeats, so a service module reads as its domain.

Each helper is one write pattern of the kit's contract: an idempotent create answers 201 the
first time and 200 on a retry, a versioned write honours `If-Match` and then drops the cached
copy (so the next read is fresh), and a page of items is answered without storage keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Response, status
from pydantic import BaseModel, ConfigDict, Field

from chariot.runtime.kit.app import Kit, fingerprint, invalidate
from chariot.runtime.kit.items import SLUG_PATTERN, expected_version, public
from chariot.runtime.kit.repository import Item, Page

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
"""An account id as it appears in paths and keys."""


class Strict(BaseModel):
    """Request bodies: unknown fields are a 422, surrounding whitespace is dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


async def create_once(
    kit: Kit, response: Response, item: Item, payload: Mapping[str, Any]
) -> dict[str, Any]:
    """Store `item` once: a retry with the same `payload` answers the stored item with 200."""
    stored, created = await kit.repo.create(item, fingerprint(payload))
    if not created:
        response.status_code = status.HTTP_200_OK
    return public(stored)


async def update_and_invalidate(
    kit: Kit,
    key: tuple[str, str],
    changes: Mapping[str, Any],
    if_match: str | None,
) -> dict[str, Any]:
    """Versioned update (409 when stale), drop the cached copy, answer the public view."""
    item = await kit.repo.update(*key, changes, expected_version(if_match))
    await invalidate(kit, key)
    return public(item)


async def delete_and_invalidate(kit: Kit, key: tuple[str, str], if_match: str | None) -> None:
    """Versioned delete (404 when absent, 409 when stale), then drop the cached copy."""
    await kit.repo.delete(*key, expected_version(if_match))
    await invalidate(kit, key)


def page_view(page: Page) -> dict[str, Any]:
    """A page of items as a list answer: public views plus the cursor for the next page."""
    return {"items": [public(i) for i in page.items], "cursor": page.cursor}
