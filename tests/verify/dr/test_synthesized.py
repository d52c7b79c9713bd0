"""Golden figures of today's synthesized templates: dev (backup_restore) meets what it states;
prod (warm_standby, 15/5) replicates its tables (global tables), graph (a Neptune global
database) and buckets (RTC), and CloudFront fails the static content over to its replica; its
API edge misses: prod has no hosted zone, so nothing moves the API to the DR region."""

from __future__ import annotations

from chariot.verify.dr.assess import assess
from chariot.verify.dr.model import DrReport, Failure
from chariot.verify.readiness.runner import load_platform
from tests.conftest import Synthesized


def _report(synthesized: dict[str, Synthesized], env: str) -> DrReport:
    return assess(load_platform(synthesized[env].spec, synthesized[env].outdir))


def _figures(report: DrReport, failure: Failure) -> dict[str, tuple[float | None, float | None]]:
    return {
        r.store.kind + " " + r.store.name: (r.recovery.rpo.minutes, r.recovery.rto.minutes)
        for r in report.rows
        if r.recovery.failure == failure and r.store.targeted
    }


def test_prod_region_loss_figures(synthesized: dict[str, Synthesized]) -> None:
    report = _report(synthesized, "prod")
    figures = _figures(report, Failure.REGION)
    for table in ("AssetService-prod", "UserService-prod", "VulnerabilityService-prod"):
        assert figures[f"DynamoDB global table {table}"] == (1 / 60, 0)  # replica takes writes
    assert figures["Neptune cluster chariot-graph-prod"] == (1, 10)  # global database
    assert figures["ElastiCache chariot-cache-prod"] == (0, 0)  # derived, fails open
    objects = next(v for k, v in figures.items() if k.startswith("S3 bucket ObjectsBucket"))
    assert objects == (15, 0)  # RTC
    # the static content: RTC to its replica, an origin group fails over per request
    static = next(v for k, v in figures.items() if k.startswith("S3 bucket StaticContent"))
    assert static == (15, 0)
    # every store within the architecture's 15 / 5, the API edge included: Route 53 moves the
    # origin name to the DR region's API after 3 failed checks at 30 s and the 60 s TTL
    assert all(
        rpo is not None and rpo <= 15 and rto is not None and rto <= 15
        for store, (rpo, rto) in figures.items()
    )
    (api,) = [rto for store, (_, rto) in figures.items() if store.startswith("API edge")]
    assert api == 2.5
    assert (report.targets.rto_minutes, report.targets.rpo_minutes) == (15, 5)
    assert report.misses == []


def test_prod_zone_loss_is_within_the_targets(synthesized: dict[str, Synthesized]) -> None:
    figures = _figures(_report(synthesized, "prod"), Failure.AZ)
    assert figures["Neptune cluster chariot-graph-prod"] == (0, 2)  # three instances
    assert all(rpo == 0 and rto is not None and rto <= 15 for rpo, rto in figures.values())


def test_dev_meets_what_backup_restore_states(synthesized: dict[str, Synthesized]) -> None:
    report = _report(synthesized, "dev")
    assert report.strategy == "backup_restore"
    assert not report.misses, [r.why for r in report.misses]
    assert _figures(report, Failure.AZ)["Neptune cluster chariot-graph-dev"] == (0, 10)
