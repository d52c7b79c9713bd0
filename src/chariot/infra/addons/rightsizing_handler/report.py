"""The weekly right-sizing report, built from what the handler collected: the VPA's
recommendations per container against the containers' requests, and Compute Optimizer's
findings for the cluster's nodes. Pure functions (no AWS, no cluster), so they are tested alone.

Verdicts follow the VPA's own bounds: a request above the recommendation's upper bound is
over-provisioned, below its lower bound under-provisioned
(https://github.com/kubernetes/autoscaler/tree/master/vertical-pod-autoscaler#recommendations).
Node findings are Compute Optimizer's (`Overprovisioned`, `Underprovisioned`, `Optimized`) with
its best-ranked option and estimated monthly savings
(https://docs.aws.amazon.com/compute-optimizer/latest/APIReference/API_InstanceRecommendation.html).
"""

from __future__ import annotations

import re
from typing import Any

_CPU = re.compile(r"^(\d+(?:\.\d+)?)(n|u|m)?$")
_MEMORY = re.compile(r"^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$")
_CPU_SCALE = {None: 1000.0, "m": 1.0, "u": 1e-3, "n": 1e-6}
_MEMORY_SCALE = {
    None: 1 / 2**20,
    "Ki": 1 / 2**10,
    "Mi": 1.0,
    "Gi": 2.0**10,
    "Ti": 2.0**20,
    "k": 1e3 / 2**20,
    "M": 1e6 / 2**20,
    "G": 1e9 / 2**20,
    "T": 1e12 / 2**20,
}
OVER = "over-provisioned"
UNDER = "under-provisioned"
WITHIN = "within bounds"
NO_REQUEST = "no request"
CLUSTER_TAGS = ("eks:cluster-name", "aws:eks:cluster-name")


def millicores(quantity: str | None) -> float | None:
    """A Kubernetes CPU quantity ("250m", "1", "0.5", "1500u") in millicores."""
    match = _CPU.match(str(quantity)) if quantity is not None else None
    return float(match.group(1)) * _CPU_SCALE[match.group(2)] if match else None


def mebibytes(quantity: str | None) -> float | None:
    """A Kubernetes memory quantity ("128Mi", "262144k", "1Gi", bytes) in MiB."""
    match = _MEMORY.match(str(quantity)) if quantity is not None else None
    return float(match.group(1)) * _MEMORY_SCALE[match.group(2)] if match else None


def verdict(request: float | None, lower: float | None, upper: float | None) -> str:
    if request is None:
        return NO_REQUEST
    if upper is not None and request > upper:
        return OVER
    if lower is not None and request < lower:
        return UNDER
    return WITHIN


def _requests(workload: dict[str, Any]) -> dict[str, dict[str, str]]:
    """container name -> its resource requests, from a Deployment or StatefulSet."""
    containers = workload.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
    return {
        c["name"]: c.get("resources", {}).get("requests", {}) for c in containers if "name" in c
    }


def workload_requests(workloads: list[dict[str, Any]]) -> dict[tuple[str, str, str], Any]:
    """(namespace, kind, name) -> container requests, for the VPA target lookup."""
    return {
        (w["metadata"]["namespace"], w["kind"], w["metadata"]["name"]): _requests(w)
        for w in workloads
    }


def container_rows(
    vpas: list[dict[str, Any]], requests: dict[tuple[str, str, str], Any]
) -> list[dict[str, Any]]:
    """One row per container the VPA recommends for, with the verdicts."""
    rows = []
    for vpa in vpas:
        namespace = vpa["metadata"]["namespace"]
        target = vpa.get("spec", {}).get("targetRef", {})
        kind, name = target.get("kind", "?"), target.get("name", "?")
        current = requests.get((namespace, kind, name), {})
        recommended = vpa.get("status", {}).get("recommendation", {})
        for rec in recommended.get("containerRecommendations", []):
            container = rec.get("containerName", "?")
            request = current.get(container, {})
            row: dict[str, Any] = {"namespace": namespace, "workload": f"{kind}/{name}"}
            row["container"] = container
            for resource, unit, parse in (
                ("cpu", "m", millicores),
                ("memory", "Mi", mebibytes),
            ):
                values = {
                    "request": parse(request.get(resource)),
                    "target": parse(rec.get("target", {}).get(resource)),
                    "lower": parse(rec.get("lowerBound", {}).get(resource)),
                    "upper": parse(rec.get("upperBound", {}).get(resource)),
                }
                for key, value in values.items():
                    row[f"{resource}_{key}_{unit}"] = None if value is None else round(value, 1)
                row[f"{resource}_verdict"] = verdict(
                    values["request"], values["lower"], values["upper"]
                )
            rows.append(row)
    return sorted(rows, key=lambda r: (r["namespace"], r["workload"], r["container"]))


