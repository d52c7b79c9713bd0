"""Specs for the planner's tests: the real environment files, varied through the typed model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chariot.spec.load import load_spec
from chariot.spec.model import PlatformSpec

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def prod() -> PlatformSpec:
    return load_spec(ROOT, "prod")


@pytest.fixture(scope="session")
def dev() -> PlatformSpec:
    return load_spec(ROOT, "dev")


def service(**fields: Any) -> dict[str, Any]:
    """A catalog entry with sensible defaults; `fields` override them."""
    entry: dict[str, Any] = {
        "name": "svc",
        "team": "platform",
        "namespace": "microservices",
        "tier": "standard",
        "kind": "api",
        "image": "1.0.0",
        "target_rps": 100,
        "rps_limit": 200,
        "latency_slo_ms": 300,
    }
    entry.update(fields)
    return entry


def vary(
    spec: PlatformSpec, services: list[dict[str, Any]] | None = None, **changes: Any
) -> PlatformSpec:
    """A copy of `spec` with other services and top-level sections, validated structurally only.

    The cross-field spec rules are skipped on purpose: the planner must enforce its own
    constraints even on a spec that did not come through `load_spec`.
    """
    data = spec.model_dump(mode="json")
    if services is not None:
        data["services"] = services
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return PlatformSpec.model_validate(data)
