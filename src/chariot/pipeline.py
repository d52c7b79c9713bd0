"""One environment from spec to every output: templates, manifests, checks and the report.

This is the main job behind `chariot synth`. It sits above the layers (infra, k8s, plan) and
only passes each one's result to the next: placements feed the manifests and the cost, the
checks that ran feed the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cfnlint.api import lint_file
from cfnlint.config import ManualArgs
from cfnlint.match import Match

from chariot.infra.synthesis import StackOutput, synthesize
from chariot.k8s.deployed import resolve as resolve_deployed
from chariot.k8s.issuer import resolve as resolve_issuer
from chariot.k8s.render import write_manifests
from chariot.k8s.validate.rules.base import RuleContext
from chariot.k8s.validate.validator import Report, validate_report
from chariot.plan.environment import plan_environment
from chariot.plan.placement import place
from chariot.report.write import write_report
from chariot.spec.model import PlatformSpec
from chariot.verify.check import Check

MANIFESTS_DIR = "k8s"


@dataclass
class EnvironmentBuild:
    """What `build_environment` wrote and what the checks found."""

    environment: str
    outdir: Path
    stacks: list[StackOutput] = field(default_factory=list)
    manifests: list[Path] = field(default_factory=list)
    manifest_report: Report = field(default_factory=Report)
    lint_errors: list[str] = field(default_factory=list)
    report: Path | None = None
    monthly_usd: float | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def lint_template(template: Path, region: str) -> list[Match]:
    """cfn-lint findings of one template, checked against the region it deploys to."""
    return list(lint_file(template, config=ManualArgs(regions=[region])))


def lint_templates(stacks: list[StackOutput]) -> list[str]:
    """cfn-lint errors (not warnings) in the stacks' templates, one line each."""
    return [
        f"{stack.template.name}: {match.rule.id}: {match.message}"
        for stack in stacks
        for match in lint_template(stack.template, stack.region)
        if match.rule.severity == "error"
    ]


def build_environment(
    spec: PlatformSpec,
    root: Path,
    outdir: Path,
    crds_dir: Path,
    stack_outputs: Path | None = None,
    today: date | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> EnvironmentBuild:
    """Synthesize, render, check and report one environment into `outdir`.

    Raises SynthesisError (cdk-nag findings), PlacementError (a placement conflict) and
    SpecError (bad usage or benchmark files); every other check lands in `checks`.
    """
    result = EnvironmentBuild(spec.environment, outdir)
    result.checks.append(
        Check("spec rules", True, "the spec loaded: structure and cross-field rules", "chariot")
    )
    placements = place(spec)  # before any output: a placement conflict writes nothing

    progress("CloudFormation (cdk-nag AwsSolutions + NIST 800-53 rev 5)")
    result.stacks = synthesize(spec, outdir, root)
    result.checks.append(
        Check(
            "cdk-nag",
            True,
            f"{len(result.stacks)} stacks, no unacknowledged AwsSolutions/NIST80053R5 finding",
            "cdk-nag",
        )
    )

    progress("cfn-lint")
    result.lint_errors = lint_templates(result.stacks)
    result.checks.append(
        Check(
            "cfn-lint",
            not result.lint_errors,
            f"{len(result.lint_errors)} errors" + "".join(f"; {e}" for e in result.lint_errors[:5]),
            "cfn-lint",
        )
    )

    progress("Kubernetes manifests")
    issuer = resolve_issuer(spec, stack_outputs)
    deployed = resolve_deployed(spec, stack_outputs)
    result.manifests = write_manifests(spec, placements, outdir / MANIFESTS_DIR, issuer, deployed)
    progress("manifest validation (schemas, CRDs with CEL, cross-object rules)")
    report = validate_report(
        [outdir / MANIFESTS_DIR],
        spec.cluster.kubernetes_version,
        crds_dir,
        RuleContext.for_spec(spec),
    )
    result.manifest_report = report
    warnings = len(report.findings) - len(report.errors)
    result.checks.append(
        Check(
            "manifest validation",
            not report.errors,
            f"{len(report.objects)} objects: {len(report.errors)} errors, {warnings} warnings",
            "kubernetes-validate, pinned CRDs, chariot rules",
        )
    )

    progress("placement, capacity, cost and report")
    plan = plan_environment(spec, root, outdir, today=today, placements=placements)
    result.monthly_usd = plan.cost.total_usd if plan.cost else None
    result.report, _ = write_report(
        spec, plan.placements, plan.capacity, plan.cost, outdir, checks=result.checks, today=today
    )
    return result
