"""90-day rotation of the edge's origin secret, where it is safe: the HTTP API mode.

Secrets Manager runs `origin_rotation_handler/` every ROTATION_DAYS
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html):
it creates the pending value, waits until the HTTP authorizer accepts it (the authorizer reads
AWSCURRENT, AWSPENDING and AWSPREVIOUS, cached for a few minutes), sets it on CloudFront's origin
header (UpdateDistribution), waits for the distribution to deploy, and only then makes it
current; the previous value stays accepted while edges still send it. CloudFormation's dynamic
reference resolves to the same current value on the next stack update.

Not in the REST API mode (REST_NOT_ROTATED): there the secret is an API Gateway API key that
CloudFormation owns. A key's value cannot be changed, so rotating means a second key in the usage
plan and deleting the first behind CloudFormation's back; the next stack update would then try
to replace a key that no longer exists, with a value another key already has.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.handler_function import handler_function, job_identity
from chariot.infra.eks.nag import wildcard_findings

HANDLER = Path(__file__).with_name("origin_rotation_handler")
ROTATION_DAYS = 90

REST_NOT_ROTATED = (
    "Not rotated automatically in the rest mode: the value is the API key CloudFormation owns; "
    "an API key's value cannot change, and a key swapped behind the stack breaks its next "
    "update. Rotate by hand every 90 days (docs/operations.md, 'Credentials')."
)

LAMBDA_REASONS = {
    "NIST.800.53.R5-LambdaConcurrency": (
        "Invoked by Secrets Manager once per rotation step, every 90 days; it cannot fan out."
    ),
    "NIST.800.53.R5-LambdaDLQ": (
        "Secrets Manager invokes it synchronously and retries a failed rotation itself; the "
        "failure shows in the function's errors and in the secret's rotation status."
    ),
    "NIST.800.53.R5-LambdaInsideVPC": (
        "It calls the Secrets Manager and CloudFront APIs only and touches nothing in the VPC."
    ),
}


class OriginRotation(Construct):
    """The rotation function, its least-privilege role and the 90-day schedule."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        secret: secretsmanager.Secret,
        key: kms.IKey,
        logs_key: kms.IKey,
        log_retention: logs.RetentionDays,
        removal: RemovalPolicy,
        distribution: cloudfront.Distribution,
        header: str,
        web_acl_arn: str | None,
        secret_length: int,
        authorizer_cache_seconds: int,
    ) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        identity = job_identity(
            self,
            description="Origin-secret rotation: the secret's versions, CloudFront's origin header",
            logs_key=logs_key,
            retention=log_retention,
            removal=removal,
        )
        distribution_arn = (
            f"arn:{stack.partition}:cloudfront::{stack.account}:distribution/"
            f"{distribution.distribution_id}"
        )
        statements = [
            identity.writes_logs,
            iam.PolicyStatement(
                actions=[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:PutSecretValue",
                    "secretsmanager:UpdateSecretVersionStage",
                ],
                resources=[secret.secret_arn],
            ),
            # Generating a value touches no secret: the action takes no resource ARN.
            iam.PolicyStatement(actions=["secretsmanager:GetRandomPassword"], resources=["*"]),
            iam.PolicyStatement(
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=[key.key_arn],
                conditions={
                    "StringEquals": {
                        "kms:ViaService": f"secretsmanager.{stack.region}.amazonaws.com"
                    }
                },
            ),
            iam.PolicyStatement(
                actions=[
                    "cloudfront:GetDistribution",
                    "cloudfront:GetDistributionConfig",
                    "cloudfront:UpdateDistribution",
                ],
                resources=[distribution_arn],
            ),
        ]
        if web_acl_arn is not None:
            # UpdateDistribution resubmits the distribution's web ACL, which CloudFront lets
            # only a caller that may read it do.
            statements.append(
                iam.PolicyStatement(actions=["wafv2:GetWebACL"], resources=[web_acl_arn])
            )
        policy = iam.ManagedPolicy(self, "Policy", roles=[identity.role], statements=statements)
        function = handler_function(
            self,
            "Function",
            folder=HANDLER,
            description="Rotates CloudFront's origin secret (authorizer first, then CloudFront)",
            # setSecret waits the authorizer's cache + 30 s before it updates CloudFront
            timeout=Duration.minutes(10),
            role=identity.role,
            log_group=identity.log_group,
            environment={
                "DISTRIBUTION_ID": distribution.distribution_id,
                "HEADER": header,
                "SECRET_LENGTH": str(secret_length),
                "AUTHORIZER_CACHE_SECONDS": str(authorizer_cache_seconds),
            },
        )
        function.node.add_dependency(policy)
        function.add_permission(
            "SecretsManager",
            principal=iam.ServicePrincipal("secretsmanager.amazonaws.com"),
            source_account=stack.account,
        )
        schedule = secretsmanager.CfnRotationSchedule(
            self,
            "Schedule",
            secret_id=secret.secret_arn,
            rotation_lambda_arn=function.function_arn,
            rotation_rules=secretsmanager.CfnRotationSchedule.RotationRulesProperty(
                automatically_after_days=ROTATION_DAYS
            ),
            # A deploy does not start a rotation (it would race CloudFront's own deployment);
            # the first one runs ROTATION_DAYS after the schedule exists.
            rotate_immediately_on_update=False,
        )
        schedule.node.add_dependency(function, distribution)
        acknowledge(function, LAMBDA_REASONS)
        acknowledge(
            policy,
            wildcard_findings(
                stack,
                statements,
                "Lambda names its log streams at run time; secretsmanager:GetRandomPassword "
                "takes no resource ARN.",
            ),
        )
