"""What a check that ran reports: the one type the pipeline (cdk-nag, cfn-lint, manifest
validation, readiness) and the report (spec rules, placement, scale, cost) both produce."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """A check that ran: passed or not, what it found, and what ran it (`source`: the tool or
    the kind of rule, e.g. "cfn-lint", "spec rule")."""

    name: str
    passed: bool
    detail: str = ""
    source: str = ""
