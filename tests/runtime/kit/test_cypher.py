"""Queries are held to what Neptune's openCypher accepts, at declaration time."""

from __future__ import annotations

import pytest

from chariot.runtime.kit.cypher import Query, UnsupportedCypherError, check_neptune
from chariot.runtime.services import assets, vulnerabilities


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("MATCH p = shortestPath((a)-[*..3]->(b)) RETURN p", "shortestPath"),
        ("MATCH p = allShortestPaths((a)-[*1..3]->(b)) RETURN p", "shortestPath"),
        ("MANDATORY MATCH (a) RETURN a", "MANDATORY MATCH"),
        ("LOAD CSV FROM 'x' AS row RETURN row", "LOAD CSV"),
        ("CREATE INDEX ON :Asset(id)", "DDL"),
        ("CALL db.labels()", "CALL"),
        ("MATCH (a) RETURN apoc.text.join([a.id], ',')", "vendor"),
        ("MATCH (a) RETURN a LIMIT toInteger(rand() * 10)", "SKIP/LIMIT"),
        ("MATCH (a)-[*]->(b) RETURN b", "upper bound"),
        ("MATCH (a)-[*2..]->(b) RETURN b", "upper bound"),
    ],
)
def test_constructs_neptune_rejects_are_refused(text: str, reason: str) -> None:
    with pytest.raises(UnsupportedCypherError, match=reason):
        check_neptune(text)


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (a:Asset {id: $id}) RETURN a.id LIMIT $n",
        "MATCH (a)-[*1..5]->(b) RETURN b SKIP 10 LIMIT 5",
        "MATCH (a {note: 'call me; LOAD CSV'}) RETURN a",  # keywords inside literals are fine
    ],
)
def test_supported_queries_pass(text: str) -> None:
    check_neptune(text)


def test_a_bad_query_fails_when_declared_with_its_name() -> None:
    with pytest.raises(UnsupportedCypherError, match="query 'walk'"):
        Query("walk", "MATCH (a)-[*]->(b) RETURN b")


def test_every_service_query_is_neptune_compatible() -> None:
    queries = [
        assets.UPSERT_ASSET,
        assets.DELETE_ASSET,
        assets.EDGES,
        *assets.LINK.values(),
        vulnerabilities.ASSET_IN_ACCOUNT,
        vulnerabilities.DEPENDENTS,
    ]
    for query in queries:
        check_neptune(query.text)
    assert "*1..5" in vulnerabilities.DEPENDENTS.text
