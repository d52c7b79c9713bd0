from __future__ import annotations

from aws_cdk import aws_logs as logs

from chariot.infra.log_retention import RETENTION, retention


def test_exact_periods_map_to_themselves() -> None:
    assert retention(365) == logs.RetentionDays.ONE_YEAR
    assert retention(30) == logs.RetentionDays.ONE_MONTH


def test_other_days_round_up_so_logs_are_never_kept_shorter() -> None:
    assert retention(31) == logs.RetentionDays.TWO_MONTHS
    assert retention(2) == logs.RetentionDays.THREE_DAYS


def test_beyond_the_longest_period_keeps_ten_years() -> None:
    assert retention(99_999) == logs.RetentionDays.TEN_YEARS
    assert [days for days, _ in RETENTION] == sorted(days for days, _ in RETENTION)
