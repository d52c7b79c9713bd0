"""users over HTTP against real Redis and moto: auth, validation, idempotency, sessions."""

from __future__ import annotations

import uuid

from prometheus_client import REGISTRY
from starlette.testclient import TestClient

from chariot.runtime.dev.tokens import DevKeys
from chariot.spec.scopes import WRITE
from tests.runtime.proxy import Relay


def _account(users: TestClient, auth: dict[str, str]) -> str:
    account = f"acct-{uuid.uuid4().hex[:10]}"
    response = users.post(
        "/v1/accounts", json={"account_id": account, "name": "Test"}, headers=auth
    )
    assert response.status_code == 201, response.text
    return account


def test_every_route_but_health_needs_a_token(users: TestClient) -> None:
    assert users.get("/health").status_code == 200
    assert users.get("/ready").json()["checks"]["table"] == "ok"
    for route in users.app.routes:  # type: ignore[attr-defined]
        path = getattr(route, "path", "")
        if not path.startswith("/v1"):
            continue
        for method in getattr(route, "methods", set()) - {"HEAD"}:
            url = (
                path.replace("{account_id}", "acme")
                .replace("{user_id}", "u")
                .replace("{session_id}", "s")
            )
            response = users.request(method, url)
            assert response.status_code == 401, (method, url)
            assert response.headers["www-authenticate"].startswith("Bearer")


def test_openapi_describes_the_routes(users: TestClient) -> None:
    document = users.get("/openapi.json").json()
    assert "/v1/accounts/{account_id}/users/{user_id}" in document["paths"]
    assert "HTTPBearer" in document["components"]["securitySchemes"]


def test_create_read_update_delete_a_user(users: TestClient, auth: dict[str, str]) -> None:
    account = _account(users, auth)
    body = {"email": "Ann@Example.com", "name": "Ann", "role": "analyst"}
    created = users.post(f"/v1/accounts/{account}/users", json=body, headers=auth)
    assert created.status_code == 201
    user = created.json()
    assert user["email"] == "ann@example.com"
    assert user["version"] == 1
    url = f"/v1/accounts/{account}/users/{user['user_id']}"
    assert users.get(url, headers=auth).headers["x-cache"] == "miss"
    assert users.get(url, headers=auth).headers["x-cache"] == "hit"
    # a retry of the same request is not a duplicate; the same e-mail with other data is a 409
    assert users.post(f"/v1/accounts/{account}/users", json=body, headers=auth).status_code == 200
    other = {**body, "name": "Someone else"}
    conflict = users.post(f"/v1/accounts/{account}/users", json=other, headers=auth)
    assert conflict.status_code == 409
    assert conflict.json()["error"] == "conflict"
    listed = users.get(f"/v1/accounts/{account}/users", headers=auth).json()
    assert [u["user_id"] for u in listed["items"]] == [user["user_id"]]
    # update invalidates the cached copy; a stale If-Match is a 409
    patched = users.patch(url, json={"role": "admin"}, headers={**auth, "If-Match": "1"})
    assert patched.json()["role"] == "admin"
    assert patched.json()["version"] == 2
    assert users.get(url, headers=auth).json()["role"] == "admin"
    stale = users.patch(url, json={"role": "viewer"}, headers={**auth, "If-Match": "1"})
    assert stale.status_code == 409
    assert users.delete(url, headers=auth).status_code == 204
    assert users.get(url, headers=auth).status_code == 404


def test_bad_input_is_400_or_422_with_a_reason(users: TestClient, auth: dict[str, str]) -> None:
    account = _account(users, auth)
    url = f"/v1/accounts/{account}/users"
    malformed = users.post(
        url, content=b"{not json", headers={**auth, "Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    invalid = users.post(url, json={"email": "no-at-sign", "name": "x"}, headers=auth)
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["field"] == "email"
    unknown = users.post(
        url, json={"email": "a@b.example", "name": "x", "admin": True}, headers=auth
    )
    assert unknown.status_code == 422
    bad_if_match = users.patch(f"{url}/x", json={}, headers={**auth, "If-Match": "abc"})
    assert bad_if_match.status_code == 400
    missing = users.post(
        "/v1/accounts/no-such-account/users",
        json={"email": "a@b.example", "name": "x"},
        headers=auth,
    )
    assert missing.status_code == 404


def test_tenants_are_isolated(
    users: TestClient, auth: dict[str, str], keys: tuple[DevKeys, str]
) -> None:
    account = _account(users, auth)
    outsider = keys[0].mint(subject="mallory", account_id="globex", scopes=(WRITE,))
    response = users.get(f"/v1/accounts/{account}", headers={"Authorization": f"Bearer {outsider}"})
    assert response.status_code == 403
    member = keys[0].mint(subject="ann", account_id=account, scopes=(WRITE,))
    member_auth = {"Authorization": f"Bearer {member}"}
    assert users.get(f"/v1/accounts/{account}", headers=member_auth).status_code == 200
    assert (
        users.post(
            "/v1/accounts", json={"account_id": "x-new", "name": "n"}, headers=member_auth
        ).status_code
        == 403
    )


def test_sessions_expire_and_need_redis(
    users: TestClient, auth: dict[str, str], cache_relay: Relay
) -> None:
    account = _account(users, auth)
    user = users.post(
        f"/v1/accounts/{account}/users", json={"email": "s@example.com", "name": "S"}, headers=auth
    ).json()
    created = users.post(f"/v1/accounts/{account}/users/{user['user_id']}/sessions", headers=auth)
    assert created.status_code == 201
    session = created.json()
    assert users.get(f"/v1/sessions/{session['session_id']}", headers=auth).json() == session
    cache_relay.down()
    try:
        down = users.post(f"/v1/accounts/{account}/users/{user['user_id']}/sessions", headers=auth)
        assert down.status_code == 503
        assert down.headers["retry-after"] == "1"
    finally:
        cache_relay.up()
    assert users.delete(f"/v1/sessions/{session['session_id']}", headers=auth).status_code == 204
    assert users.get(f"/v1/sessions/{session['session_id']}", headers=auth).status_code == 404


def test_metrics_count_requests_per_route(users: TestClient, auth: dict[str, str]) -> None:
    labels = {
        "service": "users",
        "method": "GET",
        "route": "/v1/accounts/{account_id}",
        "status": "200",
    }
    before = REGISTRY.get_sample_value("chariot_http_requests_total", labels) or 0
    account = _account(users, auth)
    users.get(f"/v1/accounts/{account}", headers=auth)
    assert REGISTRY.get_sample_value("chariot_http_requests_total", labels) == before + 1
    text = users.get("/metrics").text
    assert "chariot_http_request_duration_seconds_bucket" in text
    assert users.get("/health").headers["x-request-id"]
    echoed = users.get("/health", headers={"X-Request-ID": "trace-123"})
    assert echoed.headers["x-request-id"] == "trace-123"
