"""checkov on every environment's manifests: nothing fails beyond the justified exceptions,
and every justified exception still fails somewhere (no stale excuses)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chariot.k8s.checkov_exceptions import EXCEPTIONS
from chariot.k8s.render import write_manifests
from chariot.verify.checkov import run_checkov
from tests.k8s.helpers import ISSUER, load, placements

pytestmark = pytest.mark.skipif(
    shutil.which("uvx") is None, reason="uvx (part of uv) is needed to give checkov its own env"
)


def test_only_justified_checks_fail(tmp_path: Path) -> None:
    for environment in ("dev", "staging", "prod"):
        spec = load(environment)
        write_manifests(spec, placements(spec), tmp_path / environment, ISSUER)
    findings = run_checkov(tmp_path, "kubernetes")
    unexpected = [str(f) for f in findings if f.check_id not in EXCEPTIONS]
    assert unexpected == []
    assert {f.check_id for f in findings} == set(EXCEPTIONS)


def test_every_exception_has_a_reason() -> None:
    for check_id, reason in EXCEPTIONS.items():
        assert check_id.startswith("CKV_K8S_")
        assert len(reason) > 40, check_id
