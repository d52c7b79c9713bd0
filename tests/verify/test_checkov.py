"""The checkov runner: argument list, report parsing, and a real run on a tiny folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.verify.checkov import CHECKOV_VERSION, CheckovError, command, parse, run_checkov
from tests.conftest import needs_uvx

REPORT = {
    "check_type": "kubernetes",
    "results": {
        "failed_checks": [
            {
                "check_id": "CKV_K8S_43",
                "check_name": "Image should use digest",
                "file_path": "/ns/deployment-a.yaml",
                "resource": "Deployment.ns.a",
                "file_line_range": [1, 40],
                "guideline": None,
            }
        ]
    },
    "summary": {"passed": 1, "failed": 1, "parsing_errors": 0},
}


def test_parse_single_and_list_reports() -> None:
    (finding,) = parse(json.dumps(REPORT))
    assert (finding.check_id, finding.resource, finding.lines) == (
        "CKV_K8S_43",
        "Deployment.ns.a",
        (1, 40),
    )
    assert len(parse(json.dumps([REPORT, REPORT]))) == 2


def test_parse_refuses_garbage_and_parse_errors() -> None:
    with pytest.raises(CheckovError, match="no JSON report"):
        parse("Traceback ...")
    broken = {**REPORT, "summary": {"parsing_errors": 2}}
    with pytest.raises(CheckovError, match="could not parse 2"):
        parse(json.dumps(broken))


@needs_uvx
def test_command_pins_checkov_and_stays_offline(tmp_path: Path) -> None:
    args = command(tmp_path, "kubernetes", ["CKV_K8S_43", "CKV_K8S_14"])
    assert f"checkov=={CHECKOV_VERSION}" in args
    assert "--skip-download" in args
    assert args[args.index("--skip-check") + 1] == "CKV_K8S_43,CKV_K8S_14"


@needs_uvx
def test_real_run_finds_a_privileged_pod(tmp_path: Path) -> None:
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: bad, namespace: shop}\n"
        "spec:\n  containers:\n  - name: c\n    image: nginx\n"
        "    securityContext: {privileged: true}\n"
    )
    findings = run_checkov(tmp_path, "kubernetes", ["CKV_K8S_43"])
    ids = {f.check_id for f in findings}
    assert "CKV_K8S_16" in ids  # privileged container
    assert "CKV_K8S_14" in ids  # image without a pinned tag
    assert "CKV_K8S_43" not in ids  # skipped on request
    assert {f.resource for f in findings} == {"Pod.shop.bad"}


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CheckovError, match="is not a folder"):
        run_checkov(tmp_path / "nope", "kubernetes")
