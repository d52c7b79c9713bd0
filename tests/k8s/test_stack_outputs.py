"""Reading `cdk deploy --outputs-file`: names found in any stack, hashes and construct prefixes
tolerated, ambiguity and malformed files refused with the file named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.k8s.stack_outputs import read, regional
from chariot.spec.problems import SpecError


def _file(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "cdk-outputs.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_finds_an_output_in_any_stack_with_hash_or_prefix(tmp_path: Path) -> None:
    outputs = read(
        _file(
            tmp_path,
            {
                "chariot-prod-data": {"GraphEndpoint": "g.example", "CachePort": 6379},
                "chariot-prod-cluster": {"ClusterClusterSecurityGroupId1A2B3C4D": "sg-1"},
            },
        )
    )
    assert outputs.find("GraphEndpoint") == "g.example"
    assert outputs.find("CachePort") == "6379"  # numbers arrive as text
    assert outputs.find("ClusterSecurityGroupId") == "sg-1"
    assert outputs.find("GraphReadEndpoint") is None


def test_a_name_does_not_match_a_longer_name_ending_differently(tmp_path: Path) -> None:
    outputs = read(_file(tmp_path, {"s": {"CacheReaderEndpoint": "r.example"}}))
    assert outputs.find("CacheEndpoint") is None


def test_cdk_cross_stack_export_outputs_are_not_answers(tmp_path: Path) -> None:
    outputs = read(
        _file(
            tmp_path,
            {
                "cluster": {
                    "ClusterSecurityGroupId": "sg-1",
                    "ExportsOutputFnGetAttClusterEB0386A7ClusterSecurityGroupIdC1CF079A": "sg-x",
                }
            },
        )
    )
    assert outputs.find("ClusterSecurityGroupId") == "sg-1"


def test_two_stacks_disagreeing_is_an_error_naming_both(tmp_path: Path) -> None:
    outputs = read(_file(tmp_path, {"a": {"CacheUser": "x"}, "b": {"CacheUser": "y"}}))
    with pytest.raises(SpecError, match=r"a\.CacheUser, b\.CacheUser"):
        outputs.find("CacheUser")


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{not json", "malformed JSON"), ("[1]", "expected"), ('{"s": 3}', "mapping")],
)
def test_malformed_files_are_refused(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "cdk-outputs.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SpecError, match=reason):
        read(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read"):
        read(tmp_path / "nope.json")


def test_regional_splits_the_dr_stacks_from_the_rest(tmp_path: Path) -> None:
    from tests.k8s.helpers import load

    prod = load("prod")
    outputs = read(
        _file(
            tmp_path,
            {
                "chariot-prod-cluster": {"ClusterSecurityGroupId": "sg-p"},
                "chariot-prod-dr": {"CopyVaultArn": "arn:vault"},
                "chariot-prod-dr-cluster": {"ClusterSecurityGroupId": "sg-d"},
                "chariot-prod-drift": {"Other": "not a DR stack"},
            },
        )
    )
    with pytest.raises(SpecError, match="several different values"):
        outputs.find("ClusterSecurityGroupId")  # the whole file: both clusters
    primary = regional(outputs, prod, dr=False)
    dr = regional(outputs, prod, dr=True)
    assert set(primary.stacks) == {"chariot-prod-cluster", "chariot-prod-drift"}
    assert set(dr.stacks) == {"chariot-prod-dr", "chariot-prod-dr-cluster"}
    assert (primary.find("ClusterSecurityGroupId"), dr.find("ClusterSecurityGroupId")) == (
        "sg-p",
        "sg-d",
    )
    assert dr.file == outputs.file
