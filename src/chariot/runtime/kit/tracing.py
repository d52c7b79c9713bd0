"""Trace context propagation: the trace headers a request arrived with go out on every call the
kit makes while serving it.

The mesh's sidecars start and report the spans, but only the application knows which outgoing
call belongs to which incoming request, so it must copy the headers across: Envoy's request id,
W3C Trace Context (`traceparent`, `tracestate`: what the OpenTelemetry provider uses) and B3
(`x-b3-*`, `b3`), https://istio.io/latest/about/faq/distributed-tracing/. The request
middleware (`app.RequestContext`) records them in a context variable; the HTTP clients (the
graph's, the signing-key fetch) add `outgoing()` to their requests and the DynamoDB client adds
them through a botocore hook, in the repository's worker thread (which runs in a copy of the
request's context). The cache speaks RESP, which has no headers: nothing to carry there.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar, Token
from typing import Any

from chariot.runtime.kit import logs

REQUEST_ID = "x-request-id"
# The trace headers Istio asks applications to forward, besides the request id.
PROPAGATED = frozenset(
    {
        b"traceparent",
        b"tracestate",
        b"x-b3-traceid",
        b"x-b3-spanid",
        b"x-b3-parentspanid",
        b"x-b3-sampled",
        b"x-b3-flags",
        b"b3",
    }
)
# tracestate may hold 32 members of up to 256 characters each (W3C Trace Context); a longer
# value is not a trace header and is not forwarded.
MAX_VALUE = 8192

_incoming: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("trace_context", default=())


def begin(found: Iterable[tuple[bytes, bytes]]) -> Token[tuple[tuple[str, str], ...]]:
    """Record the trace headers of the request being served (raw ASGI header pairs, already
    filtered to PROPAGATED names); `end` with the token when the request is done."""
    kept = tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in found
        if len(value) <= MAX_VALUE
    )
    return _incoming.set(kept)


def end(token: Token[tuple[tuple[str, str], ...]]) -> None:
    _incoming.reset(token)


def outgoing() -> dict[str, str]:
    """The headers to send on a call made for the current request: its trace headers and its
    request id (the one the logs carry). Empty outside a request."""
    headers = dict(_incoming.get())
    request_id = logs.request_id.get()
    if request_id:
        headers[REQUEST_ID] = request_id
    return headers


def add_to_aws_request(request: Any, **_: Any) -> None:
    """botocore `before-sign` hook: the request's trace headers on an AWS API call, added
    before SigV4 signs it (botocore leaves `traceparent` out of the signed headers itself)."""
    for name, value in outgoing().items():
        if name not in request.headers:
            request.headers[name] = value
