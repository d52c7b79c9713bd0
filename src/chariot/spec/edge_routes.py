"""Which services the edge routes: the fact the API builders and the edge's spec rules share."""

from __future__ import annotations

from chariot.spec.model import PlatformSpec, Service, WorkloadKind

ROUTED_KINDS = frozenset({WorkloadKind.API, WorkloadKind.REALTIME})


def routed_services(spec: PlatformSpec) -> list[Service]:
    """Services that answer requests from outside get `/v1/<name>` routes."""
    return [s for s in spec.services if s.kind in ROUTED_KINDS]
