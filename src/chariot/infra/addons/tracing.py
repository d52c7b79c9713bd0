"""Tracing: an OpenTelemetry collector that sends the mesh's spans to AWS X-Ray, and the
mesh-wide Istio `Telemetry` that turns tracing on at the spec's sampling rate.

The sidecars (Envoy) report spans over OTLP/gRPC to the collector named in istiod's
`meshConfig.extensionProviders` (`infra/addons/istio.py`); the `Telemetry` resource in Istio's
root namespace selects that provider for the whole mesh and sets `randomSamplingPercentage`,
the share of requests without a prior sampling decision whose trace is started
(https://istio.io/latest/docs/tasks/observability/distributed-tracing/sampling/,
https://istio.io/latest/docs/reference/config/telemetry/).

The collector is the upstream contrib distribution (chart `opentelemetry-collector` from
open-telemetry/opentelemetry-helm-charts), exporting with `otlp_http` to X-Ray's OTLP traces
endpoint `https://xray.<region>.amazonaws.com/v1/traces`, signed by the `sigv4auth` extension
(https://docs.aws.amazon.com/xray/latest/devguide/xray-opentelemetry.html). Not the `awsxray`
exporter: it sends PutTraceSegments with the span's trace id as an X-Ray id whose first 32
bits must be a recent epoch time, and Envoy's trace ids are fully random, so X-Ray would drop
them (https://pkg.go.dev/github.com/open-telemetry/opentelemetry-collector-contrib/exporter/awsxrayexporter);
the OTLP endpoint accepts W3C trace ids but needs the account's Transaction Search
(https://aws-otel.github.io/docs/getting-started/x-ray), which this add-on creates when
`observability.tracing.transaction_search` is on
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Transaction-Search-Cloudformation.html).
The collector writes through EKS Pod Identity: `xray:PutSpans` (and `PutSpansForIndexing`
for the indexed share), nothing else.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from aws_cdk import Fn
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_xray as xray
from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec import footprints
from chariot.spec import platform_names as names
from chariot.spec.model import PlatformSpec

RELEASE = "otel-collector"
NAMESPACE = names.TRACING_NAMESPACE
SERVICE_ACCOUNT = names.OTEL_COLLECTOR_NAME
# Chart 0.170.0 installs collector 0.158.0 (its appVersion); `otlp_http` is the exporter's name
# since collector 0.144 (open-telemetry/opentelemetry-collector#14397, `otlphttp` deprecated).
CHART_VERSION = "0.170.0"
COLLECTOR_VERSION = "0.158.0"
REPOSITORY = "https://open-telemetry.github.io/opentelemetry-helm-charts"
IMAGE = "otel/opentelemetry-collector-contrib"  # the distribution with sigv4auth
TELEMETRY_NAME = "mesh-default"  # one Telemetry without selector in the root namespace
# Transaction Search indexes this share of spans as X-Ray trace summaries; 1 % is free
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Enable-TransactionSearch.html).
INDEXING_PERCENT = 1
# Only the OTLP ports; the chart's Jaeger and Zipkin receivers are not configured.
UNUSED_PORTS = ("jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin")


def traces_endpoint(region: str) -> str:
    return f"https://xray.{region}.amazonaws.com/v1/traces"


def collector_config(region: str) -> dict[str, Any]:
    """The whole collector configuration (the chart's `alternateConfig`, not merged with its
    defaults): OTLP in, memory limit and batches, OTLP/HTTP to X-Ray signed with SigV4."""
    return {
        "receivers": {
            "otlp": {
                "protocols": {
                    "grpc": {"endpoint": f"${{env:MY_POD_IP}}:{names.OTEL_GRPC_PORT}"},
                    "http": {"endpoint": "${env:MY_POD_IP}:4318"},
                }
            }
        },
        "processors": {
            "memory_limiter": {
                "check_interval": "5s",
                "limit_percentage": 80,
                "spike_limit_percentage": 25,
            },
            "batch": {},
        },
        "extensions": {
            # The chart's probes call it: it must stay.
            "health_check": {"endpoint": "${env:MY_POD_IP}:13133"},
            "sigv4auth": {"region": region, "service": "xray"},
        },
        "exporters": {
            "otlp_http": {
                "traces_endpoint": traces_endpoint(region),
                "compression": "gzip",
                "auth": {"authenticator": "sigv4auth"},
            }
        },
        "service": {
            "extensions": ["health_check", "sigv4auth"],
            "pipelines": {
                "traces": {
                    "receivers": ["otlp"],
                    "processors": ["memory_limiter", "batch"],
                    "exporters": ["otlp_http"],
                }
            },
        },
    }


def values(spec: PlatformSpec, annotations: dict[str, str]) -> dict[str, Any]:
    pod = footprints.OTEL_COLLECTOR
    return {
        "mode": "deployment",
        "fullnameOverride": names.OTEL_COLLECTOR_NAME,
        "image": {"repository": IMAGE, "tag": COLLECTOR_VERSION},
        "replicaCount": pod.replicas,
        "serviceAccount": {"create": True, "name": SERVICE_ACCOUNT, "annotations": annotations},
        "resources": {
            "requests": pod.requests(),
            # memory_limiter and GOMEMLIMIT work from the limit
            "limits": {"memory": footprints.OTEL_COLLECTOR_MEMORY_LIMIT},
        },
        "ports": {name: {"enabled": False} for name in UNUSED_PORTS},
        "podDisruptionBudget": {"enabled": True, "minAvailable": 1},
        "alternateConfig": collector_config(spec.region),
    }


def telemetry(spec: PlatformSpec) -> dict[str, Any]:
    """The mesh-wide Telemetry: every sidecar reports to the collector at the spec's rate."""
    return {
        "apiVersion": "telemetry.istio.io/v1",
        "kind": "Telemetry",
        "metadata": {"name": TELEMETRY_NAME, "namespace": names.ISTIO_NAMESPACE},
        "spec": {
            "tracing": [
                {
                    "providers": [{"name": names.TRACING_PROVIDER}],
                    "randomSamplingPercentage": spec.observability.tracing.sampling_percent,
                }
            ]
        },
    }


