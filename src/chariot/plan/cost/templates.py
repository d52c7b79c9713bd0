"""Read synthesized CloudFormation templates (`*.template.json`) into resources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chariot.plan.cost.model import Resource
from chariot.spec.problems import Problem, SpecError

PATTERN = "*.template.json"


def read_templates(directory: Path) -> list[Resource]:
    """Every resource of every template in `directory`, in file then template order."""
    if not directory.is_dir():
        raise SpecError(
            [Problem(directory, "<dir>", "no such directory: run `chariot synth` first")]
        )
    files = sorted(directory.glob(PATTERN))
    if not files:
        raise SpecError(
            [Problem(directory, "<dir>", f"no {PATTERN} files: run `chariot synth` first")]
        )
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
                Resource(stack, logical_id, str(body["Type"]), dict(body.get("Properties") or {}))
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
