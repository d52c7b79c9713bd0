"""Built-in kinds against the official Kubernetes OpenAPI schemas, strict (unknown fields fail).

The schemas are the ones `kubernetes-validate` ships (Kubernetes 1.25-1.37, `-strict` variants
with `additionalProperties: false`). Its `validate()` reloads the 1.5 MB definitions file on
every call and stops at the first error; here schemas load once per version and kind, and every
error is reported. A kind with no schema is a failure: the API server would refuse it.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_PACKAGE = "kubernetes_validate"
SCHEMA_ROOT = "kubernetes-json-schema"
OBJECT_META_REF = "https://kubernetes.io/api/_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


class UnsupportedVersionError(ValueError):
    """The cluster's Kubernetes version is newer than every schema set shipped."""


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@functools.cache
def available_versions() -> tuple[str, ...]:
    """'1.35.0', ... for which strict schemas are shipped, oldest first."""
    root = resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_ROOT)
    found = []
    for entry in root.iterdir():
        name = entry.name
        if name.startswith("v") and name.endswith("-local-strict"):
            found.append(name[1 : -len("-local-strict")])
    return tuple(sorted(found, key=_version_key))


def schema_version(kubernetes_version: str) -> str:
    """The newest shipped schema set not newer than the cluster's minor version."""
    wanted = _version_key(kubernetes_version.removeprefix("v"))[:2]
    candidates = [v for v in available_versions() if _version_key(v)[:2] <= wanted]
    newest = available_versions()[-1] if available_versions() else "none"
    if not candidates or _version_key(newest)[:2] < wanted:
        raise UnsupportedVersionError(
            f"no Kubernetes schemas for {kubernetes_version} (kubernetes-validate ships "
            f"{available_versions()[0]}..{newest}); upgrade kubernetes-validate"
        )
    return candidates[-1]


def _read(version: str, name: str) -> Any | None:
    path = resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_ROOT, f"v{version}-local-strict", name)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def registry(version: str) -> Registry[Any]:
    """The shared `$defs` of one version, resolvable by the `$ref`s of every kind's schema."""
    definitions = _read(version, "_definitions.json")
    if definitions is None:
        raise UnsupportedVersionError(f"schema set {version} has no _definitions.json")
    return Resource.from_contents(definitions) @ Registry()


def _file_name(api_version: str, kind: str) -> str:
    """apps/v1 Deployment -> deployment-apps-v1.json; v1 Pod -> pod-v1.json (the package's rule:
    the group's first DNS label stands for the group)."""
    group, _, version = api_version.rpartition("/")
    prefix = f"{group.split('.')[0]}-" if group else ""
    return f"{kind.lower()}-{prefix}{version}.json"


@functools.cache
def validator(kubernetes_version: str, api_version: str, kind: str) -> Draft202012Validator | None:
    """A compiled validator for one kind, or None when the version has no schema for it."""
    version = schema_version(kubernetes_version)
    schema = _read(version, _file_name(api_version, kind))
    if schema is None:
        return None
    return Draft202012Validator(schema, registry=registry(version))
