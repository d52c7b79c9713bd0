"""The explicit list of cross-object rules, by the name findings carry."""

from __future__ import annotations

from chariot.k8s.validate.rules import (
    authz_requires_principal,
    fargate_not_meshed,
    fault_injection_in_chaos_only,
    hpa_vpa_conflict,
    images_pinned,
    locality_needs_outlier_detection,
    names_and_labels,
    pod_spec_semantics,
    request_principal_has_issuer,
    scale_targets_exist,
    schedulable_on_node_pools,
    security_group_policies,
    selectors_match,
    unique_objects,
    virtualservice_refs,
    workload_companions,
)
from chariot.k8s.validate.rules.base import Rule

RULES: dict[str, Rule] = {
    "unique-objects": unique_objects.check,
    "names-and-labels": names_and_labels.check,
    "pod-spec-semantics": pod_spec_semantics.check,
    "workload-companions": workload_companions.check,
    "selectors-match": selectors_match.check,
    "scale-targets-exist": scale_targets_exist.check,
    "security-group-policies": security_group_policies.check,
    "hpa-vpa-conflict": hpa_vpa_conflict.check,
    "authz-requires-principal": authz_requires_principal.check,
    "request-principal-has-issuer": request_principal_has_issuer.check,
    "virtualservice-refs": virtualservice_refs.check,
    "fargate-not-meshed": fargate_not_meshed.check,
    "schedulable-on-node-pools": schedulable_on_node_pools.check,
    "fault-injection-in-chaos-only": fault_injection_in_chaos_only.check,
    "images-pinned": images_pinned.check,
    "locality-needs-outlier-detection": locality_needs_outlier_detection.check,
}
