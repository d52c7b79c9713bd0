"""The Valkey/Redis cache: a replication group in the database subnets, TLS required,
encrypted with the platform's key, RBAC with one IAM-authenticated user (no password exists
anywhere; the mandatory `default` user is switched off), slow log to an encrypted log group."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import CfnOutput
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticache as elasticache
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.data.placement import StorePlacement
from chariot.infra.data.security_groups import CACHE_PORT
from chariot.infra.log_retention import retention
from chariot.infra.names import cache_group_id, prefix
from chariot.spec.model import PlatformSpec

# ElastiCache refuses a maintenance window that overlaps the snapshot window (03:00-04:00).
CACHE_MAINTENANCE_WINDOW = "sun:05:00-sun:06:00"


@dataclass(frozen=True)
class Cache:
    group: elasticache.CfnReplicationGroup
    user_arn: str


def cache_cluster(
    scope: Construct,
    spec: PlatformSpec,
    *,
    key: kms.IKey,
    security_group: ec2.ISecurityGroup,
    placement: StorePlacement,
) -> Cache:
    cache = spec.data.cache
    group_id = cache_group_id(spec)
    subnets = elasticache.CfnSubnetGroup(
        scope,
        "CacheSubnets",
        description="ElastiCache: the database subnets",
        subnet_ids=list(placement.subnet_ids),
        cache_subnet_group_name=f"{prefix(spec)}-cache",
    )
    # RBAC with IAM authentication: no password exists anywhere. The mandatory `default`
    # user is switched off, so unauthenticated connections get nothing.
    default_user = elasticache.CfnUser(
        scope,
        "CacheDefaultUser",
        engine=cache.engine,
        user_id=f"{prefix(spec)}-default",
        user_name="default",
        access_string="off -@all",
        no_password_required=True,
    )
    app_user_name = f"{prefix(spec)}-app"
    app_user = elasticache.CfnUser(
        scope,
        "CacheAppUser",
        engine=cache.engine,
        user_id=app_user_name,  # IAM authentication requires id == name
        user_name=app_user_name,
        access_string="on ~* &* +@all -@dangerous",
        authentication_mode={"Type": "iam"},
    )
    users = elasticache.CfnUserGroup(
        scope,
        "CacheUsers",
        engine=cache.engine,
        user_group_id=f"{prefix(spec)}-cache-users",
        user_ids=[default_user.ref, app_user.ref],
    )
    slow_log = logs.LogGroup(
        scope,
        "CacheSlowLog",
        encryption_key=placement.logs_key,
        retention=retention(spec.security.log_retention_days),
        removal_policy=placement.removal,
    )
    replicated = cache.nodes > 1
    group = elasticache.CfnReplicationGroup(
        scope,
        "Cache",
        replication_group_id=group_id,
        replication_group_description=f"{spec.name} {spec.environment} cache ({cache.engine})",
        engine=cache.engine,
        engine_version=cache.engine_version,
        cache_node_type=cache.node_type,
        num_cache_clusters=cache.nodes,
        automatic_failover_enabled=replicated,
        multi_az_enabled=replicated,
        preferred_cache_cluster_a_zs=[
            spec.availability_zones[n % len(spec.availability_zones)] for n in range(cache.nodes)
        ],
        transit_encryption_enabled=True,
        transit_encryption_mode="required",
        at_rest_encryption_enabled=True,
        kms_key_id=key.key_arn,
        user_group_ids=[users.ref],
        snapshot_retention_limit=cache.snapshot_retention_days,
        snapshot_window=cache.snapshot_window,
        preferred_maintenance_window=CACHE_MAINTENANCE_WINDOW,
        port=CACHE_PORT,
        cache_subnet_group_name=subnets.ref,
        security_group_ids=[security_group.security_group_id],
        auto_minor_version_upgrade=True,
        log_delivery_configurations=[
            elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty(
                destination_type="cloudwatch-logs",
                log_format="json",
                log_type="slow-log",
                destination_details=elasticache.CfnReplicationGroup.DestinationDetailsProperty(
                    cloud_watch_logs_details=elasticache.CfnReplicationGroup.CloudWatchLogsDestinationDetailsProperty(
                        log_group=slow_log.log_group_name
                    )
                ),
            )
        ],
    )
    group.apply_removal_policy(placement.removal)
    reasons = {
        "AwsSolutions-AEC6": (
            "Authentication is RBAC (a user group) with IAM authentication: stronger than "
            "an AUTH token and leaves no secret to store or rotate; the rule only looks for "
            "an AuthToken."
        ),
        "NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup": (
            f"Snapshots are kept {cache.snapshot_retention_days} day(s) as the spec says: "
            f"the cache holds derived data with a {cache.ttl_seconds} s TTL that is rebuilt "
            "from DynamoDB and Neptune, which are the backed-up stores."
        ),
        "AwsSolutions-AEC5": (
            f"{CACHE_PORT} is the port the services and the security groups are built "
            "around; only the cluster and named pod security groups reach it."
        ),
    }
    if not replicated:
        reasons["AwsSolutions-AEC4"] = (
            f"The {spec.environment} spec runs one cache node (data.cache.nodes: 1) to save "
            "cost; there is no replica to fail over to. prod runs three across zones."
        )
    acknowledge(group, reasons)
    CfnOutput(scope, "CacheEndpoint", value=group.attr_primary_end_point_address)
    CfnOutput(scope, "CachePort", value=group.attr_primary_end_point_port)
    CfnOutput(
        scope,
        "CacheGroupId",
        value=group.ref,
        description="the host part of the IAM authentication token the services sign",
    )
    CfnOutput(scope, "CacheReaderEndpoint", value=group.attr_reader_end_point_address)
    CfnOutput(scope, "CacheUser", value=app_user_name, description="IAM-authenticated RBAC user")
    CfnOutput(
        scope,
        "CacheUserArn",
        value=app_user.attr_arn,
        description="with the replication group, the resources of elasticache:Connect",
    )
    return Cache(group, app_user.attr_arn)
