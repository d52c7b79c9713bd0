"""VPA: the recommender, never the updater (no `Auto` updates); the admission controller only
when a service's VPA is in `Initial` mode."""

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


def test_admission_controller_only_when_a_service_asks_for_initial(
    specs: dict[str, Any],
) -> None:
    from aws_cdk import App, Stack
    from aws_cdk import aws_eks_v2 as eks

    from chariot.infra.addons.base import AddonContext
    from chariot.infra.addons.vertical_pod_autoscaler import VerticalPodAutoscaler
    from chariot.infra.shared import Shared

    prod = specs["prod"]
    first = prod.services[0]
    initial = prod.model_copy(update={"services": [first.model_copy(update={"vpa": "initial"})]})
    found = {}
    for label, spec in (("recommend", prod), ("initial", initial)):
        stack = Stack(App(), "probe")
        cluster = eks.Cluster.from_cluster_attributes(stack, "Cluster", cluster_name="probe")
        ctx = AddonContext(scope=stack, spec=spec, cluster=cluster, shared=Shared())  # type: ignore[arg-type]
        found[label] = VerticalPodAutoscaler().release(ctx).values["admissionController"]
    assert found["recommend"] == {"enabled": False}
    assert found["initial"]["enabled"] is True
    assert found["initial"]["image"] == {
        "repository": "registry.k8s.io/autoscaling/vpa-admission-controller",
        "tag": "1.7.1",
    }