def transaction_search(scope: Construct) -> list[Construct]:
    """X-Ray's Transaction Search, which the OTLP endpoint needs: X-Ray may write spans to the
    `aws/spans` log group, and the account's setting with the free indexing share."""
    arn = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TransactionSearchXRayAccess",
                "Effect": "Allow",
                "Principal": {"Service": "xray.amazonaws.com"},
                "Action": "logs:PutLogEvents",
                "Resource": [f"{arn}aws/spans:*", f"{arn}/aws/application-signals/data:*"],
                "Condition": {
                    "ArnLike": {
                        "aws:SourceArn": "arn:${AWS::Partition}:xray:${AWS::Region}:"
                        "${AWS::AccountId}:*"
                    },
                    "StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"},
                },
            }
        ],
    }
    policy = logs.CfnResourcePolicy(
        scope,
        "TransactionSearchLogsPolicy",
        policy_name="TransactionSearchAccess",
        policy_document=Fn.sub(json.dumps(document)),
    )
    config = xray.CfnTransactionSearchConfig(
        scope, "TransactionSearch", indexing_percentage=INDEXING_PERCENT
    )
    config.node.add_dependency(policy)
    return [policy, config]


class Tracing:
    name: ClassVar[str] = "tracing"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.tracing)
    # The Telemetry kind comes with istio-base; the provider it names with istiod.
    after: ClassVar[tuple[str, ...]] = ("istio",)

    def enabled(self, spec: PlatformSpec) -> bool:
        return spec.observability.tracing.enabled

    def install(self, ctx: AddonContext) -> list[Construct]:
        identity = ctx.workload_identity(
            "OtelCollectorIdentity",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            statements=[
                # The OTLP traces endpoint's actions; X-Ray has no resource-level permissions.
                iam.PolicyStatement(
                    actions=["xray:PutSpans", "xray:PutSpansForIndexing"], resources=["*"]
                )
            ],
            wildcard_reason="X-Ray's span APIs take no resource ARN (resource '*' only)",
        )
        chart = ctx.helm(
            HelmRelease(
                release=RELEASE,
                chart="opentelemetry-collector",
                repository=REPOSITORY,
                version=ctx.version(RELEASE, CHART_VERSION),
                namespace=NAMESPACE,
                values=values(ctx.spec, dict(identity.service_account_annotations)),
            )
        )
        chart.node.add_dependency(identity.construct)
        mesh = ctx.manifest("MeshTracing", telemetry(ctx.spec))
        mesh.node.add_dependency(chart)
        created: list[Construct] = [chart, mesh]
        if ctx.spec.observability.tracing.transaction_search:
            created += transaction_search(ctx.scope)
        return created
