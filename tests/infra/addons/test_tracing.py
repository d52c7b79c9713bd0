"""Tracing: the collector to X-Ray's OTLP endpoint, the mesh's provider and Telemetry at the
spec's sampling rate, Transaction Search, least-privilege Pod Identity."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.addons.istio import mesh_config
from chariot.infra.addons.tracing import (
    CHART_VERSION,
    collector_config,
    telemetry,
    values,
)
from chariot.spec import platform_names as names
from chariot.spec.model import PlatformSpec
from tests.infra.cfn import as_list, manifests, pod_identity_policy, releases


def test_the_mesh_names_the_collector_as_its_provider(specs: dict[str, PlatformSpec]) -> None:
    config = mesh_config(specs["prod"])
    (provider,) = config["extensionProviders"]
    assert provider == {
        "name": "otel-xray",
        "opentelemetry": {
            "service": "otel-collector.observability.svc.cluster.local",
            "port": 4317,
        },
    }
    assert config["defaultConfig"] == {"tracing": {}}  # sampling comes from the Telemetry only


def test_tracing_off_leaves_the_mesh_without_a_provider(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    observability = spec.observability.model_copy(
        update={"tracing": spec.observability.tracing.model_copy(update={"enabled": False})}
    )
    config = mesh_config(spec.model_copy(update={"observability": observability}))
    assert "extensionProviders" not in config
    assert "enableTracing" not in config


@pytest.mark.parametrize(("env", "percent"), [("dev", 100), ("staging", 10), ("prod", 1)])
def test_the_telemetry_samples_at_the_environment_rate(
    specs: dict[str, PlatformSpec], env: str, percent: float
) -> None:
    found = telemetry(specs[env])
    assert found["apiVersion"] == "telemetry.istio.io/v1"
    assert found["metadata"] == {"name": "mesh-default", "namespace": "istio-system"}
    (tracing,) = found["spec"]["tracing"]
    assert tracing == {"providers": [{"name": "otel-xray"}], "randomSamplingPercentage": percent}


def test_the_collector_exports_over_otlp_signed_for_xray(specs: dict[str, PlatformSpec]) -> None:
    config = collector_config("us-east-1")
    exporter = config["exporters"]["otlp_http"]
    assert exporter["traces_endpoint"] == "https://xray.us-east-1.amazonaws.com/v1/traces"
    assert exporter["auth"] == {"authenticator": "sigv4auth"}
    assert config["extensions"]["sigv4auth"] == {"region": "us-east-1", "service": "xray"}
    pipeline = config["service"]["pipelines"]["traces"]
    assert pipeline == {
        "receivers": ["otlp"],
        "processors": ["memory_limiter", "batch"],
        "exporters": ["otlp_http"],
    }
    assert set(config["service"]["pipelines"]) == {"traces"}
    assert "health_check" in config["service"]["extensions"]  # the chart's probes need it
    grpc = config["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"]
    assert grpc.endswith(f":{names.OTEL_GRPC_PORT}")
    chart = values(specs["prod"], {})
    assert chart["fullnameOverride"] == names.OTEL_COLLECTOR_NAME
    assert chart["image"]["repository"] == "otel/opentelemetry-collector-contrib"
    assert chart["resources"]["limits"]["memory"]  # memory_limiter works from the limit


@pytest.mark.synth
def test_synthesized_collector_telemetry_and_identity(synthesized: dict[str, Any]) -> None:
    env = synthesized["prod"]
    template = env.json("addons")
    release = releases(template)["otel-collector"]
    assert (release.chart, release.version, release.namespace) == (
        "opentelemetry-collector",
        CHART_VERSION,
        "observability",
    )
    assert release.values["mode"] == "deployment"
    assert releases(template)["istiod"].values["meshConfig"]["extensionProviders"]
    (mesh,) = [m for m in manifests(template) if m["kind"] == "Telemetry"]
    assert mesh["spec"]["tracing"][0]["randomSamplingPercentage"] == 1
    statements = pod_identity_policy(template, "observability", "otel-collector")
    actions = {a for s in statements for a in as_list(s["Action"])}
    assert actions == {"xray:PutSpans", "xray:PutSpansForIndexing"}
    (search,) = env.resources("addons", "AWS::XRay::TransactionSearchConfig").values()
    assert search["Properties"] == {"IndexingPercentage": 1}
    policies = env.resources("addons", "AWS::Logs::ResourcePolicy").values()
    assert any("xray.amazonaws.com" in str(p["Properties"]["PolicyDocument"]) for p in policies)
