"""Cost allocation tags on the resources CDK writes as plain `CfnResource`s, as an aspect.

`Tags.of(scope)` only reaches constructs CDK knows to be taggable (the generated L1 classes).
A few resources chariot's libraries make are plain `CfnResource`s of a type that accepts tags:
the role and function of CDK's `CustomResourceProvider` (the default security group's
restriction, `CfnUtils`) and the kubectl-ready barrier parameter of `aws_eks_v2.Cluster`. They get
the stack's tags (environment, platform team, stack part) as a property override, in the format
their type takes: a list of Key/Value pairs, or a map for an SSM parameter
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ssm-parameter.html).
The readiness rule `cost-allocation-tags` reports any such resource this leaves untagged.
"""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import App, Aspects, CfnResource, IAspect, Stack, TagManager
from constructs import IConstruct

from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import ENVIRONMENT_TAG, STACK_TAG, TEAM_TAG

# Type -> the shape of its Tags property.
TAG_FORMAT = {
    "AWS::IAM::Role": "list",
    "AWS::Lambda::Function": "list",
    "AWS::SSM::Parameter": "map",
}


@jsii.implements(IAspect)
class TagRawResources:
    def __init__(self, spec: PlatformSpec) -> None:
        self.spec = spec

    def visit(self, node: IConstruct) -> None:
        if not isinstance(node, CfnResource) or TagManager.is_taggable(node):
            return
        shape = TAG_FORMAT.get(node.cfn_resource_type)
        if shape is None:
            return
        tags = {ENVIRONMENT_TAG: self.spec.environment, TEAM_TAG: self.spec.platform_team}
        part = getattr(Stack.of(node), "part", "")
        if part:
            tags[STACK_TAG] = part
        value: Any = (
            tags if shape == "map" else [{"Key": k, "Value": v} for k, v in sorted(tags.items())]
        )
        node.add_property_override("Tags", value)


def tag_raw_resources(app: App, spec: PlatformSpec) -> None:
    """Tag the untaggable-to-CDK resources of every stack of the app."""
    Aspects.of(app).add(TagRawResources(spec))
