"""VPA: the recommender only; no updater and no admission controller, so no `Auto` updates."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.cfn import releases

pytestmark = pytest.mark.synth


def test_recommender_only(synthesized: dict[str, Any]) -> None:
    release = releases(synthesized["prod"].json("addons"))["vertical-pod-autoscaler"]
    assert release.chart == "vertical-pod-autoscaler"
    assert release.repository == "https://kubernetes.github.io/autoscaler"
    assert release.values["recommender"]["enabled"] is True
    assert release.values["recommender"]["image"]["tag"] == "1.7.1"  # the pinned CRDs' release
    assert release.values["updater"] == {"enabled": False}
    assert release.values["admissionController"] == {"enabled": False}
