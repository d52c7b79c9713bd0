"""Billing rules: how AWS turns hours, requests and gigabytes into a monthly bill.

Pure functions over quantities; the mappings decide which quantities a resource has and the
catalog holds the unit prices. Every rule here has a test.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

HOURS_PER_MONTH = 730  # AWS's own monthly convention (8760 h / 12)

# ALB: one LCU-hour covers the largest of 25 new connections/s, 3,000 active connections,
# 1 GB/h processed (EC2/IP targets) or 1,000 rule evaluations/s.
# NLB (TCP): one NLCU-hour covers 800 new connections/s, 100,000 active connections, 1 GB/h.
# Source: https://aws.amazon.com/elasticloadbalancing/pricing/
ALB_LCU = {"new_per_s": 25.0, "active": 3000.0, "gb_per_hour": 1.0, "rules_per_s": 1000.0}
NLB_NLCU = {"new_per_s": 800.0, "active": 100_000.0, "gb_per_hour": 1.0}

# API Gateway request tiers (millions of requests per month; None = no upper bound).
HTTP_API_TIERS: tuple[tuple[float | None, str], ...] = (
    (300.0, "apigw.http.requests.tier1"),
    (None, "apigw.http.requests.tier2"),
)
REST_API_TIERS: tuple[tuple[float | None, str], ...] = (
    (333.0, "apigw.rest.requests.tier1"),
    (667.0, "apigw.rest.requests.tier2"),
    (19_000.0, "apigw.rest.requests.tier3"),
    (None, "apigw.rest.requests.tier4"),
)

# API Gateway REST cache sizes (GB) -> price id.
API_CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")

FREE_COGNITO_MAU = 10_000  # Lite and Essentials tiers

# Always-free allowances, per account and month (the estimate assumes this environment is the
# only user of them in its account; say otherwise with the usage file's volumes).
# CloudFront: "1 TB of data transfer out to the internet per month, 10,000,000 HTTP or HTTPS
# Requests per month" - https://aws.amazon.com/cloudfront/pricing/
FREE_CLOUDFRONT_GB = 1024.0
FREE_CLOUDFRONT_REQUESTS_MILLIONS = 10.0
# Data transfer out to the internet from AWS regions: the first 100 GB a month are free -
# https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer
FREE_INTERNET_OUT_GB = 100.0


def after_free(quantity: float, free: float) -> float:
    """What is billed of `quantity` once a monthly free allowance is used up."""
    return max(0.0, quantity - free)


def monthly_hours(count: float = 1.0) -> float:
    """Hours billed in a month for `count` always-on units."""
    return count * HOURS_PER_MONTH


def split_tiers(
    quantity: float, tiers: Sequence[tuple[float | None, str]]
) -> list[tuple[float, str]]:
    """Split `quantity` over consecutive tiers of given sizes: [(amount, price id), ...]."""
    parts: list[tuple[float, str]] = []
    left = quantity
    for size, price_id in tiers:
        if left <= 0:
            break
        amount = left if size is None else min(left, size)
        parts.append((amount, price_id))
        left -= amount
    return parts


def alb_lcu(
    new_per_s: float = 0, active: float = 0, gb_per_hour: float = 0, rules_per_s: float = 0
) -> float:
    """ALB capacity units consumed per hour: the largest of the four dimensions."""
    return max(
        new_per_s / ALB_LCU["new_per_s"],
        active / ALB_LCU["active"],
        gb_per_hour / ALB_LCU["gb_per_hour"],
        rules_per_s / ALB_LCU["rules_per_s"],
    )


def nlb_nlcu(new_per_s: float = 0, active: float = 0, gb_per_hour: float = 0) -> float:
    """NLB (TCP) capacity units consumed per hour: the largest of the three dimensions."""
    return max(
        new_per_s / NLB_NLCU["new_per_s"],
        active / NLB_NLCU["active"],
        gb_per_hour / NLB_NLCU["gb_per_hour"],
    )


def dynamodb_on_demand_writes(writes_millions: float, gsi_count: int) -> float:
    """Write request units: every item write also writes each GSI it projects into (all, here)."""
    return writes_millions * (1 + gsi_count)


def log_storage_gb(ingest_gb_per_month: float, retention_days: int | None) -> float:
    """Steady-state stored log GB: a retention period's worth of ingest (12 months if forever)."""
    months = 12.0 if retention_days is None else retention_days / 30.4167
    return ingest_gb_per_month * months


def kms_rotated_versions(years_rotated: float) -> int:
    """Rotated key versions that are billed: one per yearly rotation, at most two."""
    return min(2, max(0, math.floor(years_rotated)))


def cognito_billable_mau(mau: float, tier: str) -> float:
    """Monthly active users billed: Lite and Essentials include 10,000 free, Plus none."""
    return mau if tier == "PLUS" else max(0.0, mau - FREE_COGNITO_MAU)


def interface_endpoint_break_even_gb(
    azs: int, nat_per_gb: float, endpoint_per_gb: float, endpoint_per_az_hour: float
) -> float:
    """GB/month above which an interface endpoint is cheaper than sending the traffic via NAT."""
    fixed = azs * endpoint_per_az_hour * HOURS_PER_MONTH
    return fixed / (nat_per_gb - endpoint_per_gb)
