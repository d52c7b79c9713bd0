"""What each platform add-on runs besides the services, in pods and their requests (the
footprint the capacity plan packs onto nodes and Fargate) and in persistent volumes (what the
cost estimate prices as gp3 storage).

One entry per add-on, keyed by its name: the EKS managed add-ons of `cluster.addons` (and those
EKS always runs), then chariot's Helm add-ons, whose class in `chariot.infra.addons` names its
entry (`footprint = footprints.istio`), so the planner reads add-on sizes without importing CDK.
An entry returns an empty footprint when the spec leaves its add-on off. The order is the
order of the report's tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chariot.spec import platform_names as names
from chariot.spec.model import MeshComponent, PlatformSpec, mebibytes, millicores


@dataclass(frozen=True)
class Pod:
    """A pod an add-on runs: a DaemonSet's (one per EC2 node) or a Deployment's (`replicas`)."""

    name: str
    millicores: int
    mebibytes: int
    replicas: int = 1  # ignored for DaemonSets (one per node)
    basis: str = ""  # where the request figures come from

    def requests(self) -> dict[str, str]:
        """The requests as Kubernetes quantities (1000 -> "1", 1024 Mi -> "1Gi")."""
        cpu = self.millicores
        memory = self.mebibytes
        return {
            "cpu": str(cpu // 1000) if cpu % 1000 == 0 else f"{cpu}m",
            "memory": f"{memory // 1024}Gi" if memory % 1024 == 0 else f"{memory}Mi",
        }


@dataclass(frozen=True)
class Volume:
    """A PersistentVolumeClaim an add-on's chart creates, on the default gp3 StorageClass
    (`chariot.infra.addons.storage_classes`); `release` is the Helm release that creates it and
    `values` where its size sits in the chart values (the add-on sets it from here)."""

    release: str
    values: str
    gib: int
    basis: str = ""

    @property
    def size(self) -> str:
        """The Kubernetes quantity (50 -> "50Gi")."""
        return f"{self.gib}Gi"


@dataclass(frozen=True)
class Footprint:
    """`deployments` run on the first on-demand pool, or on the Fargate profile that selects
    `fargate_namespace` when the spec has one; `daemonsets` on every EC2 node; `volumes` are the
    persistent volumes the add-on's charts claim."""

    deployments: tuple[Pod, ...] = ()
    daemonsets: tuple[Pod, ...] = ()
    fargate_namespace: str | None = None
    volumes: tuple[Volume, ...] = ()


FootprintOf = Callable[[PlatformSpec], Footprint]

NONE = Footprint()


def _managed(name: str, footprint: Footprint, always: bool = False) -> FootprintOf:
    """An EKS managed add-on: counted when `cluster.addons` lists it (or EKS always runs it)."""

    def of(spec: PlatformSpec) -> Footprint:
        listed = any(addon.name == name for addon in spec.cluster.addons)
        return footprint if always or listed else NONE

    return of


def _mesh_pod(name: str, component: MeshComponent, basis: str) -> Pod:
    return Pod(
        name,
        millicores(component.cpu_request),
        mebibytes(component.memory_request),
        component.replicas.min,
        basis,
    )


# ---------------------------------------------------------------- chariot's Helm add-ons


# The istio-cni node agent (one per EC2 node): the cni chart's default requests.
ISTIO_CNI = Pod("istio-cni-node", 100, 100, basis="istio cni chart default requests")


def istio(spec: PlatformSpec) -> Footprint:
    mesh = spec.mesh
    return Footprint(
        deployments=(
            _mesh_pod("istiod", mesh.istiod, "mesh.istiod: requests, HPA min"),
            _mesh_pod(
                names.INGRESS_GATEWAY_NAME,
                mesh.ingress_gateway,
                "mesh.ingress_gateway: requests, HPA min",
            ),
            _mesh_pod(
                names.EGRESS_GATEWAY_NAME,
                mesh.egress_gateway,
                "mesh.egress_gateway: requests, HPA min",
            ),
        ),
        daemonsets=(ISTIO_CNI,),
    )


KARPENTER_CONTROLLER = Pod("karpenter", 1000, 1024, 2, "Karpenter docs' recommended requests")


