"""Usage keys shared by the edge mappings (CloudFront, WAF, API Gateway): one request volume."""

from __future__ import annotations

from chariot.plan.cost.model import UsageKey

REQUESTS = UsageKey(
    "edge",
    "requests_millions",
    "million requests/month",
    100,
    "requests entering the edge per month (100M ~ 39 req/s on average)",
)
GB_OUT = UsageKey("edge", "gb_out", "GB/month", 1024, "bytes served to clients per month")
