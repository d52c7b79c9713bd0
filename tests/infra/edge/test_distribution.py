"""The static content's failover: prod (warm_standby) replicates the static bucket to its
replica in the DR region with RTC and serves the default behaviour from an origin group; dev
(backup_restore) keeps the single S3 origin."""

from __future__ import annotations

import json
from typing import Any

from chariot.infra.edge.distribution import FAILOVER_STATUS_CODES
from chariot.infra.stacks.dr import static_replica_bucket_name
from tests.conftest import Synthesized


def _config(env: Synthesized) -> dict[str, Any]:
    (cdn,) = env.resources("edge", "AWS::CloudFront::Distribution").values()
    config: dict[str, Any] = cdn["Properties"]["DistributionConfig"]
    return config


def _static(env: Synthesized) -> tuple[str, dict[str, Any]]:
    return next(
        (k, b["Properties"])
        for k, b in env.resources("edge", "AWS::S3::Bucket").items()
        if k.startswith("StaticContent")
    )


def test_prod_replicates_the_static_content_with_time_control(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    _, static = _static(env)
    (rule,) = static["ReplicationConfiguration"]["Rules"]
    destination = rule["Destination"]
    assert destination["Bucket"] == f"arn:aws:s3:::{static_replica_bucket_name(env.spec)}"
    assert destination["ReplicationTime"] == {"Status": "Enabled", "Time": {"Minutes": 15}}
    assert destination["Metrics"]["Status"] == "Enabled"
    assert "EncryptionConfiguration" not in destination  # SSE-S3 on both sides
    assert "SourceSelectionCriteria" not in rule
    assert rule["DeleteMarkerReplication"] == {"Status": "Enabled"}


def test_prod_serves_static_content_from_an_origin_group_with_the_replica(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    config = _config(env)
    (group,) = config["OriginGroups"]["Items"]
    assert config["DefaultCacheBehavior"]["TargetOriginId"] == group["Id"]
    assert group["FailoverCriteria"]["StatusCodes"]["Items"] == FAILOVER_STATUS_CODES
    primary, failover = (m["OriginId"] for m in group["Members"]["Items"])
    origins = {o["Id"]: o for o in config["Origins"]}
    static_id, _ = _static(env)
    assert origins[primary]["DomainName"] == {"Fn::GetAtt": [static_id, "RegionalDomainName"]}
    replica = origins[failover]["DomainName"]
    assert replica == f"{static_replica_bucket_name(env.spec)}.s3.us-west-2.amazonaws.com"
    # both members through the same origin access control
    assert origins[primary]["OriginAccessControlId"] == origins[failover]["OriginAccessControlId"]
    # the default behaviour only reads: origin groups fail over GET, HEAD and OPTIONS only
    assert config["DefaultCacheBehavior"].get("AllowedMethods", ["GET", "HEAD"]) == ["GET", "HEAD"]


def test_the_edge_deploys_after_the_dr_stack_holding_the_replica(
    synthesized: dict[str, Synthesized],
) -> None:
    manifest = json.loads((synthesized["prod"].outdir / "manifest.json").read_text())
    assert "chariot-prod-dr" in manifest["artifacts"]["chariot-prod-edge"]["dependencies"]


def test_backup_restore_keeps_one_static_origin(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["dev"]
    config = _config(env)
    assert "OriginGroups" not in config
    _, static = _static(env)
    assert "ReplicationConfiguration" not in static