def _tags(recommendation: dict[str, Any]) -> dict[str, str]:
    return {t.get("key", ""): t.get("value", "") for t in recommendation.get("tags", [])}


def in_cluster(recommendation: dict[str, Any], cluster: str) -> bool:
    """The instance is one of the cluster's nodes (node group or Karpenter)."""
    tags = _tags(recommendation)
    return any(tags.get(key) == cluster for key in CLUSTER_TAGS) or (
        f"kubernetes.io/cluster/{cluster}" in tags
    )


def node_rows(recommendations: list[dict[str, Any]], cluster: str) -> list[dict[str, Any]]:
    rows = []
    for rec in recommendations:
        if not in_cluster(rec, cluster):
            continue
        options = sorted(rec.get("recommendationOptions", []), key=lambda o: o.get("rank", 99))
        best = options[0] if options else {}
        savings = best.get("savingsOpportunity", {}).get("estimatedMonthlySavings", {})
        rows.append(
            {
                "instance": rec.get("instanceArn", "").rsplit("/", 1)[-1],
                "name": rec.get("instanceName", ""),
                "current_type": rec.get("currentInstanceType", ""),
                "finding": rec.get("finding", ""),
                "recommended_type": best.get("instanceType", ""),
                "monthly_savings": round(float(savings.get("value", 0.0)), 2),
                "currency": savings.get("currency", "USD"),
            }
        )
    return sorted(rows, key=lambda r: (-r["monthly_savings"], r["instance"]))


def _table(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    if not rows:
        return ["(none)"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = ["" if row.get(c) is None else str(row.get(c)) for c in columns]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return lines


def build(
    *,
    environment: str,
    cluster: str,
    generated_at: str,
    vpas: list[dict[str, Any]],
    workloads: list[dict[str, Any]],
    instances: list[dict[str, Any]],
    enrollment: str,
) -> dict[str, Any]:
    """The report as data (`json`), as markdown (`markdown`) and as a mail (`summary`)."""
    containers = container_rows(vpas, workload_requests(workloads))
    nodes = node_rows(instances, cluster)
    over = [r for r in containers if OVER in (r["cpu_verdict"], r["memory_verdict"])]
    under = [r for r in containers if UNDER in (r["cpu_verdict"], r["memory_verdict"])]
    changes = [n for n in nodes if n["finding"] in ("Overprovisioned", "Underprovisioned")]
    savings = round(sum(n["monthly_savings"] for n in nodes), 2)
    data = {
        "environment": environment,
        "cluster": cluster,
        "generated_at": generated_at,
        "compute_optimizer_enrollment": enrollment,
        "containers": containers,
        "nodes": nodes,
        "totals": {
            "containers": len(containers),
            "over_provisioned": len(over),
            "under_provisioned": len(under),
            "nodes": len(nodes),
            "nodes_to_change": len(changes),
            "node_monthly_savings_usd": savings,
        },
    }
    headline = (
        f"{len(over)} of {len(containers)} containers over-provisioned, {len(under)} "
        f"under-provisioned; {len(changes)} of {len(nodes)} nodes to resize "
        f"(about ${savings:,.2f} a month)"
    )
    notes = []
    if enrollment != "Active":
        notes.append(
            f"Compute Optimizer is {enrollment or 'not enrolled'} for this account: no node "
            "findings (opt in: aws compute-optimizer update-enrollment-status --status Active)."
        )
    if not vpas:
        notes.append("No VerticalPodAutoscaler found: no container recommendations.")
    container_columns = [
        "namespace",
        "workload",
        "container",
        "cpu_request_m",
        "cpu_target_m",
        "cpu_verdict",
        "memory_request_Mi",
        "memory_target_Mi",
        "memory_verdict",
    ]
    node_columns = [
        "instance",
        "current_type",
        "finding",
        "recommended_type",
        "monthly_savings",
    ]
    markdown = "\n".join(
        [
            f"# Right-sizing report: {environment} ({cluster}), {generated_at}",
            "",
            headline + ".",
            *(["", *notes] if notes else []),
            "",
            "## Containers (VPA recommendations)",
            "",
            *_table(containers, container_columns),
            "",
            "## Nodes (Compute Optimizer)",
            "",
            *_table(nodes, node_columns),
            "",
        ]
    )
    summary_lines = [headline + ".", *notes]
    for row in over[:10]:
        summary_lines.append(
            f"- {row['namespace']}/{row['workload']} {row['container']}: requests "
            f"{row['cpu_request_m']}m / {row['memory_request_Mi']}Mi, VPA target "
            f"{row['cpu_target_m']}m / {row['memory_target_Mi']}Mi"
        )
    for node in changes[:10]:
        summary_lines.append(
            f"- node {node['instance']} {node['current_type']}: {node['finding']}, "
            f"{node['recommended_type']} saves ${node['monthly_savings']:,.2f}/month"
        )
    return {"json": data, "markdown": markdown, "summary": "\n".join(summary_lines)}
