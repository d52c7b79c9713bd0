"""IAM policy documents: real actions, grants that can apply, no unconstrained risky access."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "iam-policy-lint"


def _policy(*statements: dict[str, Any]) -> Any:
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return template(
        resources={"Policy": resource("AWS::IAM::ManagedPolicy", PolicyDocument=document)}
    )


def _allow(actions: list[str], resources: Any = "arn:aws:s3:::bucket/*", **extra: Any) -> Any:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


def test_a_scoped_policy_of_real_actions_passes(spec: PlatformSpec) -> None:
    assert results(RULE, platform(spec, _policy(_allow(["s3:GetObject", "s3:Put*"])))) == []


def test_a_misspelt_action_is_an_error(spec: PlatformSpec) -> None:
    (found,) = results(RULE, platform(spec, _policy(_allow(["s3:GetObjekt"]))))
    assert isinstance(found, Violation)
    assert found.severity == "error"
    assert "'s3:GetObjekt', which matches no IAM action" in found.reason


def test_a_grant_under_a_key_its_requests_never_carry_is_a_warning(spec: PlatformSpec) -> None:
    context = {"StringEquals": {"kms:EncryptionContext:app": "x"}}
    statement = _allow(["kms:DescribeKey", "kms:Decrypt"], "*", Condition=context, Sid="Use")
    (found,) = results(RULE, platform(spec, _policy(statement)))
    assert found.severity == "warning"  # type: ignore[union-attr]
    assert "'Use' allows kms:DescribeKey only under kms:EncryptionContext:app" in found.reason


def test_unconstrained_permissions_management_is_flagged_by_cloudsplaining(
    spec: PlatformSpec,
) -> None:
    found = results(RULE, platform(spec, _policy(_allow(["iam:PassRole"], "*"))))
    assert any("resource exposure" in f.reason and "iam:PassRole" in f.reason for f in found)
    scoped = _allow(["iam:PassRole"], "arn:aws:iam::111122223333:role/nodes")
    assert results(RULE, platform(spec, _policy(scoped))) == []
