"""The right-sizing report builder: quantities, verdicts against the VPA's bounds, the cluster's
nodes only, and the three renderings (JSON, markdown, mail)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chariot.infra.addons.rightsizing import HANDLER
from tests.infra.handlers import load_handler

report = load_handler(HANDLER, "report", "rightsizing_report")
CLUSTER = "chariot-microservices-cluster"


def _vpa(namespace: str, name: str, containers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "kind": "VerticalPodAutoscaler",
        "metadata": {"namespace": namespace, "name": name},
        "spec": {"targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}},
        "status": {"recommendation": {"containerRecommendations": containers}},
    }


def _deployment(namespace: str, name: str, requests: dict[str, dict[str, str]]) -> dict[str, Any]:
    containers = [{"name": c, "resources": {"requests": r}} for c, r in requests.items()]
    return {
        "kind": "Deployment",
        "metadata": {"namespace": namespace, "name": name},
        "spec": {"template": {"spec": {"containers": containers}}},
    }


Pair = tuple[str, str]  # (cpu, memory)


def _rec(container: str, target: Pair, lower: Pair, upper: Pair) -> dict[str, Any]:
    def pair(values: tuple[str, str]) -> dict[str, str]:
        return {"cpu": values[0], "memory": values[1]}

    return {
        "containerName": container,
        "target": pair(target),
        "lowerBound": pair(lower),
        "upperBound": pair(upper),
        "uncappedTarget": pair(target),
    }


def _instance(arn: str, tags: dict[str, str], finding: str, savings: float) -> dict[str, Any]:
    return {
        "instanceArn": arn,
        "instanceName": "node",
        "currentInstanceType": "m6i.xlarge",
        "finding": finding,
        "tags": [{"key": k, "value": v} for k, v in tags.items()],
        "recommendationOptions": [
            {
                "instanceType": "m6i.2xlarge",
                "rank": 2,
                "savingsOpportunity": {"estimatedMonthlySavings": {"currency": "USD", "value": 0}},
            },
            {
                "instanceType": "m6i.large",
                "rank": 1,
                "savingsOpportunity": {
                    "estimatedMonthlySavings": {"currency": "USD", "value": savings}
                },
            },
        ],
    }


@pytest.mark.parametrize(
    ("quantity", "millicores"), [("250m", 250), ("1", 1000), ("0.5", 500), ("1500u", 1.5)]
)
def test_cpu_quantities(quantity: str, millicores: float) -> None:
    assert report.millicores(quantity) == pytest.approx(millicores)


@pytest.mark.parametrize(
    ("quantity", "mib"),
    [("128Mi", 128), ("1Gi", 1024), ("262144k", 262144e3 / 2**20), ("1048576", 1), ("512Ki", 0.5)],
)
def test_memory_quantities(quantity: str, mib: float) -> None:
    assert report.mebibytes(quantity) == pytest.approx(mib)


def test_unparseable_quantities_are_none() -> None:
    assert report.millicores("lots") is None
    assert report.mebibytes(None) is None


def test_verdicts_follow_the_vpa_bounds() -> None:
    assert report.verdict(1000, 100, 400) == report.OVER
    assert report.verdict(50, 100, 400) == report.UNDER
    assert report.verdict(200, 100, 400) == report.WITHIN
    assert report.verdict(None, 100, 400) == report.NO_REQUEST


def _built(enrollment: str = "Active") -> dict[str, Any]:
    vpas = [
        _vpa(
            "users",
            "users",
            [_rec("users", ("100m", "200Mi"), ("50m", "150Mi"), ("300m", "400Mi"))],
        ),
        _vpa(
            "assets",
            "assets",
            [_rec("assets", ("900m", "900Mi"), ("700m", "800Mi"), ("1500m", "2Gi"))],
        ),
    ]
    workloads = [
        _deployment("users", "users", {"users": {"cpu": "1", "memory": "1Gi"}}),
        _deployment("assets", "assets", {"assets": {"cpu": "500m", "memory": "1Gi"}}),
    ]
    instances = [
        _instance(
            "arn:aws:ec2:us-east-1:1:instance/i-a",
            {"eks:cluster-name": CLUSTER},
            "Overprovisioned",
            61.32,
        ),
        _instance(
            "arn:aws:ec2:us-east-1:1:instance/i-b",
            {f"kubernetes.io/cluster/{CLUSTER}": "owned"},
            "Optimized",
            0,
        ),
        _instance(
            "arn:aws:ec2:us-east-1:1:instance/i-other",
            {"eks:cluster-name": "other"},
            "Overprovisioned",
            99,
        ),
    ]
    built: dict[str, Any] = report.build(
        environment="prod",
        cluster=CLUSTER,
        generated_at="2026-12-07 07:00 UTC",
        vpas=vpas,
        workloads=workloads,
        instances=instances,
        enrollment=enrollment,
    )
    return built


def test_containers_are_compared_with_their_requests() -> None:
    rows = {r["container"]: r for r in _built()["json"]["containers"]}
    users = rows["users"]
    assert (users["cpu_request_m"], users["cpu_upper_m"], users["cpu_verdict"]) == (
        1000,
        300,
        report.OVER,
    )
    assert users["memory_verdict"] == report.OVER  # 1024 Mi requested, 400 Mi upper bound
    assets = rows["assets"]
    assert assets["cpu_verdict"] == report.UNDER  # 500m requested, 700m lower bound
    assert assets["memory_verdict"] == report.WITHIN


def test_only_the_clusters_nodes_with_the_best_ranked_option() -> None:
    nodes = _built()["json"]["nodes"]
    assert [n["instance"] for n in nodes] == ["i-a", "i-b"]
    assert nodes[0]["recommended_type"] == "m6i.large"
    assert nodes[0]["monthly_savings"] == 61.32


def test_totals_markdown_and_mail_agree() -> None:
    built = _built()
    totals = built["json"]["totals"]
    assert totals == {
        "containers": 2,
        "over_provisioned": 1,
        "under_provisioned": 1,
        "nodes": 2,
        "nodes_to_change": 1,
        "node_monthly_savings_usd": 61.32,
    }
    json.dumps(built["json"])  # serializable as written to S3
    markdown = built["markdown"]
    assert markdown.startswith("# Right-sizing report: prod (chariot-microservices-cluster)")
    assert "| users | Deployment/users | users | 1000.0 | 100.0 | over-provisioned |" in markdown
    summary = built["summary"]
    assert summary.splitlines()[0] == (
        "1 of 2 containers over-provisioned, 1 under-provisioned; 1 of 2 nodes to resize "
        "(about $61.32 a month)."
    )
    assert "- node i-a m6i.xlarge: Overprovisioned, m6i.large saves $61.32/month" in summary


def test_an_account_not_enrolled_is_said_so() -> None:
    summary = _built(enrollment="Inactive")["summary"]
    assert "Compute Optimizer is Inactive for this account" in summary
