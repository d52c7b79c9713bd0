"""The add-on registry: every add-on keeps the contract and orders after known add-ons."""

from __future__ import annotations

from chariot.infra.addons.registry import ADDONS


def test_names_are_unique() -> None:
    names = [addon.name for addon in ADDONS]
    assert len(names) == len(set(names))


def test_dependencies_come_earlier_in_the_list() -> None:
    seen: set[str] = set()
    for addon in ADDONS:
        assert set(addon.after) <= seen, addon.name
        seen.add(addon.name)


def test_exactly_one_node_autoscaler_per_choice(specs: dict[str, object]) -> None:
    from chariot.spec.model import PlatformSpec

    for spec in specs.values():
        assert isinstance(spec, PlatformSpec)
        for choice in ("karpenter", "cluster-autoscaler"):
            chosen = spec.model_copy(
                update={"cluster": spec.cluster.model_copy(update={"node_autoscaler": choice})}
            )
            enabled = [a.name for a in ADDONS if a.enabled(chosen)]
            assert [n for n in enabled if n in ("karpenter", "cluster-autoscaler")] == [choice]
