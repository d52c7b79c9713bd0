"""The explicit list of manifest builders, one module per object family, in apply order."""

from __future__ import annotations

from chariot.k8s import (
    autoscalers,
    deployments,
    disruption_budgets,
    mesh_security,
    mesh_traffic,
    namespaces,
    network_policies,
    pod_security_groups,
    service_accounts,
    services,
    vertical_autoscalers,
)
from chariot.k8s.context import Builder

BUILDERS: dict[str, Builder] = {
    "namespaces": namespaces.build,
    "service-accounts": service_accounts.build,
    "network-policies": network_policies.build,
    "pod-security-groups": pod_security_groups.build,
    "mesh-security": mesh_security.build,
    "services": services.build,
    "deployments": deployments.build,
    "disruption-budgets": disruption_budgets.build,
    "autoscalers": autoscalers.build,
    "vertical-autoscalers": vertical_autoscalers.build,
    "mesh-traffic": mesh_traffic.build,
}
