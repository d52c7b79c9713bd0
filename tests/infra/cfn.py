"""Reading synthesized templates in tests: Helm releases, manifests and policies as plain data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

TOKEN = "<token>"  # noqa: S105 - a CloudFormation reference placeholder, not a secret


def joined(value: Any) -> str:
    """A string property that may be an Fn::Join of literals and references (as `<token>`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(p if isinstance(p, str) else TOKEN for p in parts)
    return TOKEN


@dataclass(frozen=True)
class Release:
    logical_id: str
    chart: str
    version: str
    namespace: str
    repository: str
    values: dict[str, Any]
    wait: bool
    depends_on: list[str]


def releases(template: dict[str, Any]) -> dict[str, Release]:
    """Release name -> what the HelmChart custom resource installs."""
    found = {}
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] != "Custom::AWSCDK-EKS-HelmChart":
            continue
        props = resource["Properties"]
        found[props["Release"]] = Release(
            logical_id=logical_id,
            chart=props["Chart"],
            version=props["Version"],
            namespace=props["Namespace"],
            repository=props.get("Repository", ""),
            values=json.loads(joined(props.get("Values", "{}"))),
            wait=bool(props.get("Wait", False)),
            depends_on=list(resource.get("DependsOn", [])),
        )
    return found


def manifests(template: dict[str, Any]) -> list[dict[str, Any]]:
    """Every object applied through a KubernetesManifest custom resource."""
    objects: list[dict[str, Any]] = []
    for resource in template["Resources"].values():
        if resource["Type"] == "Custom::AWSCDK-EKS-KubernetesResource":
            objects.extend(json.loads(joined(resource["Properties"]["Manifest"])))
    return objects


def pod_identity_policy(
    template: dict[str, Any], namespace: str, service_account: str
) -> list[dict[str, Any]]:
    """The statements of the managed policy of the workload role of `namespace/sa` (Pod Identity
    or IRSA)."""
    statements: list[dict[str, Any]] = []
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::IAM::ManagedPolicy" and resource["Properties"].get(
            "Description", ""
        ).startswith(f"What {namespace}/{service_account} may do"):
            statements.extend(resource["Properties"]["PolicyDocument"]["Statement"])
    assert statements, f"no policy for {namespace}/{service_account}"
    return statements


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
