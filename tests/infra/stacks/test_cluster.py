"""The EKS cluster stack: version, private placement, logging, encryption, access entries."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.spec.model import LogType

pytestmark = pytest.mark.synth

ENVS = ["prod", "dev"]


def _cluster(synthesized: dict[str, Any], env: str) -> dict[str, Any]:
    clusters = synthesized[env].resources("cluster", "AWS::EKS::Cluster")
    assert len(clusters) == 1
    props: dict[str, Any] = next(iter(clusters.values()))["Properties"]
    return props


@pytest.mark.parametrize("env", ENVS)
def test_cluster_runs_the_spec_version_under_its_name(
    synthesized: dict[str, Any], env: str
) -> None:
    spec = synthesized[env].spec
    props = _cluster(synthesized, env)
    assert props["Version"] == spec.cluster.kubernetes_version
    assert props["Name"] == spec.cluster.name


@pytest.mark.parametrize("env", ENVS)
def test_all_five_control_plane_log_types(synthesized: dict[str, Any], env: str) -> None:
    enabled = _cluster(synthesized, env)["Logging"]["ClusterLogging"]["EnabledTypes"]
    assert sorted(t["Type"] for t in enabled) == sorted(t.value for t in LogType)


@pytest.mark.parametrize("env", ENVS)
def test_endpoint_is_private_only(synthesized: dict[str, Any], env: str) -> None:
    vpc_config = _cluster(synthesized, env)["ResourcesVpcConfig"]
    assert vpc_config["EndpointPrivateAccess"] is True
    assert vpc_config["EndpointPublicAccess"] is False


@pytest.mark.parametrize("env", ENVS)
def test_control_plane_in_the_private_subnets(synthesized: dict[str, Any], env: str) -> None:
    subnets = _cluster(synthesized, env)["ResourcesVpcConfig"]["SubnetIds"]
    imported = [s["Fn::ImportValue"] for s in subnets]
    assert len(imported) == len(synthesized[env].spec.network.subnets.private)
    assert all("privateSubnet" in name for name in imported)


@pytest.mark.parametrize("env", ENVS)
def test_secrets_encrypted_with_a_rotating_customer_key(
    synthesized: dict[str, Any], env: str
) -> None:
    props = _cluster(synthesized, env)
    (config,) = props["EncryptionConfig"]
    assert config["Resources"] == ["secrets"]
    key_id = config["Provider"]["KeyArn"]["Fn::GetAtt"][0]
    key = synthesized[env].json("cluster")["Resources"][key_id]
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True


@pytest.mark.parametrize("env", ENVS)
def test_access_entries_not_aws_auth(synthesized: dict[str, Any], env: str) -> None:
    assert _cluster(synthesized, env)["AccessConfig"]["AuthenticationMode"] == "API"


def test_cluster_role_carries_the_vpc_resource_controller(synthesized: dict[str, Any]) -> None:
    roles = synthesized["prod"].resources("cluster", "AWS::IAM::Role")
    cluster_role = next(
        r
        for r in roles.values()
        if r["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"].get("Service")
        == "eks.amazonaws.com"
    )
    arns = [a["Fn::Join"][1][-1] for a in cluster_role["Properties"]["ManagedPolicyArns"]]
    assert ":iam::aws:policy/AmazonEKSVPCResourceController" in arns


def test_public_endpoint_only_for_the_listed_cidrs(variant: Any) -> None:
    from tests.infra.conftest import VARIANT_CIDRS

    props = next(iter(variant.resources("cluster", "AWS::EKS::Cluster").values()))["Properties"]
    vpc_config = props["ResourcesVpcConfig"]
    assert vpc_config["EndpointPublicAccess"] is True
    assert vpc_config["EndpointPrivateAccess"] is True
    assert vpc_config["PublicAccessCidrs"] == VARIANT_CIDRS


def test_kubectl_provider_runs_in_the_private_subnets(synthesized: dict[str, Any]) -> None:
    functions = synthesized["prod"].resources("cluster", "AWS::Lambda::Function")
    handler = next(f for k, f in functions.items() if "KubectlProviderHandler" in k)
    subnets = handler["Properties"]["VpcConfig"]["SubnetIds"]
    assert subnets
    assert all("privateSubnet" in s["Fn::ImportValue"] for s in subnets)


def test_shares_the_cluster_and_its_security_group(specs: dict[str, Any]) -> None:
    from aws_cdk import App
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_eks_v2 as eks

    from chariot.infra.shared import Shared
    from chariot.infra.stacks.cluster import ClusterStack
    from chariot.infra.stacks.network import NetworkStack

    app = App()
    shared = Shared()
    NetworkStack(app, specs["dev"], shared)
    ClusterStack(app, specs["dev"], shared)
    assert isinstance(shared.get("cluster", eks.Cluster), eks.Cluster)
    group = shared.get("cluster-security-group", ec2.SecurityGroup)
    assert group.security_group_id  # the EKS-created cluster security group (a token)


def test_admins_get_cluster_admin_through_access_entries(variant: Any) -> None:
    from tests.infra.cfn import joined
    from tests.infra.conftest import VARIANT_ADMIN

    entries = [
        e["Properties"]
        for e in variant.resources("cluster", "AWS::EKS::AccessEntry").values()
        if e["Properties"]["PrincipalArn"] == VARIANT_ADMIN
    ]
    (entry,) = entries
    (policy,) = entry["AccessPolicies"]
    assert joined(policy["PolicyArn"]).endswith(
        ":cluster-access-policy/AmazonEKSClusterAdminPolicy"
    )
    assert policy["AccessScope"] == {"Type": "cluster"}


def test_prod_admins_get_access_entries_and_a_port_forwarding_policy(
    synthesized: dict[str, Any],
) -> None:
    prod = synthesized["prod"]
    principals = [
        e["Properties"]["PrincipalArn"]
        for e in prod.resources("cluster", "AWS::EKS::AccessEntry").values()
    ]
    assert "arn:aws:iam::111122223333:role/chariot-platform-admins" in principals
    (policy,) = [
        p["Properties"]
        for p in prod.resources("cluster", "AWS::IAM::ManagedPolicy").values()
        if p["Properties"].get("ManagedPolicyName", "").endswith("-endpoint-port-forwarding")
    ]
    statements = {s["Sid"]: s for s in policy["PolicyDocument"]["Statement"]}
    assert statements["NodesTagged0"]["Condition"] == {
        "StringEquals": {"ssm:resourceTag/eks:cluster-name": "chariot-microservices-cluster"}
    }
    assert statements["PortForwardingDocumentOnly"]["Resource"] == (
        "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSessionToRemoteHost"
    )
    assert statements["OwnSessions"]["Resource"].endswith(":session/${aws:userid}-*")
