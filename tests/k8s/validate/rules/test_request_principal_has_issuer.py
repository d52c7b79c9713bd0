from __future__ import annotations

from chariot.k8s.validate.rules.request_principal_has_issuer import check
from tests.k8s.validate.rules.helpers import run, without


def test_request_authentication_present_passes() -> None:
    assert run(check) == []


def test_missing_request_authentication_warns() -> None:
    (violation,) = run(check, without("RequestAuthentication", "jwt"))
    assert violation.severity == "warning"
    assert "every request is denied" in violation.reason
