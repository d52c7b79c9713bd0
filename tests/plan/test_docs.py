"""docs/planning.md stays true to the planner."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_docs_list_every_usage_key() -> None:
    from chariot.plan.cost.estimate import all_usage_keys

    docs = (ROOT / "docs" / "planning.md").read_text()
    missing = [k.path for k in all_usage_keys() if f"`{k.path}`" not in docs]
    assert missing == []
