"""The origin secret's 90-day rotation as synthesized: scheduled in the http mode with a
least-privilege function, not in the rest mode (acknowledged with the reason)."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.constructs.origin_rotation import ROTATION_DAYS
from tests.infra.cfn import as_list

pytestmark = pytest.mark.synth


def _rotation_policy(env: Any) -> list[dict[str, Any]]:
    return [
        statement
        for r in env.resources("edge", "AWS::IAM::ManagedPolicy").values()
        for statement in r["Properties"]["PolicyDocument"]["Statement"]
        if any(
            "cloudfront:UpdateDistribution" in as_list(s["Action"])
            for s in r["Properties"]["PolicyDocument"]["Statement"]
        )
    ]


def test_the_http_mode_rotates_every_90_days(edge_modes: dict[str, Any]) -> None:
    env = edge_modes["http"]
    (schedule,) = env.resources("edge", "AWS::SecretsManager::RotationSchedule").values()
    props = schedule["Properties"]
    assert props["RotationRules"] == {"AutomaticallyAfterDays": ROTATION_DAYS}
    assert props["RotateImmediatelyOnUpdate"] is False
    statements = _rotation_policy(env)
    actions = {a for s in statements for a in as_list(s["Action"])}
    assert "secretsmanager:PutSecretValue" in actions
    assert "secretsmanager:UpdateSecretVersionStage" in actions
    for statement in statements:
        if "cloudfront:UpdateDistribution" in as_list(statement["Action"]):
            assert "distribution/" in str(statement["Resource"])  # one distribution only
    authorizer = next(
        r["Properties"]
        for r in env.resources("edge", "AWS::Lambda::Function").values()
        if "origin secret" in r["Properties"].get("Description", "")
        and "Admits" in r["Properties"]["Description"]
    )
    assert "AWSPENDING" in authorizer["Code"]["ZipFile"]


def test_the_rest_mode_keeps_the_key_cloudformation_owns(edge_modes: dict[str, Any]) -> None:
    env = edge_modes["rest"]
    assert not env.resources("edge", "AWS::SecretsManager::RotationSchedule")
    assert not _rotation_policy(env)  # (cdk-nag's SMG4 is acknowledged with the reason)
