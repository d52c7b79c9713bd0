"""A build is reused only while every input and every output is exactly as recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from chariot.build_cache import fingerprint, forget, record, unchanged

DAY = date(2026, 11, 26)


def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    root, crds, outdir = tmp_path / "project", tmp_path / "crds", tmp_path / "dist" / "prod"
    for folder in (root / "environments" / "usage", root / "services", crds, outdir / "k8s"):
        folder.mkdir(parents=True)
    (root / "environments" / "prod.yaml").write_text("name: chariot\n")
    (root / "environments" / "usage" / "prod.yaml").write_text("requests: 1\n")
    (root / "services" / "users.yaml").write_text("name: users\n")
    (root / "cdk.json").write_text("{}")
    (crds / "istio.yaml").write_text("kind: CustomResourceDefinition\n")
    (outdir / "a.template.json").write_text("{}")
    (outdir / "k8s" / "users.yaml").write_text("kind: Deployment\n")
    return root, crds, outdir


def test_every_input_changes_the_fingerprint(tmp_path: Path) -> None:
    root, crds, _ = project(tmp_path)
    outputs = tmp_path / "outputs.json"
    outputs.write_text("{}")
    base = fingerprint(root, "prod", DAY, crds, None)
    assert fingerprint(root, "prod", DAY, crds, None) == base
    assert fingerprint(root, "dev", DAY, crds, None) != base
    assert fingerprint(root, "prod", date(2026, 11, 27), crds, None) != base
    assert fingerprint(root, "prod", DAY, crds, outputs) != base
    for file in (
        root / "environments" / "prod.yaml",
        root / "environments" / "usage" / "prod.yaml",
        root / "services" / "users.yaml",
        root / "cdk.json",
        crds / "istio.yaml",
    ):
        before = fingerprint(root, "prod", DAY, crds, None)
        file.write_text(file.read_text() + "# changed\n")
        assert fingerprint(root, "prod", DAY, crds, None) != before, file
    before = fingerprint(root, "prod", DAY, crds, None)
    (root / "services" / "billing.yaml").write_text("name: billing\n")  # a new service
    assert fingerprint(root, "prod", DAY, crds, None) != before


def test_a_record_holds_only_while_outputs_are_untouched(tmp_path: Path) -> None:
    root, crds, outdir = project(tmp_path)
    key = fingerprint(root, "prod", DAY, crds, None)
    assert unchanged(outdir, key) is None  # never built
    record(outdir, key, {"environment": "prod"})
    assert unchanged(outdir, key) == {"environment": "prod"}
    assert unchanged(outdir, "another key") is None
    (outdir / "k8s" / "users.yaml").write_text("kind: Deployment # edited\n")
    assert unchanged(outdir, key) is None
    record(outdir, key, {"environment": "prod"})
    (outdir / "k8s" / "users.yaml").unlink()
    assert unchanged(outdir, key) is None
    record(outdir, key, {"environment": "prod"})
    forget(outdir)
    assert unchanged(outdir, key) is None
