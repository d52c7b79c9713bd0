"""Every add-on whose version EKS documents per Kubernetes version resolves to a pinned version.

A spec on a Kubernetes version the dated table has no row for must pin those add-ons itself;
kube-proxy's pin must match the cluster's minor version (kube-proxy may not be newer than the
control plane, and EKS publishes one line per minor version:
https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html). A version outside
EKS standard support is left to kubernetes-version-supported: one problem, reported once.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.addon_versions import FOLLOWS_KUBERNETES, PINNED, SOURCES, addon_version
from chariot.spec.eks_versions import standard_support_problem
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    kubernetes = spec.cluster.kubernetes_version
    if standard_support_problem(kubernetes, ctx.on):
        return  # kubernetes-version-supported names the root cause; no pin fixes that version
    for index, addon in enumerate(spec.cluster.addons):
        if addon.name not in PINNED:
            continue
        version = addon_version(addon, kubernetes)
        if version is None:
            yield (
                ("cluster", "addons", index, "version"),
                f"{addon.name} has no pinned version for Kubernetes {kubernetes} in "
                f"chariot.spec.addon_versions ({SOURCES[addon.name]}): set it, e.g. from "
                f"`aws eks describe-addon-versions --addon-name {addon.name} "
                f"--kubernetes-version {kubernetes}`",
            )
        elif addon.name in FOLLOWS_KUBERNETES and not version.startswith(f"v{kubernetes}."):
            yield (
                ("cluster", "addons", index, "version"),
                f"{addon.name} {version} does not match the cluster's Kubernetes {kubernetes}: "
                f"use a v{kubernetes}.x-eksbuild.N version",
            )
