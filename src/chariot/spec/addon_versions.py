"""EKS managed add-on versions pinned per Kubernetes minor version, as the EKS User Guide lists.

Without `AddonVersion` EKS installs the version that is its default on the day the add-on is
created and never moves it: two environments built a month apart run different networking, and
a cluster upgrade leaves vpc-cni, CoreDNS and kube-proxy behind (EKS asks for them to be updated
with each minor version: https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
This table pins the add-ons whose version EKS documents per Kubernetes version; a spec may pin
any add-on itself (`cluster.addons[].version`), which wins. Read 2026-12-01 from the pages below
(their `.md` sources, the newest copies available here); update it when a row goes stale, e.g.
with `aws eks describe-addon-versions --addon-name NAME --kubernetes-version 1.35`.
"""

from __future__ import annotations

from chariot.spec.model import EksAddon

SOURCES: dict[str, str] = {
    "vpc-cni": "https://docs.amazonaws.cn/eks/latest/userguide/managing-vpc-cni.md",
    "coredns": "https://docs.amazonaws.cn/en_us/eks/latest/userguide/managing-coredns.md",
    "kube-proxy": "https://docs.amazonaws.cn/zh_cn/eks/latest/userguide/managing-kube-proxy.md",
}

# add-on -> Kubernetes minor version -> the latest Amazon EKS add-on version the page lists.
PINNED: dict[str, dict[str, str]] = {
    "vpc-cni": {
        "1.35": "v1.21.1-eksbuild.7",
        "1.34": "v1.21.1-eksbuild.7",
        "1.33": "v1.21.1-eksbuild.7",
    },
    "coredns": {
        "1.35": "v1.14.2-eksbuild.4",
        "1.34": "v1.13.2-eksbuild.7",
    },
    "kube-proxy": {
        "1.35": "v1.35.3-eksbuild.2",
        "1.34": "v1.34.6-eksbuild.2",
        "1.33": "v1.33.10-eksbuild.2",
    },
}

# kube-proxy's version is the cluster's Kubernetes version: a skewed one is refused by the rule.
FOLLOWS_KUBERNETES = frozenset({"kube-proxy"})


def addon_version(addon: EksAddon, kubernetes_version: str) -> str | None:
    """The version the add-on is installed at: the spec's pin, else the table's, else None."""
    return addon.version or PINNED.get(addon.name, {}).get(kubernetes_version)
