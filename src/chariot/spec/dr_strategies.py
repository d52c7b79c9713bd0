"""What each DR strategy runs in the DR region, what it costs, and what it achieves when the
primary region is lost; and the recovery figures of the AWS mechanisms behind them.

The figures are the ones AWS documents (each with its page); where AWS gives a word instead of a
number ("minutes", "hours") the figure is chariot's planning figure and says so in its basis. A
game day (the runbook) measures the real ones. The spec rule dr-strategy-meets-targets compares
the strategy's figures with `dr`; `chariot dr` (chariot.verify.dr) compares the figures of the
mechanisms it finds in the synthesized templates, store by store.
"""

from __future__ import annotations

from dataclasses import dataclass

from chariot.spec.model import DrStrategy, PlatformSpec


@dataclass(frozen=True)
class Figure:
    """A recovery time or point in minutes; None when nothing bounds it (the data is lost, or
    the time grows with the data without a documented limit)."""

    minutes: float | None
    basis: str
    source: str


DR_WHITEPAPER = (
    "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/"
    "disaster-recovery-options-in-the-cloud.html"
)
GLOBAL_TABLES = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-CoreConcepts.html"
DYNAMODB_AZ = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-global-table-design.html"
)
PITR_RESTORE = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "pointintimerecovery_restores.html"
)
NEPTUNE_AZ = "https://docs.aws.amazon.com/neptune/latest/userguide/backup-restore-overview-fault-tolerance.html"
NEPTUNE_GLOBAL = (
    "https://docs.aws.amazon.com/neptune/latest/userguide/neptune-gdb-disaster-recovery.html"
)
S3_RTC = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html"
S3_REPLICATION = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html"
S3_DURABILITY = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/DataDurability.html"
BACKUP_COPIES = "https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html"
ELASTICACHE_MULTI_AZ = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html"
ROUTE53_HEALTH = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "dns-failover-determining-health-of-endpoints.html"
)
ROUTE53_FAILOVER = (
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html"
)
CLOUDFRONT_ORIGIN_FAILOVER = (
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
    "high_availability_origin_failover.html"
)
CACHE_FAIL_OPEN = "src/chariot/runtime/kit/cache.py (reads fail open to the tables)"

NONE_LOST = 0.0
ONE_SECOND = 1 / 60

# Replication and failover (AWS figures).
GLOBAL_TABLE_RPO = Figure(
    ONE_SECOND,
    "global tables replicate each write to the other replicas asynchronously, typically "
    "within a second (ReplicationLatency per region pair)",
    GLOBAL_TABLES,
)
NEPTUNE_GLOBAL_RPO = Figure(
    1.0,
    "Neptune global database storage replication: RPO 'typically measured in seconds'; "
    "counted as one minute",
    NEPTUNE_GLOBAL,
)
NEPTUNE_PROMOTE_MINUTES = 10.0
NEPTUNE_GLOBAL_RTO = Figure(
    NEPTUNE_PROMOTE_MINUTES,
    "detach-and-promote the secondary cluster: AWS gives 'on the order of minutes'; chariot "
    "plans 10 minutes until a game day measures it",
    NEPTUNE_GLOBAL,
)
NEPTUNE_HEADLESS_RTO = Figure(
    30.0,
    "the secondary has no instance: one must be created before it serves (planning figure)",
    NEPTUNE_GLOBAL,
)
NEPTUNE_REPLICA_FAILOVER = Figure(
    2.0, "a replica in another zone is promoted, 'typically in less than 120 seconds'", NEPTUNE_AZ
)
NEPTUNE_NEW_PRIMARY = Figure(
    10.0, "no replica: a new primary instance is created, 'typically in less than 10 minutes'",
    NEPTUNE_AZ,
)  # fmt: skip
S3_RTC_RPO = Figure(
    15.0,
    "S3 Replication Time Control: most objects in seconds, 99.99 % within 15 minutes (SLA)",
    S3_RTC,
)
S3_PLAIN_REPLICATION_RPO = Figure(
    None,
    "replication without RTC has no bound: most objects within 15 minutes, some take hours",
    S3_REPLICATION,
)
ORIGIN_GROUP_RTO = Figure(
    0.0,
    "CloudFront origin group: every GET, HEAD or OPTIONS the primary fails (5xx, no "
    "connection, timeout) is sent to the replica, request by request; nothing to switch (a "
    "failing request waits for the connection attempts, 30 s by default)",
    CLOUDFRONT_ORIGIN_FAILOVER,
)
REPOINT_DISTRIBUTION_RTO = Figure(
    30.0,
    "no origin group: the distribution's origin is changed to the replica and CloudFront "
    "deploys the change to its edge locations (planning figure)",
    CLOUDFRONT_ORIGIN_FAILOVER,
)
# Restores (AWS gives no upper bound; planning figure).
RESTORE_RTO = Figure(
    24 * 60.0,
    "restore every table and the graph from backups into new resources and repoint the "
    "services: AWS bounds no restore time (it grows with the data); chariot plans a day",
    PITR_RESTORE,
)
# The API with nothing serving it in the DR region (planning figure, as for a restore).
REDEPLOY_EDGE_RTO = Figure(
    24 * 60.0,
    "deploy the edge, the add-ons and the services in the DR region and point the "
    "distribution's API origin there: a deployment on the day, which chariot plans as a day",
    DR_WHITEPAPER,
)
# What each strategy needs in front of the data: traffic moved and compute ready. The edge's
# failover records (infra/edge/failover.py) are built with these; `chariot dr` reads them back
# from the templates (verify/dr/stores/edge.py).
HEALTH_CHECK_INTERVAL_SECONDS = 30  # Route 53 offers 10 or 30 (ROUTE53_HEALTH)
HEALTH_CHECK_FAILURE_THRESHOLD = 3  # consecutive failures before the endpoint is unhealthy
FAILOVER_RECORD_TTL_SECONDS = 60  # how long resolvers keep the old answer after the switch
DNS_FAILOVER_MINUTES = 3.0  # 3 failed checks at 30 s + the record's 60 s TTL, with margin
PILOT_LIGHT_RTO_MINUTES = 60.0  # nodes, images, Neptune instances and a cache created on the day
WARM_STANDBY_RTO_MINUTES = NEPTUNE_PROMOTE_MINUTES + DNS_FAILOVER_MINUTES + 2

