"""Loading: every mistake is one line naming the file, the line, the field path and the reason."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from chariot.spec.load import load_spec
from chariot.spec.problems import SpecError
from tests.conftest import CHECK_DAY
from tests.spec.helpers import load, problems


def test_the_shipped_environments_load(specs: dict[str, Any]) -> None:
    assert set(specs) == {"dev", "staging", "prod"}
    assert [s.name for s in specs["prod"].services] == ["assets", "users", "vulnerabilities"]


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "environments").mkdir()
    (tmp_path / "environments" / "prod.yaml").write_text("name: chariot\nnetwork: [unclosed\n")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path, "prod", CHECK_DAY)
    (line,) = [str(p) for p in caught.value.problems]
    assert line.startswith(f"{tmp_path}/environments/prod.yaml:")
    assert "malformed YAML" in line


def test_duplicate_yaml_keys_are_refused(tmp_path: Path) -> None:
    (tmp_path / "environments").mkdir()
    (tmp_path / "environments" / "prod.yaml").write_text("name: a\nregion: x\nname: b\n")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path, "prod", CHECK_DAY)
    assert str(caught.value.problems[0]).endswith(
        "prod.yaml:3: name: duplicate key (YAML keeps only the last one)"
    )


def test_unknown_key_is_named_with_its_path(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["nat_gatways"] = 2
    (line,) = problems(tmp_path, data)
    assert line.endswith("network.nat_gatways: unknown key")
    assert "environments/prod.yaml:" in line


def test_unknown_environment_lists_the_known_ones(root: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(root, "qa", CHECK_DAY)
    assert "no such environment 'qa' (known: dev, prod, staging)" in str(caught.value)


def test_services_in_the_environment_file_are_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    services = data.pop("services")
    (tmp_path / "environments").mkdir()
    import yaml

    (tmp_path / "environments" / "prod.yaml").write_text(
        yaml.safe_dump({**data, "services": services})
    )
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path, "prod", CHECK_DAY)
    assert "services: services are catalog entries: one file each under services/" in str(
        caught.value
    )


def test_service_errors_point_at_the_catalog_file(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][1]["latency_slo_ms"] = -5
    (line,) = problems(tmp_path, data)
    assert "services/01-svc.yaml:" in line
    assert line.endswith("latency_slo_ms: Input should be greater than 0")


def test_bad_cidr_syntax(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["subnets"]["private"][0] = "10.0.1.0/33"
    (line,) = problems(tmp_path, data)
    assert "network.subnets.private[0]: '10.0.1.0/33' is not a valid IPv4 CIDR" in line


def test_host_bits_in_a_cidr_are_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["vpc_cidr"] = "10.0.0.1/16"
    (line,) = problems(tmp_path, data)
    assert (
        "network.vpc_cidr: '10.0.0.1/16' is not a valid IPv4 CIDR (10.0.0.1/16 has host bits set)"
        in line
    )


def test_fargate_spot_compute_is_refused_with_the_reason(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][0]["compute"] = "fargate_spot"
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "compute: EKS does not support Fargate Spot (it is an ECS feature): use ec2_spot"
    )


def test_fargate_spot_capacity_type_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["node_pools"][0]["capacity_type"] = "FARGATE_SPOT"
    (line,) = problems(tmp_path, data)
    assert "cluster.node_pools[0].capacity_type: EKS does not support Fargate Spot" in line


@pytest.mark.parametrize("limit", [0, -100])
def test_non_positive_budgets_are_refused(
    tmp_path: Path, spec_data: dict[str, Any], limit: int
) -> None:
    data = copy.deepcopy(spec_data)
    data["cost"]["budgets"][0]["limit_usd"] = limit
    (line,) = problems(tmp_path, data)
    assert line.endswith("cost.budgets[0].limit_usd: Input should be greater than 0")


def test_several_problems_are_all_reported(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["region"] = "Mars"
    data["cluster"]["name"] = "Bad_Name"
    lines = problems(tmp_path, data)
    assert len(lines) == 2
    assert any(
        line.endswith("region: 'Mars': String should match pattern '^[a-z]{2}(-[a-z]+)+-\\d$'")
        for line in lines
    )


def test_public_endpoint_without_cidrs_is_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["endpoint"] = {"public": True}
    (line,) = problems(tmp_path, data)
    assert "cluster.endpoint: a public endpoint needs public_cidrs" in line


def test_resolved_spec_fills_defaults(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    spec = load(tmp_path, spec_data)
    assert spec.mesh.outlier_detection.consecutive_5xx_errors == 3
    assert spec.edge.api_gateway == "http"
