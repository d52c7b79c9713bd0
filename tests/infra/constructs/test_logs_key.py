"""logs_key: a rotating key that the Logs service of the given region may use."""

from __future__ import annotations

import json

from aws_cdk import App, Environment, RemovalPolicy, Stack
from aws_cdk.assertions import Template

from chariot.infra.constructs.logs_key import logs_key


def test_the_regions_logs_service_may_use_a_rotating_key() -> None:
    stack = Stack(App(), "Probe", env=Environment(account="111122223333", region="us-east-1"))
    logs_key(
        stack,
        "LogsKey",
        alias="alias/probe-logs",
        description="probe",
        region="us-west-2",  # a DR stack's key serves its own region's Logs
        removal=RemovalPolicy.DESTROY,
    )
    template = Template.from_stack(stack)
    ((key_id, key),) = template.find_resources("AWS::KMS::Key").items()
    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == "Delete"
    statements = key["Properties"]["KeyPolicy"]["Statement"]
    logs = [s for s in statements if s["Principal"] == {"Service": "logs.us-west-2.amazonaws.com"}]
    assert logs, json.dumps(statements)
    assert {"kms:Encrypt", "kms:Decrypt"} <= set(logs[0]["Action"])
    template.has_resource_properties(
        "AWS::KMS::Alias",
        {"AliasName": "alias/probe-logs", "TargetKeyId": {"Fn::GetAtt": [key_id, "Arn"]}},
    )
