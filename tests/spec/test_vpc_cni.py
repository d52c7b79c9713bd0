"""The vpc-cni settings the planner and Karpenter read from the spec."""

from __future__ import annotations

from chariot.spec.model import PlatformSpec
from chariot.spec.vpc_cni import vpc_cni


def test_the_shipped_specs_use_prefix_delegation(specs: dict[str, PlatformSpec]) -> None:
    assert all(vpc_cni(spec).prefix_delegation for spec in specs.values())


def test_without_the_addon_everything_is_off(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    bare = prod.model_copy(update={"cluster": prod.cluster.model_copy(update={"addons": []})})
    settings = vpc_cni(bare)
    assert not settings.prefix_delegation
    assert not settings.pod_eni
