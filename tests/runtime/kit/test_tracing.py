"""Trace context propagation: a request's trace headers reach every call the kit makes for it,
as a real local HTTP server receives them (graph, signing keys, DynamoDB)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from chariot.runtime.kit import tracing
from chariot.runtime.kit.app import RequestContext
from chariot.runtime.kit.asgi import Receive, Scope, Send
from chariot.runtime.kit.auth import JwksCache
from chariot.runtime.kit.cypher import Query
from chariot.runtime.kit.errors import ServiceError
from chariot.runtime.kit.graph import NeptuneGraph
from chariot.runtime.kit.repository import Repository, make_client

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
INCOMING = {
    "x-request-id": "req-7f3a",
    "traceparent": TRACEPARENT,
    "tracestate": "vendor=abc",
    "x-b3-traceid": "4bf92f3577b34da6a3ce929d0e0e4736",
    "x-b3-spanid": "00f067aa0ba902b7",
    "x-b3-sampled": "1",
    "b3": "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
}


class Recorder(BaseHTTPRequestHandler):
    """Answers what each client expects and keeps the headers of every request."""

    seen: list[tuple[str, dict[str, str]]]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        if self.path == "/openCypher":
            body: dict[str, Any] = {"results": []}
        elif self.path == "/jwks.json":
            body = {"keys": []}
        else:  # DynamoDB's JSON protocol: GetItem of a missing item
            body = {}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _answer  # noqa: N815 - http.server's naming
    do_POST = _answer  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def server() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    seen: list[tuple[str, dict[str, str]]] = []
    handler = type("Handler", (Recorder,), {"seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _service(base: str, monkeypatch: pytest.MonkeyPatch) -> RequestContext:
    """A service whose one route queries the graph, refreshes the signing keys and reads the
    table, all against the local server."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    graph = NeptuneGraph(base, "us-east-1", "test", iam_auth=False)
    jwks = JwksCache(f"{base}/jwks.json", 0)
    repo = Repository(make_client("us-east-1", base, 2, 2.0), "items", "test", 2)

    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        await graph.run(Query("one", "RETURN 1 AS one"))
        with contextlib.suppress(ServiceError):  # the local key set is empty: no such key
            await jwks.key("unknown")
        await repo.get("pk", "sk")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    return RequestContext(route, service="test", access_log=False)


def _get(app: RequestContext, headers: dict[str, str]) -> httpx.Response:
    """One request to the service through ASGI, with `headers`."""

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            return await client.get("/v1/items", headers=headers)

    return asyncio.run(call())


def test_every_outgoing_call_carries_the_request_trace_headers(
    server: tuple[str, list[tuple[str, dict[str, str]]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, seen = server
    app = _service(base, monkeypatch)

    assert _get(app, INCOMING).status_code == 204
    paths = [path for path, _ in seen]
    assert paths == ["/openCypher", "/jwks.json", "/"]  # graph, keys, DynamoDB (POST /)
    for path, headers in seen:
        for name, value in INCOMING.items():
            assert headers.get(name) == value, f"{path}: {name}"
    dynamodb = seen[2][1]
    assert dynamodb["x-amz-target"] == "DynamoDB_20120810.GetItem"
    assert "SignedHeaders=" in dynamodb["authorization"]  # added before signing, still valid


def test_a_request_without_trace_headers_sends_only_its_request_id(
    server: tuple[str, list[tuple[str, dict[str, str]]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, seen = server
    app = _service(base, monkeypatch)

    request_id = _get(app, {}).headers["x-request-id"]
    for _, headers in seen:
        assert headers["x-request-id"] == request_id
        assert not tracing.PROPAGATED & {name.encode() for name in headers}


def test_outside_a_request_nothing_is_added() -> None:
    assert tracing.outgoing() == {}


def test_an_oversized_header_is_not_forwarded() -> None:
    token = tracing.begin([(b"tracestate", b"x" * (tracing.MAX_VALUE + 1)), (b"b3", b"0")])
    try:
        assert tracing.outgoing() == {"b3": "0"}
    finally:
        tracing.end(token)
