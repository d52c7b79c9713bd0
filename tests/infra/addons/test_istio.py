"""Istio as synthesized: base, istio-cni, istiod (seed resources, HPA 2-10), ClusterIP ingress
and egress."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chariot.infra.addons.base import IngressGateway
from chariot.infra.addons.istio import INGRESS_NAME, Istio
from tests.infra.cfn import releases

pytestmark = pytest.mark.synth

RELEASES = ["istio-base", "istio-cni", "istiod", "istio-ingressgateway", "istio-egressgateway"]


def test_five_releases_at_one_pinned_version(synthesized: dict[str, Any]) -> None:
    found = releases(synthesized["prod"].json("addons"))
    assert {name: (found[name].chart, found[name].version) for name in RELEASES} == {
        "istio-base": ("base", "1.30.3"),
        "istio-cni": ("cni", "1.30.3"),
        "istiod": ("istiod", "1.30.3"),
        "istio-ingressgateway": ("gateway", "1.30.3"),
        "istio-egressgateway": ("gateway", "1.30.3"),
    }
    assert {found[n].namespace for n in RELEASES} == {
        "istio-system",
        "istio-ingress",
        "istio-egress",
    }


def test_istiod_has_the_seed_resources_and_scales_2_to_10(synthesized: dict[str, Any]) -> None:
    pilot = releases(synthesized["prod"].json("addons"))["istiod"].values["pilot"]
    assert pilot["resources"] == {
        "requests": {"cpu": "500m", "memory": "2048Mi"},
        "limits": {"cpu": "1000m", "memory": "4096Mi"},
    }
    assert (pilot["autoscaleEnabled"], pilot["autoscaleMin"], pilot["autoscaleMax"]) == (
        True,
        2,
        10,
    )


def test_sidecars_are_redirected_by_istio_cni(synthesized: dict[str, Any]) -> None:
    """Pod Security `restricted` refuses istio-init (NET_ADMIN): the CNI agent must be installed
    before istiod, and istiod must inject for it."""
    found = releases(synthesized["prod"].json("addons"))
    assert found["istiod"].values["pilot"]["cni"] == {"enabled": True}
    cni = found["istio-cni"]
    assert cni.namespace == "istio-system"
    assert found["istio-base"].logical_id in cni.depends_on
    assert cni.logical_id in found["istiod"].depends_on


def test_istio_cni_keeps_off_fargate(synthesized: dict[str, Any]) -> None:
    affinity = releases(synthesized["prod"].json("addons"))["istio-cni"].values["affinity"]
    required = affinity["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    [term] = required["nodeSelectorTerms"]
    assert term["matchExpressions"] == [
        {"key": "eks.amazonaws.com/compute-type", "operator": "NotIn", "values": ["fargate"]}
    ]


def test_ingress_gateway_is_cluster_ip_behind_the_edge_nlb(synthesized: dict[str, Any]) -> None:
    ingress = releases(synthesized["prod"].json("addons"))["istio-ingressgateway"].values
    assert ingress["service"] == {"type": "ClusterIP"}
    assert ingress["name"] == INGRESS_NAME
    assert ingress["serviceAccount"] == {"create": True, "name": INGRESS_NAME}
    assert ingress["autoscaling"]["minReplicas"] == 2
    assert ingress["autoscaling"]["maxReplicas"] == 10
    assert ingress["resources"]["requests"] == {"cpu": "100m", "memory": "128Mi"}


def test_egress_gateway_is_installed(synthesized: dict[str, Any]) -> None:
    egress = releases(synthesized["prod"].json("addons"))["istio-egressgateway"].values
    assert egress["service"] == {"type": "ClusterIP"}
    assert egress["labels"]["istio"] == "egressgateway"


def test_control_plane_before_gateways(synthesized: dict[str, Any]) -> None:
    found = releases(synthesized["prod"].json("addons"))
    assert found["istio-base"].logical_id in found["istiod"].depends_on
    for gateway in ("istio-ingressgateway", "istio-egressgateway"):
        assert found["istiod"].logical_id in found[gateway].depends_on
    controller = found["aws-load-balancer-controller"].logical_id
    assert controller in found["istio-base"].depends_on


def test_gateway_namespaces_are_refused_on_fargate(spec_data: dict[str, Any]) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    from datetime import date
    from pathlib import Path

    from chariot.spec.load import Source, spec_from_data
    from chariot.spec.problems import SpecError

    spec_data["cluster"]["fargate_profiles"].append(
        {"name": "gateways", "selectors": [{"namespace": "istio-egress"}]}
    )
    with pytest.raises(SpecError, match="Istio cannot mesh Fargate pods"):
        spec_from_data(spec_data, Source(Path("prod.yaml")), date(2026, 11, 26))


def test_ingress_gateway_is_shared_with_later_stacks(specs: dict[str, Any]) -> None:
    """The edge stack finds the gateway's namespace, Service and ports under 'ingress-gateway'."""
    from aws_cdk import App, Stack
    from aws_cdk import aws_eks_v2 as eks

    from chariot.infra.addons.base import AddonContext
    from chariot.infra.shared import Shared

    stack = Stack(App(), "probe")
    provider = eks.KubectlProvider.from_kubectl_provider_attributes(
        stack,
        "Provider",
        service_token="arn:aws:lambda:us-east-1:111122223333:function:kubectl",  # noqa: S106
    )
    cluster = eks.Cluster.from_cluster_attributes(
        stack, "Cluster", cluster_name="probe", kubectl_provider=provider
    )
    shared = Shared()
    ctx = AddonContext(scope=stack, spec=specs["prod"], cluster=cluster, shared=shared)  # type: ignore[arg-type]
    Istio().install(ctx)
    gateway = shared.get("ingress-gateway", IngressGateway)
    assert (gateway.namespace, gateway.service, gateway.http_port) == (
        "istio-ingress",
        INGRESS_NAME,
        80,
    )
    assert gateway.pod_labels["istio"] == "ingressgateway"
