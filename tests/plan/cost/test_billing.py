"""Billing rules: the arithmetic AWS applies, each rule checked against a hand calculation."""

from __future__ import annotations

import pytest

from chariot.plan.cost import billing


def test_a_month_is_730_hours() -> None:
    assert billing.HOURS_PER_MONTH == 730
    assert billing.monthly_hours(3) == 2190


def test_tiers_split_a_quantity_in_order() -> None:
    assert billing.split_tiers(400, billing.HTTP_API_TIERS) == [
        (300, "apigw.http.requests.tier1"),
        (100, "apigw.http.requests.tier2"),
    ]
    assert billing.split_tiers(100, billing.HTTP_API_TIERS) == [(100, "apigw.http.requests.tier1")]
    assert billing.split_tiers(0, billing.REST_API_TIERS) == []
    parts = billing.split_tiers(25_000, billing.REST_API_TIERS)
    assert [amount for amount, _ in parts] == [333, 667, 19_000, 5_000]


@pytest.mark.parametrize(
    ("kwargs", "lcu"),
    [
        ({"new_per_s": 50}, 2.0),  # 25 new connections per second per LCU
        ({"active": 6000}, 2.0),  # 3,000 active connections per LCU
        ({"gb_per_hour": 0.5}, 0.5),  # 1 GB per hour per LCU
        ({"rules_per_s": 3000}, 3.0),
        ({"new_per_s": 25, "gb_per_hour": 4}, 4.0),  # the largest dimension wins
    ],
)
def test_alb_bills_the_largest_lcu_dimension(kwargs: dict[str, float], lcu: float) -> None:
    assert billing.alb_lcu(**kwargs) == pytest.approx(lcu)


def test_nlb_capacity_units() -> None:
    assert billing.nlb_nlcu(new_per_s=1600) == pytest.approx(2)
    assert billing.nlb_nlcu(active=50_000, gb_per_hour=3) == pytest.approx(3)


def test_on_demand_writes_amplify_per_gsi() -> None:
    assert billing.dynamodb_on_demand_writes(10, 0) == 10
    assert billing.dynamodb_on_demand_writes(10, 2) == 30


def test_logs_keep_a_retention_period_of_ingest() -> None:
    assert billing.log_storage_gb(10, 365) == pytest.approx(10 * 365 / 30.4167)
    assert billing.log_storage_gb(10, None) == 120  # never expires: a year counted


def test_kms_bills_at_most_two_rotations() -> None:
    assert [billing.kms_rotated_versions(y) for y in (0, 0.5, 1, 2, 5)] == [0, 0, 1, 2, 2]


def test_cognito_free_tier_depends_on_the_feature_tier() -> None:
    assert billing.cognito_billable_mau(8000, "ESSENTIALS") == 0
    assert billing.cognito_billable_mau(12_000, "LITE") == 2000
    assert billing.cognito_billable_mau(500, "PLUS") == 500


def test_interface_endpoint_break_even_against_nat() -> None:
    # 3 AZs x $0.01 x 730 h = $21.90 fixed; NAT saves $0.035/GB more -> ~626 GB/month
    gb = billing.interface_endpoint_break_even_gb(3, 0.045, 0.01, 0.01)
    assert gb == pytest.approx(21.9 / 0.035)
    assert gb * 0.045 == pytest.approx(21.9 + gb * 0.01)
