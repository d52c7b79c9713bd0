"""Usage files: declared keys only, numbers only, and every value says where it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from chariot.plan.cost.estimate import all_usage_keys
from chariot.plan.cost.model import Resource, UsageKey
from chariot.plan.cost.resources.ec2_nat_gateway import GB
from chariot.plan.cost.usage import Usage, load_usage
from chariot.spec.problems import SpecError

ROOT = Path(__file__).resolve().parents[3]
NAT = Resource("net", "NatA", "AWS::EC2::NatGateway", {})


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_every_environment_has_a_valid_usage_file(env: str) -> None:
    usage = load_usage(ROOT / "environments" / "usage" / f"{env}.yaml", all_usage_keys())
    assert usage.values


def test_declared_keys_are_unique_with_units_and_descriptions() -> None:
    keys = all_usage_keys()
    assert len({k.path for k in keys}) == len(keys)
    assert all(k.unit and k.description and k.default >= 0 for k in keys)


def test_most_specific_value_wins(tmp_path: Path) -> None:
    file = tmp_path / "u.yaml"
    file.write_text("nat_gateway:\n  gb_processed: 70\nresources:\n  NatA:\n    gb_processed: 5\n")
    usage = load_usage(file, all_usage_keys())
    assert usage.get(GB, NAT)[0] == 5
    other = Resource("net", "NatB", NAT.type, {})
    value, why = usage.get(GB, other)
    assert value == 70
    assert "u.yaml" in why
    assert Usage().get(GB, other, (9, "capacity plan")) == (
        9,
        "nat_gateway.gb_processed = 9 GB/month (capacity plan)",
    )
    assert Usage().get(GB, other)[1].endswith("(default)")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("nat_gateway:\n  gb: 1\n", "nat_gateway.gb"),
        ("nope:\n  x: 1\n", "nope"),
        ("nat_gateway:\n  gb_processed: lots\n", "nat_gateway.gb_processed"),
        ("nat_gateway:\n  gb_processed: -3\n", "nat_gateway.gb_processed"),
        ("resources:\n  NatA:\n    colour: 1\n", "resources.NatA.colour"),
    ],
)
def test_mistakes_name_the_file_and_key(tmp_path: Path, text: str, where: str) -> None:
    file = tmp_path / "u.yaml"
    file.write_text(text)
    with pytest.raises(SpecError) as caught:
        load_usage(file, all_usage_keys())
    assert caught.value.problems[0].path == where
    assert caught.value.problems[0].file == file


def test_usage_key_path() -> None:
    assert UsageKey("a", "b", "u", 0, "d").path == "a.b"
