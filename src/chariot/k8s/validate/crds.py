"""Custom resources against their CustomResourceDefinitions, with the API server's semantics.

A CRD's `openAPIV3Schema` is a *structural* schema: the API server prunes every field the schema
does not declare (and, with strict field validation, reports it), honours
`x-kubernetes-int-or-string` and `nullable`, applies `default`s, and evaluates the CEL rules in
`x-kubernetes-validations`. Plain JSON Schema does none of that, so the schema is rewritten:

- `additionalProperties: false` on every object node of the structural skeleton (properties,
  items, additionalProperties) unless it has `x-kubernetes-preserve-unknown-fields: true` or an
  `additionalProperties` schema of its own (value validations under allOf/anyOf/oneOf/not are
  left alone: they may not declare fields);
- `x-kubernetes-int-or-string` -> type integer or string; `nullable: true` -> null allowed;
- `metadata` at the root -> the official ObjectMeta schema;
- `x-kubernetes-embedded-resource` -> apiVersion, kind and metadata allowed.

Before validation, nulls in non-nullable fields are dropped and defaults filled, as the server
does on create.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from chariot.k8s.validate import builtin
from chariot.k8s.validate.settings import crd_files
from chariot.spec import yaml_loader

CRD_API = "apiextensions.k8s.io/v1"
PRESERVE = "x-kubernetes-preserve-unknown-fields"


@dataclass(frozen=True)
class CrdVersion:
    group: str
    kind: str
    version: str
    served: bool
    deprecated: bool
    namespaced: bool
    schema: dict[str, Any]
    source: str


def _documents(file: Path) -> list[Any]:
    """The documents of a CRD file: JSON (the shipped schemas) or YAML (upstream files)."""
    if file.suffix == ".json":
        with file.open(encoding="utf-8") as stream:
            return [json.load(stream)]
    return [document.data for document in yaml_loader.load_documents(file)]


class CrdCatalog:
    """Every CRD found in a folder (and its subfolders), by (group, kind) and version."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.kinds: dict[tuple[str, str], dict[str, CrdVersion]] = {}
        self.files: list[str] = []
        for file in crd_files(directory):
            name = file.relative_to(directory).as_posix()
            self.files.append(name)
            for document in _documents(file):
                if (
                    isinstance(document, dict)
                    and document.get("kind") == "CustomResourceDefinition"
                ):
                    self._add(document, name)

    def _add(self, crd: dict[str, Any], source: str) -> None:
        spec = crd["spec"]
        key = (spec["group"], spec["names"]["kind"])
        versions = self.kinds.setdefault(key, {})
        for entry in spec["versions"]:
            schema = (entry.get("schema") or {}).get("openAPIV3Schema") or {
                "type": "object",
                PRESERVE: True,
            }
            versions[entry["name"]] = CrdVersion(
                group=key[0],
                kind=key[1],
                version=entry["name"],
                served=bool(entry.get("served", False)),
                deprecated=bool(entry.get("deprecated", False)),
                namespaced=spec.get("scope", "Namespaced") == "Namespaced",
                schema=schema,
                source=source,
            )

    def lookup(self, group: str, kind: str) -> dict[str, CrdVersion] | None:
        return self.kinds.get((group, kind))


@functools.cache
def catalog(directory: Path) -> CrdCatalog:
    """Load a CRD folder once per process (the upstream Istio file alone is 870 kB)."""
    return CrdCatalog(directory)


# ---------------------------------------------------------------- structural rewrite


def _types(node: dict[str, Any]) -> list[str] | None:
    if node.get("x-kubernetes-int-or-string"):
        base = ["integer", "string"]
    elif "type" in node:
        base = [node["type"]] if isinstance(node["type"], str) else list(node["type"])
    else:
        return None
    if node.get("nullable"):
        base.append("null")
    return base


