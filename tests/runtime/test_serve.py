"""The container entry point's server: SIGTERM lets the request in flight finish."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from chariot.runtime.dev import processes
from chariot.runtime.dev.platform import LOCAL_AWS
from chariot.runtime.serve import granian_argv
from tests.runtime.proxy import Relay


def test_sigterm_drains_the_request_in_flight(
    service_settings: dict[str, dict[str, Any]], auth: dict[str, str], tmp_path: Path
) -> None:
    settings = service_settings["users"]
    table = Relay(int(settings["dynamodb_endpoint"].rsplit(":", 1)[1]))
    table.delay = 1.5  # the table answers slowly, so a request is in flight when SIGTERM comes
    port = processes.free_port()
    env = {
        **os.environ,
        **LOCAL_AWS,
        **{f"CHARIOT_{k.upper()}": str(v) for k, v in settings.items()},
        "CHARIOT_DYNAMODB_ENDPOINT": f"http://127.0.0.1:{table.port}",
        "CHARIOT_DYNAMODB_TIMEOUT_SECONDS": "5",
    }
    server = processes.start(
        "users", granian_argv("users", port, 1, host="127.0.0.1"), port, tmp_path, env
    )
    try:
        processes.wait_http(server, "/health")
        outcome: dict[str, Any] = {}

        def call() -> None:
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{port}/v1/accounts/never-created", headers=auth, timeout=20
                )
                outcome["status"] = response.status_code
                outcome["body"] = response.json()
            except httpx.HTTPError as exc:
                outcome["error"] = repr(exc)

        caller = threading.Thread(target=call)
        caller.start()
        time.sleep(0.7)  # the request is now waiting on the table
        os.kill(server.pid, signal.SIGTERM)
        caller.join(20)
        assert outcome.get("status") == 404, outcome  # answered, not cut off
        assert outcome["body"]["error"] == "not_found"
        deadline = time.monotonic() + 20
        while processes.alive(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not processes.alive(server.pid)
    finally:
        processes.stop(server.pid)
        table.close()
