from __future__ import annotations

from pathlib import Path

from chariot.k8s import registry
from chariot.k8s.registry import BUILDERS

NOT_BUILDERS = {
    "__init__", "registry", "context", "objects", "platform", "issuer", "render",
    "checkov_exceptions", "deployed", "stack_outputs", "images", "dr_region",
}  # fmt: skip


def test_every_builder_module_is_registered_once() -> None:
    modules = {p.stem for p in Path(registry.__file__).parent.glob("*.py")} - NOT_BUILDERS
    registered = [builder.__module__.rpartition(".")[2] for builder in BUILDERS.values()]
    assert sorted(registered) == sorted(modules)
    assert registered[0] == "namespaces"  # namespaces come first in apply order