def structural(node: dict[str, Any], root: bool = False) -> dict[str, Any]:
    """A JSON Schema with the API server's pruning, int-or-string and nullable semantics."""
    out = {k: v for k, v in node.items() if k not in {"x-kubernetes-validations", "nullable"}}
    types = _types(node)
    if types is not None:
        out["type"] = types if len(types) > 1 else types[0]
    if node.get("x-kubernetes-int-or-string"):
        out.pop("anyOf", None)  # the integer|string type says the same, without the noise
    if node.get("nullable") and isinstance(node.get("enum"), list) and None not in node["enum"]:
        out["enum"] = [*node["enum"], None]  # the server lets null through before any enum
    properties = dict(node.get("properties", {}))
    if node.get("x-kubernetes-embedded-resource"):
        properties.setdefault("apiVersion", {"type": "string"})
        properties.setdefault("kind", {"type": "string"})
        properties.setdefault("metadata", {"type": "object", PRESERVE: True})
    if root:
        properties.setdefault("apiVersion", {"type": "string"})
        properties.setdefault("kind", {"type": "string"})
    new_properties = {name: structural(child) for name, child in properties.items()}
    if root:
        new_properties["metadata"] = {"$ref": builtin.OBJECT_META_REF}
    if new_properties:
        out["properties"] = new_properties
    if isinstance(node.get("items"), dict):
        out["items"] = structural(node["items"])
    additional = node.get("additionalProperties")
    if isinstance(additional, dict):
        out["additionalProperties"] = structural(additional)
    is_object = node.get("type") == "object" or "properties" in node
    if is_object and not node.get(PRESERVE) and additional is None:
        out["additionalProperties"] = False
    return out


@functools.cache
def validator(
    directory: Path, group: str, version: str, kind: str, kubernetes_version: str
) -> Draft202012Validator:
    crd = catalog(directory).kinds[(group, kind)][version]
    schema = structural(crd.schema, root=True)
    meta_version = builtin.schema_version(kubernetes_version)
    return Draft202012Validator(schema, registry=builtin.registry(meta_version))


# ---------------------------------------------------------------- server-side preparation


def prepare(value: Any, schema: dict[str, Any]) -> Any:
    """A copy with nulls of non-nullable fields dropped and defaults applied (create semantics)."""
    value = copy.deepcopy(value)
    _prepare(value, schema)
    return value


def _prepare(value: Any, schema: dict[str, Any]) -> None:
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in list(value):
            child = properties.get(name)
            if child is None:
                additional = schema.get("additionalProperties")
                child = additional if isinstance(additional, dict) else None
            if value[name] is None and child is not None and not child.get("nullable"):
                del value[name]
            elif child is not None:
                _prepare(value[name], child)
        for name, child in properties.items():
            if name not in value and "default" in child:
                value[name] = copy.deepcopy(child["default"])
                _prepare(value[name], child)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            _prepare(item, schema["items"])


def cel_sites(
    value: Any, schema: dict[str, Any], path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any, list[dict[str, Any]]]]:
    """Every (path, value, rules) where the schema carries x-kubernetes-validations."""
    if value is None:
        return
    rules = schema.get("x-kubernetes-validations")
    if rules:
        yield path, value, rules
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        additional = schema.get("additionalProperties")
        for name, child_value in value.items():
            child = properties.get(name)
            if child is None and isinstance(additional, dict):
                child = additional
            if child is not None:
                yield from cel_sites(child_value, child, (*path, name))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            yield from cel_sites(item, schema["items"], (*path, index))


def list_type_problems(
    value: Any, schema: dict[str, Any], path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Duplicates in `x-kubernetes-list-type: set` / `map` lists, which the server refuses."""
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        additional = schema.get("additionalProperties")
        for name, child_value in value.items():
            child = properties.get(name, additional if isinstance(additional, dict) else None)
            if child is not None:
                yield from list_type_problems(child_value, child, (*path, name))
    elif isinstance(value, list):
        list_type = schema.get("x-kubernetes-list-type")
        keys = schema.get("x-kubernetes-list-map-keys", [])
        seen: list[Any] = []
        for index, item in enumerate(value):
            if list_type == "set":
                marker: Any = item
            elif list_type == "map" and isinstance(item, dict):
                marker = tuple(item.get(k) for k in keys)
            else:
                marker = None
            if marker is not None:
                if marker in seen:
                    yield (
                        (*path, index),
                        f"duplicate entry {marker!r} in a list of type {list_type}",
                    )
                seen.append(marker)
            if isinstance(schema.get("items"), dict):
                yield from list_type_problems(item, schema["items"], (*path, index))
