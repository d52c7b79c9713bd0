"""Every error answers one JSON shape with the request id, in the body and in X-Request-ID.

Found by an adversarial run (issue 14, item 8): a 40-digit `If-Match` crashed with 500, 500s
carried `request_id: null` and no header, routing errors answered Starlette's own shape, and a
trailing slash was redirected (307, before auth) to a Location built from the Host header.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter
from starlette.testclient import TestClient

from chariot.runtime.kit.app import create_service_app
from chariot.runtime.kit.settings import Settings


def _assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail", "request_id"}, body
    assert isinstance(body["error"], str)
    assert body["detail"]
    assert body["request_id"]
    assert response.headers["x-request-id"] == body["request_id"]
    result: dict[str, Any] = body
    return result


@pytest.fixture(scope="module")
def crashing(service_settings: dict[str, dict[str, Any]]) -> Iterator[TestClient]:
    """A service with one route that fails with an unexpected exception."""
    router = APIRouter(prefix="/v1/crash")

    @router.get("")
    async def crash() -> None:
        raise RuntimeError("a bug")

    settings = Settings(**service_settings["users"])
    app = create_service_app(
        settings, title="crash", description="", routers=[router], cache=False, graph=False
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_huge_if_match_is_a_clean_400(assets: TestClient, auth: dict[str, str]) -> None:
    account = f"acct-{uuid.uuid4().hex[:10]}"
    url = f"/v1/accounts/{account}/assets"
    created = assets.post(url, json={"type": "ip", "value": "192.0.2.9"}, headers=auth).json()
    item = f"{url}/{created['asset_id']}"
    for value in ("9" * 40, "1" * 39, '"' + "9" * 60 + '"'):
        headers = {**auth, "If-Match": value}
        patched = assets.patch(item, json={"status": "inactive"}, headers=headers)
        assert _assert_error_shape(patched, 400)["error"] == "bad_request"
        deleted = assets.delete(item, headers=headers)
        assert _assert_error_shape(deleted, 400)["error"] == "bad_request"
    assert assets.get(item, headers=auth).json()["version"] == 1


def test_a_missing_token_is_a_401_in_the_shape(crashing: TestClient) -> None:
    token_less = crashing.get("/v1/crash")
    _assert_error_shape(token_less, 401)


def test_a_500_carries_the_request_id(crashing: TestClient, auth: dict[str, str]) -> None:
    response = crashing.get("/v1/crash", headers=auth)
    body = _assert_error_shape(response, 500)
    assert body["error"] == "internal"
    assert "a bug" not in response.text  # no internals in the answer
    given = crashing.get("/v1/crash", headers={**auth, "X-Request-ID": "trace-1"})
    assert _assert_error_shape(given, 500)["request_id"] == "trace-1"


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        (
            "post",
            "/v1/accounts/acct-1/assets",
            {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
            400,
        ),
        ("post", "/v1/accounts/acct-1/assets", {"json": {"type": "printer"}}, 422),
        ("post", "/v1/accounts/acct-1/assets", {"content": b"type=ip"}, 422),
        ("get", "/v1/accounts/NOT_A_SLUG/assets", {}, 422),
        ("get", "/v1/accounts/acct-1/assets?limit=abc", {}, 422),
        ("get", "/v1/nothing-here", {}, 404),
        ("put", "/v1/accounts/acct-1/assets", {}, 405),
        ("get", "/v1/accounts/acct-1/assets/", {}, 404),
    ],
)
def test_parse_and_routing_errors_share_the_shape(
    assets: TestClient,
    auth: dict[str, str],
    method: str,
    path: str,
    kwargs: dict[str, Any],
    status: int,
) -> None:
    kwargs = dict(kwargs)
    headers = {**auth, **kwargs.pop("headers", {})}
    response = getattr(assets, method)(path, headers=headers, **kwargs)
    _assert_error_shape(response, status)


def test_no_trailing_slash_redirect_and_no_host_in_location(assets: TestClient) -> None:
    """Without a token and with a forged Host: a 404 in the error shape, never a redirect."""
    response = assets.get(
        "/v1/accounts/acct-1/assets/",
        headers={"Host": "evil.example"},
        follow_redirects=False,
    )
    assert response.status_code in (401, 404)
    assert "location" not in response.headers
    assert "evil.example" not in response.text
    _assert_error_shape(response, response.status_code)
