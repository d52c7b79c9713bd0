"""The add-ons stack, and the CloudFormation limits of every stack this issue adds."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.synthesis import CFN_MAX_RESOURCES, CFN_MAX_TEMPLATE_BYTES
from tests.infra.cfn import releases

pytestmark = pytest.mark.synth


@pytest.mark.parametrize("env", ["prod", "dev"])
@pytest.mark.parametrize("part", ["cluster", "addons"])
def test_templates_stay_well_under_cloudformation_limits(
    synthesized: dict[str, Any], env: str, part: str
) -> None:
    path = synthesized[env].template_path(part)
    assert len(synthesized[env].json(part)["Resources"]) < CFN_MAX_RESOURCES // 2
    assert path.stat().st_size < CFN_MAX_TEMPLATE_BYTES // 2


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_every_release_is_pinned_and_namespaced(synthesized: dict[str, Any], env: str) -> None:
    found = releases(synthesized[env].json("addons"))
    assert set(found) >= {
        "aws-load-balancer-controller",
        "karpenter",
        "istio-base",
        "istio-cni",
        "istiod",
        "istio-ingressgateway",
        "istio-egressgateway",
        "vertical-pod-autoscaler",
        "prometheus",
        "prometheus-adapter",
    }
    assert "keda" not in found  # nothing uses it: the HPAs read prometheus-adapter's metric
    for name, release in found.items():
        assert release.version[0].isdigit(), name
        assert release.namespace not in ("default", "kube-system"), name


def test_releases_use_the_clusters_kubectl_provider(synthesized: dict[str, Any]) -> None:
    template = synthesized["prod"].json("addons")
    tokens = {
        r["Properties"]["ServiceToken"]["Fn::ImportValue"]
        for r in template["Resources"].values()
        if r["Type"].startswith("Custom::AWSCDK-EKS")
    }
    assert len(tokens) == 1
    assert next(iter(tokens)).startswith("chariot-prod-cluster:")


@pytest.mark.parametrize("part", ["cluster", "addons"])
def test_every_nag_suppression_says_why(synthesized: dict[str, Any], part: str) -> None:
    suppressed = [
        rule
        for resource in synthesized["prod"].json(part)["Resources"].values()
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
    ]
    assert suppressed  # the CDK-internal provider and AWS-managed policies are acknowledged
    for rule in suppressed:
        assert len(rule["reason"]) > 40, rule["id"]


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_helm_waits_end_well_before_the_kubectl_handler_is_stopped(
    synthesized: dict[str, Any], env: str
) -> None:
    """Finding 9 of issue 10: a 900 s wait equal to the handler's limit hangs CloudFormation."""
    handlers = {
        f["Properties"]["Description"]: f["Properties"]["Timeout"]
        for f in synthesized[env].resources("cluster", "AWS::Lambda::Function").values()
        if "kubectl" in f["Properties"].get("Description", "")
        or "KubectlProvider" in f["Properties"].get("Description", "")
    }
    assert len(handlers) == 2  # the provider framework and the kubectl/helm handler it invokes
    limit = min(handlers.values())
    waits = [
        r["Properties"]["Timeout"]
        for r in synthesized[env].resources("addons", "Custom::AWSCDK-EKS-HelmChart").values()
        if r["Properties"].get("Wait")
    ]
    assert waits
    assert set(waits) == {"720s"}
    assert 720 + 120 <= limit == 900
