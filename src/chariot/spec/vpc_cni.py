"""What the spec's vpc-cni add-on configuration switches on, read in one place.

The add-on's `configuration` is free-form JSON (the EKS add-on configuration schema): `env` sets
the aws-node container, `init.env` the aws-vpc-cni-init container. Infra, planning and the spec
rules all ask the same questions of it (prefix delegation? pod ENIs? custom networking?).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chariot.spec.model import PlatformSpec

VPC_CNI = "vpc-cni"
# Custom networking chooses a node's ENIConfig by this node label; one ENIConfig per zone.
ZONE_LABEL = "topology.kubernetes.io/zone"


def _env(section: Any) -> dict[str, str]:
    env = section.get("env", {}) if isinstance(section, dict) else {}
    return {str(k): str(v) for k, v in env.items()} if isinstance(env, dict) else {}


@dataclass(frozen=True)
class VpcCniSettings:
    env: dict[str, str]
    init_env: dict[str, str]

    def on(self, name: str) -> bool:
        return self.env.get(name, "false").lower() == "true"

    @property
    def prefix_delegation(self) -> bool:
        return self.on("ENABLE_PREFIX_DELEGATION")

    @property
    def pod_eni(self) -> bool:
        return self.on("ENABLE_POD_ENI")

    @property
    def custom_networking(self) -> bool:
        return self.on("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG")

    @property
    def tcp_early_demux_disabled(self) -> bool:
        return self.init_env.get("DISABLE_TCP_EARLY_DEMUX", "false").lower() == "true"


def vpc_cni(spec: PlatformSpec) -> VpcCniSettings:
    """The spec's vpc-cni settings (all off when the spec does not configure the add-on)."""
    for addon in spec.cluster.addons:
        if addon.name == VPC_CNI:
            return VpcCniSettings(_env(addon.configuration), _env(addon.configuration.get("init")))
    return VpcCniSettings({}, {})


def vpc_cni_index(spec: PlatformSpec) -> int | None:
    """Position of the vpc-cni entry in cluster.addons (for error locations)."""
    return next((i for i, a in enumerate(spec.cluster.addons) if a.name == VPC_CNI), None)