def karpenter(spec: PlatformSpec) -> Footprint:
    if spec.cluster.node_autoscaler != "karpenter":
        return NONE
    return Footprint(
        deployments=(KARPENTER_CONTROLLER,), fargate_namespace=names.KARPENTER_NAMESPACE
    )


def load_balancer_controller(spec: PlatformSpec) -> Footprint:
    return Footprint(
        deployments=(
            Pod("aws-load-balancer-controller", 100, 128, 2, "assumed (chart sets no requests)"),
        )
    )


def no_pods(spec: PlatformSpec) -> Footprint:
    """An add-on that only creates objects (StorageClasses): nothing to schedule."""
    return NONE


# Requests chariot sets in the add-ons' chart values (chariot.infra.addons.<name> reads these).
CLUSTER_AUTOSCALER = Pod("cluster-autoscaler", 100, 300, 1, "set in the chart values")
EXTERNAL_DNS = Pod("external-dns", 50, 64, 1, "set in the chart values")
PROMETHEUS_SERVER = Pod("prometheus-server", 500, 2048, 1, "set in the chart values")
KUBE_STATE_METRICS = Pod("kube-state-metrics", 100, 128, 1, "set in the chart values")
NODE_EXPORTER = Pod("prometheus-node-exporter", 50, 64, basis="set in the chart values")
PROMETHEUS_ADAPTER = Pod("prometheus-adapter", 100, 128, 2, "set in the chart values")
VPA_RECOMMENDER = Pod("vpa-recommender", 50, 500, 1, "set in the chart values")
VPA_ADMISSION = Pod("vpa-admission-controller", 50, 200, 1, "set in the chart values")
ARGOCD_CONTROLLER = Pod("argocd-application-controller", 250, 512, 1, "set in the chart values")
ARGOCD_REPO_SERVER = Pod("argocd-repo-server", 100, 256, 1, "set in the chart values")
ARGOCD_SERVER = Pod("argocd-server", 50, 128, 1, "set in the chart values")
ARGOCD_REDIS = Pod("argocd-redis", 50, 64, 1, "set in the chart values")
# Velero backs up Kubernetes objects once a day (no volume snapshots): mostly idle.
VELERO = Pod("velero", 100, 128, 1, "set in the chart values")
# The OpenTelemetry collector: two replicas so a node drain loses no spans; the memory limit is
# what its memory_limiter and GOMEMLIMIT work from.
OTEL_COLLECTOR = Pod("otel-collector", 100, 256, 2, "set in the chart values")
OTEL_COLLECTOR_MEMORY_LIMIT = "512Mi"


def cluster_autoscaler(spec: PlatformSpec) -> Footprint:
    if spec.cluster.node_autoscaler != "cluster-autoscaler":
        return NONE
    return Footprint(deployments=(CLUSTER_AUTOSCALER,))


def external_dns(spec: PlatformSpec) -> Footprint:
    if not (spec.edge.domain_name and spec.edge.hosted_zone):
        return NONE
    return Footprint(deployments=(EXTERNAL_DNS,))


PROMETHEUS_RELEASE = "prometheus"


def prometheus_server_volume(spec: PlatformSpec) -> Volume:
    """15 days of metrics where the environment is kept (deletion protection), 3 elsewhere."""
    kept = spec.deletion_protection
    return Volume(
        PROMETHEUS_RELEASE,
        "server.persistentVolume",
        50 if kept else 10,
        "set in the chart values: 15 days of samples" if kept else "set in the chart values",
    )


ALERTMANAGER_VOLUME = Volume(
    PROMETHEUS_RELEASE, "alertmanager.persistence", 1, "set in the chart values: silences"
)


def prometheus(spec: PlatformSpec) -> Footprint:
    return Footprint(
        deployments=(PROMETHEUS_SERVER, KUBE_STATE_METRICS),
        daemonsets=(NODE_EXPORTER,),
        volumes=(prometheus_server_volume(spec), ALERTMANAGER_VOLUME),
    )


def prometheus_adapter(spec: PlatformSpec) -> Footprint:
    return Footprint(deployments=(PROMETHEUS_ADAPTER,))


