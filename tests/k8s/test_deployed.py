"""Deploy-time values: read by name from the outputs file, pending when absent, never invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.k8s.deployed import (
    CACHE_GROUP_ID,
    CACHE_OUTPUTS,
    CLUSTER_SECURITY_GROUP,
    COGNITO_CLIENT_ID,
    GRAPH_ENDPOINT,
    GRAPH_PORT,
    Deployed,
    needed,
    pod_security_group_output,
    resolve,
)
from chariot.spec.model import PlatformSpec
from chariot.spec.problems import SpecError
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


def _both_regions(tmp_path: Path) -> Path:
    """An outputs file of `cdk deploy --all`: both regions give a cluster security group."""
    data = {
        "chariot-prod-data": {"GraphEndpoint": "primary.neptune", "GraphPort": 8182},
        "chariot-prod-cluster": {"ClusterSecurityGroupId": "sg-primary"},
        "chariot-prod-edge": {"CognitoUserPoolClientId": "client-of-the-one-pool"},
        "chariot-prod-dr-data": {
            "GraphSecondaryEndpoint": "secondary.neptune",
            "GraphSecondaryPort": 8182,
        },
        "chariot-prod-dr-cluster": {"ClusterSecurityGroupId": "sg-dr"},
    }
    file = tmp_path / "cdk-outputs.json"
    file.write_text(json.dumps(data))
    return file


def test_each_region_reads_its_own_stacks(prod: PlatformSpec, tmp_path: Path) -> None:
    file = _both_regions(tmp_path)
    primary, dr = resolve(prod, file), resolve(prod, file, dr=True)
    assert primary.graph_endpoint() == "https://primary.neptune:8182"
    assert dr.graph_endpoint() == "https://secondary.neptune:8182"
    assert (primary.get(CLUSTER_SECURITY_GROUP), dr.get(CLUSTER_SECURITY_GROUP)) == (
        "sg-primary",
        "sg-dr",
    )
    # the app client of the primary's pool: the DR region has none of its own
    assert dr.get(COGNITO_CLIENT_ID) == primary.get(COGNITO_CLIENT_ID) == "client-of-the-one-pool"


def test_the_dr_region_runs_without_a_cache_and_names_its_own_outputs(
    prod: PlatformSpec, tmp_path: Path
) -> None:
    assets = prod.service("assets")
    for dr in (resolve(prod, _both_regions(tmp_path), dr=True), resolve(prod, None, dr=True)):
        assert not dr.cache
        assert dr.cache_url() is None
        assert not set(CACHE_OUTPUTS) & set(dr.pending(prod, assets))  # nothing to wait for
    # a pending graph names the output the DR-data stack gives
    assert "GraphSecondaryEndpoint" in resolve(prod, None, dr=True).pending(prod, assets)
    # the primary region always has its cache: its outputs are pending until deployed
    assert resolve(prod, None).cache
    assert set(CACHE_OUTPUTS) <= set(resolve(prod, None).pending(prod, assets))


def test_a_cache_the_dr_stacks_give_is_used(prod: PlatformSpec, tmp_path: Path) -> None:
    """Once a failover makes a cache in the DR region and its stack outputs it."""
    cache = {"CacheEndpoint": "dr.cache", "CachePort": 6379, "CacheUser": "app"}
    file = tmp_path / "cdk-outputs.json"
    file.write_text(json.dumps({"chariot-prod-dr-cache": cache}))
    dr = resolve(prod, file, dr=True)
    assert dr.cache
    assert dr.cache_url() == "rediss://app@dr.cache:6379/0"
    assert dr.pending(prod, prod.service("users")) == [
        "CognitoUserPoolClientId",
        CACHE_GROUP_ID,
        pod_security_group_output("users"),
        CLUSTER_SECURITY_GROUP,
    ]


def test_two_values_in_one_region_are_still_ambiguous(prod: PlatformSpec, tmp_path: Path) -> None:
    data = {
        "chariot-prod-dr-cluster": {"ClusterSecurityGroupId": "sg-1"},
        "chariot-prod-dr-extra": {"ClusterSecurityGroupId": "sg-2"},
    }
    file = tmp_path / "cdk-outputs.json"
    file.write_text(json.dumps(data))
    assert resolve(prod, file).get(CLUSTER_SECURITY_GROUP) is None  # none in the primary
    with pytest.raises(SpecError, match="several different values"):
        resolve(prod, file, dr=True)
