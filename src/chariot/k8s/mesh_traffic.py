"""Istio traffic: the ingress Gateway, VirtualServices and DestinationRules (networking/v1).

Each service gets two VirtualServices: `<name>-edge` binds `/v1/<name>/` on the ingress gateway,
`<name>` applies the same routing to in-mesh calls (`mesh` gateway). Both carry the spec's
retries (3 x 2 s) and timeout (10 s) and the canary split when the catalog declares a canary.
Fault injection appears only for services named in the spec's explicit chaos profile, and those
routes are labelled so the validator can tell them from an accident.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s import platform
from chariot.k8s.context import RenderContext
from chariot.k8s.objects import (
    STABLE,
    Manifest,
    fqdn,
    obj,
    seconds,
    service_labels,
)
from chariot.k8s.services import SERVICE_PORT
from chariot.spec.model import Service

API = "networking.istio.io/v1"
CHAOS_LABEL = "chariot.io/chaos"
GATEWAY_REF = f"{platform.INGRESS_NAMESPACE}/{platform.GATEWAY_NAME}"


def gateway(ctx: RenderContext) -> Manifest:
    host = ctx.spec.edge.domain_name or "*"
    spec = {
        "selector": dict(platform.INGRESS_GATEWAY_LABELS),
        "servers": [
            {
                "port": {"number": platform.GATEWAY_PORT, "name": "http", "protocol": "HTTP"},
                "hosts": [host],
            }
        ],
    }
    return obj(API, "Gateway", platform.GATEWAY_NAME, platform.INGRESS_NAMESPACE, spec)


def _destinations(service: Service) -> list[dict[str, Any]]:
    host = fqdn(service)
    port = {"number": SERVICE_PORT}
    if service.canary is None:
        return [{"destination": {"host": host, "port": port}}]
    return [
        {
            "destination": {"host": host, "subset": STABLE, "port": port},
            "weight": 100 - service.canary.weight,
        },
        {
            "destination": {"host": host, "subset": service.canary.version, "port": port},
            "weight": service.canary.weight,
        },
    ]


def _fault(ctx: RenderContext, service: Service) -> dict[str, Any] | None:
    chaos = ctx.spec.mesh.chaos
    if chaos is None or service.name not in chaos.services:
        return None
    fault: dict[str, Any] = {}
    if chaos.delay is not None:
        fault["delay"] = {
            "percentage": {"value": chaos.delay.percent},
            "fixedDelay": seconds(chaos.delay.fixed_delay_seconds),
        }
    if chaos.abort is not None:
        fault["abort"] = {
            "percentage": {"value": chaos.abort.percent},
            "httpStatus": chaos.abort.http_status,
        }
    return fault


def http_route(
    ctx: RenderContext, service: Service, name: str, prefix: str | None
) -> dict[str, Any]:
    mesh = ctx.spec.mesh
    route: dict[str, Any] = {"name": name}
    if prefix is not None:
        # `/v1/users/...` and the bare `/v1/users`
        route["match"] = [{"uri": {"prefix": prefix}}, {"uri": {"exact": prefix.rstrip("/")}}]
    route["route"] = _destinations(service)
    route["timeout"] = seconds(mesh.timeout_seconds)
    route["retries"] = {
        "attempts": mesh.retries.attempts,
        "perTryTimeout": seconds(mesh.retries.per_try_timeout_seconds),
        "retryOn": mesh.retries.retry_on,
    }
    fault = _fault(ctx, service)
    if fault is not None:
        route["fault"] = fault
    return route


def _labels(ctx: RenderContext, service: Service) -> dict[str, str]:
    labels = service_labels(service)
    if _fault(ctx, service) is not None:
        labels[CHAOS_LABEL] = "true"
    return labels


def destination_rule(ctx: RenderContext, service: Service) -> Manifest:
    mesh = ctx.spec.mesh
    pool, outlier = mesh.connection_pool, mesh.outlier_detection
    spec: dict[str, Any] = {
        "host": fqdn(service),
        "trafficPolicy": {
            # Locality-prioritised balancing: same zone first, other zones once outlier
            # detection (below) ejects the local endpoints; it needs that detection to fail over
            # (https://istio.io/latest/docs/tasks/traffic-management/locality-load-balancing/failover/).
            "loadBalancer": {
                "simple": mesh.load_balancer,
                "localityLbSetting": {"enabled": mesh.locality_failover},
            },
            "connectionPool": {
                "tcp": {"maxConnections": pool.max_connections},
                "http": {
                    "http1MaxPendingRequests": pool.http1_max_pending_requests,
                    "maxRequestsPerConnection": pool.max_requests_per_connection,
                },
            },
            "outlierDetection": {
                "consecutive5xxErrors": outlier.consecutive_5xx_errors,
                "interval": seconds(outlier.interval_seconds),
                "baseEjectionTime": seconds(outlier.base_ejection_seconds),
                "maxEjectionPercent": outlier.max_ejection_percent,
            },
            "tls": {"mode": "ISTIO_MUTUAL"},
        },
    }
    if service.canary is not None:
        spec["subsets"] = [
            {"name": STABLE, "labels": {"version": STABLE}},
            {"name": service.canary.version, "labels": {"version": service.canary.version}},
        ]
    return obj(
        API, "DestinationRule", service.name, service.namespace, spec, service_labels(service)
    )


def build(ctx: RenderContext) -> Iterator[Manifest]:
    meshed = [s for s in ctx.spec.services if s.meshed]
    if not meshed:
        return
    yield gateway(ctx)
    edge_host = ctx.spec.edge.domain_name or "*"
    for service in meshed:
        labels = _labels(ctx, service)
        yield obj(
            API,
            "VirtualService",
            f"{service.name}-edge",
            service.namespace,
            {
                "hosts": [edge_host],
                "gateways": [GATEWAY_REF],
                "http": [http_route(ctx, service, "v1", f"/v1/{service.name}/")],
            },
            labels,
        )
        yield obj(
            API,
            "VirtualService",
            service.name,
            service.namespace,
            {
                "hosts": [fqdn(service)],
                "gateways": ["mesh"],
                "http": [http_route(ctx, service, "mesh", None)],
            },
            labels,
        )
        yield destination_rule(ctx, service)
