"""The key a stack's CloudWatch Logs groups are encrypted with (flow logs, DNS query logs, audit
logs): rotating, and usable by the Logs service of the stack's region, which encrypts on write
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html)."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct


def logs_key(
    scope: Construct,
    construct_id: str,
    *,
    alias: str,
    description: str,
    region: str,
    removal: RemovalPolicy,
) -> kms.Key:
    key = kms.Key(
        scope,
        construct_id,
        alias=alias,
        description=description,
        enable_key_rotation=True,
        removal_policy=removal,
    )
    key.grant_encrypt_decrypt(iam.ServicePrincipal(f"logs.{region}.amazonaws.com"))
    return key
