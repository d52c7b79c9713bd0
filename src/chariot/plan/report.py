"""The environment report: `dist/<env>/report.md` for people and `report.json` for machines.

Both views come from one dict built by `build_report`: placement decisions with the rules that
fired, the capacity plan, the cost table with savings, every check that ran and a Mermaid
diagram of the environment drawn from the spec (so it renders wherever Markdown renders).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.estimate import CostEstimate
from chariot.plan.placement.registry import CONSTRAINTS, PREFERENCES
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement
from chariot.spec.rules.registry import RULES

REPORT_MD = "report.md"
REPORT_JSON = "report.json"


@dataclass(frozen=True)
class Check:
    """A check that ran, from the spec rules to cdk-nag: passed or not, and what it found."""

    name: str
    passed: bool
    detail: str = ""
    source: str = ""


def placement_dict(placement: Placement) -> dict[str, Any]:
    return asdict(placement)


def rules_dict() -> dict[str, list[dict[str, str]]]:
    """The placement rule catalog: every preference and constraint with its source."""
    return {
        "preferences": [
            {
                "name": r.name,
                "source": r.source,
                "condition": r.condition,
                "compute": r.compute,
                "reason": r.reason,
            }
            for r in PREFERENCES
        ],
        "constraints": [
            {"name": c.name, "source": c.source, "condition": c.condition, "reason": c.reason}
            for c in CONSTRAINTS
        ],
    }


def _checks(
    spec: PlatformSpec,
    placements: dict[str, Placement],
    capacity: CapacityPlan,
    cost: CostEstimate | None,
    extra: Sequence[Check],
) -> list[Check]:
    checks = [Check(name, True, "holds", "spec rule") for name in RULES]
    for constraint in CONSTRAINTS:
        fired = [
            s for s, p in placements.items() if any(f.rule == constraint.name for f in p.fired)
        ]
        detail = f"redirected {', '.join(fired)}" if fired else "no proposal needed redirecting"
        checks.append(Check(constraint.name, True, detail, "placement constraint"))
    checks += [Check(c.name, c.ok, c.detail, "scale check") for c in capacity.checks]
    if cost is None:
        checks.append(Check("cost estimate", False, "no synthesized templates to price", "cost"))
    else:
        stale = [w for w in cost.warnings if "price catalog" in w]
        checks.append(
            Check(
                "price catalog fresh",
                not stale,
                stale[0] if stale else f"oldest price read {cost.catalog_oldest_read}",
                "cost",
            )
        )
        names = ", ".join(f"{u.resource} ({u.type})" for u in cost.unpriced)
        checks.append(
            Check(
                "every resource priced",
                not cost.unpriced,
                f"unpriced: {names}" if cost.unpriced else "all priced or known free",
                "cost",
            )
        )
    return [*checks, *extra]


def build_report(
    spec: PlatformSpec,
    placements: dict[str, Placement],
    capacity: CapacityPlan,
    cost: CostEstimate | None = None,
    *,
    checks: Sequence[Check] = (),
    today: date | None = None,
) -> dict[str, Any]:
    """The report's data: what `report.json` holds and `report.md` renders."""
    return {
        "environment": spec.environment,
        "name": spec.name,
        "region": spec.region,
        "generated": (today or date.today()).isoformat(),
        "rules": rules_dict(),
        "placements": [placement_dict(placements[s.name]) for s in spec.services],
        "capacity": capacity.to_dict(),
        "cost": cost.to_dict() if cost is not None else None,
        "checks": [asdict(c) for c in _checks(spec, placements, capacity, cost, checks)],
        "diagram": mermaid(spec, placements),
    }


# ---------------------------------------------------------------- Mermaid


def _id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _label(text: str) -> str:
    return text.replace('"', "'")


def _edge(spec: PlatformSpec) -> tuple[list[str], str]:
    """The edge from the clients to the VPC; returns its lines and the node that enters the VPC."""
    edge = spec.edge
    lines = ['  clients(["Clients"])']
    entry = "clients"
    if edge.cdn.enabled:
        waf = ""
        if edge.waf.enabled:
            waf = f"<br/>WAF: {len(edge.waf.managed_rule_groups)} managed groups + rate limit"
        lines += [f'  cdn["CloudFront {edge.cdn.price_class}{waf}"]', f"  {entry} --> cdn"]
        entry = "cdn"
    if edge.api_gateway != "none":
        kind = "HTTP API, JWT authorizer" if edge.api_gateway == "http" else "REST API"
        lines += [
            f'  apigw["API Gateway {kind}<br/>throttle = each service rps_limit"]',
            f"  {entry} --> apigw",
            '  apigw --> vpclink["VPC Link"]',
        ]
        entry = "vpclink"
    return lines, entry


def _group(node_id: str, title: str, members: list[str], empty: str) -> list[str]:
    lines = [f'      subgraph {_id(node_id)}["{_label(title)}"]']
    lines += [f"        {member}" for member in members] or [
        f'        {_id("empty_" + node_id)}["{empty}"]'
    ]
    return [*lines, "      end"]


