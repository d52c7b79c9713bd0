from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.locality_needs_outlier_detection import check
from tests.k8s.validate.rules.helpers import edit, run


def _locality(d: dict[str, Any]) -> None:
    d["spec"]["trafficPolicy"] = {"loadBalancer": {"localityLbSetting": {"enabled": True}}}


def test_locality_with_outlier_detection_passes() -> None:
    def paired(d: dict[str, Any]) -> None:
        _locality(d)
        d["spec"]["trafficPolicy"]["outlierDetection"] = {"consecutive5xxErrors": 3}

    assert run(check, edit("DestinationRule", "web", paired)) == []


def test_locality_without_outlier_detection_fails() -> None:
    (violation,) = run(check, edit("DestinationRule", "web", _locality))
    assert violation.path == ("spec", "trafficPolicy", "loadBalancer", "localityLbSetting")
    assert "without outlier detection" in violation.reason


def test_a_subset_inherits_the_rules_outlier_detection() -> None:
    def subset(d: dict[str, Any]) -> None:
        d["spec"]["trafficPolicy"] = {"outlierDetection": {"consecutive5xxErrors": 3}}
        d["spec"]["subsets"][0]["trafficPolicy"] = {
            "loadBalancer": {"localityLbSetting": {"enabled": True}}
        }

    assert run(check, edit("DestinationRule", "web", subset)) == []
