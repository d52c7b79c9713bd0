"""Platform add-ons on the cluster (Helm charts and manifests through the kubectl provider).

Kept apart from the cluster stack so that neither template nears CloudFormation's limits and a
chart upgrade never touches the control plane's template.
"""

from __future__ import annotations

from aws_cdk import aws_eks_v2 as eks
from constructs import Construct

from chariot.infra.addons.base import AddonContext
from chariot.infra.addons.registry import ADDONS
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec.model import PlatformSpec


class AddonsStack(PlatformStack):
    part = "addons"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(scope, spec, "Chariot platform add-ons: controllers, mesh, metrics")
        cluster = shared.get("cluster", eks.Cluster)
        self.installed: dict[str, list[Construct]] = {}
        for addon in ADDONS:
            if not addon.enabled(spec):
                continue
            scope_ = Construct(self, addon.name)
            created = addon.install(
                AddonContext(scope=scope_, spec=spec, cluster=cluster, shared=shared)
            )
            for dependency in addon.after:
                for construct in self.installed.get(dependency, []):
                    scope_.node.add_dependency(construct)
            self.installed[addon.name] = created
