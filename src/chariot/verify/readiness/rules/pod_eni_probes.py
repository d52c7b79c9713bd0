"""Pods with a branch ENI (security groups for pods) pass the kubelet's probes.

With vpc-cni's `ENABLE_POD_ENI`, a pod selected by a SecurityGroupPolicy gets its own branch
ENI; the kubelet's HTTP and TCP probes from the node fail unless the aws-vpc-cni-init container
sets `DISABLE_TCP_EARLY_DEMUX=true`, and the service never becomes Ready
(https://docs.aws.amazon.com/eks/latest/userguide/security-groups-pods-deployment.html).
Exec probes do not need it, so the rule names the workloads whose probes would fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.verify.readiness.base import KubernetesObject, Platform, Result, Violation

NETWORK_PROBES = ("httpGet", "tcpSocket", "grpc")
PROBES = ("readinessProbe", "livenessProbe", "startupProbe")
WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet")


def _on(env: Any, name: str) -> bool:
    return isinstance(env, dict) and str(env.get(name, "false")).lower() == "true"


def network_probed(workload: KubernetesObject) -> bool:
    containers = workload.get("spec", "template", "spec", "containers") or []
    return any(
        probe in (c.get(kind) or {})
        for c in containers
        for kind in PROBES
        for probe in NETWORK_PROBES
    )


def selected(policy: KubernetesObject, workload: KubernetesObject) -> bool:
    wanted = policy.get("spec", "podSelector", "matchLabels") or {}
    labels = workload.get("spec", "template", "metadata", "labels") or {}
    same_namespace = policy.namespace == workload.namespace
    return same_namespace and bool(wanted) and all(labels.get(k) == v for k, v in wanted.items())


def check(platform: Platform) -> Iterator[Result]:
    for addon in platform.resources("AWS::EKS::Addon"):
        if addon.get("AddonName") != "vpc-cni":
            continue
        config = platform.json_property(addon, "ConfigurationValues") or {}
        if not _on(config.get("env"), "ENABLE_POD_ENI"):
            continue
        if _on((config.get("init") or {}).get("env"), "DISABLE_TCP_EARLY_DEMUX"):
            continue
        failing = sorted(
            w.name
            for policy in platform.objects("SecurityGroupPolicy")
            for w in platform.objects(*WORKLOADS)
            if selected(policy, w) and network_probed(w)
        )
        if failing:
            yield Violation(
                addon,
                "vpc-cni sets ENABLE_POD_ENI without init.env.DISABLE_TCP_EARLY_DEMUX=true: the "
                f"kubelet's probes of branch-ENI pods fail ({', '.join(failing)} never become "
                "Ready)",
            )
