"""The API edge's region loss, from hand-written templates: the failover records' health check
and TTL give the switch time; a missing SECONDARY or hosted zone fails warm_standby with the
reason, and other strategies keep their planned figure."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.dr.assess import assess
from chariot.verify.dr.model import DrReport, Failure, Row
from chariot.verify.readiness.base import Template
from tests.verify.readiness.fixtures import platform, resource, template

ORIGIN = "origin.api.example.com"
DR = "us-west-2"


def _architecture(specs: dict[str, PlatformSpec], *, zone: bool = True) -> PlatformSpec:
    """prod at the architecture's 15/5, with a hosted zone unless `zone` is False."""
    prod = specs["prod"]
    dr = prod.dr.model_copy(update={"rto_minutes": 15, "rpo_minutes": 5})
    edge = prod.edge.model_copy(
        update={"domain_name": "api.example.com", "hosted_zone": "example.com"}
        if zone
        else {"domain_name": None, "hosted_zone": None}
    )
    return prod.model_copy(update={"dr": dr, "edge": edge})


def _edge(*records: tuple[str, dict[str, Any]], interval: int = 30) -> Template:
    distribution = resource(
        "AWS::CloudFront::Distribution",
        DistributionConfig={
            "Origins": [
                {"Id": "static", "DomainName": "b.s3.amazonaws.com", "S3OriginConfig": {}},
                {"Id": "api", "DomainName": ORIGIN, "CustomOriginConfig": {}},
            ]
        },
    )
    check = resource(
        "AWS::Route53::HealthCheck",
        HealthCheckConfig={"Type": "TCP", "Port": 443, "RequestInterval": interval,
                           "FailureThreshold": 3},
    )  # fmt: skip
    return template(
        "chariot-prod-edge",
        {"Distribution": distribution, "Check": check, **dict(records)},
    )


def _record(role: str, checked: bool = True) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "Name": f"{ORIGIN}.",
        "Type": "CNAME",
        "TTL": "60",
        "Failover": role,
        "SetIdentifier": role.lower(),
        "ResourceRecords": ["d-abc.execute-api.example.amazonaws.com"],
    }
    if checked:
        properties["HealthCheckId"] = {"Ref": "Check"}
    return resource("AWS::Route53::RecordSet", **properties)


def _secondary() -> Template:
    return template(
        "chariot-prod-dr-edge", {"Secondary": _record("SECONDARY", checked=False)}, region=DR
    )


def _row(report: DrReport, failure: Failure) -> Row:
    return next(
        r for r in report.rows if r.store.kind == "API edge" and r.recovery.failure == failure
    )


def test_failover_records_move_the_api_in_two_and_a_half_minutes(
    specs: dict[str, PlatformSpec],
) -> None:
    edge = _edge(("Primary", _record("PRIMARY")))
    report = assess(platform(_architecture(specs), edge, _secondary()))
    row = _row(report, Failure.REGION)
    assert row.met is True, row.why
    assert row.recovery.rto.minutes == 2.5  # 3 checks at 30 s + 60 s TTL
    assert row.recovery.rto.basis == "3 failed checks at 30 s, then the record's 60 s TTL"
    assert f"answers with {DR}" in row.recovery.mechanism
    assert row.store.name == ORIGIN
    assert _row(report, Failure.AZ).met is True


def test_the_switch_time_is_read_from_the_health_check(specs: dict[str, PlatformSpec]) -> None:
    edge = _edge(("Primary", _record("PRIMARY")), interval=10)
    report = assess(platform(_architecture(specs), edge, _secondary()))
    assert _row(report, Failure.REGION).recovery.rto.minutes == 1.5


def test_a_primary_without_a_secondary_fails_warm_standby(specs: dict[str, PlatformSpec]) -> None:
    report = assess(platform(_architecture(specs), _edge(("Primary", _record("PRIMARY")))))
    row = _row(report, Failure.REGION)
    assert row.met is False
    assert row.recovery.rto.minutes == 24 * 60  # the API is deployed there on the day
    assert row.recovery.mechanism.endswith(
        "a health-checked PRIMARY record but no SECONDARY in another region "
        f"(nothing in {DR} serves the API yet)"
    )


def test_an_unchecked_primary_does_not_count(specs: dict[str, PlatformSpec]) -> None:
    edge = _edge(("Primary", _record("PRIMARY", checked=False)))
    report = assess(platform(_architecture(specs), edge, _secondary()))
    assert _row(report, Failure.REGION).met is False


def test_warm_standby_without_a_hosted_zone_says_what_is_missing(
    specs: dict[str, PlatformSpec],
) -> None:
    report = assess(platform(_architecture(specs, zone=False), _edge()))
    row = _row(report, Failure.REGION)
    assert row.met is False
    assert "the spec has no edge.hosted_zone and edge.domain_name" in row.recovery.mechanism
    assert "\n" not in row.why


def test_other_strategies_keep_their_planned_figure(specs: dict[str, PlatformSpec]) -> None:
    dev = specs["dev"]
    report = assess(platform(dev, _edge()))
    row = _row(report, Failure.REGION)
    assert dev.dr.strategy == "backup_restore"
    assert row.recovery.rto.minutes == 24 * 60
    assert row.met is True  # dev states RTO a day
    assert "traffic moves as part of backup_restore's recovery" in row.recovery.mechanism


def test_no_api_origin_no_row(specs: dict[str, PlatformSpec]) -> None:
    report = assess(platform(_architecture(specs), template()))
    assert not [r for r in report.rows if r.store.kind == "API edge"]
