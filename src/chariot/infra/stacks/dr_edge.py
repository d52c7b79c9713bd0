"""The DR region's API (pilot_light, warm_standby, when CloudFront reaches the API by
`origin.<domain>`): the edge stack made from the DR view, in `dr.dr_region`.

It holds the internal NLB bound to the DR cluster's Istio ingress gateway, the same API kind
on a VPC Link, the custom domain `origin.<domain>` with a certificate of this region, and the
SECONDARY record of the origin name's failover group (chariot.infra.edge.failover), so
Route 53 answers with this API once the platform region's health check fails. CloudFront,
its WAF and the static content stay with the primary edge stack (CloudFront is global; the
static content fails over through its origin group). The API checks the origin secret's
replica (chariot.infra.constructs.origin_verify) and, in the mesh, tokens of the primary's
user pool: the DR region makes no pool of its own (docs/disaster-recovery.md says what a
region loss does to sign-in).
"""

from __future__ import annotations

from aws_cdk import Stack
from constructs import Construct

from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.edge import EdgeStack
from chariot.spec.dr_region import dr_serves_api, dr_view
from chariot.spec.model import PlatformSpec


class DrEdgeStack(EdgeStack):
    part = "dr-edge"


def build_dr_edge_stacks(
    scope: Construct, spec: PlatformSpec, shared: Shared
) -> list[PlatformStack]:
    """The DR edge when the DR region serves the API (chariot.spec.dr_region.dr_serves_api)."""
    if not dr_serves_api(spec):
        return []
    stack = DrEdgeStack(scope, dr_view(spec), shared.get("dr-shared", Shared))
    # The origin secret's replica comes with the primary edge's secret.
    stack.add_stack_dependency(shared.get("edge-stack", Stack))
    return [stack]
