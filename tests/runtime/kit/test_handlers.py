"""The shared route steps against moto's DynamoDB and a real Redis: status, versions, cache."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import Response
from pydantic import ValidationError

from chariot.runtime.kit.app import Kit, item_key
from chariot.runtime.kit.auth import JwksCache, TokenVerifier
from chariot.runtime.kit.cache import Cache, connect
from chariot.runtime.kit.errors import ConflictError, NotFoundError
from chariot.runtime.kit.handlers import (
    Strict,
    create_once,
    delete_and_invalidate,
    page_view,
    update_and_invalidate,
)
from chariot.runtime.kit.repository import Page, Repository, make_client
from chariot.runtime.kit.settings import LOCAL_PASSWORD, Settings
from tests.runtime.proxy import Relay


@pytest.fixture
def repo(tables: list[str], table_relay: Relay) -> Iterator[Repository]:
    client = make_client("us-east-1", f"http://127.0.0.1:{table_relay.port}", 4, 0.5)
    repository = Repository(client, "AssetService-dev", "test", threads=4)
    yield repository
    repository.close()


def _kit(repo: Repository, cache: Cache | None) -> Kit:
    jwks = "http://127.0.0.1:9/jwks"  # never fetched: these steps run behind authentication
    settings = Settings(service="test", table_name="AssetService-dev", jwks_url=jwks)
    verifier = TokenVerifier(JwksCache(jwks), "iss", "aud", ["RS256"])
    return Kit(settings, verifier, repo, cache, None, None)


def test_create_once_answers_201_then_200_on_a_retry(repo: Repository) -> None:
    pk = f"T#{uuid.uuid4()}"
    kit = _kit(repo, None)

    async def scenario() -> tuple[Any, ...]:
        first, second = Response(status_code=201), Response(status_code=201)
        created = await create_once(kit, first, {"pk": pk, "sk": "A", "n": 1}, {"n": 1})
        again = await create_once(kit, second, {"pk": pk, "sk": "A", "n": 1}, {"n": 1})
        return first.status_code, second.status_code, created, again

    first, second, created, again = asyncio.run(scenario())
    assert (first, second) == (201, 200)
    assert created == again
    assert "pk" not in created
    assert "fingerprint" not in created
    assert created["n"] == 1


def test_update_and_delete_honour_the_version_and_drop_the_cached_copy(
    repo: Repository, servers: dict[str, int]
) -> None:
    pk = f"T#{uuid.uuid4()}"
    key = item_key(pk, "A")

    async def scenario() -> tuple[Any, ...]:
        redis = connect(f"redis://:{LOCAL_PASSWORD}@127.0.0.1:{servers['redis']}/0", 0.5)
        cache = Cache(redis, f"svc-{uuid.uuid4().hex[:8]}", ttl=300)
        kit = _kit(repo, cache)
        await repo.create({"pk": pk, "sk": "A", "n": 1}, "fp")
        await cache.set(key, {"n": 1})
        updated = await update_and_invalidate(kit, (pk, "A"), {"n": 2}, "1")
        cached_after_update = await cache.get(key)
        with pytest.raises(ConflictError):
            await update_and_invalidate(kit, (pk, "A"), {"n": 3}, "1")
        await cache.set(key, updated)
        with pytest.raises(ConflictError):
            await delete_and_invalidate(kit, (pk, "A"), "1")
        await delete_and_invalidate(kit, (pk, "A"), '"2"')
        cached_after_delete = await cache.get(key)
        with pytest.raises(NotFoundError):
            await delete_and_invalidate(kit, (pk, "A"), None)
        await redis.aclose()
        return updated, cached_after_update, cached_after_delete

    updated, cached_after_update, cached_after_delete = asyncio.run(scenario())
    assert updated["n"] == 2
    assert updated["version"] == 2
    assert "pk" not in updated
    assert cached_after_update is None
    assert cached_after_delete is None


def test_page_view_hides_storage_keys_and_keeps_the_cursor() -> None:
    page = Page([{"pk": "P", "sk": "S", "gsi1pk": "G", "id": "a"}], "next")
    assert page_view(page) == {"items": [{"id": "a"}], "cursor": "next"}


def test_strict_bodies_refuse_unknown_fields_and_strip_whitespace() -> None:
    class Body(Strict):
        name: str

    assert Body.model_validate({"name": "  x  "}).name == "x"
    with pytest.raises(ValidationError):
        Body.model_validate({"name": "x", "other": 1})
