"""Read synthesized CloudFormation templates (`*.template.json`) into resources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chariot.plan.cost.model import Resource
from chariot.spec.problems import Problem, SpecError

PATTERN = "*.template.json"
MANIFEST = "manifest.json"


def stack_regions(directory: Path) -> dict[str, str]:
    """Stack -> region, from the cloud assembly's manifest (`aws://<account>/<region>`); empty
    when the directory has no manifest (hand-written templates)."""
    file = directory / MANIFEST
    if not file.is_file():
        return {}
    try:
        artifacts = json.loads(file.read_text(encoding="utf-8")).get("artifacts") or {}
    except (OSError, json.JSONDecodeError) as exc:
        raise SpecError([Problem(file, "<file>", f"not a JSON manifest: {exc}")]) from None
    return {
        name: str(artifact["environment"]).rsplit("/", 1)[-1]
        for name, artifact in artifacts.items()
        if isinstance(artifact, dict) and str(artifact.get("environment", "")).startswith("aws://")
    }


def read_templates(directory: Path) -> list[Resource]:
    """Every resource of every template in `directory`, in file then template order, each with
    its stack's region when the directory holds the cloud assembly's manifest."""
    if not directory.is_dir():
        raise SpecError(
            [Problem(directory, "<dir>", "no such directory: run `chariot synth` first")]
        )
    files = sorted(directory.glob(PATTERN))
    if not files:
        raise SpecError(
            [Problem(directory, "<dir>", f"no {PATTERN} files: run `chariot synth` first")]
        )
    regions = stack_regions(directory)
    resources: list[Resource] = []
    for file in files:
        try:
            template = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise SpecError([Problem(file, "<file>", f"not a JSON template: {exc}")]) from None
        stack = file.name.removesuffix(".template.json")
        for logical_id, body in (template.get("Resources") or {}).items():
            if not isinstance(body, dict) or "Type" not in body:
                raise SpecError([Problem(file, f"Resources.{logical_id}", "resource has no Type")])
            resources.append(
                Resource(
                    stack,
                    logical_id,
                    str(body["Type"]),
                    dict(body.get("Properties") or {}),
                    regions.get(stack),
                )
            )
    return resources


def literal_json(value: Any) -> Any:
    """A JSON document held in a string property, or in a Fn::Join of one with tokens in it (the
    tokens read as the string "token"); None when it is neither."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        text = separator.join(p if isinstance(p, str) else "token" for p in parts)
    else:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None
