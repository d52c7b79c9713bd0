"""KEDA: the custom-metrics path for an HPA on requests per second."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.cfn import releases

pytestmark = pytest.mark.synth


def test_chart_matches_the_pinned_crds_and_waits_for_prometheus(
    synthesized: dict[str, Any],
) -> None:
    found = releases(synthesized["prod"].json("addons"))
    keda = found["keda"]
    assert (keda.chart, keda.version, keda.namespace) == ("keda", "2.20.2", "keda")
    assert keda.repository == "https://kedacore.github.io/charts"
    assert found["prometheus"].logical_id in keda.depends_on


def test_spec_can_override_the_chart_version(variant: Any) -> None:
    assert releases(variant.json("addons"))["keda"].version == "2.20.1"
