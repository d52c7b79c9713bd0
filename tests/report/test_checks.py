"""The report's own checks are evaluated on the result, so each can fail: a spec rule on a spec
that bypassed the loader, a constraint on a placement that breaks it, a stale price catalog."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from chariot.plan.placement import place
from chariot.report.checks import cost_checks, placement_checks, spec_rule_checks
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.registry import RULES
from tests.plan.conftest import vary

TODAY = date(2026, 11, 26)


def test_every_spec_rule_holds_on_the_shipped_spec(prod: PlatformSpec) -> None:
    checks = spec_rule_checks(prod, TODAY)
    assert [c.name for c in checks] == list(RULES)
    assert all(c.passed and c.detail == "holds" for c in checks)


def test_a_spec_rule_fails_on_a_spec_that_breaks_it(prod: PlatformSpec) -> None:
    broken = vary(prod, dr__dr_region=prod.region)
    (check,) = [c for c in spec_rule_checks(broken, TODAY) if not c.passed]
    assert check.name == "dr-region-distinct"
    assert check.detail == f"dr.dr_region: the DR region must differ from the primary {prod.region}"


def test_a_placement_that_breaks_a_constraint_fails_it(prod: PlatformSpec) -> None:
    placements = place(prod)
    assert all(c.passed for c in placement_checks(prod, placements))
    users = dataclasses.replace(placements["users"], compute="fargate")
    failed = [c for c in placement_checks(prod, {**placements, "users": users}) if not c.passed]
    assert "mesh-not-on-fargate" in [c.name for c in failed]
    assert all(c.detail.startswith("users: ") for c in failed)


def test_a_stale_price_catalog_fails_the_freshness_check(prod: PlatformSpec) -> None:
    from chariot.plan.cost.estimate import CostEstimate

    cost = CostEstimate(
        prod.environment,
        prod.region,
        [],
        [],
        [],
        [],
        ["x"],
        "us-east-1.yaml",
        "2026-01-02",
        None,
        str(Path("dist")),
        stale_catalog="price catalog us-east-1.yaml: too old",
    )
    fresh, priced = cost_checks(cost)
    assert (fresh.passed, fresh.detail) == (False, "price catalog us-east-1.yaml: too old")
    assert priced.passed
    ok = cost_checks(dataclasses.replace(cost, stale_catalog=None))[0]
    assert (ok.passed, ok.detail) == (True, "oldest price read 2026-01-02")
