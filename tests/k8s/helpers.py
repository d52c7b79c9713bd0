"""Helpers for the manifest tests: the real environment specs and explicit placements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from chariot.k8s.deployed import (
    CACHE_ENDPOINT,
    CACHE_GROUP_ID,
    CACHE_OUTPUTS,
    CACHE_PORT,
    CACHE_USER,
    CLUSTER_SECURITY_GROUP,
    COGNITO_CLIENT_ID,
    GRAPH_ENDPOINT,
    GRAPH_PORT,
    Deployed,
    pod_security_group_output,
    region_outputs,
)
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


def deployed(spec: PlatformSpec) -> Deployed:
    """Every output a deploy of `spec` would give the manifests, with made-up but well-formed
    values (the contract test checks the names against the synthesized stacks)."""
    values = {
        GRAPH_ENDPOINT: "chariot-graph.cluster-abc.us-east-1.neptune.amazonaws.com",
        GRAPH_PORT: "8182",
        CACHE_ENDPOINT: "master.chariot-cache.abc.use1.cache.amazonaws.com",
        CACHE_PORT: "6379",
        CACHE_USER: "chariot-app",
        CACHE_GROUP_ID: "chariot-cache",
        CLUSTER_SECURITY_GROUP: "sg-0c1a5e7000000000",
        COGNITO_CLIENT_ID: "4tq1example0client0id00000",
    }
    for n, service in enumerate(spec.services):
        values[pod_security_group_output(service.name)] = f"sg-0{n:016x}"
    return Deployed(values, "test")


def deployed_dr(spec: PlatformSpec) -> Deployed:
    """What the DR stacks give the DR manifests: every value of `deployed` but the cache's
    (the DR region runs none), under the DR stacks' output names."""
    values = {k: v for k, v in deployed(spec).values.items() if k not in CACHE_OUTPUTS}
    return Deployed(values, "test", region_outputs(dr=True), cache=False)
