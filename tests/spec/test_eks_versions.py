from __future__ import annotations

from datetime import date

from chariot.spec.eks_versions import SUPPORT, newest_supported, standard_support_problem


def test_windows_are_ordered() -> None:
    for window in SUPPORT.values():
        assert window.released < window.end_of_standard < window.end_of_extended


def test_in_standard_support() -> None:
    assert standard_support_problem("1.35", date(2026, 11, 26)) is None
    assert standard_support_problem("1.34", date(2026, 12, 2)) is None


def test_extended_support_is_refused_with_the_price() -> None:
    reason = standard_support_problem("1.34", date(2026, 12, 3))
    assert reason is not None
    assert "in extended support until 2027-12-02 ($0.60/h instead of $0.10/h)" in reason


def test_not_yet_released() -> None:
    assert standard_support_problem("1.35", date(2025, 12, 1)) == (
        "Kubernetes 1.35 is not released on EKS until 2026-01-27"
    )


def test_newest_supported() -> None:
    assert newest_supported(date(2026, 11, 26)) == "1.35"
    assert newest_supported(date(2025, 6, 1)) == "1.33"
