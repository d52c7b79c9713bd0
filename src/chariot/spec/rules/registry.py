"""The explicit list of spec rules, run in this order after the structural check."""

from __future__ import annotations

from chariot.spec.rules import (
    addons_pinned,
    bounds_ordered,
    cluster_reachable,
    data_classified,
    dr_region_distinct,
    edge_buildable,
    edge_routes_authenticated,
    images_from_known_registries,
    instance_types_known,
    kubernetes_version_supported,
    mesh_not_on_fargate,
    node_pools_buildable,
    one_autoscaler_per_pool,
    pod_eni_probes,
    pod_network_consistent,
    references_exist,
    service_stacks_within_limits,
    subnet_ip_budget,
    subnets_disjoint,
    subnets_inside_vpc,
    subnets_match_zones,
    unique_names,
)
from chariot.spec.rules.base import Rule

RULES: dict[str, Rule] = {
    "subnets-match-zones": subnets_match_zones.check,
    "subnets-inside-vpc": subnets_inside_vpc.check,
    "subnets-disjoint": subnets_disjoint.check,
    "kubernetes-version-supported": kubernetes_version_supported.check,
    "unique-names": unique_names.check,
    "bounds-ordered": bounds_ordered.check,
    "mesh-not-on-fargate": mesh_not_on_fargate.check,
    "references-exist": references_exist.check,
    "node-pools-buildable": node_pools_buildable.check,
    "pod-eni-probes": pod_eni_probes.check,
    "cluster-reachable": cluster_reachable.check,
    "one-autoscaler-per-pool": one_autoscaler_per_pool.check,
    "pod-network-consistent": pod_network_consistent.check,
    "subnet-ip-budget": subnet_ip_budget.check,
    "images-from-known-registries": images_from_known_registries.check,
    "edge-routes-authenticated": edge_routes_authenticated.check,
    "instance-types-known": instance_types_known.check,
    "edge-buildable": edge_buildable.check,
    "dr-region-distinct": dr_region_distinct.check,
    "addons-pinned": addons_pinned.check,
    "data-classified": data_classified.check,
    "service-stacks-within-limits": service_stacks_within_limits.check,
}
