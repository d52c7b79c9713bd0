"""Prometheus: the store prometheus-adapter queries for requests per second, on a gp3 volume."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.prometheus import SERVER_URL
from tests.infra.cfn import releases

pytestmark = pytest.mark.synth


def test_chart_and_persistent_server(synthesized: dict[str, Any]) -> None:
    release = releases(synthesized["prod"].json("addons"))["prometheus"]
    assert (release.chart, release.version, release.namespace) == (
        "prometheus",
        "29.27.0",
        "monitoring",
    )
    server = release.values["server"]
    assert server["persistentVolume"]["storageClass"] == "gp3"


def test_alertmanager_publishes_slo_alerts_to_the_alerts_topic(
    synthesized: dict[str, Any],
) -> None:
    template = synthesized["prod"].json("addons")
    values = releases(template)["prometheus"].values
    alertmanager = values["alertmanager"]
    assert alertmanager["enabled"] is True
    (sns,) = alertmanager["config"]["receivers"][0]["sns_configs"]
    assert sns["topic_arn"].endswith(":chariot-prod-alerts")  # the governance stack's topic
    groups = values["serverFiles"]["alerting_rules.yml"]["groups"]
    assert groups[0]["name"] == "slo-ratios"
    assert len(groups) > 1
    # its Pod Identity may publish to that topic and nothing else
    associations = [
        r
        for r in template["Resources"].values()
        if r["Type"] == "AWS::EKS::PodIdentityAssociation"
        and r["Properties"]["ServiceAccount"] == "alertmanager"
    ]
    assert len(associations) == 1
    policies = [
        r["Properties"]["PolicyDocument"]["Statement"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::IAM::ManagedPolicy"
        and "alertmanager" in r["Properties"].get("Description", "")
    ]
    (statements,) = policies
    assert [s["Action"] for s in statements] == [
        "sns:Publish",
        ["kms:Decrypt", "kms:GenerateDataKey"],
    ]


def test_dev_keeps_less(synthesized: dict[str, Any]) -> None:
    prod = releases(synthesized["prod"].json("addons"))["prometheus"].values["server"]
    dev = releases(synthesized["dev"].json("addons"))["prometheus"].values["server"]
    assert prod["persistentVolume"]["size"] == "50Gi"
    assert dev["persistentVolume"]["size"] == "10Gi"


def test_server_url_names_the_release_service() -> None:
    assert SERVER_URL == "http://prometheus-server.monitoring.svc.cluster.local:80"


def test_scrapes_often_enough_for_a_rate_over_a_few_samples(synthesized: dict[str, Any]) -> None:
    server = releases(synthesized["prod"].json("addons"))["prometheus"].values["server"]
    assert server["global"]["scrape_interval"] == "30s"


def test_node_exporter_keeps_off_fargate(synthesized: dict[str, Any]) -> None:
    """The chart tolerates every NoSchedule taint, Fargate's included; Fargate runs no
    DaemonSets, so without the affinity a pod per Fargate node would hang in Pending."""
    exporter = releases(synthesized["prod"].json("addons"))["prometheus"].values[
        "prometheus-node-exporter"
    ]
    terms = exporter["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    fargate = {"key": "eks.amazonaws.com/compute-type", "operator": "NotIn", "values": ["fargate"]}
    assert terms["nodeSelectorTerms"] == [{"matchExpressions": [fargate]}]
