"""The single-table repository against moto's DynamoDB server (real HTTP, real conditions)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from chariot.runtime.kit.errors import ConflictError, NotFoundError, UnavailableError
from chariot.runtime.kit.repository import Repository, make_client
from tests.runtime.proxy import Relay


@pytest.fixture
def repo(tables: list[str], table_relay: Relay) -> Iterator[Repository]:
    client = make_client("us-east-1", f"http://127.0.0.1:{table_relay.port}", 4, 0.5)
    repository = Repository(client, "AssetService-dev", "test", threads=4)
    yield repository
    repository.close()


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_tables_come_from_the_spec(tables: list[str]) -> None:
    assert tables == ["AssetService-dev", "UserService-dev", "VulnerabilityService-dev"]


def test_create_is_idempotent_and_a_different_body_conflicts(repo: Repository) -> None:
    pk = f"T#{uuid.uuid4()}"
    item = {"pk": pk, "sk": "A", "name": "first"}
    stored, created = run(repo.create(item, "fp-1"))
    assert created is True
    assert stored["version"] == 1
    again, created_again = run(repo.create({**item}, "fp-1"))
    assert created_again is False
    assert again["name"] == "first"
    with pytest.raises(ConflictError):
        run(repo.create({**item, "name": "other"}, "fp-2"))
    assert run(repo.get(pk, "A"))["name"] == "first"


def test_update_checks_existence_and_version(repo: Repository) -> None:
    pk = f"T#{uuid.uuid4()}"
    run(repo.create({"pk": pk, "sk": "A", "n": 1}, "fp"))
    updated = run(repo.update(pk, "A", {"n": 2}, expected_version=1))
    assert (updated["n"], updated["version"]) == (2, 2)
    with pytest.raises(ConflictError, match="version 2"):
        run(repo.update(pk, "A", {"n": 3}, expected_version=1))
    with pytest.raises(NotFoundError):
        run(repo.update(f"T#{uuid.uuid4()}", "A", {"n": 1}))
    with pytest.raises(ConflictError):
        run(repo.delete(pk, "A", expected_version=1))
    assert run(repo.delete(pk, "A", expected_version=2))["n"] == 2
    assert run(repo.get(pk, "A")) is None


def test_query_pages_through_a_gsi(repo: Repository) -> None:
    account = uuid.uuid4().hex
    for i in range(5):
        item = {
            "pk": f"ACCOUNT#{account}",
            "sk": f"ASSET#{i}",
            "gsi1pk": f"ACCOUNT#{account}#TYPE#ip",
            "gsi1sk": f"STATUS#active#ASSET#{i}",
        }
        run(repo.create(item, str(i)))
    first = run(repo.query(f"ACCOUNT#{account}#TYPE#ip", "STATUS#active#", index="GSI1", limit=3))
    assert len(first.items) == 3
    assert first.cursor is not None
    rest = run(
        repo.query(
            f"ACCOUNT#{account}#TYPE#ip",
            "STATUS#active#",
            index="GSI1",
            limit=3,
            cursor=first.cursor,
        )
    )
    assert [i["sk"] for i in first.items + rest.items] == [f"ASSET#{i}" for i in range(5)]


def test_table_down_is_unavailable_and_fast(repo: Repository, table_relay: Relay) -> None:
    table_relay.down()
    try:
        started = time.monotonic()
        with pytest.raises(UnavailableError, match="table"):
            run(repo.get("x", "y"))
        assert time.monotonic() - started < 5
    finally:
        table_relay.up()
    assert run(repo.get("x", "y")) is None
