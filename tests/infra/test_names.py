"""Physical names shared by the data stack and the alarms: the seed's patterns per environment."""

from __future__ import annotations

from chariot.infra.names import cache_group_id, cache_member_ids, graph_cluster_id
from chariot.spec.model import PlatformSpec


def test_names_follow_the_seed(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    assert graph_cluster_id(prod) == "chariot-graph-prod"
    assert cache_group_id(prod) == "chariot-cache-prod"
    assert cache_member_ids(prod) == [
        "chariot-cache-prod-001",
        "chariot-cache-prod-002",
        "chariot-cache-prod-003",
    ]
    assert cache_member_ids(specs["dev"]) == ["chariot-cache-dev-001"]
