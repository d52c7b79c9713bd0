"""cdk-nag finding ids for the IAM findings that come out granular (one per policy or resource).

cdk-nag prints IAM4/IAM5 findings as `Rule[Policy::...]`, `Rule[Resource::...]` or
`Rule[Action::...]`; an acknowledgement must name that exact id, so these helpers derive the ids
from the policy documents themselves instead of copying strings by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import IConstruct

_POLICY_VARIABLE = re.compile(r"\$\{([^}]+)\}")
MANAGED_POLICY_PREFIX = "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{}]"


def managed_policy_findings(policies: Iterable[str], reason: str) -> dict[str, str]:
    """The IAM4 finding ids for AWS managed `policies`, each acknowledged with `reason`."""
    return {MANAGED_POLICY_PREFIX.format(name): reason for name in policies}


def _render(value: Any) -> str:
    """A resolved CloudFormation value as cdk-nag spells it in finding ids."""
    if isinstance(value, str):
        # IAM policy variables (${aws:userid}) appear as <aws:userid> in cdk-nag's ids.
        return _POLICY_VARIABLE.sub(r"<\1>", value)
    if isinstance(value, dict):
        if "Ref" in value:
            return f"<{value['Ref']}>"
        if "Fn::GetAtt" in value:
            target = value["Fn::GetAtt"]
            return f"<{target[0]}.{target[1]}>"
        if isinstance(value.get("Fn::ImportValue"), str):
            return str(value["Fn::ImportValue"])  # cdk-nag prints the export's name
        if "Fn::Join" in value:
            separator, parts = value["Fn::Join"]
            return str(separator).join(_render(part) for part in parts)
    return json.dumps(value, separators=(",", ":"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statement_findings(data: dict[str, Any], reason: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for action in _as_list(data.get("Action", [])):
        if "*" in _render(action):
            found[f"AwsSolutions-IAM5[Action::{_render(action)}]"] = reason
    for resource in _as_list(data.get("Resource", [])):
        rendered = _render(resource)
        if "*" in rendered:
            found[f"AwsSolutions-IAM5[Resource::{rendered}]"] = reason
    return found


def generated_iam_findings(
    construct: IConstruct, managed_reason: str, wildcard_reason: str
) -> dict[str, str]:
    """IAM4/IAM5 ids of every role and policy under `construct` (for CDK-generated roles)."""
    stack = Stack.of(construct)
    found: dict[str, str] = {}
    for child in construct.node.find_all():
        if isinstance(child, iam.CfnRole) and child.managed_policy_arns:
            for arn in _as_list(stack.resolve(child.managed_policy_arns)):
                found[f"AwsSolutions-IAM4[Policy::{_render(arn)}]"] = managed_reason
        elif isinstance(child, iam.CfnPolicy | iam.CfnManagedPolicy):
            document = stack.resolve(child.policy_document)
            for statement in _as_list(document.get("Statement", [])):
                found.update(_statement_findings(statement, wildcard_reason))
    return found


def wildcard_findings(
    stack: Stack, statements: Iterable[iam.PolicyStatement], reason: str
) -> dict[str, str]:
    """The IAM5 finding ids (wildcard actions and resources) of `statements`, with `reason`."""
    found: dict[str, str] = {}
    for statement in statements:
        found.update(_statement_findings(stack.resolve(statement.to_statement_json()), reason))
    return found
