"""The whole plan of one environment in one call: placement, capacity and (with templates) cost."""

from __future__ import annotations

from pathlib import Path

from chariot.plan.environment import load_environment_usage, plan_environment
from chariot.spec.model import PlatformSpec

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "plan" / "fixtures" / "prod"


def test_without_templates_only_placement_and_capacity(prod: PlatformSpec) -> None:
    result = plan_environment(prod, ROOT)
    assert set(result.placements) == {"assets", "users", "vulnerabilities"}
    assert result.capacity.pools
    assert result.cost is None


def test_environment_usage_file_is_used(prod: PlatformSpec) -> None:
    usage = load_environment_usage(ROOT, "prod")
    assert usage.file == ROOT / "environments" / "usage" / "prod.yaml"
    assert load_environment_usage(ROOT, "nowhere").file is None
