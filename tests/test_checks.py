"""The checks of a written dist/<env>: the DR region's manifests are validated as a check of
their own (pilot_light, warm_standby), read back from disk by `chariot check`; backup_restore
environments have none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chariot.checks import check_outputs
from chariot.k8s.dr_region import manifests_dir, render_dr
from chariot.k8s.objects import Manifest
from chariot.k8s.render import render, write_objects
from chariot.k8s.validate.settings import resolve_crds_dir
from chariot.spec.platform_names import KUBERNETES_DIR
from tests.conftest import Synthesized
from tests.k8s.helpers import ISSUER, placements

DR_CHECK = "manifest validation (us-west-2)"


@pytest.fixture(scope="module")
def crds_dir() -> Path:
    return resolve_crds_dir()


def _dist(synthesized: Synthesized, tmp_path: Path) -> Path:
    """A copy of the synthesized templates, with the primary's manifests written."""
    outdir = tmp_path / synthesized.spec.environment
    shutil.copytree(synthesized.outdir, outdir)
    spec = synthesized.spec
    write_objects(render(spec, placements(spec), ISSUER), outdir / KUBERNETES_DIR, spec.environment)
    return outdir


def _write_dr(synthesized: Synthesized, outdir: Path) -> list[tuple[Path, Manifest]]:
    spec = synthesized.spec
    objects = render_dr(spec, placements(spec), ISSUER)
    return write_objects(objects, outdir / manifests_dir(spec), spec.environment, dr=True)


def test_prod_validates_the_dr_manifests_as_written(
    synthesized: dict[str, Synthesized], tmp_path: Path, crds_dir: Path
) -> None:
    prod = synthesized["prod"]
    outdir = _dist(prod, tmp_path)
    written = _write_dr(prod, outdir)
    result = check_outputs(prod.spec, outdir, crds_dir, cfn_lint=False, dr_rendered=written)
    checks = {c.name: c for c in result.checks}
    assert list(checks)[:2] == ["manifest validation", DR_CHECK]
    assert checks[DR_CHECK].passed, checks[DR_CHECK].detail
    assert result.dr_manifest_report is not None
    assert len(result.dr_manifest_report.objects) == len(written)
    assert checks[DR_CHECK].detail.startswith(f"{len(written)} objects: 0 errors")


def test_chariot_check_reads_them_back_and_fails_without_them(
    synthesized: dict[str, Synthesized], tmp_path: Path, crds_dir: Path
) -> None:
    prod = synthesized["prod"]
    outdir = _dist(prod, tmp_path)
    missing = check_outputs(prod.spec, outdir, crds_dir, cfn_lint=False)
    dr = next(c for c in missing.checks if c.name == DR_CHECK)
    assert not dr.passed
    assert "k8s-us-west-2" in dr.detail
    assert "no such file or folder" in dr.detail
    _write_dr(prod, outdir)
    found = check_outputs(prod.spec, outdir, crds_dir, cfn_lint=False)
    assert next(c for c in found.checks if c.name == DR_CHECK).passed


def test_backup_restore_has_no_dr_manifest_check(
    synthesized: dict[str, Synthesized], tmp_path: Path, crds_dir: Path
) -> None:
    dev = synthesized["dev"]
    outdir = _dist(dev, tmp_path)
    result = check_outputs(dev.spec, outdir, crds_dir, cfn_lint=False)
    assert [c.name for c in result.checks if c.name.startswith("manifest")] == [
        "manifest validation"
    ]
    assert result.dr_manifest_report is None


def test_the_manifest_errors_of_both_regions_are_reported() -> None:
    """`chariot synth` and `chariot check` print (and put in their JSON) the DR region's
    manifest errors beside the primary's, each naming its file."""
    from chariot.checks import OutputChecks
    from chariot.k8s.validate.findings import Finding
    from chariot.k8s.validate.validator import Report

    def report(file: str) -> Report:
        return Report(
            findings=[
                Finding(file, "Deployment/users", "spec", "schema", "bad"),
                Finding(file, "Deployment/users", "spec", "style", "meh", severity="warning"),
            ]
        )

    checked = OutputChecks(
        manifest_report=report("k8s/a.yaml"), dr_manifest_report=report("k8s-us-west-2/a.yaml")
    )
    assert [f.file for f in checked.manifest_errors] == ["k8s/a.yaml", "k8s-us-west-2/a.yaml"]
    assert [f.file for f in OutputChecks(manifest_report=report("k8s/a.yaml")).manifest_errors] == [
        "k8s/a.yaml"
    ]
