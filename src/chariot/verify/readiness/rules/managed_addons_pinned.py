"""Every EKS managed add-on states its version.

Without `AddonVersion`, EKS installs its default version of the day the add-on is created and
never moves it (https://docs.aws.amazon.com/eks/latest/userguide/creating-an-add-on.html):
environments built weeks apart differ, and nothing in the template says what runs. For the
add-ons EKS documents per Kubernetes version (vpc-cni, CoreDNS, kube-proxy), which must move
with every cluster upgrade, an unpinned add-on is an error; for the others a warning, because
their versions can only be read from `aws eks describe-addon-versions`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.addon_versions import PINNED
from chariot.verify.readiness.base import Platform, Result, Violation


def check(platform: Platform) -> Iterator[Result]:
    for addon in platform.resources("AWS::EKS::Addon"):
        if addon.get("AddonVersion"):
            continue
        name = str(addon.get("AddonName"))
        follows_cluster = name in PINNED
        yield Violation(
            addon,
            f"add-on {name} has no AddonVersion: EKS installs whatever is its default on the "
            "day of creation and never upgrades it; pin cluster.addons[].version"
            + (" (it must move with each Kubernetes upgrade)" if follows_cluster else ""),
            severity="error" if follows_cluster else "warning",
        )
