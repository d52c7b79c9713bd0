"""The service stacks: each service's table, identity and repository in the stack its name
hashes to, under the logical ids the data stack gave them; a new service moves no other one;
the spec's estimate of a stack is what synthesis writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec
from chariot.spec.service_stacks import (
    data_stack_footprint,
    footprint,
    service_stack_number,
    service_stack_part,
    service_stacks,
    stack_footprints,
)
from tests.conftest import ROOT, Synthesized
from tests.spec.catalogs import with_copies
from tests.spec.helpers import load

# The logical ids these resources had in the data stack: moving them keeps them.
DATA_STACK_IDS = {
    "users": [
        "TableUserService5948B6C9",
        "IdentityUsersPodIdentityRoleD45B3429",
        "IdentityUsersPodIdentityPolicyCEFD2A2C",
        "IdentityUsersPodIdentityAssociation1E2AFE89",
    ],
    "assets": ["TableAssetServiceFD47220A"],
    "vulnerabilities": ["TableVulnerabilityService87434A20"],
}


def _assert_in_their_stacks(env: Synthesized) -> None:
    stacks = env.service_stacks()
    count = env.spec.stacks.service_stacks
    numbers = {service_stack_number(s.name, count) for s in env.spec.services}
    assert set(stacks) == {service_stack_part(n) for n in numbers}  # non-empty ones only
    for service in env.spec.services:
        part = service_stack_part(
            service_stack_number(service.name, env.spec.stacks.service_stacks)
        )
        resources = stacks[part]["Resources"]
        associations = [
            r["Properties"]["ServiceAccount"]
            for r in resources.values()
            if r["Type"] == "AWS::EKS::PodIdentityAssociation"
        ]
        assert service.name in associations
        repositories = [
            r["Properties"]["RepositoryName"]
            for r in resources.values()
            if r["Type"] == "AWS::ECR::Repository"
        ]
        assert f"{env.spec.name}-{env.spec.environment}/{service.name}" in repositories
        if service.data.table is not None:
            kind = (
                "AWS::DynamoDB::GlobalTable"
                if replicates_data(env.spec)
                else "AWS::DynamoDB::Table"
            )
            tables = [r["Properties"]["TableName"] for r in resources.values() if r["Type"] == kind]
            assert f"{service.data.table.name}-{env.spec.environment}" in tables


def _assert_estimates_hold(env: Synthesized) -> None:
    """Resources and outputs exactly as estimated; the size estimate is an upper bound."""
    for number, estimate in stack_footprints(env.spec).items():
        part = service_stack_part(number)
        template = env.service_stacks()[part]
        assert len(template["Resources"]) == estimate.resources, part
        assert len(template["Outputs"]) == estimate.outputs, part
        assert env.template_path(part).stat().st_size <= estimate.template_bytes, part


@pytest.mark.parametrize("name", ["prod", "dev"])
def test_each_service_lives_in_the_stack_its_name_hashes_to(
    synthesized: dict[str, Synthesized], name: str
) -> None:
    env = synthesized[name]
    _assert_in_their_stacks(env)
    _assert_estimates_hold(env)
    data_template = env.json("data")
    data = data_template["Resources"]
    estimate = data_stack_footprint(env.spec)  # an upper bound for the data stack
    assert len(data) <= estimate.resources
    assert len(data_template["Outputs"]) <= estimate.outputs
    for kind in (
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::GlobalTable",
        "AWS::ECR::Repository",
        "AWS::EKS::PodIdentityAssociation",
    ):
        assert not [r for r in data.values() if r["Type"] == kind], kind


def test_moved_resources_keep_their_logical_ids(synthesized: dict[str, Synthesized]) -> None:
    ids = set(synthesized["prod"].service_resources())
    for service, logical_ids in DATA_STACK_IDS.items():
        assert set(logical_ids) <= ids, service


def _catalog(tmp: Path, spec_data: dict[str, Any], copies: int, stacks: int) -> PlatformSpec:
    data = with_copies(spec_data, "assets", copies) | {"stacks": {"service_stacks": stacks}}
    return load(tmp, data)


def test_adding_services_moves_no_other_service(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    before = _catalog(tmp_path / "a", spec_data, 40, 8)
    after = _catalog(tmp_path / "b", spec_data, 60, 8)
    placed = {s.name: n for n, group in service_stacks(before).items() for s in group}
    placed_after = {s.name: n for n, group in service_stacks(after).items() for s in group}
    assert {name: placed_after[name] for name in placed} == placed
    assert len(placed_after) == len(placed) + 20
    # The assignment is the hash of the name alone, spread over the stacks.
    assert len(set(placed_after.values())) == 8
    assert all(1 <= n <= 8 for n in placed_after.values())


def test_a_generated_catalog_synthesizes_as_assigned_and_estimated(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    """A catalog of 3 + 12 services over 5 stacks, synthesized with cdk-nag: every service in
    its stack, every stack exactly as large as the spec rule estimates."""
    from chariot.infra.app import cdk_context, create_app

    data = with_copies(spec_data, "vulnerabilities", 6)
    data = with_copies(data, "assets", 6) | {"stacks": {"service_stacks": 5}}
    spec = load(tmp_path / "project", data)
    out = tmp_path / "out"
    create_app(spec, out, cdk_context(ROOT)).synth()
    env = Synthesized(out, spec)
    _assert_in_their_stacks(env)
    _assert_estimates_hold(env)
    assert sum(footprint(spec, s).resources for s in spec.services) == len(env.service_resources())
    manifest = json.loads((out / "manifest.json").read_text())
    for part in env.service_stacks():
        needs = set(manifest["artifacts"][f"chariot-prod-{part}"]["dependencies"])
        assert "chariot-prod-data" in needs


def _tags(resource: dict[str, Any]) -> dict[str, str]:
    tags = resource["Properties"].get("Tags") or []
    return {t["Key"]: t["Value"] for t in tags} if isinstance(tags, list) else dict(tags)


def test_each_service_resource_carries_its_cost_allocation_tags(
    synthesized: dict[str, Synthesized],
) -> None:
    """A service's association, role and repository name it and its team; the stack's own
    tags (environment) stay, the platform team is overridden."""
    env = synthesized["prod"]
    for service in env.spec.services:
        own = [
            r
            for r in env.service_resources().values()
            if r["Type"] in ("AWS::EKS::PodIdentityAssociation", "AWS::ECR::Repository")
            and service.name
            in (
                r["Properties"].get("ServiceAccount"),
                r["Properties"].get("RepositoryName", "").split("/")[-1],
            )
        ]
        assert len(own) == 2, service.name
        for resource in own:
            tags = _tags(resource)
            assert tags["chariot:service"] == service.name
            assert tags["chariot:team"] == service.team != env.spec.platform_team
            assert tags["chariot:environment"] == "prod"