def _cluster(spec: PlatformSpec, placements: dict[str, Placement]) -> list[str]:
    cluster = spec.cluster
    lines = [
        f'  subgraph vpc["VPC {spec.network.vpc_cidr} · {len(spec.availability_zones)} AZs"]',
        '    nlb["internal load balancer"]',
        f'    nat["NAT gateways x{spec.network.nat_gateways}"]',
    ]
    if spec.network.interface_endpoints:
        names = ", ".join(spec.network.interface_endpoints)
        lines.append(f'    endpoints["interface endpoints: {_label(names)}"]')
    title = f"EKS {cluster.name} {cluster.kubernetes_version} · mTLS {spec.mesh.mtls}"
    lines += [
        f'    subgraph eks["{title}"]',
        '      ingress["Istio ingress gateway"]',
    ]

    def members(pool: str) -> list[str]:
        return [
            f'{_id(s.name)}["{s.name} · {s.tier.value}"]'
            for s in spec.services
            if placements[s.name].pool == pool
        ]

    for pool in cluster.node_pools:
        kind = pool.capacity_type.replace("_", "-").lower()
        title = f"{pool.name}: {pool.instance_types[0]} {kind}"
        lines += _group("pool_" + pool.name, title, members(pool.name), "(no services)")
    for profile in cluster.fargate_profiles:
        namespaces = ", ".join(s.namespace for s in profile.selectors)
        lines += _group(
            "fargate_" + profile.name,
            f"Fargate profile {profile.name}",
            members(profile.name),
            f"namespace {namespaces}",
        )
    return [*lines, "    end", "  end"]


def _data(spec: PlatformSpec) -> list[str]:
    lines: list[str] = []
    graph = cache = False
    for service in spec.services:
        node = _id(service.name)
        if service.meshed:
            lines.append(f"  ingress --> {node}")
        table = service.data.table
        if table is not None:
            tid = _id("ddb_" + table.name)
            lines.append(f'  {tid}[("DynamoDB {table.name}-{spec.environment} · {table.billing}")]')
            lines.append(f"  {node} --> {tid}")
        if service.data.graph and spec.data.neptune.enabled:
            graph = True
            lines.append(f"  {node} --> neptune")
        if service.data.cache and spec.data.cache.enabled:
            cache = True
            lines.append(f"  {node} --> cache")
        lines += [f"  {node} -.-> {_id(dependency)}" for dependency in service.depends_on]
    if graph:
        n = spec.data.neptune
        lines.append(
            f'  neptune[("Neptune {n.engine_version} · {n.instances} x {n.instance_class}")]'
        )
    if cache:
        c = spec.data.cache
        lines.append(
            f'  cache[("ElastiCache {c.engine} {c.engine_version} · {c.nodes} x {c.node_type}")]'
        )
    return lines


def mermaid(spec: PlatformSpec, placements: dict[str, Placement]) -> str:
    """A flowchart of the environment: edge -> mesh -> services per pool -> data stores."""
    edge, entry = _edge(spec)
    lines = ["flowchart TB", *edge, *_cluster(spec, placements), f"  {entry} --> nlb --> ingress"]
    return "\n".join([*lines, *_data(spec)])


# ---------------------------------------------------------------- Markdown


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _placement_section(data: dict[str, Any]) -> list[str]:
    out = ["## Placement", ""]
    rows = []
    for p in data["placements"]:
        fired = "<br/>".join(f"**{f['rule']}**: {f['reason']}" for f in p["fired"])
        selector = ", ".join(f"{k}={v}" for k, v in p["node_selector"].items()) or "-"
        tolerations = ", ".join(f"{t['key']}={t['value']}:{t['effect']}" for t in p["tolerations"])
        rows.append(
            (p["service"], p["compute"], p["pool"] or "-", selector, tolerations or "-", fired)
        )
    out += _table(
        ["service", "compute", "pool", "node selector", "tolerations", "rules fired"], rows
    )
    out += ["### Rules", "", "Preferences (the seed's decision tree, first match proposes):", ""]
    out += _table(
        ["rule", "condition", "proposes", "reason", "source"],
        [
            (r["name"], r["condition"], r["compute"], r["reason"], r["source"])
            for r in data["rules"]["preferences"]
        ],
    )
    out += ["Constraints (always win over preferences; a pinned conflict is an error):", ""]
    out += _table(
        ["rule", "condition", "reason", "source"],
        [
            (c["name"], c["condition"], c["reason"], c["source"])
            for c in data["rules"]["constraints"]
        ],
    )
    return out


