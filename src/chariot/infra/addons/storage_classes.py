"""The default StorageClass: encrypted gp3 through the EBS CSI driver (EKS add-on).

EKS no longer marks its in-tree gp2 class as default, so without this a PersistentVolumeClaim
with no class (Prometheus' server, for one) would stay Pending.
"""

from __future__ import annotations

from typing import Any, ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec

DEFAULT_CLASS = "gp3"


def gp3_class() -> dict[str, Any]:
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {
            "name": DEFAULT_CLASS,
            "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
        },
        "provisioner": "ebs.csi.aws.com",
        "volumeBindingMode": "WaitForFirstConsumer",
        "allowVolumeExpansion": True,
        "reclaimPolicy": "Delete",
        "parameters": {"type": "gp3", "encrypted": "true", "fsType": "ext4"},
    }


class StorageClasses:
    name: ClassVar[str] = "storage-classes"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.no_pods)
    after: ClassVar[tuple[str, ...]] = ()

    def enabled(self, spec: PlatformSpec) -> bool:
        return any(addon.name == "aws-ebs-csi-driver" for addon in spec.cluster.addons)

    def install(self, ctx: AddonContext) -> list[Construct]:
        return [ctx.manifest("Gp3", gp3_class())]
