"""Where a workload runs: the value the planner produces and the manifests and cost consume.

It lives beside the spec (not in `chariot.plan`) so that `chariot.k8s` can take placements as
input without importing the planner: the CLI wires plan -> k8s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ComputeTarget = Literal["ec2_on_demand", "ec2_spot", "ec2_spot_with_on_demand_fallback", "fargate"]


@dataclass(frozen=True)
class FiredRule:
    """A placement rule that matched, and why."""

    rule: str
    reason: str


@dataclass(frozen=True)
class Placement:
    """The compute target of one service and the scheduling fields that put it there."""

    service: str
    compute: ComputeTarget
    node_selector: dict[str, str] = field(default_factory=dict)
    tolerations: list[dict[str, str]] = field(default_factory=list)  # Kubernetes Toleration
    fired: list[FiredRule] = field(default_factory=list)
    # The node pool (EC2) or Fargate profile that runs the pods; None when not known.
    pool: str | None = None
    # Soft preference (preferredDuringScheduling node affinity), e.g. spot with on-demand fallback.
    preferred_node_selector: dict[str, str] = field(default_factory=dict)
    # Labels the pod must carry, e.g. the selector labels of the Fargate profile that runs it.
    pod_labels: dict[str, str] = field(default_factory=dict)
