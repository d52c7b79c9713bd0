"""Validate objects the way a cluster would, then the cross-object rules.

Per object: built-in kinds against the official schemas of the cluster's Kubernetes version
(strict), custom kinds against the pinned CRDs with the API server's structural semantics and
CEL rules; a kind neither knows is a failure. Then every rule of `rules.registry` runs over all
objects together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from chariot.k8s.validate import builtin, cel_rules, crds
from chariot.k8s.validate.documents import Document, expand, read, rendered
from chariot.k8s.validate.findings import Finding, format_path
from chariot.k8s.validate.rules.base import (
    CLUSTER_SCOPED_KINDS,
    DEFAULT_NAMESPACE,
    Index,
    Obj,
    RuleContext,
)
from chariot.k8s.validate.rules.registry import RULES
from chariot.k8s.validate.schema_errors import explain
from chariot.k8s.validate.why import why

NOT_CLUSTER_OBJECTS = ("kustomize.config.k8s.io/",)


@dataclass
class Report:
    """Findings plus what was checked, for the CLI's summary."""

    findings: list[Finding] = field(default_factory=list)
    objects: list[Obj] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def _finding(
    doc: Document, label: str, path: tuple[str | int, ...], rule: str, reason: str, *, kind: str
) -> Finding:
    text = format_path(path)
    hint_rule = {"unknown field": "unknown-field", "required field": "required"}
    key = next((v for k, v in hint_rule.items() if reason.startswith(k)), rule)
    hint = why(kind, text, key)
    if hint is not None:
        reason = f"{reason} — {hint}"
    return Finding(doc.file, label, text, rule, reason, doc.line(path))


def _schema_findings(
    doc: Document, obj: Obj, validator: Draft202012Validator, data: Any, rule: str
) -> list[Finding]:
    found = []
    for error in validator.iter_errors(data):
        for path, reason in explain(error):
            found.append(_finding(doc, obj.label, path, rule, reason, kind=obj.kind))
    return sorted(found, key=lambda f: (f.line or 0, f.path))


def identify(doc: Document) -> tuple[Obj | None, list[Finding]]:
    """The object a document declares; a missing name is reported, the schema still runs."""
    data = doc.data
    label = f"document {doc.index}"
    if not isinstance(data, dict):
        return None, [Finding(doc.file, label, "<root>", "object", "an object is a mapping")]
    missing = [k for k in ("apiVersion", "kind") if not isinstance(data.get(k), str)]
    if missing:
        reason = f"required field is missing: {', '.join(missing)} (nothing says what it is)"
        return None, [Finding(doc.file, label, missing[0], "object", reason, doc.line(()))]
    kind = str(data["kind"])
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    unnamed = not isinstance(name, str) or not name
    namespace = ""
    if kind not in CLUSTER_SCOPED_KINDS:
        given = metadata.get("namespace") if isinstance(metadata, dict) else None
        namespace = str(given or DEFAULT_NAMESPACE)
    obj = Obj(doc, data, str(data["apiVersion"]), kind, "" if unnamed else str(name), namespace)
    if not unnamed:
        return obj, []
    finding = Finding(
        doc.file,
        obj.label,
        "metadata.name",
        "object",
        "required field is missing: the API server refuses an object without a name",
        doc.line(("metadata",)),
    )
    return obj, [finding]


def _check_custom(
    obj: Obj, versions: dict[str, crds.CrdVersion], crds_dir: Path, kubernetes_version: str
) -> list[Finding]:
    doc = obj.document
    version = obj.api_version.rpartition("/")[2]
    crd = versions.get(version)
    if crd is None or not crd.served:
        served = sorted(v for v, c in versions.items() if c.served)
        return [
            _finding(
                doc,
                obj.label,
                ("apiVersion",),
                "crd-schema",
                f"{obj.api_version} is not served by the pinned {obj.kind} CRD; served "
                f"versions: {', '.join(served)}",
                kind=obj.kind,
            )
        ]
    prepared = crds.prepare(obj.data, crd.schema)
    validator = crds.validator(crds_dir, crd.group, crd.version, crd.kind, kubernetes_version)
    found = _schema_findings(doc, obj, validator, prepared, "crd-schema")
    for path, reason in crds.list_type_problems(prepared, crd.schema):
        found.append(_finding(doc, obj.label, path, "crd-schema", reason, kind=obj.kind))
    for path, value, rules in crds.cel_sites(prepared, crd.schema):
        for rule in rules:
            if cel_rules.is_transition_rule(rule["rule"]):
                continue
            outcome = cel_rules.evaluate(rule, value)
            if outcome.passed or (outcome.error and found):
                continue  # evaluation errors on an already invalid object add only noise
            where = path
            if rule.get("fieldPath"):
                where = (*path, *str(rule["fieldPath"]).lstrip(".").split("."))
            found.append(_finding(doc, obj.label, where, "cel", outcome.message, kind=obj.kind))
    if crd.deprecated:
        found.append(
            Finding(doc.file, obj.label, "apiVersion", "crd-schema",
                    f"{obj.api_version} is deprecated by its CRD", doc.line(("apiVersion",)),
                    severity="warning")
        )  # fmt: skip
    return found


