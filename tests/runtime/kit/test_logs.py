"""The access log line is the object the JSON formatter makes for a `chariot.access` record."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest

from chariot.runtime.kit import logs


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """The kit's log handler, writing into a buffer for the test (then back to its stream)."""
    logs.configure("users", "INFO")
    root = logging.getLogger("chariot")
    handler = next(h for h in root.handlers if getattr(h, "_chariot", False))
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)
    root.setLevel("INFO")


def test_the_access_line_has_the_formatter_shape(output: io.StringIO) -> None:
    token = logs.request_id.set("rid-1")
    try:
        logging.getLogger("chariot.access").info(
            "request",
            extra={
                "method": "GET",
                "path": "/v1/x",
                "route": "/v1/{id}",
                "status": 200,
                "duration_ms": 1.5,
            },
        )
        logs.AccessLog("users").write("GET", "/v1/x", "/v1/{id}", 200, 0.0015)
    finally:
        logs.request_id.reset(token)
    by_logging, direct = (json.loads(line) for line in output.getvalue().splitlines())
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
    assert stamp.match(direct.pop("ts"))
    assert stamp.match(by_logging.pop("ts"))
    assert direct == by_logging


def test_the_access_log_follows_its_logger_level(output: io.StringIO) -> None:
    logging.getLogger("chariot").setLevel("WARNING")
    logs.AccessLog("users").write("GET", "/", "/", 200, 0.001)
    assert output.getvalue() == ""
