"""Istio: base (CRDs), the istio-cni node agent, istiod with the seed's resources and HPA, an
ingress gateway and an egress gateway, each from the official charts at one pinned version.

The ingress gateway's Service is ClusterIP: the edge creates the internal NLB itself and
registers the gateway pods as IP targets with a TargetGroupBinding, so no second load balancer
appears. Gateways live in their own namespaces, apart from the control plane.

The services' namespaces enforce Pod Security `restricted`, which refuses the `istio-init`
container (NET_ADMIN, NET_RAW). The istio-cni DaemonSet sets up the traffic redirection from
the node instead, and istiod (`pilot.cni.enabled`) then injects only the unprivileged
`istio-validation` init container. Fargate runs no DaemonSets, so the agent keeps off Fargate
nodes (their taint is tolerated by the chart's catch-all tolerations).
"""

from __future__ import annotations

from typing import Any, ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease, IngressGateway, off_fargate
from chariot.spec import footprints
from chariot.spec import platform_names as names
from chariot.spec.model import MeshComponent, PlatformSpec

CHART_VERSION = "1.30.3"  # = the shipped CRD schemas (chariot.k8s.validate.crd_sources)
REPOSITORY = "https://istio-release.storage.googleapis.com/charts"
SYSTEM_NAMESPACE = names.ISTIO_NAMESPACE
INGRESS_NAMESPACE = names.INGRESS_NAMESPACE
EGRESS_NAMESPACE = names.EGRESS_NAMESPACE
INGRESS_NAME = names.INGRESS_GATEWAY_NAME
EGRESS_NAME = names.EGRESS_GATEWAY_NAME
INGRESS_LABELS = names.INGRESS_GATEWAY_LABELS
EGRESS_LABELS = names.EGRESS_GATEWAY_LABELS
CPU_TARGET_PERCENT = 80


def mesh_config(spec: PlatformSpec) -> dict[str, Any]:
    """istiod's meshConfig: access logs, merged metrics and, with tracing on, the OpenTelemetry
    collector as an extension provider. The provider only names where spans go; the mesh-wide
    Telemetry resource (`infra/addons/tracing.py`) selects it and sets the sampling rate, so
    `defaultConfig.tracing` is left empty (Istio's legacy sampling knob stays off):
    https://istio.io/latest/docs/tasks/observability/distributed-tracing/sampling/
    """
    config: dict[str, Any] = {
        "accessLogFile": "/dev/stdout",
        # Sidecar metrics (istio_requests_total) are scraped through the pod's
        # prometheus.io annotations: the requests-per-second signal for scaling.
        "enablePrometheusMerge": True,
    }
    if spec.observability.tracing.enabled:
        collector = f"{names.OTEL_COLLECTOR_NAME}.{names.TRACING_NAMESPACE}.svc.cluster.local"
        config["enableTracing"] = True
        config["defaultConfig"] = {"tracing": {}}
        config["extensionProviders"] = [
            {
                "name": names.TRACING_PROVIDER,
                "opentelemetry": {"service": collector, "port": names.OTEL_GRPC_PORT},
            }
        ]
    return config


def resources(component: MeshComponent) -> dict[str, Any]:
    return {
        "requests": {"cpu": component.cpu_request, "memory": component.memory_request},
        "limits": {"cpu": component.cpu_limit, "memory": component.memory_limit},
    }


def gateway_values(name: str, labels: dict[str, str], component: MeshComponent) -> dict[str, Any]:
    return {
        "name": name,
        "labels": labels,
        # Named explicitly: the manifests authorize this identity (ns/<ns>/sa/<name>).
        "serviceAccount": {"create": True, "name": name},
        "service": {"type": "ClusterIP"},
        "resources": resources(component),
        "autoscaling": {
            "enabled": True,
            "minReplicas": component.replicas.min,
            "maxReplicas": component.replicas.max,
            "targetCPUUtilizationPercentage": CPU_TARGET_PERCENT,
        },
        "podDisruptionBudget": {"minAvailable": 1},
    }


class Istio:
    name: ClassVar[str] = "istio"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.istio)
    # Gateway and istiod webhooks must not race the load balancer controller's.
    after: ClassVar[tuple[str, ...]] = ("aws-load-balancer-controller",)

    def enabled(self, spec: PlatformSpec) -> bool:
        return True

    def releases(self, ctx: AddonContext) -> dict[str, HelmRelease]:
        mesh = ctx.spec.mesh
        version = ctx.version("istio", CHART_VERSION)

        def release(
            name: str, chart: str, namespace: str, values: dict[str, Any], wait: bool
        ) -> HelmRelease:
            return HelmRelease(
                release=name,
                chart=chart,
                repository=REPOSITORY,
                version=ctx.version(name, version),
                namespace=namespace,
                values=values,
                wait=wait,
            )

        return {
            "base": release(
                "istio-base",
                "base",
                SYSTEM_NAMESPACE,
                {"defaultRevision": "default"},
                wait=True,
            ),
            "cni": release(
                "istio-cni",
                "cni",
                SYSTEM_NAMESPACE,
                {"affinity": off_fargate()},
                wait=True,
            ),
            "istiod": release(
                "istiod",
                "istiod",
                SYSTEM_NAMESPACE,
                {
                    "pilot": {
                        "autoscaleEnabled": True,
                        "autoscaleMin": mesh.istiod.replicas.min,
                        "autoscaleMax": mesh.istiod.replicas.max,
                        "cpu": {"targetAverageUtilization": CPU_TARGET_PERCENT},
                        "resources": resources(mesh.istiod),
                        # Redirection by the istio-cni agent: no privileged init container.
                        "cni": {"enabled": True},
                    },
                    "global": {"meshID": f"{ctx.spec.name}-mesh"},
                    "meshConfig": mesh_config(ctx.spec),
                },
                wait=True,
            ),
            "ingress": release(
                "istio-ingressgateway",
                "gateway",
                INGRESS_NAMESPACE,
                gateway_values(INGRESS_NAME, INGRESS_LABELS, mesh.ingress_gateway),
                wait=False,
            ),
            "egress": release(
                "istio-egressgateway",
                "gateway",
                EGRESS_NAMESPACE,
                gateway_values(EGRESS_NAME, EGRESS_LABELS, mesh.egress_gateway),
                wait=False,
            ),
        }

    def install(self, ctx: AddonContext) -> list[Construct]:
        releases = self.releases(ctx)
        base = ctx.helm(releases["base"])
        cni = ctx.helm(releases["cni"])
        cni.node.add_dependency(base)
        istiod = ctx.helm(releases["istiod"])
        istiod.node.add_dependency(base)
        # Sidecars are injected without istio-init from the start, so the agent comes first.
        istiod.node.add_dependency(cni)
        ingress = ctx.helm(releases["ingress"])
        egress = ctx.helm(releases["egress"])
        for gateway in (ingress, egress):
            gateway.node.add_dependency(istiod)
        ctx.shared.register(
            "ingress-gateway",
            IngressGateway(
                namespace=INGRESS_NAMESPACE,
                service=INGRESS_NAME,
                http_port=80,
                https_port=443,
                pod_labels=INGRESS_LABELS,
                installed=[ingress],
            ),
        )
        return [base, cni, istiod, ingress, egress]
