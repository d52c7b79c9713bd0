"""Synthesize environments into `dist/<env>/` and report what was written.

Compliance failures (cdk-nag findings) are collected from CDK's validation report so the CLI
can print them as a table instead of a JavaScript stack trace.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from chariot.infra.app import build
from chariot.spec.cloudformation_limits import (
    CFN_MAX_OUTPUTS,
    CFN_MAX_RESOURCES,
    CFN_MAX_TEMPLATE_BYTES,
)
from chariot.spec.model import PlatformSpec


@dataclass(frozen=True)
class StackOutput:
    name: str
    template: Path
    resources: int
    size_bytes: int
    region: str
    outputs: int = 0


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    path: str
    description: str


class SynthesisError(Exception):
    """Synthesis stopped: unacknowledged compliance findings or unresolved context lookups."""

    def __init__(self, reason: str, findings: list[Finding]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.findings = findings


def validation_findings(outdir: Path) -> list[Finding]:
    """The violations in `validation-report.json` that CDK writes when a plugin fails."""
    report = outdir / "validation-report.json"
    if not report.is_file():
        return []
    data = json.loads(report.read_text(encoding="utf-8"))
    findings = []
    for plugin in data.get("pluginReports", []):
        for violation in plugin.get("violations", []):
            for construct in violation.get("violatingConstructs", []):
                findings.append(
                    Finding(
                        rule=violation["ruleName"],
                        severity=violation.get("severity", "error"),
                        path=construct["constructPath"],
                        description=violation.get("description", "").split(" - ")[0],
                    )
                )
    return findings


def synthesize(spec: PlatformSpec, outdir: Path, root: Path) -> list[StackOutput]:
    """Write every stack of `spec` to `outdir`; raise SynthesisError with the reasons."""
    report = outdir / "validation-report.json"
    report.unlink(missing_ok=True)
    try:
        assembly = build(spec, outdir, root)
    except RuntimeError as exc:
        if "ValidationFailed" in str(exc):
            raise SynthesisError("compliance checks failed", validation_findings(outdir)) from None
        too_many = cdk_limit_error(str(exc))
        if too_many is not None:
            raise SynthesisError(too_many, []) from None
        raise
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    missing = [entry["key"] for entry in manifest.get("missing", [])]
    if missing:
        raise SynthesisError(
            "context lookups would need AWS credentials; add these keys to cdk.json's context: "
            + ", ".join(missing),
            [],
        )
    outputs = []
    for stack in assembly.stacks:
        template = Path(stack.template_full_path)
        outputs.append(
            StackOutput(
                name=stack.stack_name,
                template=template,
                resources=len(stack.template.get("Resources", {})),
                size_bytes=template.stat().st_size,
                region=stack.environment.region,
                outputs=len(stack.template.get("Outputs", {})),
            )
        )
    too_big = over_limits(outputs)
    if too_big:
        raise SynthesisError("; ".join(too_big) + ": split the stack", [])
    return outputs


def cdk_limit_error(message: str) -> str | None:
    """The CDK's own refusal of a stack over 500 resources, as one line; None for others.

    The CDK checks the limit while it synthesizes (`TooManyResourcesInStack: Number of resources
    in stack 'X': 1098 is greater than allowed maximum of 500: AWS::DynamoDB::Table (200), ...`),
    before `over_limits` could see the templates.
    """
    prefix = "TooManyResourcesInStack: "
    if not message.startswith(prefix):
        return None
    return message.removeprefix(prefix).splitlines()[0] + ": split the stack"


def over_limits(stacks: list[StackOutput]) -> list[str]:
    """Stacks CloudFormation would refuse: over 500 resources, 200 outputs or a template over
    1 MB (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html)."""
    problems = []
    for stack in stacks:
        if stack.resources > CFN_MAX_RESOURCES:
            problems.append(
                f"{stack.name} has {stack.resources} resources (max {CFN_MAX_RESOURCES})"
            )
        if stack.outputs > CFN_MAX_OUTPUTS:
            problems.append(f"{stack.name} has {stack.outputs} outputs (max {CFN_MAX_OUTPUTS})")
        if stack.size_bytes > CFN_MAX_TEMPLATE_BYTES:
            problems.append(
                f"{stack.name} template is {stack.size_bytes} bytes (max {CFN_MAX_TEMPLATE_BYTES})"
            )
    return problems
