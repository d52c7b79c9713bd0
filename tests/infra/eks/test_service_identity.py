"""Each catalogued service's Pod Identity, as synthesized in its service stack: only its own table
(and named indexes) with the actions the service kit calls, the table key only through DynamoDB,
Neptune and the cache only when the catalog says so."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from chariot.infra.eks import service_identity
from chariot.infra.eks.service_identity import (
    CACHE_ACTIONS,
    GRAPH_ACTIONS,
    INDEX_ACTIONS,
    KEY_ACTIONS,
    TABLE_ACTIONS,
)
from tests.conftest import Synthesized

pytestmark = pytest.mark.synth

TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
KIT = Path(service_identity.__file__).parents[2] / "runtime" / "kit" / "repository.py"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _policies(env: Synthesized) -> dict[str, list[dict[str, Any]]]:
    """Service account name -> statements of the policy attached to its associated role."""
    data = env.service_resources()
    role_of = {
        r["Properties"]["ServiceAccount"]: r["Properties"]["RoleArn"]["Fn::GetAtt"][0]
        for r in data.values()
        if r["Type"] == "AWS::EKS::PodIdentityAssociation"
    }
    result = {}
    for account, role in role_of.items():
        (policy,) = [
            r["Properties"]
            for r in data.values()
            if r["Type"] == "AWS::IAM::ManagedPolicy"
            and {"Ref": role} in r["Properties"].get("Roles", [])
        ]
        result[account] = policy["PolicyDocument"]["Statement"]
    return result


def _table_id(env: Synthesized, table_name: str) -> str:
    for logical, resource in env.service_resources().items():
        if resource["Type"] in TABLE_TYPES and resource["Properties"]["TableName"] == table_name:
            return logical
    raise AssertionError(table_name)


def test_table_actions_are_exactly_what_the_service_kit_calls() -> None:
    """Parsed from the repository's source: a new client call without a grant fails here."""
    called = {
        node.func.attr
        for node in ast.walk(ast.parse(KIT.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "client"
    }
    granted = {a.removeprefix("dynamodb:") for a in TABLE_ACTIONS}
    as_api = {"".join(p.capitalize() for p in name.split("_")) for name in called}
    assert as_api == granted


@pytest.mark.parametrize("environment", ["prod", "dev"])
def test_every_service_has_an_identity_with_only_its_own_data(
    environment: str, synthesized: dict[str, Synthesized]
) -> None:
    env = synthesized[environment]
    spec = env.spec
    policies = _policies(env)
    assert set(policies) == {s.name for s in spec.services}
    for service in spec.services:
        statements = {s["Sid"]: s for s in policies[service.name]}
        table = service.data.table
        assert table is not None
        own = _table_id(env, f"{table.name}-{spec.environment}")
        assert statements["OwnTable"]["Resource"] == {"Fn::GetAtt": [own, "Arn"]}
        assert set(_as_list(statements["OwnTable"]["Action"])) == set(TABLE_ACTIONS)
        if table.indexes:
            index = statements["OwnIndexes"]
            assert set(_as_list(index["Action"])) == set(INDEX_ACTIONS)
            assert [r["Fn::Join"][1][1] for r in _as_list(index["Resource"])] == [
                f"/index/{i.name}" for i in table.indexes
            ]
        else:
            assert "OwnIndexes" not in statements
        key = statements["TableKeyThroughDynamoDB"]
        assert set(_as_list(key["Action"])) == set(KEY_ACTIONS)
        assert key["Condition"] == {
            "StringEquals": {"kms:ViaService": f"dynamodb.{spec.region}.amazonaws.com"}
        }
        if service.data.graph:
            graph = statements["GraphQueries"]
            assert set(_as_list(graph["Action"])) == set(GRAPH_ACTIONS)
            parts = graph["Resource"]["Fn::Join"][1]
            # the data stack's graph, imported once into the service stack (its resource id)
            assert any(isinstance(part, dict) and "Fn::ImportValue" in part for part in parts), (
                parts
            )
        else:
            assert "GraphQueries" not in statements
        if service.data.cache:
            cache = statements["CacheAsAppUser"]
            assert set(_as_list(cache["Action"])) == set(CACHE_ACTIONS)
            resources = _as_list(cache["Resource"])
            # the data stack's cache user and group, imported into the service stack
            imports = json.dumps(resources)
            assert "GetAttCacheAppUserArn" in imports
            assert "ExportsOutputRefCache" in imports
        else:
            assert "CacheAsAppUser" not in statements
        expected = {"OwnTable", "OwnIndexes", "TableKeyThroughDynamoDB"}
        expected |= {"GraphQueries", "CacheAsAppUser"}
        assert set(statements) <= expected
