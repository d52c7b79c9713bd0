"""A customer-managed KMS key for one data domain, usable only the way that domain needs.

The key policy follows the pattern of AWS-managed service keys (`aws/dynamodb`, ...): the
account's administrators may manage the key but not use it directly; IAM principals of the
account may use it only *through* the named AWS services (`kms:ViaService`), and AWS service
principals (CloudTrail, CloudWatch Logs, alarms) get only the actions they call, bound to this
account.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

ADMIN_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
]
USE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:CreateGrant",
    "kms:DescribeKey",
]
SERVICE_PRINCIPAL_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]


def domain_key(
    scope: Construct,
    construct_id: str,
    *,
    alias: str,
    description: str,
    account: str,
    via_services: Sequence[str] = (),
    service_principals: Sequence[str] = (),
    extra_statements: Sequence[iam.PolicyStatement] = (),
    removal: RemovalPolicy = RemovalPolicy.RETAIN,
) -> kms.Key:
    """A rotating key whose policy grants admin to the account and use only via `via_services`.

    `via_services` are service endpoints such as `dynamodb.us-east-1.amazonaws.com`;
    `service_principals` are principals such as `cloudwatch.amazonaws.com` that encrypt with the
    key on the account's behalf (alarm notifications, budgets).
    """
    root = iam.AccountRootPrincipal()
    statements = [
        iam.PolicyStatement(
            sid="KeyAdministration",
            principals=[root],
            actions=ADMIN_ACTIONS,
            resources=["*"],
        )
    ]
    if via_services:
        statements.append(
            iam.PolicyStatement(
                sid="UseThroughOwningServices",
                principals=[root],
                actions=USE_ACTIONS,
                resources=["*"],
                conditions={"StringEquals": {"kms:ViaService": list(via_services)}},
            )
        )
    if service_principals:
        statements.append(
            iam.PolicyStatement(
                sid="ServicePrincipalsOfThisAccount",
                principals=[iam.ServicePrincipal(name) for name in service_principals],
                actions=SERVICE_PRINCIPAL_ACTIONS,
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": account}},
            )
        )
    statements.extend(extra_statements)
    return kms.Key(
        scope,
        construct_id,
        alias=alias,
        description=description,
        enable_key_rotation=True,
        policy=iam.PolicyDocument(statements=statements),
        removal_policy=removal,
    )
