"""The openCypher client against a real FalkorDB: parameters, rows, walks."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from chariot.runtime.kit.cache import connect
from chariot.runtime.kit.cypher import Query
from chariot.runtime.kit.errors import UnavailableError
from chariot.runtime.kit.graph import FalkorGraph, cypher_literal
from chariot.runtime.kit.settings import LOCAL_PASSWORD

ECHO = Query("echo", "RETURN $value AS value")
PUT = Query("put", "MERGE (a:Asset {id: $id}) SET a.value = $value")
GET = Query("get", "MATCH (a:Asset {id: $id}) RETURN a.id AS id, a.value AS value")


def _graph(port: int) -> FalkorGraph:
    url = f"redis://:{LOCAL_PASSWORD}@127.0.0.1:{port}/0"
    return FalkorGraph(connect(url, 1.0), f"test-{uuid.uuid4().hex[:8]}", "test")


@pytest.mark.parametrize(
    "value",
    ['quote " and \\ backslash', "it's", "ünïcödé ✓", "line\nbreak", 42, 2.5, True, None, ["a", 1]],
)
def test_parameters_round_trip(servers: dict[str, int], value: Any) -> None:
    async def scenario() -> Any:
        graph = _graph(servers["graph"])
        try:
            return await graph.run(ECHO, value=value)
        finally:
            await graph.close()

    assert asyncio.run(scenario()) == [{"value": value}]


def test_writes_then_reads_by_alias(servers: dict[str, int]) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        graph = _graph(servers["graph"])
        try:
            written = await graph.run(PUT, id="a1", value="x")
            return written, await graph.run(GET, id="a1")
        finally:
            await graph.close()

    written, read = asyncio.run(scenario())
    assert written == []
    assert read == [{"id": "a1", "value": "x"}]


def test_unreachable_graph_is_unavailable() -> None:
    async def scenario() -> None:
        graph = _graph(1)  # nothing listens on port 1
        try:
            await graph.run(ECHO, value=1)
        finally:
            await graph.close()

    with pytest.raises(UnavailableError, match="graph"):
        asyncio.run(scenario())


def test_nodes_are_not_returned_raw(servers: dict[str, int]) -> None:
    async def scenario() -> None:
        graph = _graph(servers["graph"])
        try:
            await graph.run(PUT, id="n1", value="x")
            await graph.run(Query("node", "MATCH (a:Asset {id: $id}) RETURN a"), id="n1")
        finally:
            await graph.close()

    with pytest.raises(TypeError, match="return properties"):
        asyncio.run(scenario())


def test_literals_refuse_unknown_types() -> None:
    with pytest.raises(TypeError):
        cypher_literal(object())


def test_neptune_requests_follow_the_opencypher_http_protocol(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Neptune's endpoint takes a form-encoded `query` and JSON `parameters` and answers
    `{"results": [...]}`; with IAM auth every request carries a SigV4 signature. A loopback
    server records what our client sends (no Neptune is reachable from here)."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs

    from chariot.runtime.kit.graph import NeptuneGraph

    seen: list[tuple[str, dict[str, list[str]], str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            seen.append((self.path, parse_qs(body), self.headers.get("Authorization", "")))
            reply = json.dumps({"results": [{"id": "a1", "hops": 1}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")

    async def scenario() -> list[dict[str, Any]]:
        graph = NeptuneGraph(
            f"http://127.0.0.1:{server.server_address[1]}", "us-east-1", "test", iam_auth=True
        )
        try:
            return await graph.run(GET, id="a1")
        finally:
            await graph.close()

    try:
        rows = asyncio.run(scenario())
    finally:
        server.shutdown()
        server.server_close()
    assert rows == [{"id": "a1", "hops": 1}]
    path, form, authorization = seen[0]
    assert path == "/openCypher"
    assert form["query"] == [GET.text]
    assert json.loads(form["parameters"][0]) == {"id": "a1"}
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-east-1/neptune-db/aws4_request" in authorization