OBJECTS_RPO = 15.0  # S3_RTC_RPO


@dataclass(frozen=True)
class Strategy:
    """One strategy: what stands in the DR region, its cost, and its region-loss recovery."""

    name: DrStrategy
    runs_in_dr_region: str
    cost: str
    replicates_data: bool
    rpo: Figure
    rto: Figure


def backup_interval_minutes(spec: PlatformSpec) -> int:
    """How often AWS Backup copies the tables and the graph to the DR vault: hourly (AWS
    Backup's shortest schedule) when the RPO is under a day, else daily."""
    return 60 if spec.dr.rpo_minutes < 24 * 60 else 24 * 60


def strategy(spec: PlatformSpec) -> Strategy:
    """The figures of the spec's strategy."""
    return strategies(spec)[spec.dr.strategy]


def strategies(spec: PlatformSpec) -> dict[DrStrategy, Strategy]:
    interval = backup_interval_minutes(spec)
    replicated_rpo = Figure(
        NEPTUNE_GLOBAL_RPO.minutes,
        "tables as global tables (about a second) and the graph as a Neptune global database "
        "(seconds)",
        NEPTUNE_GLOBAL,
    )
    return {
        "backup_restore": Strategy(
            "backup_restore",
            "the backup copy vault and the objects replica bucket only",
            "backup copy storage and the replica bucket; no compute",
            False,
            Figure(
                float(interval),
                f"AWS Backup copies every {interval} minutes (plus the job's own duration)",
                BACKUP_COPIES,
            ),
            RESTORE_RTO,
        ),
        "pilot_light": Strategy(
            "pilot_light",
            "global table replicas, a Neptune secondary cluster, the static content's replica "
            "(a CloudFront failover origin), the replicated images, the network and an EKS "
            "control plane with its system nodes; no service pods",
            "replicated writes and replica storage, the secondary's instance, the control "
            "plane ($0.10/h), system nodes and NAT, the static replica's storage and "
            "replication (RTC), the images' storage",
            True,
            replicated_rpo,
            Figure(
                PILOT_LIGHT_RTO_MINUTES,
                "AWS: 'tens of minutes'; chariot plans an hour to scale the cluster out, "
                "create the graph's instances and a cache, and move traffic",
                DR_WHITEPAPER,
            ),
        ),
        "warm_standby": Strategy(
            "warm_standby",
            "everything pilot light runs, plus the services at minimum replicas, a cache, "
            "and health-checked failover records in front of both regions",
            "pilot light plus the services' minimum nodes, the cache nodes and the health checks",
            True,
            replicated_rpo,
            Figure(
                WARM_STANDBY_RTO_MINUTES,
                f"Route 53 moves traffic in about {DNS_FAILOVER_MINUTES:g} minutes (3 failed "
                f"checks at 30 s and a 60 s TTL), the graph's secondary is promoted in "
                f"{NEPTUNE_PROMOTE_MINUTES:g} (planning), the running services scale out "
                "meanwhile; 2 minutes of margin",
                ROUTE53_HEALTH,
            ),
        ),
    }


def replicates_data(spec: PlatformSpec) -> bool:
    """Whether the spec's strategy keeps the data replicated in the DR region (global tables,
    a Neptune global database) rather than only copied there."""
    return strategy(spec).replicates_data
