"""Generate the shipped CRD schemas (`crd_schemas/`) from upstream CRD files.

Each upstream CRD becomes one JSON file, `crd_schemas/<source>/<group>_<plural>.json`: still a
CustomResourceDefinition, reduced to what validation reads (group, kind, plural, scope, and per
version: served, storage, deprecated and the `openAPIV3Schema` with its `x-kubernetes-*`
extensions, defaults and CEL rules). Documentation keywords (`description`, `example`, `title`,
`externalDocs`) are dropped from schema nodes only, never a property that happens to be called
`description`. Beside them, `provenance.json` names the repository, tag, path and sha256 of each
upstream file. The output is a pure function of the input bytes (keys sorted); the import date
is kept while the upstream files are unchanged, so importing the same files twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from chariot.k8s.validate.crd_sources import SOURCES, CrdSource
from chariot.k8s.validate.crds import CRD_API
from chariot.k8s.validate.settings import PROVENANCE
from chariot.spec import yaml_loader

DOCUMENTATION = frozenset({"description", "example", "title", "externalDocs"})
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
VERSION_FIELDS = ("name", "served", "storage", "deprecated")


class CrdImportError(ValueError):
    """An upstream folder or file that cannot be imported; the message names it."""


@dataclass(frozen=True)
class Imported:
    source: CrdSource
    crds: list[str]
    size: int  # bytes written for the source, provenance included
    changed: bool


def schema_only(node: Any) -> Any:
    """A schema node without documentation keywords, recursing only into subschemas."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in DOCUMENTATION:
            continue
        if key == "properties":
            out[key] = {name: schema_only(child) for name, child in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = schema_only(value)
        elif key in SCHEMA_LISTS:
            out[key] = [schema_only(child) for child in value]
        else:
            out[key] = value  # enum, default, x-kubernetes-validations, ...: data, kept whole
    return out


def reduced(crd: dict[str, Any]) -> dict[str, Any]:
    """The CRD with only what validation reads."""
    spec = crd["spec"]
    versions = []
    for entry in spec["versions"]:
        version = {field: entry[field] for field in VERSION_FIELDS if field in entry}
        schema = (entry.get("schema") or {}).get("openAPIV3Schema")
        if schema is not None:
            version["schema"] = {"openAPIV3Schema": schema_only(schema)}
        versions.append(version)
    names = spec["names"]
    return {
        "apiVersion": CRD_API,
        "kind": "CustomResourceDefinition",
        "metadata": {"name": crd["metadata"]["name"]},
        "spec": {
            "group": spec["group"],
            "names": {"kind": names["kind"], "plural": names["plural"]},
            "scope": spec.get("scope", "Namespaced"),
            "versions": versions,
        },
    }


def _crds(file: Path) -> list[dict[str, Any]]:
    try:
        documents = [document.data for document in yaml_loader.load_documents(file)]
    except yaml_loader.YamlError as exc:
        raise CrdImportError(str(exc)) from None
    crds = [
        d for d in documents if isinstance(d, dict) and d.get("kind") == "CustomResourceDefinition"
    ]
    if not crds:
        raise CrdImportError(f"{file}: holds no CustomResourceDefinition")
    for crd in crds:
        if crd.get("apiVersion") != CRD_API:
            name = (crd.get("metadata") or {}).get("name", "?")
            raise CrdImportError(f"{file}: {name}: apiVersion must be {CRD_API}")
    return crds


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _previous_date(folder: Path, files: list[dict[str, Any]]) -> str | None:
    """The recorded import date, when the same upstream files were imported before."""
    try:
        previous = json.loads((folder / PROVENANCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same = [(f["path"], f["sha256"]) for f in previous.get("files", [])] == [
        (f["path"], f["sha256"]) for f in files
    ]
    return str(previous["imported"]) if same and "imported" in previous else None


def import_source(source: CrdSource, upstream: Path, target: Path, today: date) -> Imported:
    """Regenerate `target/<source.name>/` from the source's files in `upstream`."""
    outputs: dict[str, str] = {}
    files = []
    for local, path in source.files.items():
        file = upstream / local
        crds = _crds(file)
        for crd in crds:
            spec = crd["spec"]
            outputs[f"{spec['group']}_{spec['names']['plural']}.json"] = _dump(reduced(crd))
        files.append(
            {
                "path": path,
                "url": source.url(path),
                "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
                "crds": sorted(crd["metadata"]["name"] for crd in crds),
            }
        )
    folder = target / source.name
    installed_by: dict[str, str] | str = (
        {"release": source.release, "chart_version": source.chart_version}
        if source.release and source.chart_version
        else "EKS"
    )
    provenance = {
        "repository": f"https://github.com/{source.repository}",
        "tag": source.tag,
        "app_version": source.app_version,
        "license": source.license,
        "installed_by": installed_by,
        "imported": _previous_date(folder, files) or today.isoformat(),
        "generated_by": "chariot crds import",
        "files": files,
    }
    outputs[PROVENANCE] = _dump(provenance)
    before = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.json")}
    if before != outputs:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in outputs.items():
            (folder / name).write_text(text, encoding="utf-8")
    return Imported(
        source,
        sorted(name for f in files for name in f["crds"]),
        sum(len(text.encode()) for text in outputs.values()),
        before != outputs,
    )


def import_crds(
    upstream: Path, target: Path, today: date, sources: list[CrdSource] = SOURCES
) -> list[Imported]:
    """Import every source whose files are all in `upstream`; a partly present source is an
    error (a half-updated project would mix two versions), and so is a folder with none."""
    if not upstream.is_dir():
        raise CrdImportError(f"{upstream}: not a folder")
    imported = []
    for source in sources:
        present = [name for name in source.files if (upstream / name).is_file()]
        if not present:
            continue
        missing = [name for name in source.files if name not in present]
        if missing:
            paths = ", ".join(source.files[name] for name in missing)
            raise CrdImportError(
                f"{upstream}: {source.name} {source.tag} needs {', '.join(missing)} too "
                f"({source.repository} at {source.tag}: {paths})"
            )
        imported.append(import_source(source, upstream, target, today))
    if not imported:
        expected = ", ".join(name for source in sources for name in source.files)
        raise CrdImportError(f"{upstream}: none of the upstream CRD files is there ({expected})")
    return imported
