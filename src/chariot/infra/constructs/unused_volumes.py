"""The unattached-EBS job (`cost.unused_volumes`): an EventBridge rule runs a Lambda on the
spec's schedule; it mails the volumes attached to nothing for longer than N days to the alerts
topic and deletes them only when the spec says so.

Least privilege: `ec2:DescribeVolumes` has no resource-level permissions (so `*`), and the
function may delete volumes only when `delete` is on, and then only volumes not tagged
`chariot:keep=true` (the condition holds even if the code were wrong).
https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.handler_function import handler_function, job_identity
from chariot.infra.eks.scheduled_scaling import eventbridge_cron
from chariot.infra.log_retention import retention
from chariot.spec.model import PlatformSpec

HANDLER = Path(__file__).with_name("unused_volumes_handler")
KEEP_TAG = "chariot:keep"

LAMBDA_REASONS = {
    "NIST.800.53.R5-LambdaConcurrency": (
        "Runs once per schedule from one EventBridge rule; it cannot fan out."
    ),
    "NIST.800.53.R5-LambdaDLQ": (
        "A failed run is retried by EventBridge and shows in the function's errors metric; "
        "the next scheduled run reports the same volumes again."
    ),
    "NIST.800.53.R5-LambdaInsideVPC": (
        "It calls the EC2 and SNS APIs only and touches nothing in the VPC."
    ),
}


class UnusedVolumesJob(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        spec: PlatformSpec,
        topic: sns.ITopic,
        topic_key: kms.IKey,
        logs_key: kms.IKey,
    ) -> None:
        super().__init__(scope, id)
        job = spec.cost.unused_volumes
        stack = Stack.of(self)
        identity = job_identity(
            self,
            description="Unattached-EBS job: list (and, if allowed, delete) volumes, mail a report",
            logs_key=logs_key,
            retention=retention(spec.security.log_retention_days),
        )
        log_group, role = identity.log_group, identity.role
        statements = [
            identity.writes_logs,
            iam.PolicyStatement(actions=["ec2:DescribeVolumes"], resources=["*"]),
            iam.PolicyStatement(actions=["sns:Publish"], resources=[topic.topic_arn]),
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[topic_key.key_arn]
            ),
        ]
        if job.delete:
            statements.append(
                iam.PolicyStatement(
                    actions=["ec2:DeleteVolume"],
                    resources=[
                        f"arn:{stack.partition}:ec2:{stack.region}:{stack.account}:volume/*"
                    ],
                    conditions={"StringNotEquals": {f"aws:ResourceTag/{KEEP_TAG}": "true"}},
                )
            )
        policy = iam.ManagedPolicy(self, "Policy", roles=[role], statements=statements)
        self.function = handler_function(
            self,
            "Function",
            folder=HANDLER,
            description="Reports (and, if allowed, deletes) unattached EBS volumes",
            timeout=Duration.minutes(5),
            role=role,
            log_group=log_group,
            environment={
                "OLDER_THAN_DAYS": str(job.older_than_days),
                "DELETE": "true" if job.delete else "false",
                "TOPIC_ARN": topic.topic_arn,
            },
        )
        self.rule = events.Rule(
            self,
            "Schedule",
            description=f"Unattached-EBS job ({job.schedule} UTC)",
            schedule=events.Schedule.expression(eventbridge_cron(job.schedule)),
            targets=[targets.LambdaFunction(self.function, retry_attempts=2)],
        )
        acknowledge(self.function, LAMBDA_REASONS)
        log_resource = log_group.node.default_child
        if not isinstance(log_resource, logs.CfnLogGroup):  # pragma: no cover - CDK's own
            raise TypeError("a LogGroup's default child is its CfnLogGroup")
        log_id = stack.get_logical_id(log_resource)
        findings = {
            f"AwsSolutions-IAM5[Resource::<{log_id}.Arn>:log-stream:*]": (
                "Lambda names its log streams at run time: only streams of its own log group."
            ),
            "AwsSolutions-IAM5[Resource::*]": (
                "ec2:DescribeVolumes has no resource-level permissions."
            ),
        }
        if job.delete:
            findings[
                "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:"
                "<AWS::AccountId>:volume/*]"
            ] = (
                "Unattached volumes are found at run time; deletion is limited to volumes "
                f"not tagged {KEEP_TAG}=true."
            )
        acknowledge(policy, findings)
