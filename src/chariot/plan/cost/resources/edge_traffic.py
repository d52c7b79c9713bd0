"""Usage keys shared by the edge mappings (CloudFront, WAF, API Gateway): one request volume.

Without a usage-file value the volume is derived from the spec's design point: the cluster's
peak target (`performance.rps_cluster`) times a stated average-to-peak ratio, over a 730-hour
month. A design peak is a capacity target with headroom, not a traffic forecast, so the default
ratio is 10%; set `edge.average_to_peak` or `edge.requests_millions` from real traffic.
"""

from __future__ import annotations

from chariot.plan.cost.billing import HOURS_PER_MONTH
from chariot.plan.cost.mapping import Context
from chariot.plan.cost.model import Resource, UsageKey

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
REQUESTS = UsageKey(
    "edge",
    "requests_millions",
    "million requests/month",
    100,
    "requests entering the edge per month",
    derived="spec performance.rps_cluster x edge.average_to_peak",
)
AVERAGE_TO_PEAK = UsageKey(
    "edge",
    "average_to_peak",
    "ratio",
    0.1,
    "average external request rate / the spec's peak target (performance.rps_cluster)",
)
GB_OUT = UsageKey("edge", "gb_out", "GB/month", 1024, "bytes served to clients per month")
KEYS = (REQUESTS, AVERAGE_TO_PEAK)


def millions_per_month(rps: float) -> float:
    """Requests a month at a sustained rate."""
    return rps * SECONDS_PER_MONTH / 1e6


def requests(resource: Resource | None, ctx: Context) -> tuple[float, str]:
    """Edge requests a month: the usage file's, else derived from the spec's peak target. None
    for what stands by in the DR region (its API, its traces): Route 53 sends it traffic only
    once the platform region's health check fails."""
    spec = ctx.spec
    if (
        spec is not None
        and resource is not None
        and resource.region == spec.dr.dr_region != spec.region
    ):
        return 0.0, f"standby in {spec.dr.dr_region}: traffic reaches it only after a failover"
    derived = None
    if ctx.spec is not None:
        ratio, why = ctx.usage.get(AVERAGE_TO_PEAK, resource)
        peak = ctx.spec.performance.rps_cluster
        derived = (
            round(millions_per_month(peak * ratio), 3),
            f"spec performance.rps_cluster {peak} rps x {why} = {peak * ratio:g} rps on average",
        )
    return ctx.usage.get(REQUESTS, resource, derived)
