from __future__ import annotations

from pathlib import Path

from chariot.infra.synthesis import StackOutput, cdk_limit_error, over_limits


def _stack(resources: int, size: int) -> StackOutput:
    return StackOutput("chariot-prod-x", Path("x.template.json"), resources, size, "us-east-1")


def test_stacks_within_cloudformation_limits_pass() -> None:
    assert over_limits([_stack(500, 1_000_000)]) == []


def test_too_many_resources_or_bytes_are_named() -> None:
    assert over_limits([_stack(501, 10), _stack(10, 1_000_001)]) == [
        "chariot-prod-x has 501 resources (max 500)",
        "chariot-prod-x template is 1000001 bytes (max 1000000)",
    ]


def test_the_cdks_own_resource_limit_error_becomes_one_line() -> None:
    # The message jsii raises when a stack passes 500 resources during synthesis (as seen with a
    # 200-service catalog, before per-service resources were sharded).
    message = (
        "TooManyResourcesInStack: Number of resources in stack 'chariot-prod-data': 1098 is "
        "greater than allowed maximum of 500: AWS::DynamoDB::Table (200), AWS::IAM::Role (201)"
    )
    assert cdk_limit_error(message) == (
        "Number of resources in stack 'chariot-prod-data': 1098 is greater than allowed "
        "maximum of 500: AWS::DynamoDB::Table (200), AWS::IAM::Role (201): split the stack"
    )
    assert cdk_limit_error("ValidationFailed: ...") is None
