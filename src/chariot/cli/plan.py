"""`chariot plan`: where each service runs and why, and the capacity that follows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chariot.cli.console import (
    FormatOption,
    OnOption,
    OutputFormat,
    RootOption,
    fail,
    load,
    out,
    print_json,
    styled,
    table,
    user_errors,
)

if TYPE_CHECKING:
    from chariot.plan.capacity import CapacityPlan
    from chariot.spec.model import PlatformSpec
    from chariot.spec.placement import Placement


def placements_or_fail(spec: PlatformSpec) -> dict[str, Placement]:
    """Place the catalog; a conflict is one line per service and rule, exit code 2."""
    from chariot.plan.placement import PlacementError, place

    try:
        return place(spec)
    except PlacementError as exc:
        fail([f"placement conflict: {c}" for c in exc.conflicts])


def capacity_for(spec: PlatformSpec, placements: dict[str, Placement], root: Path) -> CapacityPlan:
    from chariot.plan.capacity import plan_capacity, read_per_pod

    with user_errors():
        return plan_capacity(spec, placements, read_per_pod(root))


def _print_tables(spec: PlatformSpec, placements: dict[str, Placement], plan: CapacityPlan) -> None:
    from chariot.report.model import rules_dict

    rows: list[list[Any]] = []
    for service in spec.services:
        p = placements[service.name]
        selector = ", ".join(f"{k}={v}" for k, v in p.node_selector.items()) or "-"
        tolerations = ", ".join(f"{t['key']}={t['value']}:{t['effect']}" for t in p.tolerations)
        rows.append([service.name, p.compute, p.pool or "-", selector, tolerations or "-"])
    out.print(
        table("Placement", ["service", "compute", "pool", "node selector", "tolerations"], rows)
    )
    fired = [[name, f.rule, f.reason] for name, p in placements.items() for f in p.fired]
    counts: dict[str, int] = {}
    for placement in placements.values():
        for rule in {f.rule for f in placement.fired}:
            counts[rule] = counts.get(rule, 0) + 1
    catalog = rules_dict()
    out.print(
        table(
            "Placement rules (preferences in order, then constraints, which always win)",
            ["rule", "kind", "condition", "outcome", "reason", "source", "fired for"],
            [
                [
                    r["name"],
                    "preference",
                    r["condition"],
                    r["compute"],
                    r["reason"],
                    r["source"],
                    counts.get(r["name"], 0),
                ]
                for r in catalog["preferences"]
            ]
            + [
                [
                    c["name"],
                    "constraint",
                    c["condition"],
                    "redirect or conflict",
                    c["reason"],
                    c["source"],
                    counts.get(c["name"], 0),
                ]
                for c in catalog["constraints"]
            ],
        )
    )
    out.print(table("Rules fired", ["service", "rule", "reason"], fired))
    out.print(
        table(
            "Capacity",
            ["service", "pod requests", "rps/pod", "at target", "HPA min", "HPA max", "source"],
            [
                [
                    s.service,
                    f"{s.pod_millicores}m/{s.pod_mebibytes}Mi",
                    f"{s.per_pod.rps:g}",
                    s.replicas_at_target,
                    s.hpa_min,
                    s.hpa_max,
                    s.per_pod.source,
                ]
                for s in plan.services
            ],
        )
    )
    out.print(
        table(
            "Node pools",
            [
                "pool",
                "instance",
                "allocatable/node",
                "pods",
                "nodes (target)",
                "nodes (HPA max)",
                "min-max",
            ],
            [
                [
                    p.name,
                    f"{p.instance_type} {p.capacity_type}",
                    f"{p.node_millicores}m/{p.node_mebibytes}Mi",
                    ", ".join(p.pods) or "-",
                    p.nodes_at_target,
                    p.nodes_at_max,
                    f"{p.min_size}-{p.max_size}",
                ]
                for p in plan.pools
            ],
        )
    )
    if plan.fargate:
        out.print(
            table(
                "Fargate pods",
                ["pod", "profile", "replicas", "requested", "billed"],
                [
                    [
                        f.name,
                        f.profile,
                        f.replicas,
                        f"{f.requested_millicores}m/{f.requested_mebibytes}Mi",
                        f"{f.vcpu:g} vCPU / {f.gib:g} GB",
                    ]
                    for f in plan.fargate
                ],
            )
        )
    out.print(
        table(
            "Scale check",
            ["check", "result", "detail"],
            [
                [c.name, styled("ok", "green") if c.ok else styled("limit hit", "yellow"), c.detail]
                for c in plan.checks
            ],
        )
    )


def plan(
    env: Annotated[str, typer.Option("--env", "-e", help="environment to plan")],
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Place every service (rules fired and why), size replicas, HPA bounds and node pools."""
    from chariot.report.model import placement_dict, rules_dict

    spec = load(root, env, on)
    placements = placements_or_fail(spec)
    capacity = capacity_for(spec, placements, root)
    if output is OutputFormat.JSON:
        print_json(
            {
                "environment": spec.environment,
                "rules": rules_dict(),
                "placements": [placement_dict(placements[s.name]) for s in spec.services],
                "capacity": capacity.to_dict(),
            }
        )
        return
    _print_tables(spec, placements, capacity)
