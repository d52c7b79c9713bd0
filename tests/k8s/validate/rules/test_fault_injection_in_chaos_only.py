from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.fault_injection_in_chaos_only import check
from tests.k8s.validate.rules.helpers import edit, run


def _fault(d: dict[str, Any]) -> None:
    d["spec"]["http"][0]["fault"] = {"abort": {"percentage": {"value": 1}, "httpStatus": 503}}


def test_no_fault_passes_and_labelled_chaos_passes() -> None:
    assert run(check) == []

    def chaos(d: dict[str, Any]) -> None:
        _fault(d)
        d["metadata"]["labels"] = {"chariot.io/chaos": "true"}

    assert run(check, edit("VirtualService", "web", chaos)) == []


def test_fault_outside_chaos_fails() -> None:
    (violation,) = run(check, edit("VirtualService", "web", _fault))
    assert violation.path == ("spec", "http", 0, "fault")
