"""The registry: explicit, disjoint lists; every literal price id a mapping asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from chariot.plan.cost import registry
from chariot.plan.cost.catalog import load_catalog

RESOURCES = Path(registry.__file__).parent / "resources"


def test_priced_and_free_types_are_disjoint() -> None:
    assert not set(registry.MAPPINGS) & registry.FREE_TYPES


def test_one_mapping_file_per_registered_type() -> None:
    files = {p.stem for p in RESOURCES.glob("*.py")} - {"__init__", "edge_traffic"}
    assert len(files) == len(registry.MAPPINGS)
    for mapping in registry.MAPPINGS.values():
        assert mapping.component
        assert callable(mapping.price)


def test_every_literal_price_id_in_the_mappings_is_in_the_catalog() -> None:
    catalog = load_catalog("us-east-1")
    sources = [p.read_text() for p in RESOURCES.glob("*.py")]
    sources += [(RESOURCES.parent / name).read_text() for name in ("runtime.py", "savings.py")]
    ids = {
        match
        for text in sources
        for match in re.findall(r'"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"', text)
        if match.split(".")[0] in {p.split(".")[0] for p in catalog.prices}
        and not match.startswith("com.")
    }
    assert ids, "the scan found no price ids"
    assert sorted(i for i in ids if i not in catalog) == []
    for tier in (*registry.MAPPINGS,):
        # CloudFormation types; CDK's Helm chart custom resource is the one custom type priced
        assert tier.startswith("AWS::") or tier == "Custom::AWSCDK-EKS-HelmChart"
