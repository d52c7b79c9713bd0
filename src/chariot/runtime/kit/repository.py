"""A service's DynamoDB single table: pk/sk items, GSI1 queries, conditional writes.

boto3 runs in a bounded thread pool rather than aioboto3: botocore clients are thread-safe,
the calls are short, the pool bounds concurrency toward the table, and one botocore version is
shared with moto (aiobotocore pins botocore exactly, which fights the moto pin). Every create is
conditional (`attribute_not_exists(pk)`) and carries a fingerprint of its request, so a retried
request returns the stored item instead of duplicating it and a different request under the same
key is a 409. Every update checks the item's version when the caller sends one. A failure to
reach the table raises `UnavailableError`: the caller answers 503 and acknowledges nothing.

A delete that must also reach another store (the assets graph) is two-phase: `tombstone` marks
the item deleted (from then on `get`, `query`, `update` and `create` treat it as gone or being
deleted), the other store is cleaned, then `purge` removes the row. A retry, or a pass over the
pending tombstones, finishes a delete cut short in between.
"""

from __future__ import annotations

import asyncio
import base64
import contextvars
import json
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from chariot.runtime.kit import tracing
from chariot.runtime.kit.errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    UnavailableError,
)
from chariot.runtime.kit.metrics import DEPENDENCY_ERRORS

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

log = logging.getLogger("chariot.repository")

Item = dict[str, Any]
T = TypeVar("T")

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()
_CONDITION_FAILED = "ConditionalCheckFailedException"
DELETED = "deleted_at"
"""The tombstone attribute: set when a two-phase delete is accepted."""


def to_dynamo(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _serializer.serialize(v) for k, v in item.items() if v is not None}


def from_dynamo(item: Mapping[str, Any]) -> Item:
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal: give JSON-friendly ints/floats back."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Page:
    items: list[Item]
    cursor: str | None


def make_client(region: str, endpoint: str | None, threads: int, timeout: float) -> DynamoDBClient:
    """A DynamoDB client with short timeouts and one retry, so an outage answers fast."""
    config = Config(
        region_name=region,
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"max_attempts": 2, "mode": "standard"},
        max_pool_connections=threads,
    )
    client: DynamoDBClient = boto3.session.Session().client(
        "dynamodb", endpoint_url=endpoint, config=config
    )
    client.meta.events.register("before-sign.dynamodb", tracing.add_to_aws_request)
    return client


