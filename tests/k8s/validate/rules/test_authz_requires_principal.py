from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.authz_requires_principal import check
from tests.k8s.validate.rules.helpers import edit, run


def test_rule_with_principals_passes_and_empty_deny_all_passes() -> None:
    assert run(check) == []


def test_to_only_rule_admits_everyone() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["rules"].append({"to": [{"operation": {"methods": ["GET"]}}]})

    (violation,) = run(check, edit("AuthorizationPolicy", "web", change))
    assert violation.path == ("spec", "rules", 1)
    assert "admits any caller, anonymous ones included" in violation.reason


def test_empty_rule_and_source_without_identity_fail() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["rules"] = [{}, {"from": [{"source": {"notPrincipals": ["x"]}}]}]

    first, second = run(check, edit("AuthorizationPolicy", "web", change))
    assert "has no `from`" in first.reason
    assert "names no principals or requestPrincipals" in second.reason


def test_deny_policies_are_not_in_scope() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"] = {"action": "DENY", "rules": [{"to": [{"operation": {"paths": ["/admin"]}}]}]}

    assert run(check, edit("AuthorizationPolicy", "web", change)) == []
