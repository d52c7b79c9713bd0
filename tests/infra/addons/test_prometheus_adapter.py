"""prometheus-adapter: the custom metrics API behind the HPAs' requests-per-second metric."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.prometheus_adapter import RATE_WINDOW_SECONDS, requests_per_second_rule
from tests.infra.cfn import releases

pytestmark = pytest.mark.synth


def test_chart_is_pinned_and_installed_after_prometheus(synthesized: dict[str, Any]) -> None:
    found = releases(synthesized["prod"].json("addons"))
    adapter = found["prometheus-adapter"]
    assert (adapter.chart, adapter.version, adapter.namespace) == (
        "prometheus-adapter",
        "5.3.0",
        "monitoring",
    )
    assert adapter.repository == "https://prometheus-community.github.io/helm-charts"
    assert found["prometheus"].logical_id in adapter.depends_on


def test_queries_the_prometheus_release_service(synthesized: dict[str, Any]) -> None:
    found = releases(synthesized["prod"].json("addons"))
    prometheus = found["prometheus"]
    values = found["prometheus-adapter"].values
    assert values["prometheus"] == {
        "url": f"http://prometheus-server.{prometheus.namespace}.svc.cluster.local",
        "port": 80,
    }


def test_serves_only_requests_per_second(synthesized: dict[str, Any]) -> None:
    """No default rules (hundreds of container_* metrics), and no resource or external rules:
    metrics.k8s.io stays metrics-server's."""
    rules = releases(synthesized["prod"].json("addons"))["prometheus-adapter"].values["rules"]
    assert rules["default"] is False
    assert set(rules) == {"default", "custom"}
    assert [rule["name"]["as"] for rule in rules["custom"]] == ["requests_per_second"]


def test_rule_is_a_per_pod_rate_of_the_sidecars_request_counter() -> None:
    rule = requests_per_second_rule()
    assert rule["seriesQuery"] == (
        'istio_requests_total{reporter="destination",namespace!="",pod!=""}'
    )
    assert rule["resources"]["overrides"] == {
        "namespace": {"resource": "namespace"},
        "pod": {"resource": "pod"},
    }
    query = rule["metricsQuery"]
    assert query.startswith("sum(rate(<<.Series>>{<<.LabelMatchers>>,")
    assert 'reporter="destination"' in query  # each request counted once, where it was served
    assert query.endswith(f"[{RATE_WINDOW_SECONDS}s])) by (<<.GroupBy>>)")


def test_rate_window_spans_several_scrapes(synthesized: dict[str, Any]) -> None:
    server = releases(synthesized["prod"].json("addons"))["prometheus"].values["server"]
    scrape_seconds = int(server["global"]["scrape_interval"].removesuffix("s"))
    assert scrape_seconds * 3 <= RATE_WINDOW_SECONDS


def test_survives_a_node_drain(synthesized: dict[str, Any]) -> None:
    values = releases(synthesized["prod"].json("addons"))["prometheus-adapter"].values
    assert values["replicas"] == 2
    assert values["podDisruptionBudget"] == {"enabled": True, "maxUnavailable": 1}


def test_spec_can_override_the_chart_version(variant: Any) -> None:
    assert releases(variant.json("addons"))["prometheus-adapter"].version == "5.2.0"


def _as_the_adapter_queries(template: str) -> str:
    """The adapter's substitution when the HPA of namespace `microservices` asks for two pods."""
    return (
        template.replace("<<.Series>>", "istio_requests_total")
        .replace("<<.LabelMatchers>>", 'namespace="microservices",pod=~"users-a|users-b"')
        .replace("<<.GroupBy>>", "pod")
    )


def test_queries_are_valid_promql_that_answer_per_pod() -> None:
    import promql_parser

    rule = requests_per_second_rule()
    series = promql_parser.parse(rule["seriesQuery"])
    assert isinstance(series, promql_parser.VectorSelector)
    assert series.name == "istio_requests_total"

    query = promql_parser.parse(_as_the_adapter_queries(rule["metricsQuery"]))
    assert isinstance(query, promql_parser.AggregateExpr)
    assert str(query.op) == "sum"
    assert query.modifier is not None
    assert list(query.modifier.labels) == ["pod"]  # one value per pod, as a Pods metric needs
    rate = query.expr
    assert isinstance(rate, promql_parser.Call)
    assert rate.func.name == "rate"
    [window] = rate.args
    assert isinstance(window, promql_parser.MatrixSelector)
    assert window.range.total_seconds() == RATE_WINDOW_SECONDS
    matchers = {(m.name, m.value) for m in window.vector_selector.matchers.matchers}
    assert ("reporter", "destination") in matchers
    assert ("namespace", "microservices") in matchers
