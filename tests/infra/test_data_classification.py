"""Every data store of prod is tagged with its class from the catalog."""

from __future__ import annotations

import json
from typing import Any

from chariot.spec.data_classification import TAG_KEY
from tests.conftest import Synthesized


def _tag(resource: dict[str, Any], prop: str = "Tags") -> Any:
    tags = resource["Properties"].get(prop)
    if isinstance(tags, dict):
        return tags.get(TAG_KEY)
    return next((t["Value"] for t in tags or [] if t["Key"] == TAG_KEY), None)


def test_tables_carry_their_services_class(synthesized: dict[str, Synthesized]) -> None:
    prod = synthesized["prod"]
    tables = [  # wherever a stack puts them
        resource
        for path in sorted(prod.outdir.glob("*.template.json"))
        for resource in json.loads(path.read_text())["Resources"].values()
        if resource["Type"] == "AWS::DynamoDB::GlobalTable"
    ]
    by_name = {  # every replica carries it
        t["Properties"]["TableName"]: {_tag({"Properties": r}) for r in t["Properties"]["Replicas"]}
        for t in tables
    }
    assert by_name == {
        "AssetService-prod": {"confidential"},
        "UserService-prod": {"confidential"},
        "VulnerabilityService-prod": {"restricted"},
    }


def test_shared_stores_take_the_highest_class(synthesized: dict[str, Synthesized]) -> None:
    prod = synthesized["prod"]
    (graph,) = prod.resources("data", "AWS::Neptune::DBCluster").values()
    (cache,) = prod.resources("data", "AWS::ElastiCache::ReplicationGroup").values()
    assert (_tag(graph), _tag(cache)) == ("restricted", "restricted")
    buckets = {
        logical_id.rstrip("0123456789ABCDEF"): _tag(bucket)
        for logical_id, bucket in prod.resources("security", "AWS::S3::Bucket").items()
    }
    assert buckets == {"LogBucket": "confidential", "ObjectsBucket": "restricted"}
