"""Instance facts: one table that the capacity plan and Karpenter's objects both read."""

from __future__ import annotations

import pytest

from chariot.spec.instance_types import (
    GRAVITON_EQUIVALENT,
    SHAPES,
    max_pods,
    vcpus,
)
from chariot.spec.model import is_graviton


@pytest.mark.parametrize(
    ("instance_type", "expected"),
    [("t3.medium", 2), ("m6i.large", 2), ("m6i.xlarge", 4), ("m5.2xlarge", 8), ("m6i.8xlarge", 32)],
)
def test_vcpus(instance_type: str, expected: int) -> None:
    assert vcpus(instance_type) == expected


def test_an_unknown_type_has_no_shape() -> None:
    with pytest.raises(KeyError):
        vcpus("m6i.metal")


def test_max_pods_follow_the_eni_limit_or_prefix_delegation() -> None:
    assert max_pods("m6i.large", prefix_delegation=False) == 29
    assert max_pods("m6i.large", prefix_delegation=True) == 110
    assert max_pods("m6i.8xlarge", prefix_delegation=False) == 234
    assert max_pods("m6i.8xlarge", prefix_delegation=True) == 250


def test_the_architecture_column_agrees_with_the_family() -> None:
    for name, shape in SHAPES.items():
        assert (shape.arch == "arm64") is is_graviton(name), name


def test_graviton_equivalents_are_graviton_families() -> None:
    assert all(is_graviton(f"{arm}.large") for arm in GRAVITON_EQUIVALENT.values())
    assert not any(is_graviton(f"{x86}.large") for x86 in GRAVITON_EQUIVALENT)


def test_every_x86_row_has_its_graviton_row() -> None:
    """Karpenter's `graviton` option adds the equivalent type: the table knows it too."""
    for name in SHAPES:
        family, size = name.split(".", 1)
        if family in GRAVITON_EQUIVALENT:
            assert f"{GRAVITON_EQUIVALENT[family]}.{size}" in SHAPES, name


def test_max_pods_is_the_eni_formula() -> None:
    shape = SHAPES["m6i.large"]
    assert shape.max_pods == shape.enis * (shape.ips_per_eni - 1) + 2 == 29
