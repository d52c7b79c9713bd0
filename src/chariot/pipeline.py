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

from chariot.checks import check_outputs, manifest_errors
from chariot.infra.synthesis import StackOutput, synthesize
from chariot.k8s.deployed import resolve as resolve_deployed
from chariot.k8s.dr_region import has_dr_manifests, manifests_dir, render_dr
from chariot.k8s.images import resolve as resolve_images
from chariot.k8s.issuer import resolve as resolve_issuer
from chariot.k8s.render import render, write_objects
from chariot.k8s.validate.findings import Finding
from chariot.k8s.validate.validator import Report
from chariot.plan.environment import plan_environment
from chariot.plan.placement import place
from chariot.report.write import write_report
from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import KUBERNETES_DIR
from chariot.verify.check import Check
from chariot.verify.readiness.runner import Report as ReadinessReport


@dataclass
class EnvironmentBuild:
    """What `build_environment` wrote and what the checks found."""

    environment: str
    outdir: Path
    stacks: list[StackOutput] = field(default_factory=list)
    manifests: list[Path] = field(default_factory=list)
    manifest_report: Report = field(default_factory=Report)
    # The DR region's (pilot_light, warm_standby), in dist/<env>/k8s-<dr_region>/.
    dr_manifests: list[Path] = field(default_factory=list)
    dr_manifest_report: Report | None = None
    lint_errors: list[str] = field(default_factory=list)
    readiness: ReadinessReport = field(default_factory=ReadinessReport)
    report: Path | None = None
    monthly_usd: float | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def manifest_errors(self) -> list[Finding]:
        return manifest_errors(self.manifest_report, self.dr_manifest_report)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def build_environment(
    spec: PlatformSpec,
    root: Path,
    outdir: Path,
    crds_dir: Path,
    stack_outputs: Path | None = None,
    today: date | None = None,
    progress: Callable[[str], None] = lambda _: None,
    images: Path | None = None,
    lint_cache: Path | None = None,
) -> EnvironmentBuild:
    """Synthesize, render, check and report one environment into `outdir`.

    `lint_cache` keeps cfn-lint's findings per template content (chariot.verify.cfn_lint).

    Raises SynthesisError (cdk-nag findings), PlacementError (a placement conflict) and
    SpecError (bad usage or benchmark files); every other check (cfn-lint, manifest validation,
    readiness rules: `chariot.checks`) lands in `checks`.
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

    progress("Kubernetes manifests")
    issuer = resolve_issuer(spec, stack_outputs)
    deployed = resolve_deployed(spec, stack_outputs)
    digests = resolve_images(images)
    manifests = render(spec, placements, issuer, deployed, digests)
    written = write_objects(manifests, outdir / KUBERNETES_DIR, spec.environment)
    result.manifests = [path for path, _ in written]
    dr_written = None
    if has_dr_manifests(spec):
        # The same objects for the DR cluster: its region's stacks' values, the one issuer.
        progress(f"Kubernetes manifests ({spec.dr.dr_region})")
        dr_deployed = resolve_deployed(spec, stack_outputs, dr=True)
        dr_objects = render_dr(spec, placements, issuer, dr_deployed, digests)
        dr_written = write_objects(
            dr_objects, outdir / manifests_dir(spec), spec.environment, dr=True
        )
        result.dr_manifests = [path for path, _ in dr_written]

    checked = check_outputs(
        spec,
        outdir,
        crds_dir,
        lint_cache=lint_cache,
        progress=progress,
        rendered=written,
        dr_rendered=dr_written,
    )
    result.checks += checked.checks
    result.lint_errors = checked.lint_errors
    result.manifest_report = checked.manifest_report
    result.dr_manifest_report = checked.dr_manifest_report
    result.readiness = checked.readiness

    progress("placement, capacity, cost and report")
    plan = plan_environment(spec, root, outdir, today=today, placements=placements)
    result.monthly_usd = plan.cost.total_usd if plan.cost else None
    result.report, _ = write_report(
        spec,
        plan.placements,
        plan.capacity,
        plan.cost,
        outdir,
        checks=result.checks,
        today=today,
        runbook=checked.runbook,
    )
    return result
