"""A key used by a service principal grants what that service calls, under conditions it meets."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import export, platform, resource, results, template

RULE = "kms-service-grants"
CONTEXT = {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*"}}


def _statement(principal: str, actions: list[str], condition: Any = None) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": {"Service": principal}, "Action": actions,
                 "Resource": "*"}  # fmt: skip
    if condition:
        statement["Condition"] = condition
    return statement


def _trail_platform(spec: PlatformSpec, *statements: dict[str, Any]) -> Any:
    key = resource("AWS::KMS::Key", KeyPolicy={"Statement": list(statements)})
    trail = resource("AWS::CloudTrail::Trail", KMSKeyId={"Fn::GetAtt": ["Key", "Arn"]})
    return platform(spec, template(resources={"Key": key, "Trail": trail}))


def test_describe_key_in_its_own_statement_passes(spec: PlatformSpec) -> None:
    found = results(
        RULE,
        _trail_platform(
            spec,
            _statement("cloudtrail.amazonaws.com", ["kms:GenerateDataKey*"], CONTEXT),
            _statement(
                "cloudtrail.amazonaws.com",
                ["kms:DescribeKey"],
                {"StringEquals": {"aws:SourceAccount": "111122223333"}},
            ),
        ),
    )
    assert found == []


def test_describe_key_under_the_encryption_context_fails_naming_it(spec: PlatformSpec) -> None:
    statement = _statement(
        "cloudtrail.amazonaws.com", ["kms:GenerateDataKey*", "kms:DescribeKey"], CONTEXT
    )
    (found,) = results(RULE, _trail_platform(spec, {**statement, "Sid": "Trail"}))
    assert isinstance(found, Violation)
    assert "cloudtrail.amazonaws.com kms:DescribeKey only under conditions" in found.reason
    assert "statement 'Trail' requires kms:EncryptionContext:aws:cloudtrail:arn" in found.reason


def test_an_ifexists_condition_can_be_met(spec: PlatformSpec) -> None:
    condition = {"StringLikeIfExists": CONTEXT["StringLike"]}
    statement = _statement(
        "cloudtrail.amazonaws.com", ["kms:GenerateDataKey*", "kms:DescribeKey"], condition
    )
    assert results(RULE, _trail_platform(spec, statement)) == []


def test_a_missing_grant_fails(spec: PlatformSpec) -> None:
    only_encrypt = _statement("cloudtrail.amazonaws.com", ["kms:GenerateDataKey*"], CONTEXT)
    (found,) = results(RULE, _trail_platform(spec, only_encrypt))
    assert "grants cloudtrail.amazonaws.com no kms:DescribeKey" in found.reason


def test_alarms_publishing_to_an_encrypted_topic_in_another_stack(spec: PlatformSpec) -> None:
    """CloudWatch encrypts alarm notifications with the topic's key, across stacks."""

    def platform_with(actions: list[str]) -> Any:
        keys = template(
            "security",
            {"Key": resource("AWS::KMS::Key", KeyPolicy={
                "Statement": [_statement("cloudwatch.amazonaws.com", actions)]})},
            outputs={"K": export("security:Key", {"Fn::GetAtt": ["Key", "Arn"]})},
        )  # fmt: skip
        topic = resource("AWS::SNS::Topic", KmsMasterKeyId={"Fn::ImportValue": "security:Key"})
        alarm = resource("AWS::CloudWatch::Alarm", AlarmActions=[{"Ref": "Topic"}])
        return platform(spec, keys, template("governance", {"Topic": topic, "Alarm": alarm}))

    assert results(RULE, platform_with(["kms:Decrypt", "kms:GenerateDataKey*"])) == []
    (found,) = results(RULE, platform_with(["kms:GenerateDataKey*"]))
    assert "AWS::CloudWatch::Alarm Alarm (governance)" in found.reason
    assert "grants cloudwatch.amazonaws.com no kms:Decrypt" in found.reason
