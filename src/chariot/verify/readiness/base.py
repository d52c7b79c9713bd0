"""What a readiness rule sees and what it returns.

`Platform` is one synthesized environment as files on disk: every CloudFormation template the
cloud assembly lists (with the region it deploys to), the rendered Kubernetes objects, and the
spec. References between resources (`Ref`, `Fn::GetAtt`, `Fn::ImportValue` across stacks) are
followed by `Platform.target`; plain values inside intrinsics by `Platform.text`.

A rule is a function `check(platform) -> Iterator[Violation | NotApplicable]`. It reports a
`Violation` for each defect and a `NotApplicable` for a resource it looked at but cannot judge
(a value only known at deploy time), so a rule never passes silently on what it could not read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import READINESS_ACKNOWLEDGEMENTS_KEY as ACKNOWLEDGEMENTS_KEY

Severity = Literal["error", "warning"]

CDK_PATH_KEY = "aws:cdk:path"
UNRESOLVED = "<unresolved>"


def dig(node: Any, path: tuple[str | int, ...]) -> Any:
    """The value at `path` (keys and list indexes) under `node`; None when a step is missing."""
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and -len(node) <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


@dataclass(eq=False)
class Template:
    """One stack's template, where it deploys and the file it was read from."""

    stack: str
    file: Path
    account: str
    region: str
    data: dict[str, Any]
    resources: dict[str, Resource] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for logical_id, body in (self.data.get("Resources") or {}).items():
            if isinstance(body, dict):
                self.resources[logical_id] = Resource(self, logical_id, body)

    def of_type(self, *types: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.type in types]

    def exports(self) -> dict[str, Any]:
        """Export name -> the output's value, for `Fn::ImportValue` in other stacks."""
        exports = {}
        for output in (self.data.get("Outputs") or {}).values():
            name = (output.get("Export") or {}).get("Name")
            if isinstance(name, str):
                exports[name] = output.get("Value")
        return exports


@dataclass(frozen=True, eq=False)
class Resource:
    """One resource of a template."""

    template: Template
    logical_id: str
    data: Mapping[str, Any]

    @property
    def type(self) -> str:
        return str(self.data.get("Type", ""))

    @property
    def properties(self) -> Mapping[str, Any]:
        props = self.data.get("Properties")
        return props if isinstance(props, dict) else {}

    @property
    def metadata(self) -> Mapping[str, Any]:
        meta = self.data.get("Metadata")
        return meta if isinstance(meta, dict) else {}

    @property
    def path(self) -> str:
        """The CDK construct path, or the logical id for hand-written templates."""
        return str(self.metadata.get(CDK_PATH_KEY, self.logical_id))

    @property
    def acknowledgements(self) -> dict[str, str]:
        acks = self.metadata.get(ACKNOWLEDGEMENTS_KEY)
        return {str(k): str(v) for k, v in acks.items()} if isinstance(acks, dict) else {}

    def get(self, *path: str | int) -> Any:
        """The property at `path` (under Properties), or None when any step is missing."""
        return dig(self.properties, path)

    @property
    def label(self) -> str:
        return self.logical_id


@dataclass(frozen=True, eq=False)
class KubernetesObject:
    """One rendered Kubernetes object (a document of a file under dist/<env>/k8s)."""

    file: Path
    data: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", ""))

    @property
    def name(self) -> str:
        return str((self.data.get("metadata") or {}).get("name", ""))

    @property
    def namespace(self) -> str:
        return str((self.data.get("metadata") or {}).get("namespace", ""))

    @property
    def label(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}" if self.namespace else self.kind

    def get(self, *path: str | int) -> Any:
        return dig(self.data, path)


Subject = Resource | KubernetesObject


@dataclass(frozen=True)
class Target:
    """What a `Ref` (attribute None) or `Fn::GetAtt` (attribute set) points at."""

    resource: Resource
    attribute: str | None = None


@dataclass(frozen=True)
class Violation:
    """A defect in `subject`."""

    subject: Subject
    reason: str
    severity: Severity = "error"


@dataclass(frozen=True)
class NotApplicable:
    """`subject` was looked at but cannot be judged here (and why)."""

    subject: Subject
    reason: str


Result = Violation | NotApplicable


class Rule(Protocol):
    def __call__(self, platform: Platform) -> Iterator[Result]: ...


