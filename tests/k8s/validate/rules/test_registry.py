from __future__ import annotations

from pathlib import Path

from chariot.k8s.validate.rules import registry
from chariot.k8s.validate.rules.registry import RULES
from chariot.k8s.validate.validator import validate_paths
from tests.k8s.validate.rules.helpers import WORLD, run


def test_every_rule_module_is_registered() -> None:
    modules = {
        p.stem
        for p in Path(registry.__file__).parent.glob("*.py")
        if p.stem not in {"__init__", "base", "registry"}
    }
    registered = {rule.__module__.rpartition(".")[2] for rule in RULES.values()}
    assert modules == registered


def test_the_reference_world_passes_every_rule() -> None:
    for name, rule in RULES.items():
        assert run(rule) == [], name


def test_the_reference_world_is_valid_for_a_cluster(tmp_path: Path, crds_dir: Path) -> None:
    file = tmp_path / "world.yaml"
    file.write_text(WORLD)
    assert [str(f) for f in validate_paths([file], "1.35", crds_dir)] == []
