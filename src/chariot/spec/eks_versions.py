"""When each EKS Kubernetes minor version leaves standard and extended support.

Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS"
(https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), cross-checked with
https://endoflife.date/amazon-eks; read 2026-11-26. Standard support lasts 14 months from the EKS
release, extended support 12 more at $0.60 per cluster-hour instead of $0.10.
Update this table when EKS ships a new minor version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TABLE_READ_ON = date(2026, 11, 26)
SOURCE_URL = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html"


@dataclass(frozen=True)
class SupportWindow:
    released: date
    end_of_standard: date
    end_of_extended: date


SUPPORT: dict[str, SupportWindow] = {
    "1.29": SupportWindow(date(2024, 1, 23), date(2025, 3, 23), date(2026, 3, 23)),
    "1.30": SupportWindow(date(2024, 5, 23), date(2025, 7, 23), date(2026, 7, 23)),
    "1.31": SupportWindow(date(2024, 9, 26), date(2025, 11, 26), date(2026, 11, 26)),
    "1.32": SupportWindow(date(2025, 1, 23), date(2026, 3, 23), date(2027, 3, 23)),
    "1.33": SupportWindow(date(2025, 5, 29), date(2026, 7, 29), date(2027, 7, 29)),
    "1.34": SupportWindow(date(2025, 10, 2), date(2026, 12, 2), date(2027, 12, 2)),
    "1.35": SupportWindow(date(2026, 1, 27), date(2027, 3, 27), date(2028, 3, 27)),
}


def standard_support_problem(version: str, on: date) -> str | None:
    """Why `version` cannot be used on day `on`, or None when it is in standard support."""
    window = SUPPORT.get(version)
    if window is None:
        known = ", ".join(SUPPORT)
        return f"Kubernetes {version} is not in the EKS support table (known: {known}; {SOURCE_URL})"
    if on < window.released:
        return f"Kubernetes {version} is not released on EKS until {window.released.isoformat()}"
    if on > window.end_of_standard:
        state = (
            f"in extended support until {window.end_of_extended.isoformat()} ($0.60/h instead of "
            "$0.10/h)"
            if on <= window.end_of_extended
            else f"out of support since {window.end_of_extended.isoformat()} (cannot be created)"
        )
        return (
            f"Kubernetes {version} left EKS standard support on "
            f"{window.end_of_standard.isoformat()}; on {on.isoformat()} it is {state}. "
            f"Use {newest_supported(on)} ({SOURCE_URL})"
        )
    return None


def newest_supported(on: date) -> str:
    """The newest version in standard support on `on`."""
    versions = [v for v, w in SUPPORT.items() if w.released <= on <= w.end_of_standard]
    return max(versions, key=lambda v: tuple(int(p) for p in v.split(".")))
