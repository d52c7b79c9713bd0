"""Helpers for the manifest tests: the real environment specs and explicit placements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from chariot.k8s.issuer import JwtIssuer
from chariot.k8s.objects import Manifest
from chariot.spec.load import load_spec
from chariot.spec.model import PlatformSpec, Service, Tier
from chariot.spec.placement import Placement

ROOT = Path(__file__).resolve().parents[2]
CHECK_DAY = date(2026, 11, 26)
ISSUER = JwtIssuer(
    issuer="https://login.chariot.test",
    jwks_uri="https://login.chariot.test/.well-known/jwks.json",
    audiences=("chariot-api",),
    source="test",
    cognito=False,
)


def load(environment: str) -> PlatformSpec:
    return load_spec(ROOT, environment, CHECK_DAY)


def placements(spec: PlatformSpec) -> dict[str, Placement]:
    """What a planner would say: batch on the SPOT pool (tolerating its taint), others on demand."""
    spot = next(p for p in spec.cluster.node_pools if p.capacity_type == "SPOT")
    on_demand = next(p for p in spec.cluster.node_pools if p.capacity_type == "ON_DEMAND")
    result = {}
    for service in spec.services:
        if service.tier is Tier.BATCH:
            tolerations = [
                {"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect.value}
                for t in spot.taints
            ]
            result[service.name] = Placement(
                service.name, "ec2_spot", dict(spot.labels), tolerations
            )
        else:
            result[service.name] = Placement(service.name, "ec2_on_demand", dict(on_demand.labels))
    return result


def with_services(spec: PlatformSpec, services: Iterable[Service], **changes: Any) -> PlatformSpec:
    return spec.model_copy(update={"services": list(services), **changes})


def find(manifests: list[Manifest], kind: str, name: str, namespace: str | None = None) -> Manifest:
    for manifest in manifests:
        meta = manifest["metadata"]
        same_namespace = namespace is None or meta.get("namespace") == namespace
        if manifest["kind"] == kind and meta["name"] == name and same_namespace:
            return manifest
    raise AssertionError(f"no {kind} {name}")


def kinds(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]
