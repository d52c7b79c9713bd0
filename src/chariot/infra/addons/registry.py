"""The platform add-ons, in install order: one line per add-on."""

from __future__ import annotations

from chariot.infra.addons.argocd import ArgoCd
from chariot.infra.addons.base import Addon
from chariot.infra.addons.cluster_autoscaler import ClusterAutoscaler
from chariot.infra.addons.external_dns import ExternalDns
from chariot.infra.addons.istio import Istio
from chariot.infra.addons.karpenter import Karpenter
from chariot.infra.addons.load_balancer_controller import LoadBalancerController
from chariot.infra.addons.prometheus import Prometheus
from chariot.infra.addons.prometheus_adapter import PrometheusAdapter
from chariot.infra.addons.rightsizing import RightSizing
from chariot.infra.addons.storage_classes import StorageClasses
from chariot.infra.addons.tracing import Tracing
from chariot.infra.addons.velero import Velero
from chariot.infra.addons.vertical_pod_autoscaler import VerticalPodAutoscaler

ADDONS: list[Addon] = [
    StorageClasses(),
    LoadBalancerController(),
    Karpenter(),
    ClusterAutoscaler(),
    Istio(),
    Tracing(),
    VerticalPodAutoscaler(),
    Prometheus(),
    PrometheusAdapter(),
    ExternalDns(),
    ArgoCd(),
    Velero(),
    RightSizing(),
]
