"""Scopes per route (issue 14, item 10): read < write < admin, from `scope` or `scp`.

Before, any valid token could write. Now a read token reads, a write token also writes in its
own account, and only admin creates accounts or acts on other accounts.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pytest
from starlette.testclient import TestClient

from chariot.runtime.dev.tokens import DevKeys
from chariot.runtime.kit.settings import LOCAL_ISSUER
from chariot.spec import scopes


def _bearer(keys: tuple[DevKeys, str], account: str, *granted: str) -> dict[str, str]:
    token = keys[0].mint(subject="ann", account_id=account, scopes=granted)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def account() -> str:
    return f"acct-{uuid.uuid4().hex[:10]}"


def test_a_read_token_reads_but_cannot_write(
    assets: TestClient, keys: tuple[DevKeys, str], auth: dict[str, str], account: str
) -> None:
    url = f"/v1/accounts/{account}/assets"
    asset = assets.post(url, json={"type": "ip", "value": "192.0.2.1"}, headers=auth).json()
    item = f"{url}/{asset['asset_id']}"
    reader = _bearer(keys, account, scopes.READ)
    assert assets.get(url, headers=reader).status_code == 200
    assert assets.get(item, headers=reader).status_code == 200
    for response in (
        assets.post(url, json={"type": "ip", "value": "192.0.2.2"}, headers=reader),
        assets.patch(item, json={"status": "retired"}, headers=reader),
        assets.delete(item, headers=reader),
    ):
        assert response.status_code == 403, response.text
        assert response.json()["error"] == "forbidden"
        assert scopes.WRITE in response.json()["detail"]
    assert assets.get(item, headers=reader).json()["status"] == "active"


def test_a_write_token_writes_in_its_account_only(
    users: TestClient, assets: TestClient, keys: tuple[DevKeys, str], account: str
) -> None:
    writer = _bearer(keys, account, scopes.WRITE)
    url = f"/v1/accounts/{account}/assets"
    created = assets.post(url, json={"type": "ip", "value": "192.0.2.3"}, headers=writer)
    assert created.status_code == 201
    assert assets.get(url, headers=writer).status_code == 200  # write grants read
    other = assets.post(
        "/v1/accounts/acct-other/assets", json={"type": "ip", "value": "192.0.2.4"}, headers=writer
    )
    assert other.status_code == 403
    new_account = users.post(
        "/v1/accounts", json={"account_id": account, "name": "x"}, headers=writer
    )
    assert new_account.status_code == 403
    assert scopes.ADMIN in new_account.json()["detail"]


def test_no_scope_or_an_unknown_scope_is_refused(
    assets: TestClient, keys: tuple[DevKeys, str], account: str
) -> None:
    url = f"/v1/accounts/{account}/assets"
    for granted in ((), ("chariot:admin",), ("aws.cognito.signin.user.admin",)):
        response = assets.get(url, headers=_bearer(keys, account, *granted))
        assert response.status_code == 403, granted
        assert scopes.READ in response.json()["detail"]


def test_the_scp_claim_is_read_as_a_list_or_a_string(
    assets: TestClient, keys: tuple[DevKeys, str], account: str
) -> None:
    url = f"/v1/accounts/{account}/assets"
    for scp in ([scopes.WRITE], scopes.WRITE):
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": LOCAL_ISSUER,
            "aud": "chariot",
            "sub": "svc",
            "iat": now,
            "exp": now + 300,
            "account_id": account,
            "scp": scp,
        }
        token = jwt.encode(claims, keys[0].private_key, "RS256", headers={"kid": keys[0].kid})
        body = {"type": "domain", "value": f"scp{uuid.uuid4().hex[:6]}.example.com"}
        response = assets.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 201, response.text


def test_admin_acts_on_any_account(
    users: TestClient, keys: tuple[DevKeys, str], account: str
) -> None:
    admin = _bearer(keys, "somewhere-else", scopes.ADMIN)
    created = users.post("/v1/accounts", json={"account_id": account, "name": "x"}, headers=admin)
    assert created.status_code == 201
    assert users.get(f"/v1/accounts/{account}", headers=admin).status_code == 200
