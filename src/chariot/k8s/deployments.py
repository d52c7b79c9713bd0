"""Deployments: one per running version of a service (stable, and the canary if declared).

Probes follow the seed's health check (`/health`, every 30 s, 5 s timeout, healthy after 2,
unhealthy after 3). Kubernetes requires a liveness probe's successThreshold to be 1, so the
"healthy after 2" applies to readiness only. `replicas` is left out: the HPA owns it, and a
value in the manifest would reset the scale on every apply.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from chariot.k8s import images, platform
from chariot.k8s.context import RenderContext
from chariot.k8s.deployed import CACHE_GROUP_ID, COGNITO_CLIENT_ID, PENDING_ANNOTATION
from chariot.k8s.issuer import ISSUER_OUTPUT
from chariot.k8s.objects import (
    STABLE,
    Manifest,
    obj,
    pod_labels,
    service_labels,
    versions,
    workload_name,
)
from chariot.spec import service_environment as variables
from chariot.spec.model import Service, Tier, millicores
from chariot.spec.placement import Placement
from chariot.spec.platform_names import table_name
from chariot.spec.slo import histogram_buckets_ms

HEALTH_PATH = "/health"
PROBE_PERIOD_SECONDS = 30
PROBE_TIMEOUT_SECONDS = 5
HEALTHY_THRESHOLD = 2
UNHEALTHY_THRESHOLD = 3
CPU_LIMIT_FACTOR = 2  # burst headroom above the request; memory limit = request (no overcommit)
TMP_SIZE = "64Mi"
GRAPH_BACKEND = "neptune"
CACHE_NONE = "none"  # CHARIOT_CACHE_BACKEND of a service whose region runs no cache
HISTOGRAM_BUCKETS = "sidecar.istio.io/statsHistogramBuckets"


def image_of(ctx: RenderContext, service: Service, version: str) -> str:
    """The catalog image of `version` as a pullable reference (chariot.k8s.images)."""
    image = service.image if version == STABLE or service.canary is None else service.canary.image
    return images.reference(ctx.spec, service, image, ctx.images)


def _probe(success_threshold: int) -> dict[str, Any]:
    return {
        "httpGet": {"path": HEALTH_PATH, "port": "http", "scheme": "HTTP"},
        "periodSeconds": PROBE_PERIOD_SECONDS,
        "timeoutSeconds": PROBE_TIMEOUT_SECONDS,
        "successThreshold": success_threshold,
        "failureThreshold": UNHEALTHY_THRESHOLD,
    }


def _env(ctx: RenderContext, service: Service, version: str) -> list[dict[str, str]]:
    """The runtime's Settings (`chariot.runtime.kit.settings`), from the spec and the deploy.

    A value the deploy has not produced yet is left out, never invented: the service then
    refuses to start and names the missing variable (see `chariot.k8s.deployed`).
    """
    env = [
        {"name": variables.SERVICE, "value": service.name},
        {"name": variables.VERSION, "value": version},
        {"name": variables.ENVIRONMENT, "value": ctx.spec.environment},
        {"name": variables.AWS_REGION, "value": ctx.spec.region},
        {"name": variables.PORT, "value": str(service.port)},
    ]
    table = service.data.table
    if table is not None:
        env.append(
            {"name": variables.TABLE_NAME, "value": table_name(table.name, ctx.spec.environment)}
        )
    deployed = ctx.deployed
    if ctx.issuer is not None:
        env.append({"name": variables.JWT_ISSUER, "value": ctx.issuer.issuer})
        env.append({"name": variables.JWKS_URL, "value": ctx.issuer.jwks_uri})
    if ctx.spec.edge.jwt.issuer is None:
        # Cognito access tokens name their app client in `client_id`, not `aud`.
        env.append({"name": variables.JWT_AUDIENCE_CLAIM, "value": "client_id"})
        client = deployed.get(COGNITO_CLIENT_ID)
        if client is not None:
            env.append({"name": variables.JWT_AUDIENCE, "value": client})
    elif ctx.spec.edge.jwt.audiences:
        env.append({"name": variables.JWT_AUDIENCE, "value": ctx.spec.edge.jwt.audiences[0]})
    if service.data.graph:
        env.append({"name": variables.GRAPH_BACKEND, "value": GRAPH_BACKEND})
        env.append({"name": variables.NEPTUNE_IAM_AUTH, "value": "true"})
        graph = deployed.graph_endpoint()
        if graph is not None:
            env.append({"name": variables.NEPTUNE_ENDPOINT, "value": graph})
    else:
        env.append({"name": variables.GRAPH_BACKEND, "value": "none"})
    if service.data.cache and not deployed.cache:
        # The region runs no cache (the DR region before a failover makes one): every read
        # goes to the table, as when the cache is down.
        env.append({"name": variables.CACHE_BACKEND, "value": CACHE_NONE})
    elif service.data.cache:
        env.append({"name": variables.REDIS_IAM_AUTH, "value": "true"})
        env.append(
            {"name": variables.CACHE_TTL_SECONDS, "value": str(ctx.spec.data.cache.ttl_seconds)}
        )
        url, group = deployed.cache_url(), deployed.get(CACHE_GROUP_ID)
        if url is not None and group is not None:
            env.append({"name": variables.REDIS_URL, "value": url})
            env.append({"name": variables.REDIS_REPLICATION_GROUP, "value": group})
    return env


def container(ctx: RenderContext, service: Service, version: str) -> dict[str, Any]:
    tier = ctx.spec.tiers[service.tier]
    return {
        "name": service.name,
        "image": image_of(ctx, service, version),
        # The tag is immutable (ECR) or the reference is a digest: what a node has is current.
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": service.port, "protocol": "TCP"}],
        "env": _env(ctx, service, version),
        "resources": {
            "requests": {"cpu": tier.cpu, "memory": tier.memory},
            "limits": {
                "cpu": f"{millicores(tier.cpu) * CPU_LIMIT_FACTOR}m",
                "memory": tier.memory,
            },
        },
        "readinessProbe": _probe(HEALTHY_THRESHOLD),
        "livenessProbe": _probe(1),
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "privileged": False,
            "readOnlyRootFilesystem": True,
            "runAsNonRoot": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108 - an emptyDir
    }


def _spread(service: Service, version: str, zones_strict: bool) -> list[dict[str, Any]]:
    selector = {"matchLabels": pod_labels(service, version)}
    return [
        {
            "maxSkew": 1,
            "topologyKey": "topology.kubernetes.io/zone",
            "whenUnsatisfiable": "DoNotSchedule" if zones_strict else "ScheduleAnyway",
            "labelSelector": selector,
            "matchLabelKeys": ["pod-template-hash"],
        },
        {
            "maxSkew": 1,
            "topologyKey": "kubernetes.io/hostname",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": selector,
            "matchLabelKeys": ["pod-template-hash"],
        },
    ]


def _fargate_labels(ctx: RenderContext, service: Service) -> dict[str, str]:
    """The labels a Fargate profile selects on, for a service the planner put on Fargate."""
    for profile in ctx.spec.cluster.fargate_profiles:
        for selector in profile.selectors:
            if selector.namespace == service.namespace:
                return dict(selector.labels)
    raise ValueError(
        f"service {service.name!r} is placed on Fargate but no Fargate profile selects "
        f"namespace {service.namespace!r}"
    )


def pod_template(ctx: RenderContext, service: Service, version: str) -> dict[str, Any]:
    placement: Placement = ctx.placement(service)
    labels = pod_labels(service, version)
    labels["sidecar.istio.io/inject"] = "true" if service.meshed else "false"
    spec: dict[str, Any] = {
        "serviceAccountName": service.name,
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": platform.RUN_AS_USER,
            "runAsGroup": platform.RUN_AS_USER,
            "fsGroup": platform.RUN_AS_USER,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "terminationGracePeriodSeconds": 30,
        "containers": [container(ctx, service, version)],
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": TMP_SIZE}}],
    }
    if placement.compute == "fargate":
        labels.update(_fargate_labels(ctx, service))
    else:
        if placement.node_selector:
            spec["nodeSelector"] = dict(placement.node_selector)
        if placement.tolerations:
            spec["tolerations"] = [dict(t) for t in placement.tolerations]
        spec["topologySpreadConstraints"] = _spread(
            service, version, zones_strict=service.tier is Tier.CRITICAL
        )
    annotations = {}
    if service.meshed:
        # the app starts only once its sidecar is ready, so its first calls are not refused
        annotations["proxy.istio.io/config"] = '{"holdApplicationUntilProxyStarts": true}'
        # request durations in buckets that include the latency targets, so the SLO rules
        # count "under the target" exactly (https://istio.io/latest/docs/reference/config/annotations/)
        annotations[HISTOGRAM_BUCKETS] = json.dumps({"istiocustom": histogram_buckets_ms(ctx.spec)})
    metadata: dict[str, Any] = {"labels": labels}
    if annotations:
        metadata["annotations"] = annotations
    return {"metadata": metadata, "spec": spec}


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for service in ctx.spec.services:
        for version in versions(service):
            spec = {
                "revisionHistoryLimit": 5,
                "selector": {"matchLabels": pod_labels(service, version)},
                "strategy": {
                    "type": "RollingUpdate",
                    "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0},
                },
                "template": pod_template(ctx, service, version),
            }
            pending = ctx.deployed.pending(ctx.spec, service)
            if ctx.issuer is None:
                pending.insert(0, ISSUER_OUTPUT)
            yield obj(
                "apps/v1",
                "Deployment",
                workload_name(service, version),
                service.namespace,
                spec,
                {**service_labels(service), "version": version},
                {PENDING_ANNOTATION: ", ".join(pending)} if pending else None,
            )
