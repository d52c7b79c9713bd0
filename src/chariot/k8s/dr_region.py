"""The DR region's manifests (pilot_light, warm_standby): the primary's objects rendered again
from the spec as the DR region sees it (chariot.spec.dr_region.dr_view), for the DR cluster.

What differs from the primary region's objects, and where each value comes from:
- images: the DR region's ECR registry (the view's region). ECR replication copies each of the
  environment's repositories there under the same name
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html), and the DR
  region's repository creation template keeps their tags immutable. An images file (`--images`)
  names the primary registry's digests, which no DR reference matches: AWS does not document
  that a replica keeps the source's digest, so the DR images stay on their (immutable) tags;
  an image of an external registry is the same in both regions and is pinned in both.
- `AWS_REGION`: the DR region (the view's), so the SDKs sign for and reach that region's
  tables (the global tables' replicas) and graph.
- placements: every EC2-placed service on the `standby` managed node group (`STANDBY_LABELS`),
  with no spot tolerations or spot preferences: the group is on-demand, and the DR cluster runs
  no Karpenter NodePool. Fargate placements stay: the DR cluster has the same Fargate profiles.
- network policies: the DR VPC's database subnets (the view's network).
- deploy-time values (graph endpoint, security group ids): the DR stacks' outputs
  (chariot.k8s.deployed with `dr`); the JWT issuer is the primary region's pool
  (chariot.k8s.issuer). No cache runs in the DR region before a failover makes one: the
  services that declare one run without it (`CHARIOT_CACHE_BACKEND=none`, chariot.k8s.deployed).
- custom networking's ENIConfigs (one per zone, the pod subnets) are not objects of this
  folder: the DR cluster stack creates them for the DR zones from the view
  (infra/eks/eni_configs.py), as the cluster stack does in the primary region.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from chariot.k8s.deployed import Deployed, undeployed
from chariot.k8s.images import ImageDigests
from chariot.k8s.issuer import JwtIssuer
from chariot.k8s.objects import Manifest
from chariot.k8s.render import render
from chariot.spec.dr_region import STANDBY_LABELS, STANDBY_POOL, dr_view
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import FiredRule, Placement
from chariot.spec.platform_names import dr_kubernetes_dir

STANDBY_RULE = FiredRule(
    "dr-standby",
    "the DR cluster runs every EC2 workload on its on-demand standby node group "
    "(no Karpenter NodePool there); the failover scales that one group",
)


def has_dr_manifests(spec: PlatformSpec) -> bool:
    """Whether the strategy keeps a DR cluster to apply manifests to (pilot_light,
    warm_standby); backup_restore deploys the platform there on the day instead."""
    return replicates_data(spec)


def manifests_dir(spec: PlatformSpec) -> str:
    """The folder of the DR region's manifests under dist/<env>/ (`k8s-<dr_region>`)."""
    return dr_kubernetes_dir(spec.dr.dr_region)


def standby_placement(placement: Placement) -> Placement:
    """`placement` in the DR cluster: EC2 on the standby group, Fargate unchanged."""
    if placement.compute == "fargate":
        return placement
    return dataclasses.replace(
        placement,
        compute="ec2_on_demand",
        node_selector=dict(STANDBY_LABELS),
        tolerations=[],
        preferred_node_selector={},
        pool=STANDBY_POOL,
        fired=[*placement.fired, STANDBY_RULE],
    )


def standby_placements(placements: Mapping[str, Placement]) -> dict[str, Placement]:
    """The primary's placements remapped for the DR cluster (module docstring)."""
    return {name: standby_placement(p) for name, p in placements.items()}


def render_dr(
    spec: PlatformSpec,
    placements: Mapping[str, Placement],
    issuer: JwtIssuer | None = None,
    deployed: Deployed | None = None,
    images: ImageDigests | None = None,
) -> list[Manifest]:
    """Every object of the DR region for the primary's `spec` and `placements`; `deployed`
    holds the DR stacks' outputs (chariot.k8s.deployed.resolve(..., dr=True))."""
    if not has_dr_manifests(spec):
        raise ValueError(
            f"dr.strategy {spec.dr.strategy} keeps no DR cluster: there are no DR manifests"
        )
    view = dr_view(spec)
    values = deployed or undeployed(dr=True)
    return render(view, standby_placements(placements), issuer, values, images)
