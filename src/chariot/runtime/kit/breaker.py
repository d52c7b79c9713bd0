"""A circuit breaker for an optional dependency (the cache): stop calling it once it keeps failing.

Closed: calls go through; `trip_after` failures in a row (a timeout is a failure: a hung server
answers nothing) open it. Open: callers skip the dependency for `cool_down` seconds; then one
probe is due, and its success closes the breaker while its failure opens it again. The caller
runs the probe off the request path, so no request waits on a dependency known to be failing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from chariot.runtime.kit.metrics import BREAKER_OPEN, BREAKER_TRIPS


class Breaker:
    def __init__(
        self,
        service: str,
        dependency: str,
        trip_after: int = 3,
        cool_down: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service = service
        self.dependency = dependency
        self.trip_after = trip_after
        self.cool_down = cool_down
        self.clock = clock
        self.failures = 0
        self._open_until: float | None = None
        self._probing = False

    @property
    def closed(self) -> bool:
        """Calls may go to the dependency."""
        return self._open_until is None

    def probe_due(self) -> bool:
        """Open, cooled down and no probe out: True once, and the caller runs the probe."""
        if self._open_until is None or self._probing or self.clock() < self._open_until:
            return False
        self._probing = True
        return True

    def success(self) -> None:
        self.failures = 0
        self._probing = False
        if self._open_until is not None:
            self._open_until = None
            BREAKER_OPEN.labels(self.service, self.dependency).set(0)

    def failure(self) -> None:
        self.failures += 1
        if self._probing or (self.closed and self.failures >= self.trip_after):
            if self.closed:
                BREAKER_TRIPS.labels(self.service, self.dependency).inc()
                BREAKER_OPEN.labels(self.service, self.dependency).set(1)
            self._open_until = self.clock() + self.cool_down
            self._probing = False
            self.failures = 0