def _check_builtin(obj: Obj, kubernetes_version: str) -> list[Finding]:
    validator = builtin.validator(kubernetes_version, obj.api_version, obj.kind)
    if validator is None:
        return [
            _finding(
                obj.document,
                obj.label,
                ("kind",),
                "no-schema",
                f"no schema for {obj.kind} {obj.api_version} at Kubernetes {kubernetes_version}",
                kind=obj.kind,
            )
        ]
    return _schema_findings(obj.document, obj, validator, obj.data, "schema")


def validate_documents(
    documents: Iterable[Document],
    kubernetes_version: str,
    crds_dir: Path,
    context: RuleContext | None = None,
) -> Report:
    """Validate parsed documents; see the module docstring for what is checked."""
    catalog = crds.catalog(crds_dir)
    builtin.schema_version(kubernetes_version)  # fail early on an unsupported version
    report = Report()
    for doc in documents:
        if isinstance(doc.data, dict) and str(doc.data.get("apiVersion", "")).startswith(
            NOT_CLUSTER_OBJECTS
        ):
            continue  # a kustomization is read by kustomize, never sent to the API server
        obj, problems = identify(doc)
        report.findings += problems
        if obj is None:
            continue
        versions = catalog.lookup(obj.group, obj.kind)
        if versions is not None and not any(v.namespaced for v in versions.values()):
            obj = dataclasses.replace(obj, namespace="")  # the CRD says cluster-scoped
        if versions is not None:
            report.findings += _check_custom(obj, versions, crds_dir, kubernetes_version)
        else:
            report.findings += _check_builtin(obj, kubernetes_version)
        report.objects.append(obj)
    index = Index(report.objects, context or RuleContext())
    for name, rule in RULES.items():
        for violation in rule(index):
            doc = violation.obj.document
            report.findings.append(
                Finding(
                    doc.file,
                    violation.obj.label,
                    format_path(violation.path),
                    name,
                    violation.reason,
                    doc.line(violation.path),
                    violation.severity,
                )
            )
    return report


def validate_report(
    paths: Sequence[Path],
    kubernetes_version: str,
    crds_dir: Path,
    context: RuleContext | None = None,
) -> Report:
    """Read files and folders (recursively) and validate every object in them."""
    files, problems = expand(paths)
    documents: list[Document] = []
    for file in files:
        for item in read(file):
            if isinstance(item, Finding):
                problems.append(item)
            else:
                documents.append(item)
    report = validate_documents(documents, kubernetes_version, crds_dir, context)
    report.findings = problems + report.findings
    report.files = files
    return report


def validate_rendered(
    objects: Sequence[tuple[Path, Any]],
    kubernetes_version: str,
    crds_dir: Path,
    context: RuleContext | None = None,
) -> Report:
    """Validate objects chariot rendered and wrote (file, object), as `validate_report` would
    after reading the files back."""
    report = validate_documents(rendered(objects), kubernetes_version, crds_dir, context)
    report.files = [path for path, _ in objects]
    return report


def validate_paths(
    paths: Sequence[Path],
    kubernetes_version: str,
    crds_dir: Path,
    context: RuleContext | None = None,
) -> list[Finding]:
    """The library entry point (`chariot synth` calls it): every finding, errors and warnings."""
    return validate_report(paths, kubernetes_version, crds_dir, context).findings
