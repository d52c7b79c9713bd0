"""Velero: daily backups of the cluster's objects to an encrypted, classified bucket."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.velero import SCHEDULE, bucket_lifecycle, values
from chariot.spec.model import PlatformSpec
from tests.infra.cfn import releases


def test_lifecycle_never_moves_a_restorable_backup_to_glacier() -> None:
    for retention in (1, 7, 30, 90, 365):
        lifecycle = bucket_lifecycle(retention)
        assert lifecycle.glacier_days > retention
        assert lifecycle.ia_days >= 30  # S3's minimum for Infrequent Access


def test_schedule_and_retention_from_the_spec(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    backup = spec.dr.cluster_backup
    found = values(spec, "bucket", {})
    schedule = found["schedules"][SCHEDULE]
    assert schedule["schedule"] == backup.schedule
    assert schedule["template"]["ttl"] == f"{backup.retention_days * 24}h"
    assert schedule["template"]["snapshotVolumes"] is False
    assert found["credentials"] == {"useSecret": False}
    assert found["snapshotsEnabled"] is False


@pytest.mark.synth
def test_bucket_and_pod_identity(synthesized: dict[str, Any]) -> None:
    env = synthesized["prod"]
    template = env.json("addons")
    release = releases(template)["velero"]
    assert (release.chart, release.version, release.namespace) == ("velero", "11.1.1", "velero")
    (bucket,) = [
        b
        for logical, b in env.resources("addons", "AWS::S3::Bucket").items()
        if logical.startswith("velero")
    ]
    props = bucket["Properties"]
    encryption = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    tags = {t["Key"]: t["Value"] for t in props["Tags"]}
    assert tags["chariot:data-classification"] == "restricted"
    associations = [
        r["Properties"]
        for r in env.resources("addons", "AWS::EKS::PodIdentityAssociation").values()
        if r["Properties"]["Namespace"] == "velero"
    ]
    assert [a["ServiceAccount"] for a in associations] == ["velero"]
