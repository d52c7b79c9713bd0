"""`chariot dev`: up (detached), token, down — the commands a developer types."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from chariot.cli.main import app
from chariot.runtime.dev import processes
from tests.cli.local import dev_down, dev_up, runner, spec_args


@pytest.fixture(scope="module")
def detached(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("dev-cli")
    result = dev_up(folder)
    assert result.exit_code == 0, result.output
    try:
        yield folder, json.loads(result.stdout)
    finally:
        dev_down(folder)


def test_up_prints_urls_and_a_working_token(detached: tuple[Path, dict[str, Any]]) -> None:
    _, info = detached
    assert set(info["urls"]) >= {"users", "assets", "vulnerabilities", "dynamodb", "redis"}
    users = info["urls"]["users"]
    assert users.startswith("http://127.0.0.1:")
    token = {"Authorization": f"Bearer {info['token']}"}
    created = httpx.post(
        f"{users}/v1/accounts", json={"account_id": "cli-test", "name": "CLI"}, headers=token
    )
    assert created.status_code == 201
    assert httpx.get(f"{users}/v1/accounts/cli-test").status_code == 401


def test_token_mints_a_tenant_token(detached: tuple[Path, dict[str, Any]]) -> None:
    folder, info = detached
    result = runner.invoke(app, ["dev", "token", "--state-dir", str(folder), "--account", "globex"])
    assert result.exit_code == 0, result.output
    headers = {"Authorization": f"Bearer {result.stdout.strip()}"}
    users = info["urls"]["users"]
    assert httpx.get(f"{users}/v1/accounts/globex", headers=headers).status_code == 404
    assert httpx.get(f"{users}/v1/accounts/cli-test", headers=headers).status_code == 403


def test_down_stops_every_process(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("dev-down")
    up = dev_up(folder)
    assert up.exit_code == 0, up.output
    pids = [p["pid"] for p in json.loads((folder / "state.json").read_text())["processes"]]
    down = dev_down(folder, "-f", "json")
    assert json.loads(down.stdout)["stopped"] == [
        "vulnerabilities",
        "assets",
        "users",
        "dynamodb",
        "graph",
        "redis",
    ]
    assert not any(processes.alive(pid) for pid in pids)
    again = dev_down(folder)
    assert "nothing to stop" in again.stdout


def test_token_scope_is_read_write_or_admin(tmp_path: Path) -> None:
    result = runner.invoke(app, ["dev", "token", "--state-dir", str(tmp_path), "--scope", "root"])
    assert result.exit_code == 2
    assert "--scope: scope 'root' is not one of read, write, admin" in result.stderr


def test_token_without_a_platform_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["dev", "token", "--state-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "no development key" in result.stderr


def test_foreground_up_survives_a_cache_stop_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    """What a reviewer does by hand: `dev up`, stop Redis, still get answers, Ctrl-C."""
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "chariot"),
            "dev",
            "up",
            *spec_args(tmp_path),
            "--no-seed",
            "--no-restart",
            "-f",
            "json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # the JSON document ends with a closing brace
            lines.append(line)
            if line.startswith("}"):
                break
        info = json.loads("".join(lines))
        headers = {"Authorization": f"Bearer {info['token']}"}
        users = info["urls"]["users"]
        assert (
            httpx.post(
                f"{users}/v1/accounts", json={"account_id": "fg", "name": "F"}, headers=headers
            ).status_code
            == 201
        )
        state = json.loads((tmp_path / "state.json").read_text())
        redis_pid = next(p["pid"] for p in state["processes"] if p["name"] == "redis")
        processes.stop(redis_pid)
        for _ in range(3):
            response = httpx.get(f"{users}/v1/accounts/fg", headers=headers)
            assert response.status_code == 200
            assert response.headers["x-cache"] == "miss"
        time.sleep(1.0)
        assert process.poll() is None  # still running after the cache went away
        process.send_signal(signal.SIGINT)
        process.wait(60)
        assert not any(processes.alive(p["pid"]) for p in state["processes"])
        assert not (tmp_path / "state.json").exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        dev_down(tmp_path)
        if process.stdout is not None:
            process.stdout.close()
