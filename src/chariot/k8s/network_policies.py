"""NetworkPolicies: deny everything per namespace, then allow exactly what the platform needs.

Namespace-wide: default deny (ingress and egress), DNS to CoreDNS, the sidecar's xDS connection
to istiod, Prometheus scraping the sidecar's merged metrics port, the sidecar's spans to the
OpenTelemetry collector when tracing is on. Per service: ingress from the
ingress gateway and from the services that depend on it; egress to its dependencies, to the data
tier's subnets on the ports of the stores it uses, to the EKS Pod Identity agent, and HTTPS to
AWS APIs when it has a DynamoDB table (a NetworkPolicy cannot name the gateway endpoint's prefix
list, so that one rule is port-bound only).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s import platform
from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj, service_labels
from chariot.spec.model import Service

API = "networking.k8s.io/v1"
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


def _namespace(name: str) -> dict[str, Any]:
    return {"matchLabels": {NAMESPACE_NAME_LABEL: name}}


def _peer(namespace: str, labels: dict[str, str]) -> dict[str, Any]:
    return {"namespaceSelector": _namespace(namespace), "podSelector": {"matchLabels": labels}}


def _tcp(*ports: int) -> list[dict[str, Any]]:
    return [{"protocol": "TCP", "port": port} for port in ports]


def _policy(namespace: str, name: str, spec: dict[str, Any], labels: dict[str, str]) -> Manifest:
    return obj(API, "NetworkPolicy", name, namespace, spec, labels)


def _namespace_policies(ctx: RenderContext, namespace: str) -> Iterator[Manifest]:
    everyone: dict[str, Any] = {}
    yield _policy(
        namespace,
        "default-deny",
        {"podSelector": everyone, "policyTypes": ["Ingress", "Egress"]},
        {},
    )
    yield _policy(
        namespace,
        "allow-dns",
        {
            "podSelector": everyone,
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [_peer(platform.DNS_NAMESPACE, platform.DNS_LABELS)],
                    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                }
            ],
        },
        {},
    )
    if ctx.meshed(namespace):
        yield _policy(
            namespace,
            "allow-istiod",
            {
                "podSelector": everyone,
                "policyTypes": ["Egress"],
                "egress": [
                    {
                        "to": [_peer(platform.ISTIO_NAMESPACE, platform.ISTIOD_LABELS)],
                        "ports": _tcp(platform.ISTIOD_XDS_PORT),
                    }
                ],
            },
            {},
        )
        yield _policy(
            namespace,
            "allow-metrics-scrape",
            {
                "podSelector": everyone,
                "policyTypes": ["Ingress"],
                "ingress": [
                    {
                        "from": [{"namespaceSelector": _namespace(platform.MONITORING_NAMESPACE)}],
                        "ports": _tcp(platform.ISTIO_METRICS_PORT),
                    }
                ],
            },
            {},
        )
        if ctx.spec.observability.tracing.enabled:
            # The sidecars report spans to the OpenTelemetry collector (OTLP/gRPC).
            yield _policy(
                namespace,
                "allow-tracing",
                {
                    "podSelector": everyone,
                    "policyTypes": ["Egress"],
                    "egress": [
                        {
                            "to": [{"namespaceSelector": _namespace(platform.TRACING_NAMESPACE)}],
                            "ports": _tcp(platform.OTEL_GRPC_PORT),
                        }
                    ],
                },
                {},
            )


def _ingress(ctx: RenderContext, service: Service) -> list[dict[str, Any]]:
    rules = [
        {
            "from": [_peer(platform.INGRESS_NAMESPACE, platform.INGRESS_GATEWAY_LABELS)],
            "ports": _tcp(service.port),
        }
    ]
    callers = ctx.callers(service)
    if callers:
        rules.append(
            {
                "from": [_peer(c.namespace, {"app": c.name}) for c in callers],
                "ports": _tcp(service.port),
            }
        )
    return rules


def _egress(ctx: RenderContext, service: Service) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {
            "to": [{"ipBlock": {"cidr": platform.POD_IDENTITY_AGENT_CIDR}}],
            "ports": _tcp(platform.POD_IDENTITY_AGENT_PORT),
        }
    ]
    for dependency in ctx.dependencies(service):
        rules.append(
            {
                "to": [_peer(dependency.namespace, {"app": dependency.name})],
                "ports": _tcp(dependency.port),
            }
        )
    data_subnets = [{"ipBlock": {"cidr": c}} for c in ctx.spec.network.subnets.database]
    if service.data.graph and ctx.spec.data.neptune.enabled:
        rules.append({"to": data_subnets, "ports": _tcp(platform.NEPTUNE_PORT)})
    if service.data.cache and ctx.spec.data.cache.enabled:
        rules.append({"to": data_subnets, "ports": _tcp(platform.CACHE_PORT)})
    if service.data.table is not None:
        rules.append(
            {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": _tcp(platform.HTTPS_PORT)}
        )
    return rules


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for namespace in ctx.namespaces:
        yield from _namespace_policies(ctx, namespace)
        for service in ctx.services_in(namespace):
            spec = {
                "podSelector": {"matchLabels": service_labels(service)},
                "policyTypes": ["Ingress", "Egress"],
                "ingress": _ingress(ctx, service),
                "egress": _egress(ctx, service),
            }
            yield _policy(namespace, service.name, spec, service_labels(service))
