"""The restart policy of the one-machine platform: a server that exits is started again.

What a process manager (systemd's `Restart=on-failure` with `RestartSec`, or a kubelet's
CrashLoopBackOff) does for one machine: wait, restart, and wait longer after each failure in a
row (1 s, 2 s, 4 s, ... at most 30 s), so a server that cannot start does not spin the CPU. A
server that then stays up for a minute is healthy again and its next failure waits 1 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from chariot.runtime.dev import processes


@dataclass(frozen=True)
class Backoff:
    first_s: float = 1.0
    factor: float = 2.0
    most_s: float = 30.0
    healthy_after_s: float = 60.0

    def delay(self, failures: int) -> float:
        """The wait before restart number `failures` (1 for the first) of a failing run."""
        return float(min(self.first_s * self.factor ** (failures - 1), self.most_s))


class Restartable(Protocol):
    """What the supervisor needs from the platform (`Platform` has it)."""

    def pid(self, name: str) -> int: ...

    def restart(self, name: str) -> None: ...


@dataclass
class _Track:
    started_at: float
    failures: int = 0
    restart_at: float | None = None


@dataclass
class Supervisor:
    """Call `tick()` periodically; it restarts what exited, with backoff, and says so."""

    platform: Restartable
    names: list[str]
    report: Callable[[str], None]
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], float] = time.monotonic
    tracks: dict[str, _Track] = field(default_factory=dict)

    def __post_init__(self) -> None:
        now = self.clock()
        self.tracks = {name: _Track(started_at=now) for name in self.names}

    def tick(self) -> None:
        now = self.clock()
        for name, track in self.tracks.items():
            if track.restart_at is None:
                pid = self.platform.pid(name)
                if processes.alive(pid):
                    continue
                status = processes.exit_status(pid)
                processes.kill_group(pid)  # e.g. granian workers whose parent died
                healthy = now - track.started_at >= self.backoff.healthy_after_s
                track.failures = 1 if healthy else track.failures + 1
                delay = self.backoff.delay(track.failures)
                track.restart_at = now + delay
                how = "" if status is None else f" (exit status {status})"
                self.report(f"{name} exited{how}; restarting in {delay:g}s")
            elif now >= track.restart_at:
                track.restart_at = None
                track.started_at = now
                try:
                    self.platform.restart(name)
                except Exception as exc:
                    reason = (str(exc) or type(exc).__name__).splitlines()[0]
                    self.report(f"{name} did not come back: {reason}")
                else:
                    self.report(f"{name} restarted (pid {self.platform.pid(name)})")
