"""Taggable resources carry chariot:environment and chariot:team, a service's own resources
chariot:service with its team; the provider schemas decide what is taggable."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from chariot.verify.readiness.rules.cost_allocation_tags import tag_path
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "cost-allocation-tags"


def _tags(spec: PlatformSpec, **extra: str) -> list[dict[str, str]]:
    found = {"chariot:environment": spec.environment, "chariot:team": spec.platform_team}
    found.update({k.replace("_", ":", 1): v for k, v in extra.items()})
    return [{"Key": k, "Value": v} for k, v in found.items()]


def _service_stack(spec: PlatformSpec, resources: dict[str, dict[str, Any]]) -> Any:
    return template(f"{spec.name}-{spec.environment}-services-1", resources)


def test_the_schemas_say_what_takes_tags() -> None:
    assert tag_path("us-east-1", "AWS::DynamoDB::Table") == ("Tags",)
    assert tag_path("us-east-1", "AWS::EKS::Nodegroup") == ("Tags",)
    assert tag_path("us-east-1", "AWS::IAM::Policy") is None  # no tags in its schema
    assert tag_path("us-east-1", "AWS::Lambda::Permission") is None  # taggable: false
    assert tag_path("us-east-1", "Custom::AWSCDK-EKS-HelmChart") is None


def test_a_tagged_shared_resource_passes(spec: PlatformSpec) -> None:
    role = resource("AWS::IAM::Role", Tags=_tags(spec))
    policy = resource("AWS::IAM::Policy")  # not taggable: nothing to check
    assert results(RULE, platform(spec, template("cluster", {"R": role, "P": policy}))) == []


def test_a_shared_resource_without_the_team_fails(spec: PlatformSpec) -> None:
    queue = resource("AWS::SQS::Queue", Tags=[{"Key": "chariot:environment", "Value": "prod"}])
    (found,) = results(RULE, platform(spec, template("governance", {"Q": queue})))
    assert isinstance(found, Violation)
    assert found.reason.startswith("AWS::SQS::Queue lacks its cost allocation tags")
    assert "chariot:team is None, not 'platform'" in found.reason


def test_map_tags_are_read(spec: PlatformSpec) -> None:
    tags = {"chariot:environment": "staging", "chariot:team": spec.platform_team}
    group = resource("AWS::EKS::Nodegroup", Tags=tags)
    (found,) = results(RULE, platform(spec, template("cluster", {"G": group})))
    assert isinstance(found, Violation)
    assert "chariot:environment is 'staging', not 'prod'" in found.reason


def test_a_service_resource_needs_the_service_and_its_team(spec: PlatformSpec) -> None:
    users = spec.service("users")
    good = resource("AWS::ECR::Repository", Tags=_tags(spec, chariot_service="users"))
    good["Properties"]["Tags"][1]["Value"] = users.team
    unowned = resource("AWS::ECR::Repository", Tags=_tags(spec))
    wrong_team = resource("AWS::IAM::Role", Tags=_tags(spec, chariot_service="users"))
    stack = _service_stack(spec, {"Good": good, "Unowned": unowned, "WrongTeam": wrong_team})
    found = results(RULE, platform(spec, stack))
    assert {(f.subject.label, f.reason.split(": ", 1)[1]) for f in found} == {
        (
            "Unowned",
            "chariot:service is missing on a service's own resource (the bill cannot be split "
            "by team and service)",
        ),
        (
            "WrongTeam",
            f"chariot:team is 'platform', not '{users.team}' (the bill cannot be split by team "
            "and service)",
        ),
    }


def test_an_unknown_service_fails(spec: PlatformSpec) -> None:
    table = resource("AWS::DynamoDB::Table", Tags=_tags(spec, chariot_service="billing"))
    (found,) = results(RULE, platform(spec, _service_stack(spec, {"T": table})))
    assert isinstance(found, Violation)
    assert "chariot:service 'billing' names no catalogued service" in found.reason


def test_every_replica_of_a_global_table_is_tagged(spec: PlatformSpec) -> None:
    team = spec.service("assets").team
    tags = _tags(spec, chariot_service="assets")
    tags[1]["Value"] = team
    table = resource(
        "AWS::DynamoDB::GlobalTable",
        Replicas=[{"Region": "us-east-1", "Tags": tags}, {"Region": "us-west-2"}],
    )
    (found,) = results(RULE, platform(spec, _service_stack(spec, {"T": table})))
    assert isinstance(found, Violation)
    assert found.reason.startswith(
        "AWS::DynamoDB::GlobalTable replica us-west-2 lacks its cost allocation tags"
    )
