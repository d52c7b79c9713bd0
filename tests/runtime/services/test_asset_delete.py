"""Deleting an asset across the table and the graph survives a graph outage (issue 14, item 6).

Each test runs its own FalkorDB (the shared one must not die), snapshots it and kills it with
SIGKILL before the DELETE, so the table step succeeds and the graph step fails, then starts it
again from the snapshot: the asset's node is back, as after a real outage. The delete must
converge — by the client's retry, or by the service's own pass over pending deletes — and the
asset must be invisible meanwhile: no read, no listing, no new finding, no blast radius.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from starlette.testclient import TestClient

from chariot.runtime.dev import processes
from chariot.runtime.kit.settings import LOCAL_PASSWORD
from chariot.runtime.services.assets import AssetsSettings
from chariot.runtime.services.assets import create_app as assets_app
from chariot.runtime.services.vulnerabilities import VulnerabilitiesSettings
from chariot.runtime.services.vulnerabilities import create_app as vulnerabilities_app
from tests.runtime.conftest import redis_argv, start_server


@dataclass
class Outage:
    """A FalkorDB that can be killed and brought back with its data."""

    port: int
    folder: Path
    server: processes.Started

    def argv(self) -> list[str]:
        return redis_argv(self.port, "--dir", str(self.folder), graph=True)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, password=LOCAL_PASSWORD, decode_responses=True)

    def kill(self) -> None:
        self.client().save()
        os.kill(self.server.pid, signal.SIGKILL)
        processes.stop(self.server.pid)  # reaps the killed process
        assert not processes.port_open("127.0.0.1", self.port)

    def restart(self) -> None:
        self.server = start_server("graph-again", self.argv(), self.port, self.folder)

    def has_node(self, asset_id: str) -> bool:
        reply = self.client().execute_command(
            "GRAPH.QUERY", "chariot", f"MATCH (a:Asset {{id: '{asset_id}'}}) RETURN a.id"
        )
        return bool(reply[1])


@pytest.fixture
def outage(tmp_path: Path) -> Iterator[Outage]:
    port = processes.free_port()
    argv = redis_argv(port, "--dir", str(tmp_path), graph=True)
    graph = Outage(port, tmp_path, start_server("graph", argv, port, tmp_path))
    try:
        yield graph
    finally:
        processes.stop(graph.server.pid)


def _clients(
    settings: dict[str, dict[str, Any]], outage: Outage, reconcile: float
) -> tuple[TestClient, TestClient]:
    graph_url = f"redis://:{LOCAL_PASSWORD}@127.0.0.1:{outage.port}/0"
    assets = assets_app(
        AssetsSettings(
            **{**settings["assets"], "graph_url": graph_url},
            delete_reconcile_seconds=reconcile,
        )
    )
    vulns = vulnerabilities_app(
        VulnerabilitiesSettings(**{**settings["vulnerabilities"], "graph_url": graph_url})
    )
    return (
        TestClient(assets, raise_server_exceptions=False),
        TestClient(vulns, raise_server_exceptions=False),
    )


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201, 204), response.text
    return response.json() if response.content else None


def _scenario(assets: TestClient, vulns: TestClient, auth: dict[str, str]) -> dict[str, str]:
    """An IP with a finding, and a domain that resolves to it (in the finding's blast radius)."""
    account = f"acct-{uuid.uuid4().hex[:10]}"
    base = f"/v1/accounts/{account}/assets"
    ip = _ok(assets.post(base, json={"type": "ip", "value": "192.0.2.77"}, headers=auth))
    www = _ok(assets.post(base, json={"type": "domain", "value": "www.gone.example"}, headers=auth))
    link = {"kind": "RESOLVES_TO", "target_id": ip["asset_id"]}
    _ok(assets.post(f"{base}/{www['asset_id']}/relationships", json=link, headers=auth))
    findings = f"{base}/{ip['asset_id']}/vulnerabilities"
    finding = _ok(vulns.post(findings, json={"title": "Old TLS", "severity": "high"}, headers=auth))
    affected = f"{findings}/{finding['vulnerability_id']}/affected"
    assert [a["asset_id"] for a in _ok(vulns.get(affected, headers=auth))["affected"]] == [
        www["asset_id"]
    ]
    return {
        "base": base,
        "www": www["asset_id"],
        "www_url": f"{base}/{www['asset_id']}",
        "affected": affected,
    }


def _assert_invisible(
    assets: TestClient, vulns: TestClient, auth: dict[str, str], s: dict[str, str]
) -> None:
    assert assets.get(s["www_url"], headers=auth).status_code == 404
    listed = _ok(assets.get(s["base"], headers=auth))["items"]
    assert s["www"] not in [a["asset_id"] for a in listed]
    by_type = _ok(assets.get(s["base"], params={"type": "domain"}, headers=auth))["items"]
    assert by_type == []
    patch = assets.patch(s["www_url"], json={"status": "retired"}, headers=auth)
    assert patch.status_code == 404
    assert assets.get(f"{s['www_url']}/relationships", headers=auth).status_code == 404


def _assert_gone(
    assets: TestClient,
    vulns: TestClient,
    auth: dict[str, str],
    s: dict[str, str],
    outage: Outage,
    dynamodb: Any,
) -> None:
    assert not outage.has_node(s["www"])
    account = s["base"].split("/")[3]
    row = dynamodb.get_item(
        TableName="AssetService-dev",
        Key={"pk": {"S": f"ACCOUNT#{account}"}, "sk": {"S": f"ASSET#{s['www']}"}},
    )
    assert "Item" not in row
    assert _ok(vulns.get(s["affected"], headers=auth))["affected"] == []
    finding = vulns.post(
        f"{s['www_url']}/vulnerabilities", json={"title": "Late", "severity": "low"}, headers=auth
    )
    assert finding.status_code == 404
    _assert_invisible(assets, vulns, auth, s)


def test_a_delete_cut_short_by_the_graph_is_completed_by_its_retry(
    service_settings: dict[str, dict[str, Any]],
    auth: dict[str, str],
    outage: Outage,
    dynamodb: Any,
) -> None:
    assets, vulns = _clients(service_settings, outage, reconcile=0)
    with assets, vulns:
        s = _scenario(assets, vulns, auth)
        outage.kill()
        first = assets.delete(s["www_url"], headers={**auth, "If-Match": "1"})
        assert first.status_code == 503, first.text
        assert first.json()["error"] == "unavailable"
        _assert_invisible(assets, vulns, auth, s)
        again = assets.post(s["base"], json={"type": "domain", "value": "www.gone.example"})
        assert again.status_code == 401
        recreate = assets.post(
            s["base"], json={"type": "domain", "value": "www.gone.example"}, headers=auth
        )
        assert recreate.status_code == 409  # the delete must finish first
        assert assets.delete(s["www_url"], headers=auth).status_code == 503
        outage.restart()
        assert outage.has_node(s["www"])  # the outage is over; the node is back
        # the same request again (same If-Match): the delete was accepted, so it completes
        retry = assets.delete(s["www_url"], headers={**auth, "If-Match": "1"})
        assert retry.status_code == 204, retry.text
        _assert_gone(assets, vulns, auth, s, outage, dynamodb)
        assert assets.delete(s["www_url"], headers=auth).status_code == 404
        created = assets.post(
            s["base"], json={"type": "domain", "value": "www.gone.example"}, headers=auth
        )
        assert created.status_code == 201  # after the delete the asset can be registered again


def test_pending_deletes_converge_without_a_retry(
    service_settings: dict[str, dict[str, Any]],
    auth: dict[str, str],
    outage: Outage,
    dynamodb: Any,
) -> None:
    assets, vulns = _clients(service_settings, outage, reconcile=0.2)
    with assets, vulns:
        s = _scenario(assets, vulns, auth)
        outage.kill()
        assert assets.delete(s["www_url"], headers=auth).status_code == 503
        outage.restart()
        deadline = time.monotonic() + 10  # the reconciler runs every 0.2 s
        while outage.has_node(s["www"]) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the row goes right after the node
        _assert_gone(assets, vulns, auth, s, outage, dynamodb)
