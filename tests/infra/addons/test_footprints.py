"""Each add-on names its footprint: the entry of chariot.spec.footprints under its own name."""

from __future__ import annotations

from chariot.infra.addons.registry import ADDONS
from chariot.spec.footprints import FOOTPRINTS


def test_every_addon_declares_its_catalog_entry() -> None:
    for addon in ADDONS:
        assert addon.footprint is FOOTPRINTS[addon.name], addon.name


def test_every_helm_entry_belongs_to_an_addon() -> None:
    """The catalog's other entries are EKS managed add-ons (cluster.addons), not chariot's."""
    managed = {
        "vpc-cni",
        "kube-proxy",
        "coredns",
        "metrics-server",
        "aws-ebs-csi-driver",
        "aws-efs-csi-driver",
        "eks-pod-identity-agent",
        "amazon-cloudwatch-observability",
    }
    assert set(FOOTPRINTS) - managed == {addon.name for addon in ADDONS}
