"""Every taggable resource carries the cost allocation tags: `chariot:environment` (this
environment), `chariot:team`, and in a service stack `chariot:service` (a catalogued service, its
team as `chariot:team`); elsewhere the team is the spec's `platform_team`.

An untagged resource is billed to nobody once the tags are activated in the Billing console
(https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/custom-tags.html). Which types
accept tags, and where, is read from the CloudFormation resource provider schemas cfn-lint ships
(`tagging.taggable` and `tagging.tagProperty`,
https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html), not
from a hand-kept list. A type the schemas do not know (a custom resource) has no tags to check.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import ENVIRONMENT_TAG, SERVICE_TAG, TEAM_TAG
from chariot.spec.service_stacks import SERVICES_PART
from chariot.verify.readiness.base import Platform, Resource, Result, Violation, dig

# A global table has no resource-level tags in its schema: each replica carries its own
# (`Replicas[].Tags`), so every replica must carry them.
GLOBAL_TABLE = "AWS::DynamoDB::GlobalTable"


@cache
def tag_path(region: str, resource_type: str) -> tuple[str, ...] | None:
    """The property path of the type's tags (`("Tags",)`), None when it takes no tags."""
    from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER  # noqa: PLC0415 - seconds to import

    try:
        schema: dict[str, Any] = PROVIDER_SCHEMA_MANAGER.get_resource_schema(
            region, resource_type
        ).schema
    except Exception:  # ResourceNotFoundError: custom and unknown types
        return None
    tagging = schema.get("tagging") or {}
    pointer = tagging.get("tagProperty")
    if not tagging.get("taggable") or not isinstance(pointer, str):
        return None
    parts = tuple(pointer.strip("/").split("/"))
    return parts[1:] if parts[:1] == ("properties",) else None


def tags(platform: Platform, resource: Resource, value: Any) -> dict[str, str | None]:
    """Key -> value of a list of {Key, Value} or a map; values known only at deploy time are
    None."""
    found: dict[str, str | None] = {}
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = [(t.get("Key"), t.get("Value")) for t in value if isinstance(t, dict)]
    else:
        pairs = []
    for key, tag_value in pairs:
        if isinstance(key, str):
            found[key] = platform.text(resource.template, tag_value)
    return found


def tag_sets(platform: Platform, resource: Resource) -> Iterator[tuple[str, dict[str, str | None]]]:
    """(where, tags) for each place the resource's tags live; nothing for an untaggable type."""
    if resource.type == GLOBAL_TABLE:
        for index, replica in enumerate(resource.get("Replicas") or []):
            region = dig(replica, ("Region",))
            where = f"replica {platform.text(resource.template, region, str(index))}"
            yield where, tags(platform, resource, dig(replica, ("Tags",)))
        return
    path = tag_path(resource.template.region, resource.type)
    if path is not None:
        yield "", tags(platform, resource, resource.get(*path))


def in_service_stack(spec: PlatformSpec, resource: Resource) -> bool:
    """A service stack, or its DR twin (the services' identities in the DR cluster)."""
    stack = resource.template.stack
    return any(
        stack.startswith(f"{spec.name}-{spec.environment}-{part}{SERVICES_PART}-")
        for part in ("", "dr-")
    )


def problems(spec: PlatformSpec, found: dict[str, str | None], per_service: bool) -> list[str]:
    """What is missing or wrong in one resource's tags."""
    wrong = []
    if found.get(ENVIRONMENT_TAG) != spec.environment:
        wrong.append(
            f"{ENVIRONMENT_TAG} is {found.get(ENVIRONMENT_TAG)!r}, not {spec.environment!r}"
        )
    service_name = found.get(SERVICE_TAG)
    owners = {s.name: s.team for s in spec.services}
    if per_service and service_name is None:
        wrong.append(f"{SERVICE_TAG} is missing on a service's own resource")
        return wrong  # its team cannot be judged without knowing the service
    if service_name is not None and service_name not in owners:
        wrong.append(f"{SERVICE_TAG} {service_name!r} names no catalogued service")
        return wrong
    team = owners[service_name] if service_name is not None else spec.platform_team
    if found.get(TEAM_TAG) != team:
        wrong.append(f"{TEAM_TAG} is {found.get(TEAM_TAG)!r}, not {team!r}")
    return wrong


def check(platform: Platform) -> Iterator[Result]:
    spec = platform.spec
    for resource in platform.resources():
        per_service = in_service_stack(spec, resource)
        for where, found in tag_sets(platform, resource):
            wrong = problems(spec, found, per_service)
            if wrong:
                yield Violation(
                    resource,
                    f"{resource.type}{' ' + where if where else ''} lacks its cost allocation "
                    f"tags: {'; '.join(wrong)} (the bill cannot be split by team and service)",
                )
