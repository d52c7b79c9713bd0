"""The checks that read an environment's written outputs in dist/<env>.

`chariot synth` runs them right after writing; `chariot check` runs them on an existing
dist/<env> without synthesizing again. Nothing here imports the CDK app, so a check of written
outputs starts at once (cfn-lint itself is the slow part, and can be left out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chariot.k8s.dr_region import has_dr_manifests, manifests_dir
from chariot.k8s.objects import Manifest
from chariot.k8s.validate.crd_sources import stale_sources
from chariot.k8s.validate.findings import Finding
from chariot.k8s.validate.rules.base import RuleContext
from chariot.k8s.validate.settings import SHIPPED_DIR
from chariot.k8s.validate.validator import Report, validate_rendered, validate_report
from chariot.spec.dr_region import dr_view
from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import KUBERNETES_DIR
from chariot.verify.check import Check
from chariot.verify.dr.assess import assess
from chariot.verify.dr.model import DrReport
from chariot.verify.dr.runbook import Runbook, build_runbook
from chariot.verify.readiness.registry import RULES
from chariot.verify.readiness.runner import Report as ReadinessReport
from chariot.verify.readiness.runner import load_platform, run


def manifest_errors(primary: Report, dr: Report | None) -> list[Finding]:
    """Both regions' manifest errors (each names its file, so its region's folder)."""
    return [*primary.errors, *(dr.errors if dr else [])]


@dataclass
class OutputChecks:
    """Each check's verdict, and the details behind it."""

    checks: list[Check] = field(default_factory=list)
    lint_errors: list[str] = field(default_factory=list)
    manifest_report: Report = field(default_factory=Report)
    # The DR region's manifests (pilot_light, warm_standby), dist/<env>/k8s-<dr_region>/.
    dr_manifest_report: Report | None = None
    readiness: ReadinessReport = field(default_factory=ReadinessReport)
    dr: DrReport | None = None
    runbook: Runbook | None = None

    @property
    def manifest_errors(self) -> list[Finding]:
        return manifest_errors(self.manifest_report, self.dr_manifest_report)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def check_outputs(
    spec: PlatformSpec,
    outdir: Path,
    crds_dir: Path,
    *,
    cfn_lint: bool = True,
    lint_cache: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
    rendered: Sequence[tuple[Path, Manifest]] | None = None,
    dr_rendered: Sequence[tuple[Path, Manifest]] | None = None,
) -> OutputChecks:
    """cfn-lint (unless left out), manifest validation (of the DR region's manifests too, when
    the strategy keeps a DR cluster), the readiness rules and the disaster recovery verdict
    (chariot.verify.dr) on `outdir`. `rendered` / `dr_rendered`: the (file, object) pairs the
    caller just wrote to outdir's manifests folders, checked without reading them back.

    Raises ReadinessInputError when `outdir` holds no synthesized environment.
    """
    result = OutputChecks()
    platform = load_platform(spec, outdir)
    if cfn_lint:
        from chariot.verify.cfn_lint import lint_errors  # noqa: PLC0415 - seconds to import

        progress("cfn-lint")
        result.lint_errors = lint_errors(
            [(t.file, t.region) for t in platform.templates], lint_cache
        )
        result.checks.append(
            Check(
                "cfn-lint",
                not result.lint_errors,
                f"{len(result.lint_errors)} errors"
                + "".join(f"; {e}" for e in result.lint_errors[:5]),
                "cfn-lint",
            )
        )

    progress("manifest validation (schemas, CRDs with CEL, cross-object rules)")
    stale = stale_sources(spec.cluster.helm_versions) if crds_dir == SHIPPED_DIR else []
    check, result.manifest_report = _manifests_check(
        "manifest validation", spec, [outdir / KUBERNETES_DIR], rendered, crds_dir, stale
    )
    result.checks.append(check)
    if has_dr_manifests(spec):
        # The same validator on the DR region's objects, with the DR cluster's node pools and
        # profiles (its standby group is what the pods select).
        view = dr_view(spec)
        progress(f"manifest validation ({view.region})")
        folder = outdir / manifests_dir(spec)
        check, result.dr_manifest_report = _manifests_check(
            f"manifest validation ({view.region})", view, [folder], dr_rendered, crds_dir, stale
        )
        result.checks.append(check)

    progress("readiness rules")
    readiness = run(platform, RULES)
    result.readiness = readiness
    result.checks.append(
        Check(
            "readiness",
            not readiness.errors,
            f"{readiness.rules} rules: {len(readiness.errors)} errors, "
            f"{len(readiness.warnings)} warnings, {len(readiness.acknowledged)} acknowledged"
            + "".join(f"; {f}" for f in readiness.errors[:3]),
            "chariot readiness rules",
        )
    )

    progress("disaster recovery")
    result.dr = assess(platform)
    result.runbook = build_runbook(platform, result.dr)
    misses = result.dr.misses
    result.checks.append(
        Check(
            "disaster recovery",
            not misses,
            f"{len(result.dr.stores)} stores, {len(misses)} recoveries miss "
            f"{result.dr.strategy}'s targets"
            + "".join(f"; {m.store.name}: {m.recovery.failure}: {m.why}" for m in misses[:5]),
            "chariot dr",
        )
    )
    return result


def _manifests_check(
    name: str,
    spec: PlatformSpec,
    folders: list[Path],
    rendered: Sequence[tuple[Path, Manifest]] | None,
    crds_dir: Path,
    stale: list[str],
) -> tuple[Check, Report]:
    """Validate one region's manifests (written `rendered`, else read from `folders`) against
    `spec`'s cluster; the first errors are named in the check's detail."""
    version, context = spec.cluster.kubernetes_version, RuleContext.for_spec(spec)
    if rendered is None:
        report = validate_report(folders, version, crds_dir, context)
    else:
        report = validate_rendered(rendered, version, crds_dir, context)
    warnings = len(report.findings) - len(report.errors)
    check = Check(
        name,
        not report.errors and not stale,
        f"{len(report.objects)} objects: {len(report.errors)} errors, {warnings} warnings"
        + "".join(f"; {sentence}" for sentence in stale)
        + "".join(f"; {finding}" for finding in report.errors[:3]),
        "kubernetes-validate, pinned CRDs, chariot rules",
    )
    return check, report
