"""EKS managed add-ons as synthesized: vpc-cni settings and Pod Identity for the AWS callers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chariot.infra.eks.managed_addons import POD_IDENTITY_AGENT, with_pod_identity_agent
from chariot.spec.model import EksAddon

EXPECTED = {
    "vpc-cni",
    "coredns",
    "kube-proxy",
    "aws-ebs-csi-driver",
    "aws-efs-csi-driver",
    "eks-pod-identity-agent",
    "metrics-server",
    "amazon-cloudwatch-observability",
}


def _addons(synth: Any) -> dict[str, dict[str, Any]]:
    return {
        a["Properties"]["AddonName"]: a
        for a in synth.resources("cluster", "AWS::EKS::Addon").values()
    }


@pytest.mark.synth
@pytest.mark.parametrize("env", ["prod", "dev"])
def test_every_spec_addon_is_installed(synthesized: dict[str, Any], env: str) -> None:
    assert set(_addons(synthesized[env])) == EXPECTED


@pytest.mark.synth
@pytest.mark.parametrize("env", ["prod", "dev"])
def test_core_addons_are_pinned_for_the_clusters_kubernetes_version(
    synthesized: dict[str, Any], env: str
) -> None:
    versions = {
        name: a["Properties"].get("AddonVersion") for name, a in _addons(synthesized[env]).items()
    }
    assert versions["vpc-cni"] == "v1.21.1-eksbuild.7"
    assert versions["coredns"] == "v1.14.2-eksbuild.4"
    assert versions["kube-proxy"] == "v1.35.3-eksbuild.2"
    assert versions["metrics-server"] is None  # no documented table: a readiness warning


@pytest.mark.synth
def test_vpc_cni_prefix_delegation_pod_eni_and_network_policy(synthesized: dict[str, Any]) -> None:
    cni = _addons(synthesized["prod"])["vpc-cni"]["Properties"]
    config = json.loads(cni["ConfigurationValues"])
    assert config["env"]["ENABLE_PREFIX_DELEGATION"] == "true"
    assert config["env"]["ENABLE_POD_ENI"] == "true"
    # Branch-ENI pods fail their kubelet probes without it (init container setting).
    assert config["init"]["env"]["DISABLE_TCP_EARLY_DEMUX"] == "true"
    assert config["enableNetworkPolicy"] == "true"
    assert cni["PodIdentityAssociations"][0]["ServiceAccount"] == "aws-node"


@pytest.mark.synth
def test_csi_drivers_use_pod_identity_after_the_agent(synthesized: dict[str, Any]) -> None:
    addons = _addons(synthesized["prod"])
    resources = synthesized["prod"].json("cluster")["Resources"]
    agent_id = next(
        k
        for k, r in resources.items()
        if r["Type"] == "AWS::EKS::Addon" and r["Properties"]["AddonName"] == POD_IDENTITY_AGENT
    )
    for name, account in (
        ("aws-ebs-csi-driver", "ebs-csi-controller-sa"),
        ("aws-efs-csi-driver", "efs-csi-controller-sa"),
        ("amazon-cloudwatch-observability", "cloudwatch-agent"),
    ):
        (association,) = addons[name]["Properties"]["PodIdentityAssociations"]
        assert association["ServiceAccount"] == account
        role = resources[association["RoleArn"]["Fn::GetAtt"][0]]["Properties"]
        statement = role["AssumeRolePolicyDocument"]["Statement"][0]
        assert statement["Principal"] == {"Service": "pods.eks.amazonaws.com"}
        assert sorted(statement["Action"]) == ["sts:AssumeRole", "sts:TagSession"]
        assert agent_id in addons[name]["DependsOn"]


@pytest.mark.synth
@pytest.mark.parametrize("env", ["prod", "dev"])
def test_container_insights_publishes_node_metrics_without_container_logs(
    synthesized: dict[str, Any], env: str
) -> None:
    """Issue 10, finding 7: the node alarms read Container Insights metrics; the CloudWatch
    agent publishes them with CloudWatchAgentServerPolicy through Pod Identity."""
    addon = _addons(synthesized[env])["amazon-cloudwatch-observability"]["Properties"]
    assert json.loads(addon["ConfigurationValues"]) == {"containerLogs": {"enabled": False}}
    (association,) = addon["PodIdentityAssociations"]
    resources = synthesized[env].json("cluster")["Resources"]
    role = resources[association["RoleArn"]["Fn::GetAtt"][0]]["Properties"]
    assert "CloudWatchAgentServerPolicy" in json.dumps(role["ManagedPolicyArns"])
    assert "amazon-cloudwatch/cloudwatch-agent" in role["Description"]


def test_the_pod_identity_agent_is_added_first_when_the_spec_omits_it() -> None:
    names = [a.name for a in with_pod_identity_agent([EksAddon(name="coredns")])]
    assert names == [POD_IDENTITY_AGENT, "coredns"]
    kept = with_pod_identity_agent([EksAddon(name="vpc-cni"), EksAddon(name=POD_IDENTITY_AGENT)])
    assert [a.name for a in kept] == [POD_IDENTITY_AGENT, "vpc-cni"]
