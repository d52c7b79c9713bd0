"""The hot read path takes only the ordinary case and answers exactly as the declared route.

A GET whose token was verified before, with a well-formed account id the caller may read, is
served by `HotRead`; everything else falls through to the FastAPI route, so every error keeps
its shape and every check its order (issue 18)."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.routing import Match
from starlette.testclient import TestClient

from chariot.runtime.dev.tokens import DevKeys
from chariot.runtime.kit.hot import HotRead

ACCOUNT_ROUTE = "/v1/accounts/{account_id}"


def _hot(client: TestClient, path: str) -> HotRead:
    return next(r for r in client.app.router.routes if isinstance(r, HotRead) and r.path == path)  # type: ignore[attr-defined]


def _scope(client: TestClient, path: str, token: str | None, method: str = "GET") -> Any:
    headers = [(b"host", b"testserver")]
    if token is not None:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": headers,
        "app": client.app,
    }


def _account(users: TestClient, auth: dict[str, str]) -> str:
    account = f"acct-{uuid.uuid4().hex[:10]}"
    created = users.post("/v1/accounts", json={"account_id": account, "name": "Hot"}, headers=auth)
    assert created.status_code == 201, created.text
    return account


def test_only_known_callers_of_their_own_accounts_match(
    users: TestClient, auth: dict[str, str], keys: tuple[DevKeys, str]
) -> None:
    hot = _hot(users, ACCOUNT_ROUTE)
    account = _account(users, auth)
    admin = auth["Authorization"].removeprefix("Bearer ")
    assert users.get(f"/v1/accounts/{account}", headers=auth).status_code == 200  # known now
    path = f"/v1/accounts/{account}"
    assert hot.matches(_scope(users, path, admin))[0] is Match.FULL
    tenant = keys[0].mint(subject="hot-tenant", account_id="someone-else", scopes=())
    assert users.get(path, headers={"Authorization": f"Bearer {tenant}"}).status_code == 403
    unseen = keys[0].mint(subject=f"hot-{uuid.uuid4().hex}")
    for scope in (
        _scope(users, path, admin, method="HEAD"),
        _scope(users, path, admin, method="POST"),
        _scope(users, path, None),
        _scope(users, path, unseen),
        _scope(users, path, tenant),  # verified, but not allowed on this account
        _scope(users, "/v1/accounts/Not_A_Slug", admin),
        _scope(users, "/v1/accounts/a\n", admin),
        _scope(users, f"{path}/users", admin),
    ):
        assert hot.matches(scope)[0] is Match.NONE, scope


def test_the_hot_path_answers_as_the_declared_route(
    users: TestClient, auth: dict[str, str], keys: tuple[DevKeys, str]
) -> None:
    account = _account(users, auth)
    fresh = {"Authorization": f"Bearer {keys[0].mint(subject=f'hot-{uuid.uuid4().hex}')}"}
    declared = users.get(f"/v1/accounts/{account}", headers=fresh)  # token unseen: FastAPI
    hot = users.get(f"/v1/accounts/{account}", headers=fresh)  # token known: HotRead
    assert declared.status_code == hot.status_code == 200
    assert declared.json() == hot.json()
    assert declared.headers["content-type"] == hot.headers["content-type"]
    assert hot.headers["x-cache"] == "hit"
    assert hot.headers["x-request-id"]
    missing = users.get("/v1/accounts/no-such-account", headers=fresh)
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    assert missing.json()["request_id"] == missing.headers["x-request-id"]


def test_a_hot_miss_fills_the_cache(users: TestClient, auth: dict[str, str]) -> None:
    account = _account(users, auth)  # the POST verified the token: the GETs below are hot
    user = users.post(
        f"/v1/accounts/{account}/users",
        json={"email": "hot@example.com", "name": "Hot"},
        headers=auth,
    ).json()
    url = f"/v1/accounts/{account}/users/{user['user_id']}"
    miss, hit = users.get(url, headers=auth), users.get(url, headers=auth)
    assert (miss.headers["x-cache"], hit.headers["x-cache"]) == ("miss", "hit")
    assert miss.json() == hit.json() == user


def test_the_hot_route_leaves_url_building_to_the_named_routes() -> None:
    """Starlette's router asks every route for a name and skips those raising NoMatchFound."""
    import pytest
    from starlette.routing import NoMatchFound

    from chariot.runtime.kit.hot import HotRead

    route = HotRead.__new__(HotRead)
    with pytest.raises(NoMatchFound):
        route.url_path_for("read_account", account="acme")
