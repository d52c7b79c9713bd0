"""What each store kind achieves, from hand-written templates: today's resources and those the
DR infrastructure will emit (global tables, a Neptune global database, S3 with RTC)."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.dr.assess import assess
from chariot.verify.dr.model import DrReport, Failure, Row
from tests.verify.readiness.fixtures import platform, resource, template

DR = "us-west-2"
PITR = {"PointInTimeRecoveryEnabled": True}


def _architecture(specs: dict[str, PlatformSpec]) -> PlatformSpec:
    """prod with the architecture's targets, RTO 15 min / RPO 5 min (what prod.yaml states;
    pinned here so these cases do not follow an edit of it)."""
    prod = specs["prod"]
    dr = prod.dr.model_copy(update={"rto_minutes": 15, "rpo_minutes": 5})
    return prod.model_copy(update={"dr": dr})


def _row(report: DrReport, store: str, failure: Failure) -> Row:
    return next(r for r in report.rows if r.store.name == store and r.recovery.failure == failure)


def _global_table(name: str, *regions: str, pitr: bool = True) -> dict[str, Any]:
    spec = PITR if pitr else {"PointInTimeRecoveryEnabled": False}
    return resource(
        "AWS::DynamoDB::GlobalTable",
        TableName=name,
        Replicas=[
            {
                "Region": r,
                "PointInTimeRecoverySpecification": spec,
                "DeletionProtectionEnabled": True,
            }
            for r in regions
        ],
    )


def test_global_tables_in_every_shard_stack_meet_15_and_5(specs: dict[str, PlatformSpec]) -> None:
    shards = [
        template(f"chariot-prod-services-{n}", {"T": _global_table(f"T{n}-prod", "us-east-1", DR)})
        for n in (1, 2)
    ]
    report = assess(platform(_architecture(specs), *shards))
    for name in ("T1-prod", "T2-prod"):
        row = _row(report, name, Failure.REGION)
        assert row.met is True, row.why
        assert row.recovery.rpo.minutes == 1 / 60
        assert row.recovery.rto.minutes == 0
        assert "replica in us-west-2" in row.recovery.mechanism
        data = _row(report, name, Failure.DATA)
        assert data.met is None
        assert data.recovery.mechanism.startswith("PITR on every replica")
    assert not report.misses


def test_a_global_table_without_a_dr_replica_loses_the_region(
    specs: dict[str, PlatformSpec],
) -> None:
    report = assess(
        platform(_architecture(specs), template(resources={"T": _global_table("T", "us-east-1")}))
    )
    row = _row(report, "T", Failure.REGION)
    assert row.met is False
    assert row.why.startswith("RPO unbounded")


def test_a_global_table_replica_without_pitr_has_no_restore(
    specs: dict[str, PlatformSpec],
) -> None:
    tables = {"T": _global_table("T", "us-east-1", DR, pitr=False)}
    report = assess(platform(_architecture(specs), template(resources=tables)))
    assert _row(report, "T", Failure.DATA).recovery.rpo.minutes is None


def _neptune(secondary_instances: int, literal: bool) -> list[Any]:
    gid: Any = "graph-global" if literal else {"Ref": "Global"}
    primary = {
        "Global": resource("AWS::Neptune::GlobalCluster", GlobalClusterIdentifier="graph-global"),
        "Graph": resource(
            "AWS::Neptune::DBCluster", DBClusterIdentifier="graph", GlobalClusterIdentifier=gid
        ),
        "Writer": resource("AWS::Neptune::DBInstance", DBClusterIdentifier={"Ref": "Graph"}),
        "Reader": resource("AWS::Neptune::DBInstance", DBClusterIdentifier={"Ref": "Graph"}),
    }
    secondary: dict[str, Any] = {
        "Graph": resource(
            "AWS::Neptune::DBCluster",
            DBClusterIdentifier="graph-dr",
            GlobalClusterIdentifier="graph-global",
        )
    }
    for n in range(secondary_instances):
        secondary[f"I{n}"] = resource("AWS::Neptune::DBInstance", DBClusterIdentifier="graph-dr")
    return [template("data", primary), template("data-dr", secondary, region=DR)]


def test_a_neptune_global_database_fails_over_in_minutes(specs: dict[str, PlatformSpec]) -> None:
    for literal in (True, False):
        report = assess(platform(_architecture(specs), *_neptune(1, literal)))
        assert [s.name for s in report.stores] == ["graph"]  # the secondary is not a store
        row = _row(report, "graph", Failure.REGION)
        assert row.met is True, row.why
        assert (row.recovery.rpo.minutes, row.recovery.rto.minutes) == (1.0, 10.0)
        assert "secondary in us-west-2 (1 instances)" in row.recovery.mechanism
        zone = _row(report, "graph", Failure.AZ)
        assert zone.recovery.rto.minutes == 2.0  # two instances: a replica is promoted


def test_a_global_database_made_from_the_primary_counts_its_secondary(
    specs: dict[str, PlatformSpec],
) -> None:
    """What chariot synthesizes: the primary has no GlobalClusterIdentifier; the GlobalCluster
    names it as SourceDBClusterIdentifier (an ARN joined around a Ref)."""
    arn = {"Fn::Join": ["", ["arn:aws:rds:us-east-1:111122223333:cluster:", {"Ref": "Graph"}]]}
    secondary = _neptune(1, True)[1]
    for source in (arn, None):
        database = resource("AWS::Neptune::GlobalCluster", GlobalClusterIdentifier="graph-global")
        if source is not None:
            database["Properties"]["SourceDBClusterIdentifier"] = source
        primary = template(
            "data",
            {
                "Global": database,
                "Graph": resource("AWS::Neptune::DBCluster", DBClusterIdentifier="graph"),
            },
        )
        report = assess(platform(_architecture(specs), primary, secondary))
        assert [s.name for s in report.stores] == ["graph"]
        row = _row(report, "graph", Failure.REGION)
        # Without the source the primary is in no global database: the copies are all it has.
        assert row.met is (source is not None)


def test_a_headless_neptune_secondary_misses_an_rto_of_15(
    specs: dict[str, PlatformSpec],
) -> None:
    row = _row(assess(platform(_architecture(specs), *_neptune(0, True))), "graph", Failure.REGION)
    assert row.met is False
    assert row.why.startswith("RTO 30 min > 15 min")


def _bucket(name: str, **properties: Any) -> dict[str, Any]:
    return resource(
        "AWS::S3::Bucket", BucketName=name, VersioningConfiguration={"Status": "Enabled"},
        **properties,
    )  # fmt: skip


def _replicated(rtc: bool) -> list[Any]:
    destination: dict[str, Any] = {"Bucket": "arn:aws:s3:::replica"}
    if rtc:
        destination["ReplicationTime"] = {"Status": "Enabled", "Time": {"Minutes": 15}}
    source = _bucket(
        "objects",
        ReplicationConfiguration={
            "Role": "r",
            "Rules": [{"Status": "Enabled", "Destination": destination, "Filter": {"Prefix": ""}}],
        },
        LoggingConfiguration={"DestinationBucketName": {"Ref": "Logs"}},
    )
    home = template("security", {"Objects": source, "Logs": _bucket("logs")})
    return [home, template("dr", {"Replica": _bucket("replica")}, region=DR)]


def test_s3_with_replication_time_control_gives_objects_15_minutes(
    specs: dict[str, PlatformSpec],
) -> None:
    report = assess(platform(_architecture(specs), *_replicated(rtc=True)))
    assert sorted(s.name for s in report.stores) == ["logs", "objects"]  # replica is mechanism
    row = _row(report, "objects", Failure.REGION)
    assert row.met is True, row.why  # prod holds objects to dr.objects_rpo_minutes: 15
    assert row.recovery.rpo.minutes == 15
    logs = _row(report, "logs", Failure.REGION)
    assert (logs.store.kind, logs.met) == ("S3 log bucket", None)


def test_s3_replication_without_rtc_has_no_bound(specs: dict[str, PlatformSpec]) -> None:
    row = _row(
        assess(platform(_architecture(specs), *_replicated(rtc=False))), "objects", Failure.REGION
    )
    assert row.met is False
    assert row.why.startswith("RPO unbounded (replication without RTC has no bound")


def _published(*, group: bool, rtc: bool = True) -> list[Any]:
    """A static bucket CloudFront serves, replicated to `static-replica` in the DR region; with
    `group`, the default behaviour serves an origin group failing over to the replica."""
    destination: dict[str, Any] = {"Bucket": "arn:aws:s3:::static-replica"}
    if rtc:
        destination["ReplicationTime"] = {"Status": "Enabled", "Time": {"Minutes": 15}}
    static = resource(
        "AWS::S3::Bucket",
        VersioningConfiguration={"Status": "Enabled"},
        ReplicationConfiguration={
            "Role": "r",
            "Rules": [{"Status": "Enabled", "Destination": destination, "Filter": {"Prefix": ""}}],
        },
    )
    replica_domain = {"Fn::Join": ["", ["static-replica.s3.us-west-2.", {"Ref": "AWS::URLSuffix"}]]}
    config: dict[str, Any] = {
        "Origins": [
            {"Id": "primary", "DomainName": {"Fn::GetAtt": ["Static", "RegionalDomainName"]}},
            {"Id": "failover", "DomainName": replica_domain},
        ],
        "DefaultCacheBehavior": {"TargetOriginId": "group" if group else "primary"},
    }
    if group:
        config["OriginGroups"] = {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "group",
                    "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [503]}},
                    "Members": {
                        "Quantity": 2,
                        "Items": [{"OriginId": "primary"}, {"OriginId": "failover"}],
                    },
                }
            ],
        }
    cdn = resource("AWS::CloudFront::Distribution", DistributionConfig=config)
    edge = template("edge", {"Static": static, "Cdn": cdn})
    return [edge, template("dr", {"Replica": _bucket("static-replica")}, region=DR)]


def test_a_static_origin_with_a_replica_and_an_origin_group_fails_over_per_request(
    specs: dict[str, PlatformSpec],
) -> None:
    report = assess(platform(_architecture(specs), *_published(group=True)))
    assert [s.name for s in report.stores] == ["Static"]  # the replica is mechanism
    row = _row(report, "Static", Failure.REGION)
    assert row.met is True, row.why
    assert (row.recovery.rpo.minutes, row.recovery.rto.minutes) == (15, 0)
    assert "origin group fails over" in row.recovery.mechanism
    assert "high_availability_origin_failover" in row.recovery.rto.source


def test_a_static_origin_with_a_replica_but_no_origin_group_must_be_repointed(
    specs: dict[str, PlatformSpec],
) -> None:
    row = _row(
        assess(platform(_architecture(specs), *_published(group=False))), "Static", Failure.REGION
    )
    assert row.met is False
    assert row.recovery.rto.minutes == 30
    assert "no origin group" in row.recovery.mechanism


def test_an_origin_group_over_plain_replication_still_misses_the_objects_rpo(
    specs: dict[str, PlatformSpec],
) -> None:
    row = _row(
        assess(platform(_architecture(specs), *_published(group=True, rtc=False))),
        "Static",
        Failure.REGION,
    )
    assert row.met is False
    assert row.recovery.rto.minutes == 0
    assert row.why.startswith("RPO unbounded")
