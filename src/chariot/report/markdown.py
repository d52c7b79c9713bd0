"""`report.md`: the report rendered as Markdown tables, from the typed report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.estimate import CostEstimate
from chariot.report.model import EnvironmentReport


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _placement_section(report: EnvironmentReport) -> list[str]:
    out = ["## Placement", ""]
    rows = []
    for p in report.placements:
        fired = "<br/>".join(f"**{f.rule}**: {f.reason}" for f in p.fired)
        selector = ", ".join(f"{k}={v}" for k, v in p.node_selector.items()) or "-"
        tolerations = ", ".join(f"{t['key']}={t['value']}:{t['effect']}" for t in p.tolerations)
        rows.append((p.service, p.compute, p.pool or "-", selector, tolerations or "-", fired))
    out += table(
        ["service", "compute", "pool", "node selector", "tolerations", "rules fired"], rows
    )
    out += ["### Rules", "", "Preferences (the seed's decision tree, first match proposes):", ""]
    out += table(
        ["rule", "condition", "proposes", "reason", "source"],
        [(r.name, r.condition, r.compute, r.reason, r.source) for r in report.preferences],
    )
    out += ["Constraints (always win over preferences; a pinned conflict is an error):", ""]
    out += table(
        ["rule", "condition", "reason", "source"],
        [(c.name, c.condition, c.reason, c.source) for c in report.constraints],
    )
    return out


def _capacity_section(cap: CapacityPlan) -> list[str]:
    out = ["## Capacity", ""]
    out += table(
        [
            "service",
            "compute",
            "pod requests",
            "per-pod rps",
            "replicas at target",
            "HPA min",
            "HPA max",
            "rps at HPA max",
            "per-pod source",
        ],
        [
            (
                s.service,
                s.compute,
                f"{s.pod_millicores}m / {s.pod_mebibytes}Mi",
                f"{s.per_pod.rps:g}",
                s.replicas_at_target,
                s.hpa_min,
                s.hpa_max,
                f"{s.rps_at_hpa_max:.0f}",
                s.per_pod.source,
            )
            for s in cap.services
        ],
    )
    out += table(
        [
            "node pool",
            "type",
            "instance",
            "allocatable per node",
            "DaemonSets per node",
            "pods at target",
            "nodes at target",
            "nodes at HPA max",
            "min-max",
            "cpu requested",
        ],
        [
            (
                p.name,
                p.capacity_type,
                p.instance_type,
                f"{p.node_millicores}m / {p.node_mebibytes}Mi",
                f"{p.daemonset_millicores}m / {p.daemonset_mebibytes}Mi",
                ", ".join(p.pods) or "-",
                p.nodes_at_target,
                p.nodes_at_max,
                f"{p.min_size}-{p.max_size}",
                f"{p.cpu_utilisation:.0%}",
            )
            for p in cap.pools
        ],
    )
    if cap.fargate:
        out += table(
            ["Fargate pod", "profile", "replicas", "requested", "billed size"],
            [
                (
                    f.name,
                    f.profile,
                    f.replicas,
                    f"{f.requested_millicores}m / {f.requested_mebibytes}Mi",
                    f"{f.vcpu:g} vCPU / {f.gib:g} GB",
                )
                for f in cap.fargate
            ],
        )
    out += ["### Scale check", ""]
    out += table(
        ["check", "result", "detail"],
        [(c.name, "ok" if c.ok else "**limit hit**", c.detail) for c in cap.checks],
    )
    return out


def _cost_section(cost: CostEstimate | None) -> list[str]:
    out = ["## Monthly cost", ""]
    if cost is None:
        return [*out, "Not estimated: no synthesized templates.", ""]
    out += [
        f"Prices: `{cost.catalog}` (oldest price read {cost.catalog_oldest_read}); usage: "
        f"`{cost.usage_file or 'defaults'}`; templates: `{cost.templates}`.",
        "",
    ]
    rows = [(c.component, c.configuration, _usd(c.monthly_usd)) for c in cost.components()]
    rows.append(("**Total**", "", f"**{_usd(cost.total_usd)}**"))
    out += table(["component", "configuration", "monthly (USD)"], rows)
    out += ["### Optimisation potential", ""]
    saving_rows = [
        (
            s.name,
            _usd(s.base_usd) if s.base_usd else "-",
            f"{s.rate:.0%}" if s.rate else "-",
            _usd(s.monthly_usd),
            s.detail,
        )
        for s in cost.savings
    ]
    saving_rows.append(
        (
            "**Total**",
            "",
            "",
            f"**{_usd(cost.savings_usd)}**",
            f"optimised: {_usd(cost.optimised_total_usd)}",
        )
    )
    out += table(["item", "base", "rate", "monthly saving", "on what"], saving_rows)
    if cost.unpriced:
        out += ["### Unpriced resources", ""]
        out += table(
            ["resource", "type", "why"], [(u.resource, u.type, u.reason) for u in cost.unpriced]
        )
    if cost.warnings:
        out += ["### Warnings", "", *[f"- {w}" for w in cost.warnings], ""]
    out += ["<details><summary>Every line and assumption</summary>", ""]
    out += table(
        ["component", "resource", "what", "quantity", "unit price", "monthly", "price read"],
        [
            (
                line.component,
                line.resource,
                line.description,
                f"{line.quantity:g} {line.unit}",
                f"${line.unit_usd:g}",
                _usd(line.monthly_usd),
                line.price_read or "free",
            )
            for line in cost.lines
        ],
    )
    out += [*[f"- {a}" for a in cost.assumptions], "", "</details>", ""]
    return out


def render_markdown(report: EnvironmentReport) -> str:
    out = [
        f"# {report.name} · {report.environment} · {report.region}",
        "",
        f"Generated {report.generated.isoformat()} by `chariot` from the spec, the service "
        "catalog and the synthesized templates.",
        "",
        "## Architecture",
        "",
        "```mermaid",
        report.diagram,
        "```",
        "",
    ]
    out += _placement_section(report)
    out += _capacity_section(report.capacity)
    out += _cost_section(report.cost)
    if report.runbook:
        out += [
            "## Disaster recovery",
            "",
            f"The failover, failback and game-day steps, with their commands, checks and "
            f"approvals: [{report.runbook}]({report.runbook}).",
            "",
        ]
    out += ["## Checks", ""]
    out += table(
        ["check", "kind", "result", "detail"],
        [(c.name, c.source, "pass" if c.passed else "**fail**", c.detail) for c in report.checks],
    )
    return "\n".join(out)
