"""`chariot dev up` under signals and crashes, against the real processes on 127.0.0.1.

Orphans are found for certain: the test process makes itself a child subreaper (Linux
`PR_SET_CHILD_SUBREAPER`), so any server `dev up` leaves behind when it exits is re-parented
to the test, and `orphans()` lists it.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from chariot.runtime.dev.supervisor import Backoff
from tests.cli.local import spec_args

CHARIOT = str(Path(sys.executable).parent / "chariot")
PR_SET_CHILD_SUBREAPER = 36
STATE = "state.json"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="child subreaper is Linux only")


def _children() -> set[int]:
    """Live (not zombie) processes whose parent is this test process."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == os.getpid() and fields[0] != "Z":
                found.add(int(stat.parent.name))
    return found


@contextlib.contextmanager
def subreaper() -> Iterator[set[int]]:
    """Yields the children that existed before (not orphans of this test); afterwards every
    orphan left is killed by its pid, so a failing test leaves nothing running."""
    libc = ctypes.CDLL(None, use_errno=True)
    before = _children()
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    try:
        yield before
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
        for pid in _children() - before:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass


class DevUp:
    """`chariot dev up` in the foreground, its stderr read line by line."""

    def __init__(
        self, state_dir: Path, *args: str, new_session: bool = False, close_after: str = ""
    ) -> None:
        self.state_dir = state_dir
        self.close_after = close_after
        self.process = subprocess.Popen(
            [CHARIOT, "dev", "up", *spec_args(state_dir), "-f", "json", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=new_session,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def _pump(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)
            if self.close_after and self.close_after in line:
                self.process.stderr.close()  # nobody reads stderr any more: writes fail
                return

    def wait_for(self, text: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "".join(self.seen)
                continue
            self.seen.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} not printed within {timeout}s:\n{''.join(self.seen)}")

    def finish(self, timeout: float = 60.0) -> int:
        code = self.process.wait(timeout)
        self.pump.join(10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.process.stderr.close()
        return code

    def state(self) -> dict[str, object]:
        data: dict[str, object] = json.loads((self.state_dir / STATE).read_text())
        return data

    def pid(self, name: str) -> int:
        processes = self.state()["processes"]
        assert isinstance(processes, list)
        return next(int(p["pid"]) for p in processes if p["name"] == name)


def assert_all_stopped(dev: DevUp, before: set[int]) -> None:
    assert _children() - before == set(), "servers left running after dev up exited"
    assert not (dev.state_dir / STATE).exists(), "stale state file"
    output = "".join(dev.seen)
    assert "Traceback" not in output
    assert "BrokenPipeError" not in output


@pytest.mark.parametrize(
    "moment",
    ["DynamoDB API", "seeding sample data"],
    ids=["data stores", "seeding"],
)
def test_sigterm_while_starting_stops_everything(tmp_path: Path, moment: str) -> None:
    with subreaper() as before:
        dev = DevUp(tmp_path)
        dev.wait_for(moment)
        dev.process.send_signal(signal.SIGTERM)
        assert dev.finish() == 130
        assert_all_stopped(dev, before)
        assert "interrupted while starting" in "".join(dev.seen)


def test_a_second_sigterm_soon_after_the_first_still_stops_everything(tmp_path: Path) -> None:
    with subreaper() as before:
        dev = DevUp(tmp_path)
        dev.wait_for("seeding sample data")
        dev.process.send_signal(signal.SIGTERM)
        time.sleep(0.05)
        dev.process.send_signal(signal.SIGTERM)
        assert dev.finish() == 130
        assert_all_stopped(dev, before)


@pytest.mark.parametrize("stderr_gone", [False, True], ids=["stderr read", "stderr closed"])
def test_sigterm_to_the_process_group(tmp_path: Path, stderr_gone: bool) -> None:
    """As when a terminal closes: the whole group gets SIGTERM (twice), and nobody may be
    reading stderr any more (a print then raises BrokenPipeError)."""
    running = "running; Ctrl-C stops"
    with subreaper() as before:
        dev = DevUp(tmp_path, "--no-seed", new_session=True, close_after=running * stderr_gone)
        dev.wait_for(running)
        os.killpg(dev.process.pid, signal.SIGTERM)
        os.killpg(dev.process.pid, signal.SIGTERM)
        assert dev.finish() == 0
        assert_all_stopped(dev, before)


def test_a_dead_server_is_restarted_and_the_tables_and_sample_come_back(tmp_path: Path) -> None:
    with subreaper() as before:
        dev = DevUp(tmp_path)
        try:
            dev.wait_for("running; Ctrl-C stops")
            state = dev.state()
            urls, token = state["urls"], state["token"]
            assert isinstance(urls, dict)
            headers = {"Authorization": f"Bearer {token}"}
            account = f"{urls['users']}/v1/accounts/acme"
            assert httpx.get(account, headers=headers).status_code == 200

            users = dev.pid("users")
            os.kill(users, signal.SIGKILL)
            dev.wait_for("users exited (exit status -9); restarting in 1s")
            dev.wait_for("users restarted")
            assert dev.pid("users") != users
            assert httpx.get(account, headers=headers).status_code == 200

            os.kill(dev.pid("dynamodb"), signal.SIGKILL)
            dev.wait_for("dynamodb exited")
            dev.wait_for("seeding the sample data again")
            dev.wait_for("dynamodb restarted")
            assert httpx.get(account, headers=headers).status_code == 200
        finally:
            dev.process.send_signal(signal.SIGTERM)
            assert dev.finish() == 0
        assert_all_stopped(dev, before)


def test_backoff_doubles_up_to_its_ceiling() -> None:
    backoff = Backoff()
    assert [backoff.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
