"""Names of the platform pieces that the cluster's add-ons install and these manifests point at.

Where an add-on installs something (namespaces, the gateway's labels and service account) the
name comes from `chariot.spec.platform_names`, which the add-ons read too; the rest are facts
of Kubernetes, EKS and Istio themselves.
"""

from __future__ import annotations

from chariot.spec import platform_names as names

ISTIO_NAMESPACE = names.ISTIO_NAMESPACE
ISTIOD_LABELS = names.ISTIOD_LABELS
ISTIOD_XDS_PORT = 15012  # sidecars fetch configuration and certificates here

INGRESS_NAMESPACE = names.INGRESS_NAMESPACE
INGRESS_GATEWAY_LABELS = names.INGRESS_GATEWAY_SELECTOR
INGRESS_GATEWAY_SERVICE_ACCOUNT = names.INGRESS_GATEWAY_NAME
GATEWAY_NAME = "chariot-gateway"
GATEWAY_PORT = 80

DNS_NAMESPACE = "kube-system"
DNS_LABELS = {"k8s-app": "kube-dns"}

MONITORING_NAMESPACE = names.MONITORING_NAMESPACE
ISTIO_METRICS_PORT = 15020  # merged application + sidecar metrics, scraped by Prometheus

TRACING_NAMESPACE = names.TRACING_NAMESPACE
OTEL_GRPC_PORT = names.OTEL_GRPC_PORT  # the sidecars' spans to the collector

POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32"  # EKS Pod Identity agent (host network)
POD_IDENTITY_AGENT_PORT = 80

NEPTUNE_PORT = 8182
CACHE_PORT = 6379
HTTPS_PORT = 443

TRUST_DOMAIN = "cluster.local"

RUN_AS_USER = 10001  # above 10000: never collides with a host user (checkov CKV_K8S_40)


def principal(namespace: str, service_account: str) -> str:
    """The SPIFFE-style identity Istio gives a workload's mTLS certificate."""
    return f"{TRUST_DOMAIN}/ns/{namespace}/sa/{service_account}"
