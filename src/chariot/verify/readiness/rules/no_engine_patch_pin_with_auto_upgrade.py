"""No database engine is pinned to a patch version while automatic minor upgrades are on.

Neptune numbers engines product.major.minor.patch; with `AutoMinorVersionUpgrade` the service
moves the cluster to a new minor version in the maintenance window
(https://docs.aws.amazon.com/neptune/latest/userguide/release-types.html), so the template's
pinned `EngineVersion` no longer describes the cluster and the next stack update asks for a
downgrade. Choose one owner of the version: the template (auto upgrade off) or the service.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.verify.readiness.base import Platform, Result, Violation

# Engine families whose version has a patch part after the minor (how many parts that makes).
PATCH_PARTS = {"AWS::Neptune::DBCluster": 4}
INSTANCE_OF = {"AWS::Neptune::DBCluster": "AWS::Neptune::DBInstance"}


def check(platform: Platform) -> Iterator[Result]:
    for cluster_type, parts in PATCH_PARTS.items():
        for cluster in platform.resources(cluster_type):
            version = cluster.get("EngineVersion")
            if not isinstance(version, str) or len(version.split(".")) < parts:
                continue
            for instance in cluster.template.of_type(INSTANCE_OF[cluster_type]):
                target = platform.target(instance.template, instance.get("DBClusterIdentifier"))
                if target is None or target.resource is not cluster:
                    continue
                if instance.get("AutoMinorVersionUpgrade") in (True, "true"):
                    yield Violation(
                        instance,
                        f"AutoMinorVersionUpgrade is on while {cluster.logical_id} pins engine "
                        f"{version} (a patch version): the service upgrades the engine and the "
                        "template's pin drifts; turn automatic upgrades off or stop pinning",
                    )
