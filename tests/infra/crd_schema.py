"""Validate rendered custom resources against the pinned CRDs in ../shared/crds (test helper).

A stand-in until `chariot.k8s.validate` exists: plain jsonschema on each CRD's openAPIV3Schema,
made to behave like the API server's pruning (unknown fields are errors): every object schema
with `properties` and no `x-kubernetes-preserve-unknown-fields` gets `additionalProperties:
false`; int-or-string and nullable are mapped to JSON Schema types. CEL rules are not evaluated.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]


def crd_dir() -> Path:
    """`CHARIOT_CRDS_DIR`, or `<project root>/../shared/crds`."""
    return Path(os.environ.get("CHARIOT_CRDS_DIR", ROOT.parent / "shared" / "crds"))


def strict(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the API server's structural semantics expressed in JSON Schema."""
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties":
            out[key] = {name: strict(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = strict(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [strict(sub) for sub in value]
        elif key.startswith("x-kubernetes-") or key == "nullable":
            continue
        else:
            out[key] = value
    if schema.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [*out.get("anyOf", []), {"type": "integer"}, {"type": "string"}]
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    if (
        "properties" in schema
        and not schema.get("x-kubernetes-preserve-unknown-fields")
        and "additionalProperties" not in schema
    ):
        out["additionalProperties"] = False
    return out


@cache
def schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> strict schema, for every served version of every pinned CRD."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for file in sorted(crd_dir().glob("*.yaml")):
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for doc in yaml.load_all(file.read_text(encoding="utf-8"), Loader=loader):
            if not isinstance(doc, dict) or doc.get("kind") != "CustomResourceDefinition":
                continue
            spec = doc["spec"]
            for version in spec["versions"]:
                schema = dict(version["schema"]["openAPIV3Schema"])
                # metadata is the API server's, not the CRD's: accept any object there.
                schema.setdefault("properties", {})["metadata"] = {"type": "object"}
                api_version = f"{spec['group']}/{version['name']}"
                found[(api_version, spec["names"]["kind"])] = strict(schema)
    return found


def errors(obj: dict[str, Any]) -> list[str]:
    """Why `obj` would be rejected (empty when it validates); unknown kinds are an error."""
    key = (obj.get("apiVersion", ""), obj.get("kind", ""))
    schema = schemas().get(key)
    if schema is None:
        return [f"no CRD for {key[0]} {key[1]} in {crd_dir()}"]
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
        for e in validator.iter_errors(obj)
    ]
