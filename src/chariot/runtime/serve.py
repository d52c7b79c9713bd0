"""Container entry point: `python -m chariot.runtime.serve` runs CHARIOT_SERVICE under granian.

One image serves every service; the service is chosen by CHARIOT_SERVICE (set per Deployment).
The process execs granian so granian is PID 1 and receives SIGTERM itself: it stops accepting,
lets in-flight requests finish, then runs the app's lifespan shutdown (closing the clients).
"""

from __future__ import annotations

import os
import sys

from chariot.runtime.services.registry import SERVICES, factory_path
from chariot.spec import service_environment as variables

DEFAULT_BACKPRESSURE = 256
"""Requests in flight per worker. granian applies it per connection: a keep-alive connection
beyond the cap waits until another closes (measured: the 65th of 100 idle keep-alive
connections starved at 64). So it must exceed the connections a client opens to the pod (the
sidecar's, bounded by the mesh's connection pool, 100 in the specs), and it matches the Redis
pool (256) so the pool is never what runs out."""


def granian_argv(
    service: str,
    port: int,
    workers: int,
    host: str = "0.0.0.0",  # noqa: S104 - a pod listens on its own address
    backpressure: int = DEFAULT_BACKPRESSURE,
) -> list[str]:
    """The granian command line for one service (also used by `chariot dev up`).

    `--backpressure` caps the requests one worker works on at once; the rest wait in the
    listen backlog instead of in the event loop, so an overloaded pod queues (and the HPA sees
    it) instead of lagging until its Redis calls time out and every read falls to the table.
    """
    if service not in SERVICES:
        raise SystemExit(f"CHARIOT_SERVICE={service!r}: not one of {', '.join(SERVICES)}")
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--factory",
        factory_path(service),
        "--no-ws",
        "--log-level",
        "warning",
        "--workers-kill-timeout",
        "30",
        "--backpressure",
        str(backpressure),
    ]


def main() -> None:
    env = os.environ
    service = env.get(variables.SERVICE, "")
    port = int(env.get(variables.PORT, "8080"))
    workers = int(env.get(variables.WORKERS, "1"))
    backpressure = int(env.get(variables.BACKPRESSURE, str(DEFAULT_BACKPRESSURE)))
    argv = granian_argv(service, port, workers, backpressure=backpressure)
    os.execv(argv[0], argv)  # noqa: S606 - replace this process: granian becomes PID 1


if __name__ == "__main__":
    main()