def vertical_pod_autoscaler(spec: PlatformSpec) -> Footprint:
    admission = any(service.vpa == "initial" for service in spec.services)
    return Footprint(
        deployments=(VPA_RECOMMENDER, VPA_ADMISSION) if admission else (VPA_RECOMMENDER,)
    )


def argocd(spec: PlatformSpec) -> Footprint:
    if spec.cluster.gitops is None:
        return NONE
    return Footprint(
        deployments=(ARGOCD_CONTROLLER, ARGOCD_SERVER, ARGOCD_REPO_SERVER, ARGOCD_REDIS)
    )


def velero(spec: PlatformSpec) -> Footprint:
    if not spec.dr.cluster_backup.enabled:
        return NONE
    return Footprint(deployments=(VELERO,))


def volumes(spec: PlatformSpec, release: str) -> list[Volume]:
    """The persistent volumes Helm release `release` claims, from every add-on's footprint."""
    return [v for of in FOOTPRINTS.values() for v in of(spec).volumes if v.release == release]


def tracing(spec: PlatformSpec) -> Footprint:
    if not spec.observability.tracing.enabled:
        return NONE
    return Footprint(deployments=(OTEL_COLLECTOR,))


FOOTPRINTS: dict[str, FootprintOf] = {
    # EKS managed add-ons
    "vpc-cni": _managed(
        "vpc-cni",
        Footprint(
            daemonsets=(Pod("aws-node", 25, 0, basis="vpc-cni add-on default requests (cpu 25m)"),)
        ),
        always=True,
    ),
    "kube-proxy": _managed(
        "kube-proxy",
        Footprint(
            daemonsets=(Pod("kube-proxy", 100, 0, basis="kube-proxy add-on default (cpu 100m)"),)
        ),
        always=True,
    ),
    "aws-ebs-csi-driver": _managed(
        "aws-ebs-csi-driver",
        Footprint(
            daemonsets=(
                Pod(
                    "ebs-csi-node",
                    30,
                    120,
                    basis="aws-ebs-csi-driver chart: 3 containers x 10m/40Mi",
                ),
            )
        ),
    ),
    "aws-efs-csi-driver": _managed(
        "aws-efs-csi-driver",
        Footprint(
            daemonsets=(
                Pod(
                    "efs-csi-node",
                    30,
                    120,
                    basis="assumed like ebs-csi-node (3 containers x 10m/40Mi)",
                ),
            )
        ),
    ),
    "eks-pod-identity-agent": _managed(
        "eks-pod-identity-agent",
        Footprint(
            daemonsets=(
                Pod(
                    "eks-pod-identity-agent", 25, 32, basis="assumed (the add-on sets no requests)"
                ),
            )
        ),
    ),
    "amazon-cloudwatch-observability": _managed(
        "amazon-cloudwatch-observability",
        Footprint(
            deployments=(
                Pod(
                    "amazon-cloudwatch-observability-controller-manager",
                    100,
                    64,
                    1,
                    "assumed (the add-on's operator)",
                ),
            ),
            daemonsets=(
                Pod(
                    "cloudwatch-agent",
                    250,
                    128,
                    basis="the add-on's default agent requests (cpu 250m, memory 128Mi)",
                ),
            ),
        ),
    ),
    "coredns": _managed(
        "coredns",
        Footprint(deployments=(Pod("coredns", 100, 70, 2, "coredns add-on default requests"),)),
        always=True,
    ),
    # chariot's Helm add-ons (chariot.infra.addons), in the order the report lists their pods
    "istio": istio,
    "tracing": tracing,
    "aws-load-balancer-controller": load_balancer_controller,
    "metrics-server": _managed(
        "metrics-server",
        Footprint(
            deployments=(Pod("metrics-server", 100, 200, 1, "metrics-server chart requests"),)
        ),
    ),
    "karpenter": karpenter,
    "cluster-autoscaler": cluster_autoscaler,
    "vertical-pod-autoscaler": vertical_pod_autoscaler,
    "prometheus": prometheus,
    "prometheus-adapter": prometheus_adapter,
    "external-dns": external_dns,
    "storage-classes": no_pods,
    "argocd": argocd,
    "velero": velero,
    "rightsizing": no_pods,  # a Lambda, outside the cluster
}
