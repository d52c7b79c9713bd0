"""Plain CfnResources CDK cannot tag get the stack's cost allocation tags, in their type's
format; CDK-taggable resources are left to `Tags.of`."""

from __future__ import annotations

from aws_cdk import App, CfnResource, Stack
from aws_cdk import aws_sqs as sqs

from chariot.infra.raw_resource_tags import tag_raw_resources
from chariot.spec.model import PlatformSpec


def test_plain_resources_take_the_stack_tags(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    app = App(analytics_reporting=False)
    stack = Stack(app, "s")
    CfnResource(stack, "Role", type="AWS::IAM::Role", properties={"Path": "/"})
    CfnResource(stack, "Barrier", type="AWS::SSM::Parameter", properties={"Type": "String"})
    CfnResource(stack, "Unknown", type="AWS::Logs::Destination", properties={})
    sqs.CfnQueue(stack, "Queue")
    tag_raw_resources(app, spec)
    resources = app.synth().get_stack_by_name("s").template["Resources"]
    expected = {"chariot:environment": "prod", "chariot:team": spec.platform_team}
    assert resources["Role"]["Properties"]["Tags"] == [
        {"Key": k, "Value": v} for k, v in sorted(expected.items())
    ]
    assert resources["Barrier"]["Properties"]["Tags"] == expected
    assert "Tags" not in resources["Unknown"].get("Properties", {})
    assert "Tags" not in resources["Queue"].get("Properties", {})  # Tags.of's job
