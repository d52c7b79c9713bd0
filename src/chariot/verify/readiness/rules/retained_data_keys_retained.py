"""A KMS key that protects data kept after its stack is deleted is kept too.

A resource with `DeletionPolicy: Retain` (or `Snapshot`) outlives its stack; when the customer
managed key that encrypts it has the default `Delete`, deleting the stack schedules the key's
deletion and the retained data (or snapshot) becomes unreadable for good after the waiting
period (https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html). Keys are
followed through `Ref`, `Fn::GetAtt` and cross-stack `Fn::ImportValue`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.verify.readiness.base import Platform, Resource, Result, Violation, iter_values

KEPT = ("Retain", "RetainExceptOnCreate", "Snapshot")


def keys_of(platform: Platform, resource: Resource) -> list[Resource]:
    """The KMS keys `resource`'s properties point at."""
    found: list[Resource] = []
    for value in iter_values(dict(resource.properties)):
        target = platform.target(resource.template, value)
        if target and target.resource.type == "AWS::KMS::Key" and target.resource not in found:
            found.append(target.resource)
    return found


def check(platform: Platform) -> Iterator[Result]:
    reported: set[int] = set()
    for resource in platform.resources():
        if resource.data.get("DeletionPolicy") not in KEPT or resource.type == "AWS::KMS::Key":
            continue
        for key in keys_of(platform, resource):
            if key.data.get("DeletionPolicy") in ("Retain", "RetainExceptOnCreate"):
                continue
            if id(key) in reported:
                continue
            reported.add(id(key))
            yield Violation(
                key,
                f"encrypts {resource.logical_id} ({resource.template.stack}), which is kept "
                f"when its stack is deleted (DeletionPolicy {resource.data['DeletionPolicy']}), "
                "but the key itself is deleted: the kept data becomes unreadable; retain the key",
            )