def _capacity_section(data: dict[str, Any]) -> list[str]:
    cap = data["capacity"]
    out = ["## Capacity", ""]
    out += _table(
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
                s["service"],
                s["compute"],
                f"{s['pod_millicores']}m / {s['pod_mebibytes']}Mi",
                f"{s['per_pod']['rps']:g}",
                s["replicas_at_target"],
                s["hpa_min"],
                s["hpa_max"],
                f"{s['rps_at_hpa_max']:.0f}",
                s["per_pod"]["source"],
            )
            for s in cap["services"]
        ],
    )
    out += _table(
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
                p["name"],
                p["capacity_type"],
                p["instance_type"],
                f"{p['node_millicores']}m / {p['node_mebibytes']}Mi",
                f"{p['daemonset_millicores']}m / {p['daemonset_mebibytes']}Mi",
                ", ".join(p["pods"]) or "-",
                p["nodes_at_target"],
                p["nodes_at_max"],
                f"{p['min_size']}-{p['max_size']}",
                f"{p['cpu_utilisation']:.0%}",
            )
            for p in cap["pools"]
        ],
    )
    if cap["fargate"]:
        out += _table(
            ["Fargate pod", "profile", "replicas", "requested", "billed size"],
            [
                (
                    f["name"],
                    f["profile"],
                    f["replicas"],
                    f"{f['requested_millicores']}m / {f['requested_mebibytes']}Mi",
                    f"{f['vcpu']:g} vCPU / {f['gib']:g} GB",
                )
                for f in cap["fargate"]
            ],
        )
    out += ["### Scale check", ""]
    out += _table(
        ["check", "result", "detail"],
        [(c["name"], "ok" if c["ok"] else "**limit hit**", c["detail"]) for c in cap["checks"]],
    )
    return out


def _cost_section(data: dict[str, Any]) -> list[str]:
    cost = data["cost"]
    out = ["## Monthly cost", ""]
    if cost is None:
        return [*out, "Not estimated: no synthesized templates.", ""]
    out += [
        f"Prices: `{cost['catalog']}` (oldest price read {cost['catalog_oldest_read']}); usage: "
        f"`{cost['usage_file'] or 'defaults'}`; templates: `{cost['templates']}`.",
        "",
    ]
    rows = [
        (c["component"], c["configuration"], _usd(c["monthly_usd"])) for c in cost["components"]
    ]
    rows.append(("**Total**", "", f"**{_usd(cost['total_usd'])}**"))
    out += _table(["component", "configuration", "monthly (USD)"], rows)
    out += ["### Optimisation potential", ""]
    saving_rows = [
        (
            s["name"],
            _usd(s["base_usd"]) if s["base_usd"] else "-",
            f"{s['rate']:.0%}" if s["rate"] else "-",
            _usd(s["monthly_usd"]),
            s["detail"],
        )
        for s in cost["savings"]
    ]
    saving_rows.append(
        (
            "**Total**",
            "",
            "",
            f"**{_usd(cost['savings_usd'])}**",
            f"optimised: {_usd(cost['optimised_total_usd'])}",
        )
    )
    out += _table(["item", "base", "rate", "monthly saving", "on what"], saving_rows)
    if cost["unpriced"]:
        out += ["### Unpriced resources", ""]
        out += _table(
            ["resource", "type", "why"],
            [(u["resource"], u["type"], u["reason"]) for u in cost["unpriced"]],
        )
    if cost["warnings"]:
        out += ["### Warnings", "", *[f"- {w}" for w in cost["warnings"]], ""]
    out += ["<details><summary>Every line and assumption</summary>", ""]
    out += _table(
        ["component", "resource", "what", "quantity", "unit price", "monthly", "price read"],
        [
            (
                line["component"],
                line["resource"],
                line["description"],
                f"{line['quantity']:g} {line['unit']}",
                f"${line['unit_usd']:g}",
                _usd(line["monthly_usd"]),
                line["price_read"] or "free",
            )
            for line in cost["lines"]
        ],
    )
    out += [*[f"- {a}" for a in cost["assumptions"]], "", "</details>", ""]
    return out


def render_markdown(data: dict[str, Any]) -> str:
    out = [
        f"# {data['name']} · {data['environment']} · {data['region']}",
        "",
        f"Generated {data['generated']} by `chariot` from the spec, the service catalog and the "
        "synthesized templates.",
        "",
        "## Architecture",
        "",
        "```mermaid",
        data["diagram"],
        "```",
        "",
    ]
    out += _placement_section(data)
    out += _capacity_section(data)
    out += _cost_section(data)
    out += ["## Checks", ""]
    out += _table(
        ["check", "kind", "result", "detail"],
        [
            (c["name"], c["source"], "pass" if c["passed"] else "**fail**", c["detail"])
            for c in data["checks"]
        ],
    )
    return "\n".join(out)


def write_report(
    spec: PlatformSpec,
    placements: dict[str, Placement],
    capacity: CapacityPlan,
    cost: CostEstimate | None,
    outdir: Path,
    *,
    checks: Sequence[Check] = (),
    today: date | None = None,
) -> tuple[Path, Path]:
    """Write `report.md` and `report.json` into `outdir` (created if needed); return both paths."""
    data = build_report(spec, placements, capacity, cost, checks=checks, today=today)
    outdir.mkdir(parents=True, exist_ok=True)
    markdown = outdir / REPORT_MD
    machine = outdir / REPORT_JSON
    markdown.write_text(render_markdown(data) + "\n", encoding="utf-8")
    machine.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    return markdown, machine
