"""Read dist/<env>, run every readiness rule, and sort what they found by acknowledgement.

A finding on a template resource is acknowledged when the resource's Metadata carries a reason
for that rule (written by `chariot.infra.compliance.acknowledge_readiness`). An acknowledgement
that matches no finding (the rule no longer fires there) or names no known rule is itself an
error: a reason that is no longer true of its resource must not stay in the template.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from chariot.spec import yaml_loader
from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import KUBERNETES_DIR
from chariot.verify.readiness.base import (
    KubernetesObject,
    NotApplicable,
    Platform,
    Resource,
    Rule,
    Severity,
    Subject,
    Template,
)

MANIFEST = "manifest.json"
STACK_ARTIFACT = "aws:cloudformation:stack"
ACKNOWLEDGEMENT_RULE = "acknowledgements"


class ReadinessInputError(ValueError):
    """dist/<env> is missing or is not a synthesized environment (one line, names the file)."""


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one resource or object, printed `file: subject: [rule] reason`."""

    rule: str
    severity: Severity
    file: str
    stack: str
    subject: str
    reason: str
    path: str = ""
    acknowledged: str | None = None  # the reason given, when acknowledged

    def __str__(self) -> str:
        return f"{self.file}: {self.subject}: [{self.rule}] {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    """Every finding of one run, split by what needs attention."""

    findings: list[Finding] = field(default_factory=list)  # not acknowledged
    acknowledged: list[Finding] = field(default_factory=list)
    not_applicable: list[Finding] = field(default_factory=list)
    rules: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def _finding(rule: str, subject: Subject, reason: str, severity: Severity) -> Finding:
    if isinstance(subject, Resource):
        return Finding(
            rule, severity, str(subject.template.file), subject.template.stack,
            subject.logical_id, reason, subject.path,
        )  # fmt: skip
    return Finding(rule, severity, str(subject.file), "", subject.label, reason)


def _stale(resource: Resource, rules: Mapping[str, Rule], fired: set[tuple[int, str]]) -> list[str]:
    """Why each acknowledgement on `resource` is wrong: unknown rule, no reason, not firing."""
    problems = []
    for name, reason in resource.acknowledgements.items():
        if name not in rules:
            problems.append(
                f"acknowledges unknown rule [{name}] ({reason!r}); known: {', '.join(rules)}"
            )
        elif not reason.strip():
            problems.append(f"acknowledges [{name}] without a reason")
        elif (id(resource), name) not in fired:
            problems.append(f"acknowledges [{name}] but that rule no longer fires here: remove it")
    return problems


def run(platform: Platform, rules: Mapping[str, Rule]) -> Report:
    """Every rule on `platform`, acknowledgements applied, stale ones reported."""
    report = Report(rules=len(rules))
    fired: set[tuple[int, str]] = set()
    for name, rule in rules.items():
        for result in rule(platform):
            if isinstance(result, NotApplicable):
                report.not_applicable.append(
                    _finding(name, result.subject, result.reason, "warning")
                )
                continue
            finding = _finding(name, result.subject, result.reason, result.severity)
            reason = ""
            if isinstance(result.subject, Resource):
                fired.add((id(result.subject), name))
                reason = result.subject.acknowledgements.get(name, "").strip()
            if reason:
                report.acknowledged.append(replace(finding, acknowledged=reason))
            else:
                report.findings.append(finding)
    for resource in platform.resources():
        report.findings += [
            _finding(ACKNOWLEDGEMENT_RULE, resource, why, "error")
            for why in _stale(resource, rules, fired)
        ]
    return report


def _templates(outdir: Path) -> list[Template]:
    manifest_file = outdir / MANIFEST
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReadinessInputError(
            f"{manifest_file}: no such file; synthesize first (chariot synth --env <env>)"
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ReadinessInputError(
            f"{manifest_file}: cannot read the cloud assembly: {exc}"
        ) from exc
    templates = []
    for artifact_id, artifact in (manifest.get("artifacts") or {}).items():
        if artifact.get("type") != STACK_ARTIFACT:
            continue
        properties = artifact.get("properties") or {}
        file = outdir / str(properties.get("templateFile", f"{artifact_id}.template.json"))
        _, _, where = str(artifact.get("environment", "")).partition("aws://")
        account, _, region = where.partition("/")
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ReadinessInputError(f"{file}: cannot read the template: {exc}") from exc
        stack = str(properties.get("stackName") or artifact.get("displayName") or artifact_id)
        templates.append(Template(stack, file, account, region, data))
    if not templates:
        raise ReadinessInputError(f"{manifest_file}: lists no CloudFormation stack")
    return templates


def _kubernetes(folder: Path) -> list[KubernetesObject]:
    objects = []
    for file in sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")):
        try:
            documents = yaml_loader.load_documents(file)
        except yaml_loader.YamlError as exc:
            raise ReadinessInputError(f"cannot read the manifest: {exc}") from None
        objects += [KubernetesObject(file, d.data) for d in documents if isinstance(d.data, dict)]
    return objects


def load_platform(spec: PlatformSpec, outdir: Path) -> Platform:
    """The synthesized environment in `outdir` (templates from its cloud assembly manifest,
    objects from `outdir/k8s`), seen together with the spec it came from."""
    return Platform(spec, _templates(outdir), _kubernetes(outdir / KUBERNETES_DIR))
