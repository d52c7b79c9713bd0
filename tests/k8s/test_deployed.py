"""Deploy-time values: read by name from the outputs file, pending when absent, never invented."""

from __future__ import annotations

import json
from pathlib import Path

from chariot.k8s.deployed import (
    CACHE_GROUP_ID,
    CLUSTER_SECURITY_GROUP,
    GRAPH_ENDPOINT,
    GRAPH_PORT,
    Deployed,
    needed,
    pod_security_group_output,
    resolve,
)
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import deployed


def test_without_a_file_every_needed_output_is_pending(prod: PlatformSpec) -> None:
    values = resolve(prod, None)
    assert values.values == {}
    assets = prod.service("assets")  # graph + cache + pod security group
    assert values.pending(prod, assets) == list(needed(prod, assets))
    assert GRAPH_ENDPOINT in values.all_pending(prod)
    assert values.graph_endpoint() is None
    assert values.cache_url() is None
    assert values.security_groups(assets) is None


def test_outputs_needed_follow_what_each_service_declares(prod: PlatformSpec) -> None:
    users = prod.service("users")  # cache, no graph
    assert GRAPH_ENDPOINT not in needed(prod, users)
    assert CACHE_GROUP_ID in needed(prod, users)
    assert pod_security_group_output("users") in needed(prod, users)


def test_read_from_the_outputs_file(prod: PlatformSpec, tmp_path: Path) -> None:
    file = tmp_path / "cdk-outputs.json"
    file.write_text(
        json.dumps(
            {
                f"{prod.name}-prod-data": {
                    "GraphEndpoint": "g.neptune.amazonaws.com",
                    "GraphPort": "8182",
                    "PodSecurityGroupUsersId": "sg-users",
                    "Unrelated": "x",
                },
                f"{prod.name}-prod-cluster": {"ClusterSecurityGroupId": "sg-cluster"},
            }
        ),
        encoding="utf-8",
    )
    values = resolve(prod, file)
    assert values.graph_endpoint() == "https://g.neptune.amazonaws.com:8182"
    assert values.security_groups(prod.service("users")) == ["sg-users", "sg-cluster"]
    assert "Unrelated" not in values.values
    assert values.cache_url() is None  # the cache outputs are missing: pending
    assert CACHE_GROUP_ID in values.pending(prod, prod.service("users"))


def test_cache_url_is_tls_as_the_iam_user_without_password(prod: PlatformSpec) -> None:
    url = deployed(prod).cache_url()
    assert url is not None
    assert url.startswith("rediss://chariot-app@")
    assert url.endswith(":6379/0")


def test_complete_outputs_leave_nothing_pending(prod: PlatformSpec) -> None:
    values = deployed(prod)
    assert values.all_pending(prod) == []
    partial = Deployed({k: v for k, v in values.values.items() if k != GRAPH_PORT})
    assert partial.all_pending(prod) == [GRAPH_PORT]
    assert partial.graph_endpoint() is None
    assert CLUSTER_SECURITY_GROUP in needed(prod, prod.service("assets"))
