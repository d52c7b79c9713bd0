"""A platform job's Lambda: Python, `index.handler` from a handler folder beside its construct
(the folder is the whole code asset), its own encrypted log group and an execution role that
starts with only the right to write there (`job_identity`; the construct adds the rest).

The unattached-EBS job, the right-sizing report and the origin-secret rotation are built alike,
so this is the one place their runtime and packaging are chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

MEMORY_MB = 256


@dataclass(frozen=True)
class JobIdentity:
    """The job's log group and role, and the statement letting it write its own logs (Lambda
    names the streams at run time, so `log-stream:*` of that one group)."""

    log_group: logs.LogGroup
    role: iam.Role
    writes_logs: iam.PolicyStatement


def job_identity(
    scope: Construct,
    *,
    description: str,
    logs_key: kms.IKey,
    retention: logs.RetentionDays,
    removal: RemovalPolicy = RemovalPolicy.DESTROY,
) -> JobIdentity:
    log_group = logs.LogGroup(
        scope, "Logs", encryption_key=logs_key, retention=retention, removal_policy=removal
    )
    role = iam.Role(
        scope,
        "Role",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description=description,
    )
    writes = iam.PolicyStatement(
        actions=["logs:CreateLogStream", "logs:PutLogEvents"],
        resources=[f"{log_group.log_group_arn}:log-stream:*"],
    )
    return JobIdentity(log_group, role, writes)


def handler_function(
    scope: Construct,
    id: str,
    *,
    folder: Path,
    description: str,
    timeout: Duration,
    role: iam.IRole,
    log_group: logs.ILogGroup,
    environment: dict[str, str],
    vpc: ec2.IVpc | None = None,
    security_groups: list[ec2.ISecurityGroup] | None = None,
) -> lambda_.Function:
    """The function; with `vpc`, in its private subnets behind `security_groups`."""
    return lambda_.Function(
        scope,
        id,
        runtime=lambda_.Runtime.PYTHON_3_14,
        handler="index.handler",
        code=lambda_.Code.from_asset(str(folder), exclude=["__pycache__"]),
        description=description,
        timeout=timeout,
        memory_size=MEMORY_MB,
        role=role,
        log_group=log_group,
        environment=environment,
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_group_name="private") if vpc else None,
        security_groups=security_groups,
    )
