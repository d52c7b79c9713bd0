"""Small hand-written templates for readiness rule tests: a rule's fixtures are plain dicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import KubernetesObject, Platform, Result, Template
from chariot.verify.readiness.registry import RULES

ACCOUNT = "111122223333"
REGION = "us-east-1"


def template(
    stack: str = "app",
    resources: dict[str, dict[str, Any]] | None = None,
    outputs: dict[str, Any] | None = None,
    region: str = REGION,
) -> Template:
    data: dict[str, Any] = {"Resources": resources or {}}
    if outputs:
        data["Outputs"] = outputs
    return Template(stack, Path(f"{stack}.template.json"), ACCOUNT, region, data)


def resource(
    type_: str, metadata: dict[str, Any] | None = None, **properties: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"Type": type_, "Properties": properties}
    if metadata:
        body["Metadata"] = metadata
    return body


def export(name: str, value: Any) -> dict[str, Any]:
    return {"Value": value, "Export": {"Name": name}}


def platform(
    spec: PlatformSpec, *templates: Template, objects: list[dict[str, Any]] | None = None
) -> Platform:
    return Platform(
        spec,
        list(templates),
        [KubernetesObject(Path("k8s/objects.yaml"), o) for o in objects or []],
    )


def write_dist(outdir: Path, templates: dict[str, dict[str, Any]], region: str = REGION) -> Path:
    """A cloud assembly on disk, as `chariot synth` writes it: manifest.json and templates."""
    outdir.mkdir(parents=True, exist_ok=True)
    artifacts = {}
    for stack, body in templates.items():
        artifacts[stack] = {
            "type": "aws:cloudformation:stack",
            "environment": f"aws://{ACCOUNT}/{region}",
            "properties": {"templateFile": f"{stack}.template.json"},
        }
        (outdir / f"{stack}.template.json").write_text(json.dumps(body))
    (outdir / "manifest.json").write_text(json.dumps({"artifacts": artifacts}))
    return outdir


def results(rule: str, target: Platform) -> list[Result]:
    """What one registered rule says about `target`."""
    return list(RULES[rule](target))
