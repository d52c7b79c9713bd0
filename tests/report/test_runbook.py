"""runbook.md: the sections in order, each step's commands in a shell block, and the report
linking to it."""

from __future__ import annotations

from pathlib import Path

from chariot.report.runbook import RUNBOOK_MD, render_runbook, write_runbook
from chariot.verify.dr.runbook import Runbook, Step, StoreLine

RUNBOOK = Runbook(
    environment="prod",
    strategy="warm_standby",
    region="us-east-1",
    dr_region="us-west-2",
    rpo_minutes=5,
    rto_minutes=15,
    approver="the incident commander",
    stores=(StoreLine("Neptune cluster", "g", "secondary | promoted", "1 min", "10 min", True),),
    failover=(
        Step(
            "Promote",
            "why",
            ("aws neptune remove-from-global-cluster",),
            "it is",
            ("aws x",),
            "the incident commander",
        ),
        Step("Check", "why"),
    ),
    failback=(Step("Back", "why", ("aws y",)),),
    game_day=(Step("Rehearse", "why"),),
)


def test_sections_steps_commands_and_approvals_in_order() -> None:
    text = render_runbook(RUNBOOK)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Disaster recovery runbook · prod",
        "## What recovers how (region loss)",
        "## Failover",
        "### 1. Promote",
        "### 2. Check",
        "## Failback",
        "### 1. Back",
        "## Game day",
        "### 1. Rehearse",
    ]
    assert "targets RPO 5 min, RTO 15 min" in text
    assert "```sh\naws neptune remove-from-global-cluster\n```" in text
    assert "**Approval:** the incident commander." in text
    assert "**Check:** it is" in text
    assert "secondary \\| promoted" in text  # table cells escaped


def test_written_beside_the_report(tmp_path: Path) -> None:
    path = write_runbook(RUNBOOK, tmp_path / "prod")
    assert path == tmp_path / "prod" / RUNBOOK_MD
    assert path.read_text().startswith("# Disaster recovery runbook · prod\n")
