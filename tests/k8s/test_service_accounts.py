from __future__ import annotations

from chariot.k8s import service_accounts
from chariot.k8s.context import RenderContext
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import placements


def _ctx(spec: PlatformSpec) -> RenderContext:
    return RenderContext(spec, placements(spec))


def test_service_account_per_service_without_api_token(prod: PlatformSpec) -> None:
    accounts = list(service_accounts.build(_ctx(prod)))
    assert sorted(a["metadata"]["name"] for a in accounts) == ["assets", "users", "vulnerabilities"]
    assert all(a["automountServiceAccountToken"] is False for a in accounts)
