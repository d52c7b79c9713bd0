"""Reading synthesized templates: every resource, and clear errors when there are none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.plan.cost.templates import read_templates
from chariot.spec.problems import SpecError


def test_reads_every_template_and_names_the_stack(tmp_path: Path) -> None:
    for stack, rtype in (("network", "AWS::EC2::VPC"), ("data", "AWS::S3::Bucket")):
        (tmp_path / f"{stack}.template.json").write_text(
            json.dumps({"Resources": {"X": {"Type": rtype, "Properties": {"A": 1}}}})
        )
    (tmp_path / "manifest.json").write_text("{}")  # not a template: ignored
    resources = read_templates(tmp_path)
    assert [(r.stack, r.type) for r in resources] == [
        ("data", "AWS::S3::Bucket"),
        ("network", "AWS::EC2::VPC"),
    ]
    assert resources[0].properties == {"A": 1}


def test_literal_ignores_intrinsics(tmp_path: Path) -> None:
    (tmp_path / "s.template.json").write_text(
        json.dumps(
            {
                "Resources": {
                    "X": {
                        "Type": "T",
                        "Properties": {
                            "A": {"Ref": "P"},
                            "B": {"Fn::GetAtt": ["R", "Arn"]},
                            "C": {"Key": "v"},
                        },
                    }
                }
            }
        )
    )
    [resource] = read_templates(tmp_path)
    assert resource.literal("A", "fallback") == "fallback"
    assert resource.literal("B") is None
    assert resource.literal("C") == {"Key": "v"}


def test_missing_or_empty_directory_says_run_synth(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="chariot synth"):
        read_templates(tmp_path / "nope")
    with pytest.raises(SpecError, match="chariot synth"):
        read_templates(tmp_path)
    (tmp_path / "bad.template.json").write_text("{")
    with pytest.raises(SpecError, match="not a JSON template"):
        read_templates(tmp_path)
