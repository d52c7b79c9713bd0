"""Finding ids derived from policies match what cdk-nag prints (else synthesis would fail)."""

from __future__ import annotations

from aws_cdk import App, Aws, Stack
from aws_cdk import aws_iam as iam

from chariot.infra.eks.nag import managed_policy_findings, wildcard_findings


def test_managed_policy_ids() -> None:
    assert managed_policy_findings(["AmazonEKSClusterPolicy"], "why") == {
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKSClusterPolicy]": (
            "why"
        )
    }


def test_wildcard_ids_render_references_like_cdk_nag() -> None:
    stack = Stack(App(), "probe")
    statement = iam.PolicyStatement(
        actions=["ec2:Describe*", "sqs:ReceiveMessage"],
        resources=[f"arn:{Aws.PARTITION}:ec2:{Aws.REGION}::image/*", "arn:aws:sqs:us-east-1:1:q"],
    )
    assert wildcard_findings(stack, [statement], "why") == {
        "AwsSolutions-IAM5[Action::ec2:Describe*]": "why",
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>::image/*]": "why",
    }


def test_no_wildcards_no_findings() -> None:
    stack = Stack(App(), "probe")
    statement = iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::b/k"])
    assert wildcard_findings(stack, [statement], "why") == {}
