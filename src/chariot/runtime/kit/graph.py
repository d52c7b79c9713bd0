"""The relationship graph over openCypher: FalkorDB on one machine, Neptune in AWS.

Both backends take a checked `Query` plus parameters and return rows as dicts keyed by the
RETURN aliases, so the services do not know which engine answers. FalkorDB speaks the Redis
protocol (`GRAPH.QUERY` with a `CYPHER name=value` parameter prefix); Neptune takes an HTTPS
POST to `/openCypher` with the parameters as JSON, signed with SigV4 when IAM auth is on.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Protocol

import botocore.session
import httpx
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from chariot.runtime.kit import tracing
from chariot.runtime.kit.cypher import Query
from chariot.runtime.kit.errors import UnavailableError
from chariot.runtime.kit.metrics import DEPENDENCY_ERRORS

log = logging.getLogger("chariot.graph")

Row = dict[str, Any]


class Graph(Protocol):
    async def run(self, query: Query, **params: Any) -> list[Row]: ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


def cypher_literal(value: Any) -> str:
    """A parameter value as a Cypher literal for FalkorDB's `CYPHER k=v` prefix."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # FalkorDB reads \" and \\, not \u escapes
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot pass {type(value).__name__} as a Cypher parameter")


_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10


def compact_value(cell: list[Any]) -> Any:
    """Decode one `[type, value]` cell of FalkorDB's compact reply into a Python value.

    The services return scalars, lists and maps only (Neptune returns JSON); nodes, edges and
    paths are refused so a query that returns them fails in tests, not in production."""
    kind, value = cell
    if kind == _NULL:
        return None
    if kind in (_STRING, _INTEGER):
        return value
    if kind == _BOOLEAN:
        return value == "true"
    if kind == _DOUBLE:
        return float(value)
    if kind == _ARRAY:
        return [compact_value(v) for v in value]
    if kind == _MAP:
        return {value[i]: compact_value(value[i + 1]) for i in range(0, len(value), 2)}
    raise TypeError(f"graph value of type {kind} (node/edge/path): return properties instead")


class FalkorGraph:
    """FalkorDB through redis-py (`GRAPH.QUERY`)."""

    def __init__(self, redis: Redis, name: str, service: str) -> None:
        self.redis = redis
        self.name = name
        self.service = service

    async def run(self, query: Query, **params: Any) -> list[Row]:
        prefix = "CYPHER " + " ".join(f"{k}={cypher_literal(v)}" for k, v in params.items())
        text = f"{prefix} {query.text}" if params else query.text
        try:
            reply = await self.redis.execute_command(  # type: ignore[no-untyped-call]
                "GRAPH.QUERY", self.name, text, "--compact"
            )
        except (RedisError, OSError) as exc:
            DEPENDENCY_ERRORS.labels(self.service, "graph").inc()
            log.warning("graph query failed", extra={"query": query.name, "error": str(exc)})
            raise UnavailableError("graph", str(exc)) from exc
        if len(reply) < 3:  # write-only statements return statistics only
            return []
        header, rows = reply[0], reply[1]
        columns = [str(c[1]) for c in header]
        return [
            dict(zip(columns, (compact_value(cell) for cell in row), strict=True)) for row in rows
        ]

    async def ping(self) -> None:
        try:
            await self.redis.ping()
        except (RedisError, OSError) as exc:
            raise UnavailableError("graph", str(exc)) from exc

    async def close(self) -> None:
        await self.redis.aclose()


class NeptuneGraph:
    """Amazon Neptune's openCypher HTTPS endpoint (`POST /openCypher`)."""

    def __init__(
        self, endpoint: str, region: str, service: str, iam_auth: bool, timeout: float = 5.0
    ) -> None:
        self.url = endpoint.rstrip("/") + "/openCypher"
        self.region = region
        self.service = service
        self.iam_auth = iam_auth
        self.client = httpx.AsyncClient(timeout=timeout)

    def _headers(self, body: bytes) -> dict[str, str]:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if not self.iam_auth:
            return headers
        credentials = botocore.session.get_session().get_credentials()
        if credentials is None:
            raise UnavailableError("graph", "no AWS credentials to sign Neptune requests")
        request = AWSRequest(method="POST", url=self.url, data=body, headers=headers)
        SigV4Auth(credentials, "neptune-db", self.region).add_auth(request)
        return dict(request.headers.items())

    async def run(self, query: Query, **params: Any) -> list[Row]:
        form = {"query": query.text}
        if params:
            form["parameters"] = json.dumps(params)
        body = httpx.QueryParams(form).__str__().encode()
        try:
            headers = self._headers(body) | tracing.outgoing()
            response = await self.client.post(self.url, content=body, headers=headers)
            response.raise_for_status()
            results = response.json()["results"]
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            DEPENDENCY_ERRORS.labels(self.service, "graph").inc()
            log.warning("graph query failed", extra={"query": query.name, "error": str(exc)})
            raise UnavailableError("graph", str(exc)) from exc
        return [dict(row) for row in results]

    async def ping(self) -> None:
        try:
            status = self.url.removesuffix("/openCypher") + "/status"
            response = await self.client.get(status, headers=tracing.outgoing())
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise UnavailableError("graph", str(exc)) from exc

    async def close(self) -> None:
        await self.client.aclose()
