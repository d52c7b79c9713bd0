"""An SNS topic that mails the spec's alarm address: encrypted, TLS only, and open to exactly
one AWS service of this account as publisher (budgets, backup vault notifications, ...)."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from constructs import Construct

from chariot.infra.names import prefix
from chariot.spec.model import PlatformSpec


def alert_topic(
    scope: Construct,
    construct_id: str,
    spec: PlatformSpec,
    key: kms.IKey,
    *,
    purpose: str,
    publisher_sid: str,
    publisher: str,
) -> sns.Topic:
    """`<prefix>-<purpose>`, encrypted with `key`; `publisher` (a service principal such as
    `backup.amazonaws.com`) of this account may publish, under statement `publisher_sid`."""
    topic = sns.Topic(
        scope,
        construct_id,
        topic_name=f"{prefix(spec)}-{purpose}",
        display_name=f"{spec.name} {spec.environment} {purpose}",
        master_key=key,
        enforce_ssl=True,
    )
    topic.add_subscription(subs.EmailSubscription(spec.observability.alarm_email))
    topic.add_to_resource_policy(
        iam.PolicyStatement(
            sid=publisher_sid,
            principals=[iam.ServicePrincipal(publisher)],
            actions=["sns:Publish"],
            resources=[topic.topic_arn],
            conditions={"StringEquals": {"aws:SourceAccount": spec.account}},
        )
    )
    return topic
