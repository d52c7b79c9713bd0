"""The checkov runner: real checkov from its own tool environment on real templates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chariot.verify.checkov import Finding, parse, run_checkov

needs_uvx = pytest.mark.skipif(
    shutil.which("uvx") is None, reason="uvx (from uv) is needed to run checkov in its own env"
)

OPEN_BUCKET = {
    "Resources": {
        "Open": {
            "Type": "AWS::S3::Bucket",
            "Properties": {"BucketName": "an-open-bucket"},
        }
    }
}


@needs_uvx
def test_finds_failed_checks_and_honours_skips(tmp_path: Path) -> None:
    (tmp_path / "open.template.json").write_text(json.dumps(OPEN_BUCKET))
    # One run (checkov takes ~10 s to start): CKV_AWS_21 (versioning) would fail too.
    findings = run_checkov(tmp_path, "cloudformation", skip_checks=["CKV_AWS_21"])
    ids = {f.check_id for f in findings}
    assert "CKV_AWS_18" in ids  # no access logging
    assert "CKV_AWS_21" not in ids
    assert {f.resource for f in findings} == {"AWS::S3::Bucket.Open"}
    assert all(f.file == "open.template.json" for f in findings)


def test_parse_reads_one_report_or_a_list_and_ignores_empty_summaries() -> None:
    report = {
        "check_type": "cloudformation",
        "results": {
            "failed_checks": [
                {
                    "check_id": "CKV_AWS_1",
                    "check_name": "name",
                    "file_path": "/x/a.template.json",
                    "resource": "AWS::S3::Bucket.B",
                }
            ]
        },
    }
    expected = [Finding("CKV_AWS_1", "name", "a.template.json", "AWS::S3::Bucket.B")]
    assert parse(report) == expected
    assert parse([report, {"passed": 0, "failed": 0}]) == expected
    assert parse({"passed": 0, "failed": 0}) == []
