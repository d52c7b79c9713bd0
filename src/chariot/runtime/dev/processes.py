"""Starting, watching and stopping the local servers: one process group each, pids on disk.

Every process is started in its own session so a stop signal reaches its children too, with
its output in a log file beside the state file; `stop` sends SIGTERM, waits, then SIGKILL —
always by the pid we recorded, never by name.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx

_children: dict[int, subprocess.Popen[bytes]] = {}
"""Processes this interpreter started, kept so they are reaped (and not warned about)."""


class PrerequisiteError(RuntimeError):
    """Something `chariot dev up` needs is not installed; the message says how to get it."""


class Interrupts:
    """SIGINT and SIGTERM as one orderly stop, however and whenever they arrive.

    The first signal raises KeyboardInterrupt, so whatever is running unwinds into the code
    that stops what was started. Later signals are ignored: a second SIGTERM 50 ms after the
    first must not cut that cleanup short (it would leave servers running and a stale state
    file). Inside `critical()` (starting a process and recording its pid) the signal waits
    until the block ends, so no process is started without being recorded.
    """

    def __init__(self) -> None:
        self.fired = False
        self.pending = False
        self.depth = 0

    @contextlib.contextmanager
    def trapped(self) -> Iterator[None]:
        """Route SIGINT and SIGTERM here for the block (main thread only), then restore the
        previous handlers. SIGINT too: a shell that starts us in the background hands us
        SIGINT ignored, so Ctrl-C or `kill -INT` would otherwise do nothing."""
        signals = (signal.SIGINT, signal.SIGTERM)
        previous = {signum: signal.getsignal(signum) for signum in signals}
        self.fired = self.pending = False
        for signum in signals:
            signal.signal(signum, self._handle)
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        if self.fired:
            return
        if self.depth:
            self.pending = True
            return
        self.fired = True
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def critical(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if not self.depth and self.pending and not self.fired:
                self.pending = False
                self.fired = True
                raise KeyboardInterrupt


INTERRUPTS = Interrupts()
"""The process's one signal policy: `chariot dev up` runs in `trapped()`, `start` honours it."""


@dataclass(frozen=True)
class Started:
    name: str
    pid: int
    port: int
    log: Path


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def start(name: str, argv: Sequence[str], port: int, logs: Path, env: dict[str, str]) -> Started:
    """Start one server in its own session, output to `logs/<name>.log`. Call it inside
    `INTERRUPTS.critical()` together with recording the pid."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with INTERRUPTS.critical(), log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - argv is built by us, never by a shell
            list(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        _children[process.pid] = process
    return Started(name, process.pid, port, log)


def started_here() -> list[int]:
    """Pids this interpreter started and has not stopped yet (a safety net for cleanup)."""
    return list(_children)


def kill_group(pid: int) -> None:
    """SIGKILL what is left of the process group a child that exited led. Safe by the pid we
    recorded: a process group id is not reused while any member of the group is alive."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(5)


def exit_status(pid: int) -> int | None:
    """The exit code of a child that ended (negative: killed by that signal), else None."""
    child = _children.get(pid)
    return None if child is None else child.poll()


def alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not our child (a crashed `dev up`): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return waited == 0


def wait_until(check: Callable[[], bool], started: Started, timeout: float, what: str) -> None:
    """Poll `check` until it passes; fail with the tail of the process log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if not alive(started.pid):
            break
        time.sleep(0.1)
    tail = (
        started.log.read_text(errors="replace").splitlines()[-15:] if started.log.exists() else []
    )
    raise RuntimeError(
        f"{started.name} did not become {what} on port {started.port} within {timeout:.0f}s; "
        f"log {started.log}:\n" + "\n".join(tail)
    )


def wait_port(started: Started, timeout: float = 60.0) -> None:
    wait_until(lambda: port_open("127.0.0.1", started.port), started, timeout, "reachable")


def wait_http(started: Started, path: str, timeout: float = 60.0) -> None:
    url = f"http://127.0.0.1:{started.port}{path}"

    def ok() -> bool:
        try:
            return httpx.get(url, timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(ok, started, timeout, f"ready ({path})")


def stop(pid: int, grace: float = 10.0) -> bool:
    """SIGTERM the process group, SIGKILL after `grace` seconds; True if something was stopped."""
    return bool(stop_many([pid], grace))


def stop_many(pids: list[int], grace: float = 10.0) -> list[int]:
    """Stop several process groups at once: SIGTERM all, wait up to `grace` seconds for all
    together, SIGKILL the rest. Returns the pids that were stopped. One shared grace period
    keeps `dev down` quick when several servers drain slowly under load."""
    groups = []
    for pid in pids:
        try:
            group = os.getpgid(pid)
        except ProcessLookupError:
            continue
        if group != pid:  # the pid was reused by an unrelated process: leave it alone
            continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        groups.append(pid)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(pid) for pid in groups):
        time.sleep(0.05)
    for pid in groups:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        child = _children.pop(pid, None)
        if child is not None:
            child.wait(5)
        else:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return groups
