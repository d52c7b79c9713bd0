"""Add-on footprints: sized from the spec where the spec sizes the add-on."""

from __future__ import annotations

from chariot.spec.footprints import FOOTPRINTS, KARPENTER_CONTROLLER, Pod, istio, karpenter
from chariot.spec.model import MeshComponent, PlatformSpec


def test_istiod_follows_the_spec(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    bigger = MeshComponent(
        cpu_request="1",
        memory_request="4Gi",
        cpu_limit="2",
        memory_limit="8Gi",
        replicas={"min": 3, "max": 6},  # type: ignore[arg-type]
    )
    spec = prod.model_copy(update={"mesh": prod.mesh.model_copy(update={"istiod": bigger})})
    istiod, gateway, egress = istio(spec).deployments
    assert (istiod.name, istiod.millicores, istiod.mebibytes, istiod.replicas) == (
        "istiod",
        1000,
        4096,
        3,
    )
    assert gateway == istio(prod).deployments[1]
    # issue 15, finding 4: the egress gateway and the istio-cni agent are counted too
    assert egress.name == "istio-egressgateway"
    assert [d.name for d in istio(prod).daemonsets] == ["istio-cni-node"]


def test_every_addon_of_prod_is_sized(specs: dict[str, PlatformSpec]) -> None:
    """Issue 15, finding 4: Prometheus (server, kube-state-metrics, node exporter), its adapter,
    the VPA recommender and the CloudWatch agent are in the plan, none silently zero."""
    prod = specs["prod"]
    pods = {
        p.name for f in FOOTPRINTS.values() for p in (*f(prod).deployments, *f(prod).daemonsets)
    }
    assert {
        "prometheus-server",
        "kube-state-metrics",
        "prometheus-node-exporter",
        "prometheus-adapter",
        "vpa-recommender",
        "cloudwatch-agent",
        "istio-egressgateway",
        "istio-cni-node",
    } <= pods


def test_karpenter_only_when_it_scales_the_nodes(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    assert karpenter(prod).deployments == (KARPENTER_CONTROLLER,)
    autoscaler = prod.cluster.model_copy(update={"node_autoscaler": "cluster-autoscaler"})
    assert karpenter(prod.model_copy(update={"cluster": autoscaler})).deployments == ()


def test_managed_addons_count_when_listed(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    listed = {addon.name for addon in prod.cluster.addons}
    assert "metrics-server" in listed
    assert FOOTPRINTS["metrics-server"](prod).deployments
    bare = prod.model_copy(update={"cluster": prod.cluster.model_copy(update={"addons": []})})
    assert not FOOTPRINTS["metrics-server"](bare).deployments
    assert FOOTPRINTS["coredns"](bare).deployments  # EKS always runs CoreDNS


def test_requests_as_kubernetes_quantities() -> None:
    assert Pod("a", 1000, 1024).requests() == {"cpu": "1", "memory": "1Gi"}
    assert Pod("b", 250, 1536).requests() == {"cpu": "250m", "memory": "1536Mi"}