@dataclass
class Platform:
    """One synthesized environment: the spec, every template, every rendered object."""

    spec: PlatformSpec
    templates: list[Template]
    kubernetes: list[KubernetesObject] = field(default_factory=list)

    def resources(self, *types: str) -> list[Resource]:
        """Every resource of the given types in every template (all resources without types)."""
        return [
            r for t in self.templates for r in t.resources.values() if not types or r.type in types
        ]

    def template(self, stack: str) -> Template | None:
        return next((t for t in self.templates if t.stack == stack), None)

    def objects(self, *kinds: str) -> list[KubernetesObject]:
        return [o for o in self.kubernetes if not kinds or o.kind in kinds]

    def _export(self, name: Any, region: str) -> tuple[Template, Any] | None:
        for template in self.templates:
            if template.region == region and name in template.exports():
                return template, template.exports()[name]
        return None

    def target(self, template: Template, value: Any) -> Target | None:
        """The resource a `Ref`/`Fn::GetAtt`/`Fn::ImportValue` in `template` points at, or None
        when `value` is not such a reference (or names a parameter or pseudo parameter)."""
        if not isinstance(value, dict) or len(value) != 1:
            return None
        ((function, argument),) = value.items()
        if function == "Ref" and isinstance(argument, str):
            resource = template.resources.get(argument)
            return Target(resource) if resource else None
        if function == "Fn::GetAtt":
            parts = argument if isinstance(argument, list) else str(argument).split(".", 1)
            resource = template.resources.get(str(parts[0]))
            return Target(resource, str(parts[1])) if resource and len(parts) == 2 else None
        if function == "Fn::ImportValue" and isinstance(argument, str):
            export = self._export(argument, template.region)
            return self.target(export[0], export[1]) if export else None
        return None

    def text(self, template: Template, value: Any, placeholder: str | None = None) -> str | None:
        """`value` as a plain string: literals, pseudo parameters, `Fn::Join`, `Fn::Sub` without
        variables and imports of such values. Anything else (a resource's physical id, an
        attribute) is `placeholder`, or makes the whole value None when no placeholder is given.
        """
        if not isinstance(value, dict) or len(value) != 1:
            return _scalar(value, placeholder)
        ((function, argument),) = value.items()
        if function == "Ref" and argument in PSEUDO:
            return PSEUDO[argument](template)
        if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            parts = [self.text(template, part, placeholder) for part in argument[1]]
            known = [p for p in parts if p is not None]
            return str(argument[0]).join(known) if len(known) == len(parts) else None
        if function == "Fn::Sub" and isinstance(argument, str):
            return _substitute(argument, template, placeholder)
        export = self._export(argument, template.region) if function == "Fn::ImportValue" else None
        return self.text(export[0], export[1], placeholder) if export else placeholder

    def json_property(self, resource: Resource, *path: str | int) -> Any:
        """A property holding JSON text (a Kubernetes manifest, Helm values, a policy), parsed;
        values known only at deploy time read as "<unresolved>". None when absent or not JSON."""
        text = self.text(resource.template, resource.get(*path), UNRESOLVED)
        if text is None or text == UNRESOLVED:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return None


PSEUDO: dict[str, Callable[[Template], str]] = {
    "AWS::Region": lambda t: t.region,
    "AWS::AccountId": lambda t: t.account,
    "AWS::Partition": lambda t: "aws",
    "AWS::URLSuffix": lambda t: "amazonaws.com",
    "AWS::StackName": lambda t: t.stack,
}


def _scalar(value: Any, placeholder: str | None) -> str | None:
    if isinstance(value, str):
        return value
    return json.dumps(value) if isinstance(value, bool | int | float) else placeholder


def _substitute(text: str, template: Template, placeholder: str | None) -> str | None:
    out, rest = "", text
    while "${" in rest:
        before, _, after = rest.partition("${")
        name, _, rest = after.partition("}")
        if name in PSEUDO:
            out += before + PSEUDO[name](template)
        elif placeholder is not None:
            out += before + placeholder
        else:
            return None
    return out + rest


def as_list(value: Any) -> list[Any]:
    """IAM's "one value or a list of them"."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def duration_seconds(value: Any) -> int | None:
    """Seconds of a CDK/Helm duration ("900s", "15m", "1h2m3s") or a number; None otherwise."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if not isinstance(value, str) or not value:
        return None
    if value.isdigit():
        return int(value)
    total, number = 0, ""
    units = {"h": 3600, "m": 60, "s": 1}
    for char in value:
        if char.isdigit():
            number += char
        elif char in units and number:
            total, number = total + int(number) * units[char], ""
        else:
            return None
    return total if not number else None


def iter_values(node: Any) -> Iterator[Any]:
    """Every dict, list and scalar under `node`, depth first."""
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from iter_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_values(value)
