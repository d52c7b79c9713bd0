"""AWS::XRay::TransactionSearchConfig: with Transaction Search every span sent to X-Ray is
stored as a log event in the `aws/spans` log group and billed as CloudWatch Logs ingestion; the
indexed share (1 %, `infra/addons/tracing.py`) is free
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Enable-TransactionSearch.html,
https://aws.amazon.com/cloudwatch/pricing/).

Spans a month = requests a month (the edge volume, `edge_traffic`) x the spec's sampling rate
x spans per sampled request (the ingress gateway's and each sidecar's on the way: a stated
assumption) x bytes per span.
"""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey
from chariot.plan.cost.resources import edge_traffic

COMPONENT = "Tracing (X-Ray)"
SPANS_PER_REQUEST = UsageKey(
    "tracing",
    "spans_per_request",
    "spans",
    3,
    "spans one sampled request produces (ingress gateway, the service's sidecar, a dependency)",
)
SAMPLING = UsageKey(
    "tracing",
    "sampling_percent",
    "%",
    1,
    "share of requests whose trace is sampled",
    derived="spec observability.tracing.sampling_percent",
)
KB_PER_SPAN = UsageKey(
    "tracing", "kb_per_span", "KB", 1.5, "size of one span as a log event in aws/spans"
)


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    requests, why = edge_traffic.requests(resource, ctx)
    derived = None
    if ctx.spec is not None:
        rate = ctx.spec.observability.tracing.sampling_percent
        derived = (rate, f"spec observability.tracing.sampling_percent {rate:g}")
    sampling, why_sampling = ctx.use(SAMPLING, resource, derived)
    spans, why_spans = ctx.use(SPANS_PER_REQUEST, resource)
    kb, why_kb = ctx.use(KB_PER_SPAN, resource)
    gb = requests * 1e6 * sampling / 100 * spans * kb / 1024**2
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"spans ingested into aws/spans ({sampling:g} % of requests sampled)",
            round(gb, 3),
            "logs.ingest",
            [why, why_sampling, why_spans, why_kb],
        ),
        ctx.free(COMPONENT, resource, "indexing 1 % of spans as trace summaries: no charge"),
    ]


MAPPING = Mapping(
    "AWS::XRay::TransactionSearchConfig",
    COMPONENT,
    (*edge_traffic.KEYS, SAMPLING, SPANS_PER_REQUEST, KB_PER_SPAN),
    price,
)
