"""AWS Load Balancer Controller as synthesized: chart, values, and tag-scoped IAM."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.cfn import TOKEN, as_list, pod_identity_policy, releases

pytestmark = pytest.mark.synth


def test_chart_matches_the_pinned_crds(synthesized: dict[str, Any]) -> None:
    release = releases(synthesized["prod"].json("addons"))["aws-load-balancer-controller"]
    assert (release.chart, release.version) == ("aws-load-balancer-controller", "1.17.1")
    assert release.repository == "https://aws.github.io/eks-charts"
    assert release.namespace == "aws-load-balancer-controller"
    assert release.wait is True


def test_values_name_the_cluster_and_vpc_and_leave_services_alone(
    synthesized: dict[str, Any],
) -> None:
    values = releases(synthesized["dev"].json("addons"))["aws-load-balancer-controller"].values
    assert values["clusterName"] == "chariot-dev"
    assert values["region"] == "us-east-1"
    assert values["vpcId"] == TOKEN
    assert values["enableServiceMutatorWebhook"] is False
    assert values["serviceAccount"] == {"create": True, "name": "aws-load-balancer-controller"}


def test_creations_carry_the_controller_tag(synthesized: dict[str, Any]) -> None:
    statements = pod_identity_policy(
        synthesized["prod"].json("addons"),
        "aws-load-balancer-controller",
        "aws-load-balancer-controller",
    )
    create = next(
        s for s in statements if "elasticloadbalancing:CreateLoadBalancer" in as_list(s["Action"])
    )
    assert create["Condition"] == {"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}}
    delete = next(
        s for s in statements if "elasticloadbalancing:DeleteLoadBalancer" in as_list(s["Action"])
    )
    assert delete["Condition"] == {"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}}
    assert not any(str(a).endswith(":*") for s in statements for a in as_list(s["Action"]))
