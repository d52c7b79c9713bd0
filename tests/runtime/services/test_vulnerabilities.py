"""vulnerabilities over HTTP: findings per asset and the blast radius through the graph."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.testclient import TestClient


def _post(client: TestClient, url: str, auth: dict[str, str], body: dict[str, Any]) -> Any:
    response = client.post(url, json=body, headers=auth)
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_affected_walks_from_the_vulnerable_asset_to_its_dependents(
    assets: TestClient, vulnerabilities: TestClient, auth: dict[str, str]
) -> None:
    account = f"acct-{uuid.uuid4().hex[:10]}"
    base = f"/v1/accounts/{account}/assets"
    ip = _post(assets, base, auth, {"type": "ip", "value": "198.51.100.20"})
    www = _post(assets, base, auth, {"type": "domain", "value": "www.shop.example"})
    api = _post(assets, base, auth, {"type": "domain", "value": "api.shop.example"})
    svc = _post(assets, base, auth, {"type": "service", "value": "api.shop.example:443/https"})
    unrelated = _post(assets, base, auth, {"type": "ip", "value": "198.51.100.21"})
    for source, target in ((www, ip), (api, ip), (svc, api)):
        kind = "DEPENDS_ON" if source is svc else "RESOLVES_TO"
        _post(
            assets,
            f"{base}/{source['asset_id']}/relationships",
            auth,
            {"kind": kind, "target_id": target["asset_id"]},
        )
    findings = f"{base}/{ip['asset_id']}/vulnerabilities"
    finding = vulnerabilities.post(
        findings,
        json={"title": "OpenSSH regreSSHion", "severity": "critical", "cve": "CVE-2024-6387"},
        headers=auth,
    )
    assert finding.status_code == 201
    vid = finding.json()["vulnerability_id"]
    affected = vulnerabilities.get(f"{findings}/{vid}/affected", headers=auth)
    assert affected.status_code == 200
    hops = {a["asset_id"]: a["hops"] for a in affected.json()["affected"]}
    assert hops == {www["asset_id"]: 1, api["asset_id"]: 1, svc["asset_id"]: 2}
    assert unrelated["asset_id"] not in hops
    assert affected.json()["vulnerability"]["cve"] == "CVE-2024-6387"


def test_findings_crud_and_conflicts(
    assets: TestClient, vulnerabilities: TestClient, auth: dict[str, str]
) -> None:
    account = f"acct-{uuid.uuid4().hex[:10]}"
    ip = _post(
        assets, f"/v1/accounts/{account}/assets", auth, {"type": "ip", "value": "192.0.2.50"}
    )
    url = f"/v1/accounts/{account}/assets/{ip['asset_id']}/vulnerabilities"
    body = {"title": "Weak TLS", "severity": "medium"}
    first = vulnerabilities.post(url, json=body, headers=auth)
    assert first.status_code == 201
    assert vulnerabilities.post(url, json=body, headers=auth).status_code == 200
    changed = vulnerabilities.post(url, json={**body, "severity": "high"}, headers=auth)
    assert changed.status_code == 409
    vid = first.json()["vulnerability_id"]
    patched = vulnerabilities.patch(
        f"{url}/{vid}", json={"status": "fixed"}, headers={**auth, "If-Match": '"1"'}
    )
    assert patched.json()["status"] == "fixed"
    assert vulnerabilities.get(f"{url}/{vid}", headers=auth).json()["status"] == "fixed"
    listed = vulnerabilities.get(url, headers=auth).json()["items"]
    assert [f["vulnerability_id"] for f in listed] == [vid]
    bad = vulnerabilities.post(
        url, json={"title": "x y z", "severity": "apocalyptic"}, headers=auth
    )
    assert bad.status_code == 422
    bad_cve = vulnerabilities.post(url, json={**body, "cve": "CVE-24"}, headers=auth)
    assert bad_cve.status_code == 422
    no_asset = vulnerabilities.post(
        f"/v1/accounts/{account}/assets/nope/vulnerabilities", json=body, headers=auth
    )
    assert no_asset.status_code == 404
    assert vulnerabilities.get(f"{url}/missing", headers=auth).status_code == 404
    assert vulnerabilities.get(url).status_code == 401


def test_a_finding_is_only_found_under_its_own_asset(
    assets: TestClient, vulnerabilities: TestClient, auth: dict[str, str]
) -> None:
    """Issue 14 item 9: the cached finding was answered under any asset id of the account."""
    account = f"acct-{uuid.uuid4().hex[:10]}"
    base = f"/v1/accounts/{account}/assets"
    ip = _post(assets, base, auth, {"type": "ip", "value": "198.51.100.40"})
    other = _post(assets, base, auth, {"type": "ip", "value": "198.51.100.41"})
    dependent = _post(assets, base, auth, {"type": "domain", "value": "dep.wrong.example"})
    _post(
        assets,
        f"{base}/{dependent['asset_id']}/relationships",
        auth,
        {"kind": "RESOLVES_TO", "target_id": other["asset_id"]},
    )
    right = f"{base}/{ip['asset_id']}/vulnerabilities"
    wrong = f"{base}/{other['asset_id']}/vulnerabilities"
    vid = _post(vulnerabilities, right, auth, {"title": "Open resolver", "severity": "low"})[
        "vulnerability_id"
    ]
    for _ in range(2):  # the second read is a cache hit
        assert vulnerabilities.get(f"{right}/{vid}", headers=auth).status_code == 200
    assert vulnerabilities.get(f"{right}/{vid}", headers=auth).headers["x-cache"] == "hit"
    assert vulnerabilities.get(f"{wrong}/{vid}", headers=auth).status_code == 404
    assert vulnerabilities.get(f"{wrong}/{vid}/affected", headers=auth).status_code == 404
    mine = vulnerabilities.get(f"{right}/{vid}/affected", headers=auth).json()
    assert mine["affected"] == []  # the other asset's dependent is not in this blast radius
    patched = vulnerabilities.patch(f"{wrong}/{vid}", json={"status": "fixed"}, headers=auth)
    assert patched.status_code == 404
    assert vulnerabilities.get(f"{right}/{vid}", headers=auth).json()["status"] == "open"
