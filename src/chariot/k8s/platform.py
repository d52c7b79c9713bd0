"""Names of the platform pieces that the cluster issue installs and these manifests point at.

They are constants in one place so that the add-ons (cluster side) and the manifests (service
side) agree; change them here and both the objects and the validator's tests follow.
"""

from __future__ import annotations

ISTIO_NAMESPACE = "istio-system"
ISTIOD_LABELS = {"app": "istiod"}
ISTIOD_XDS_PORT = 15012  # sidecars fetch configuration and certificates here

INGRESS_NAMESPACE = "istio-ingress"
INGRESS_GATEWAY_LABELS = {"istio": "ingressgateway"}
INGRESS_GATEWAY_SERVICE_ACCOUNT = "istio-ingressgateway"
GATEWAY_NAME = "chariot-gateway"
GATEWAY_PORT = 80

DNS_NAMESPACE = "kube-system"
DNS_LABELS = {"k8s-app": "kube-dns"}

MONITORING_NAMESPACE = "monitoring"
ISTIO_METRICS_PORT = 15020  # merged application + sidecar metrics, scraped by Prometheus

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
