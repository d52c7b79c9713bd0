"""What each platform add-on runs besides the services, in pods and their requests: the
footprint the capacity plan packs onto nodes and Fargate.

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
class Footprint:
    """`deployments` run on the first on-demand pool, or on the Fargate profile that selects
    `fargate_namespace` when the spec has one; `daemonsets` on every EC2 node."""

    deployments: tuple[Pod, ...] = ()
    daemonsets: tuple[Pod, ...] = ()
    fargate_namespace: str | None = None
    uncounted: str = ""  # pods the add-on runs that the plan does not size yet, and why


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
        ),
        uncounted="the egress gateway and the istio-cni DaemonSet are not sized yet",
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


def not_sized(reason: str) -> FootprintOf:
    """An add-on whose pods the plan does not size yet: said, never silently zero."""
    footprint = Footprint(uncounted=reason)
    return lambda spec: footprint


argocd = not_sized("Argo CD (controller, repo server, server, redis) is not sized yet")
velero = not_sized("the Velero server is not sized yet")
cluster_autoscaler = not_sized("the cluster-autoscaler Deployment is not sized yet")
external_dns = not_sized("the external-dns Deployment is not sized yet")
prometheus = not_sized("Prometheus (server, node exporters) is not sized yet")
prometheus_adapter = not_sized("prometheus-adapter is not sized yet")
vertical_pod_autoscaler = not_sized("the VPA recommender is not sized yet")


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
    "coredns": _managed(
        "coredns",
        Footprint(deployments=(Pod("coredns", 100, 70, 2, "coredns add-on default requests"),)),
        always=True,
    ),
    # chariot's Helm add-ons (chariot.infra.addons), in the order the report lists their pods
    "istio": istio,
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
}