class Repository:
    """Typed access to one table; keys are strings built by the service (`ACCOUNT#a1`, ...)."""

    def __init__(self, client: DynamoDBClient, table: str, service: str, threads: int = 32) -> None:
        self.client = client
        self.table = table
        self.service = service
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dynamodb")

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    async def _call(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        try:
            # In a copy of the request's context: the trace-header hook reads it in the thread.
            return await loop.run_in_executor(self._pool, contextvars.copy_context().run, fn)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in (_CONDITION_FAILED, "TransactionCanceledException"):
                raise
            DEPENDENCY_ERRORS.labels(self.service, "table").inc()
            log.warning("table call failed", extra={"table": self.table, "code": code})
            raise UnavailableError("table", f"{self.table}: {code or exc}") from exc
        except BotoCoreError as exc:
            DEPENDENCY_ERRORS.labels(self.service, "table").inc()
            log.warning("table unreachable", extra={"table": self.table, "error": str(exc)})
            raise UnavailableError("table", f"{self.table}: {exc}") from exc

    async def ping(self) -> None:
        """Readiness: the table exists and answers."""
        await self._call(lambda: self.client.describe_table(TableName=self.table))

    async def get(self, pk: str, sk: str, *, deleted: bool = False) -> Item | None:
        """The item, or None; a tombstoned item counts as absent unless `deleted`."""
        response = await self._call(
            lambda: self.client.get_item(
                TableName=self.table, Key=to_dynamo({"pk": pk, "sk": sk}), ConsistentRead=True
            )
        )
        raw = response.get("Item")
        item = from_dynamo(raw) if raw else None
        if item is not None and DELETED in item and not deleted:
            return None
        return item

    async def create(self, item: Item, fingerprint: str) -> tuple[Item, bool]:
        """Put `item` unless its key exists. Returns (stored item, created?).

        Same key and same fingerprint: the earlier create is returned (a retry). Same key with a
        different fingerprint: ConflictError.
        """
        stored = {**item, "version": 1, "fingerprint": fingerprint}
        try:
            await self._call(
                lambda: self.client.put_item(
                    TableName=self.table,
                    Item=to_dynamo(stored),
                    ConditionExpression="attribute_not_exists(pk)",
                )
            )
        except ClientError:
            existing = await self.get(item["pk"], item["sk"], deleted=True)
            if existing is None:  # deleted between the two calls: let the client retry
                raise ConflictError("the item changed while it was being created; retry") from None
            if DELETED in existing:
                raise ConflictError(
                    "the item is being deleted; retry its DELETE, then create it again"
                ) from None
            if existing.get("fingerprint") == fingerprint:
                return existing, False
            raise ConflictError(
                "an item with this key already exists with different content"
            ) from None
        return stored, True

    async def update(
        self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> Item:
        """Set `changes` and bump the version; NotFoundError if absent, ConflictError if stale."""
        names = {f"#f{i}": name for i, name in enumerate(changes)}
        values = {f":v{i}": value for i, value in enumerate(changes.values())}
        sets = [f"#f{i} = :v{i}" for i in range(len(changes))]
        sets.append("#version = #version + :one")
        names["#version"] = "version"
        values[":one"] = 1
        condition = "attribute_exists(pk) AND attribute_not_exists(#deleted)"
        names["#deleted"] = DELETED
        if expected_version is not None:
            condition += " AND #version = :expected"
            values[":expected"] = expected_version
        try:
            response = await self._call(
                lambda: self.client.update_item(
                    TableName=self.table,
                    Key=to_dynamo({"pk": pk, "sk": sk}),
                    UpdateExpression="SET " + ", ".join(sets),
                    ConditionExpression=condition,
                    ExpressionAttributeNames=names,
                    ExpressionAttributeValues=to_dynamo(values),
                    ReturnValues="ALL_NEW",
                )
            )
        except ClientError:
            current = await self.get(pk, sk)
            if current is None:
                raise NotFoundError("no such item") from None
            raise ConflictError(
                f"stale write: the item is at version {current.get('version')}, "
                f"not {expected_version}"
            ) from None
        return from_dynamo(response["Attributes"])

    async def delete(self, pk: str, sk: str, expected_version: int | None = None) -> Item:
        """Delete and return the item; NotFoundError if absent, ConflictError if stale."""
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "Key": to_dynamo({"pk": pk, "sk": sk}),
            "ConditionExpression": "attribute_exists(pk)",
            "ReturnValues": "ALL_OLD",
        }
        if expected_version is not None:
            kwargs["ConditionExpression"] += " AND version = :expected"
            kwargs["ExpressionAttributeValues"] = to_dynamo({":expected": expected_version})
        try:
            response = await self._call(lambda: self.client.delete_item(**kwargs))
        except ClientError:
            if await self.get(pk, sk) is None:
                raise NotFoundError("no such item") from None
            raise ConflictError(
                f"stale delete: the item is not at version {expected_version}"
            ) from None
        return from_dynamo(response.get("Attributes", {}))

    async def tombstone(
        self,
        pk: str,
        sk: str,
        expected_version: int | None = None,
        changes: Mapping[str, Any] | None = None,
        at: str = "",
    ) -> Item:
        """Accept a two-phase delete: mark the item deleted (plus `changes`, e.g. moving it to
        an index partition of pending deletes). Idempotent: an item already tombstoned is
        returned as it is, whatever `expected_version` says, so a retried DELETE proceeds.
        NotFoundError if absent, ConflictError if live at another version."""
        names = {"#deleted": DELETED}
        values: dict[str, Any] = {":at": at}
        sets = ["#deleted = if_not_exists(#deleted, :at)"]
        for i, (name, value) in enumerate((changes or {}).items()):
            names[f"#f{i}"], values[f":v{i}"] = name, value
            sets.append(f"#f{i} = :v{i}")
        condition = "attribute_exists(pk)"
        if expected_version is not None:
            condition += " AND (attribute_exists(#deleted) OR #version = :expected)"
            names["#version"], values[":expected"] = "version", expected_version
        try:
            response = await self._call(
                lambda: self.client.update_item(
                    TableName=self.table,
                    Key=to_dynamo({"pk": pk, "sk": sk}),
                    UpdateExpression="SET " + ", ".join(sets),
                    ConditionExpression=condition,
                    ExpressionAttributeNames=names,
                    ExpressionAttributeValues=to_dynamo(values),
                    ReturnValues="ALL_NEW",
                )
            )
        except ClientError:
            if await self.get(pk, sk) is None:
                raise NotFoundError("no such item") from None
            raise ConflictError(
                f"stale delete: the item is not at version {expected_version}"
            ) from None
        return from_dynamo(response["Attributes"])

    async def purge(self, pk: str, sk: str) -> None:
        """The last step of a two-phase delete: remove the row if it is (still) tombstoned."""
        try:
            await self._call(
                lambda: self.client.delete_item(
                    TableName=self.table,
                    Key=to_dynamo({"pk": pk, "sk": sk}),
                    ConditionExpression="attribute_exists(#deleted)",
                    ExpressionAttributeNames={"#deleted": DELETED},
                )
            )
        except ClientError:
            return  # already purged (a concurrent retry or pass): nothing left to do

    async def query(
        self,
        partition: str,
        sk_prefix: str | None = None,
        index: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
        *,
        deleted: bool = False,
    ) -> Page:
        """Items of one partition (of the table or of `index`), in sort-key order, paginated.

        Tombstoned items are filtered out (or, with `deleted`, are the only ones answered); the
        filter runs after `limit`, so a page may be short while the cursor goes on."""
        pk_name, sk_name = (
            ("pk", "sk")
            if index is None
            else (
                f"{index.lower()}pk",
                f"{index.lower()}sk",
            )
        )
        condition = "#pk = :pk"
        names = {"#pk": pk_name, "#deleted": DELETED}
        values: dict[str, Any] = {":pk": partition}
        if sk_prefix is not None:
            condition += " AND begins_with(#sk, :prefix)"
            names["#sk"] = sk_name
            values[":prefix"] = sk_prefix
        kwargs: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": condition,
            "FilterExpression": (
                "attribute_exists(#deleted)" if deleted else "attribute_not_exists(#deleted)"
            ),
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": to_dynamo(values),
            "Limit": limit,
        }
        if index is not None:
            kwargs["IndexName"] = index
        if cursor:
            kwargs["ExclusiveStartKey"] = decode_cursor(cursor)
        response = await self._call(lambda: self.client.query(**kwargs))
        last = response.get("LastEvaluatedKey")
        return Page(
            items=[from_dynamo(i) for i in response.get("Items", [])],
            cursor=encode_cursor(last) if last else None,
        )


def encode_cursor(key: Mapping[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, sort_keys=True).encode()).decode()


def decode_cursor(cursor: str) -> Any:
    """The opaque pagination cursor back into a DynamoDB key; bad input is a 400 upstream."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError:
        raise BadRequestError("cursor: not a cursor this service issued") from None
    if not isinstance(key, dict):
        raise BadRequestError("cursor: not a cursor this service issued")
    return key
