"""assets over HTTP: CRUD, GSI1 listings, graph relationships, and the failure modes."""

from __future__ import annotations

import uuid
from typing import Any

from prometheus_client import REGISTRY
from starlette.testclient import TestClient

from tests.runtime.proxy import Relay


def _account() -> str:
    return f"acct-{uuid.uuid4().hex[:10]}"


def _create(assets: TestClient, auth: dict[str, str], account: str, **body: Any) -> Any:
    response = assets.post(f"/v1/accounts/{account}/assets", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()


def test_assets_are_validated_by_type(assets: TestClient, auth: dict[str, str]) -> None:
    url = f"/v1/accounts/{_account()}/assets"
    for body in (
        {"type": "ip", "value": "999.1.1.1"},
        {"type": "domain", "value": "no_tld"},
        {"type": "printer", "value": "x"},
        {"type": "ip"},
    ):
        response = assets.post(url, json=body, headers=auth)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["reason"]
    normalised = assets.post(url, json={"type": "domain", "value": "WWW.Example.COM"}, headers=auth)
    assert normalised.json()["value"] == "www.example.com"


def test_listing_by_type_and_status_uses_gsi1(assets: TestClient, auth: dict[str, str]) -> None:
    account = _account()
    ip = _create(assets, auth, account, type="ip", value="192.0.2.1")
    _create(assets, auth, account, type="ip", value="192.0.2.2", status="retired")
    _create(assets, auth, account, type="domain", value="a.example.com")
    url = f"/v1/accounts/{account}/assets"
    ips = assets.get(url, params={"type": "ip"}, headers=auth).json()["items"]
    assert {a["value"] for a in ips} == {"192.0.2.1", "192.0.2.2"}
    active = assets.get(url, params={"type": "ip", "status": "active"}, headers=auth).json()
    assert [a["asset_id"] for a in active["items"]] == [ip["asset_id"]]
    # a status change moves the asset between GSI1 listings
    assets.patch(f"{url}/{ip['asset_id']}", json={"status": "inactive"}, headers=auth)
    active = assets.get(url, params={"type": "ip", "status": "active"}, headers=auth).json()
    assert active["items"] == []
    assert len(assets.get(url, headers=auth).json()["items"]) == 3
    page = assets.get(url, params={"limit": 2}, headers=auth).json()
    assert len(page["items"]) == 2
    assert page["cursor"]
    assert assets.get(url, params={"cursor": "garbage!"}, headers=auth).status_code == 400


def test_relationships_live_in_the_graph(assets: TestClient, auth: dict[str, str]) -> None:
    account = _account()
    ip = _create(assets, auth, account, type="ip", value="203.0.113.7")
    www = _create(assets, auth, account, type="domain", value="www.example.org")
    url = f"/v1/accounts/{account}/assets"
    link = assets.post(
        f"{url}/{www['asset_id']}/relationships",
        json={"kind": "RESOLVES_TO", "target_id": ip["asset_id"]},
        headers=auth,
    )
    assert link.status_code == 201
    edges = assets.get(f"{url}/{ip['asset_id']}/relationships", headers=auth).json()
    assert edges["incoming"] == [
        {"kind": "RESOLVES_TO", "source_id": www["asset_id"], "target_id": ip["asset_id"]}
    ]
    assert edges["outgoing"] == []
    missing = assets.post(
        f"{url}/{www['asset_id']}/relationships",
        json={"kind": "RESOLVES_TO", "target_id": "nope"},
        headers=auth,
    )
    assert missing.status_code == 404
    assert assets.delete(f"{url}/{ip['asset_id']}", headers=auth).status_code == 204
    edges = assets.get(f"{url}/{www['asset_id']}/relationships", headers=auth).json()
    assert edges["outgoing"] == []


def test_cache_down_still_serves_and_counts_fail_open(
    assets: TestClient, auth: dict[str, str], cache_relay: Relay
) -> None:
    account = _account()
    asset = _create(assets, auth, account, type="domain", value="cache.example.net")
    url = f"/v1/accounts/{account}/assets/{asset['asset_id']}"
    assets.get(url, headers=auth)
    assert assets.get(url, headers=auth).headers["x-cache"] == "hit"
    labels = {"service": "assets", "operation": "get"}
    before = REGISTRY.get_sample_value("chariot_cache_fail_open_total", labels) or 0
    cache_relay.down()
    try:
        for _ in range(3):
            response = assets.get(url, headers=auth)
            assert response.status_code == 200
            assert response.headers["x-cache"] == "miss"
            assert response.json()["value"] == "cache.example.net"
        ready = assets.get("/ready").json()
        assert ready["status"] == "ready"
        assert ready["checks"]["cache"].startswith("down")
    finally:
        cache_relay.up()
    assert (REGISTRY.get_sample_value("chariot_cache_fail_open_total", labels) or 0) >= before + 3


def test_table_down_is_503_and_nothing_acknowledged_is_lost(
    assets: TestClient, auth: dict[str, str], table_relay: Relay
) -> None:
    account = _account()
    url = f"/v1/accounts/{account}/assets"
    acknowledged = [
        _create(assets, auth, account, type="ip", value=f"10.9.0.{i}") for i in range(3)
    ]
    table_relay.down()
    try:
        refused = assets.post(url, json={"type": "ip", "value": "10.9.0.99"}, headers=auth)
        assert refused.status_code == 503
        assert refused.json()["error"] == "unavailable"
        assert "table" in refused.json()["detail"]
        assert assets.get("/ready").status_code == 503
    finally:
        table_relay.up()
    stored = assets.get(url, headers=auth).json()["items"]
    assert {a["asset_id"] for a in acknowledged} <= {a["asset_id"] for a in stored}
    # the refused request, retried, is created exactly once
    retried = assets.post(url, json={"type": "ip", "value": "10.9.0.99"}, headers=auth)
    assert retried.status_code in (200, 201)
    again = assets.post(url, json={"type": "ip", "value": "10.9.0.99"}, headers=auth)
    assert again.status_code == 200
    assert len(assets.get(url, headers=auth).json()["items"]) == 4
