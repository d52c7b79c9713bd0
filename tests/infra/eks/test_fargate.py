"""Fargate profiles as synthesized: the spec's selectors, private subnets, one at a time."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chariot.spec.load import Source, spec_from_data
from chariot.spec.problems import SpecError


@pytest.mark.synth
def test_profiles_select_the_specs_namespaces_and_labels(synthesized: dict[str, Any]) -> None:
    profiles = {
        p["Properties"]["FargateProfileName"]: p
        for p in synthesized["prod"].resources("cluster", "AWS::EKS::FargateProfile").values()
    }
    assert profiles["karpenter"]["Properties"]["Selectors"] == [
        {"Namespace": "karpenter", "Labels": []}
    ]
    assert profiles["batch-offmesh"]["Properties"]["Selectors"] == [
        {"Namespace": "batch", "Labels": [{"Key": "compute-type", "Value": "fargate"}]}
    ]
    for profile in profiles.values():
        subnets = profile["Properties"]["Subnets"]
        assert all("privateSubnet" in s["Fn::ImportValue"] for s in subnets)


@pytest.mark.synth
def test_profiles_are_created_one_after_the_other(synthesized: dict[str, Any]) -> None:
    profiles = synthesized["prod"].resources("cluster", "AWS::EKS::FargateProfile")
    karpenter = next(
        k for k, p in profiles.items() if p["Properties"]["FargateProfileName"] == "karpenter"
    )
    batch = next(
        k for k, p in profiles.items() if p["Properties"]["FargateProfileName"] == "batch-offmesh"
    )
    assert karpenter in profiles[batch]["DependsOn"]


def test_a_meshed_namespace_on_fargate_is_refused_with_the_reason(
    spec_data: dict[str, Any],
) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    spec_data["cluster"]["fargate_profiles"].append(
        {"name": "services", "selectors": [{"namespace": "microservices"}]}
    )
    with pytest.raises(SpecError) as refused:
        spec_from_data(spec_data, Source(Path("prod.yaml")), date(2026, 11, 26))
    message = str(refused.value)
    assert "fargate_profiles" in message
    assert "'microservices'" in message
    assert "Istio cannot mesh Fargate pods" in message


def test_kubernetes_1_30_is_refused_with_the_reason(spec_data: dict[str, Any]) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    spec_data["cluster"]["kubernetes_version"] = "1.30"
    with pytest.raises(SpecError, match="left EKS standard support"):
        spec_from_data(spec_data, Source(Path("prod.yaml")), date(2026, 11, 26))
