"""No branch of the decision tree matched: on-demand EC2, the choice that never surprises."""

from __future__ import annotations

from chariot.plan.placement.base import Preference
from chariot.spec.model import PlatformSpec, Service


def _matches(service: Service, spec: PlatformSpec) -> bool:
    return True


def _detail(service: Service) -> str:
    return f"{service.kind.value}, {service.target_rps:g} rps, SLO {service.latency_slo_ms} ms"


RULE = Preference(
    name="default-on-demand",
    source="chariot: fallback when no seed rule matches",
    condition="no other preference matched",
    compute="ec2_on_demand",
    reason="no decision-tree branch matched; on-demand EC2 is neither interrupted nor cold",
    matches=_matches,
    detail=_detail,
)
