"""Pod Identity roles: trusted by the EKS Pod Identity agent only, permissions never inline."""

from __future__ import annotations

from aws_cdk import App, Stack
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Match, Template

from chariot.infra.eks.pod_identity import PodIdentity


def _template() -> Template:
    stack = Stack(App(), "probe", env={"account": "111122223333", "region": "us-east-1"})
    cluster = eks.Cluster.from_cluster_attributes(stack, "Cluster", cluster_name="c")
    PodIdentity(
        stack,
        "Identity",
        cluster=cluster,  # type: ignore[arg-type]
        namespace="ns",
        service_account="sa",
        statements=[iam.PolicyStatement(actions=["sqs:ReceiveMessage"], resources=["arn:q"])],
    )
    return Template.from_stack(stack)


def test_trust_is_the_pod_identity_service_with_session_tags() -> None:
    _template().has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Action": ["sts:AssumeRole", "sts:TagSession"],
                        "Principal": {"Service": "pods.eks.amazonaws.com"},
                        "Condition": {"StringEquals": {"aws:SourceAccount": Match.any_value()}},
                    }
                ]
            }
        },
    )


def test_association_binds_namespace_and_service_account() -> None:
    template = _template()
    template.has_resource_properties(
        "AWS::EKS::PodIdentityAssociation",
        {"ClusterName": "c", "Namespace": "ns", "ServiceAccount": "sa"},
    )
    template.resource_count_is("AWS::IAM::Policy", 0)
    template.resource_count_is("AWS::IAM::ManagedPolicy", 1)
