"""domain_key: admin for the account, use only through the named services, rotation on."""

from __future__ import annotations

from aws_cdk import App, Stack
from aws_cdk.assertions import Template

from chariot.infra.constructs.domain_key import ADMIN_ACTIONS, domain_key


def _policy(**kwargs: object) -> list[dict[str, object]]:
    app = App()
    stack = Stack(app, "Probe")
    domain_key(
        stack,
        "Key",
        alias="alias/probe",
        description="probe",
        account="111122223333",
        **kwargs,  # type: ignore[arg-type]
    )
    (key,) = Template.from_stack(stack).find_resources("AWS::KMS::Key").values()
    assert key["Properties"]["EnableKeyRotation"] is True
    statements: list[dict[str, object]] = key["Properties"]["KeyPolicy"]["Statement"]
    return statements


def test_without_services_the_key_can_only_be_administered() -> None:
    (admin,) = _policy()
    assert admin["Sid"] == "KeyAdministration"
    assert sorted(admin["Action"]) == sorted(ADMIN_ACTIONS)  # type: ignore[arg-type]
    assert not any("crypt" in a or "GenerateDataKey" in a for a in ADMIN_ACTIONS)


def test_use_is_bound_to_the_services_and_principals_to_the_account() -> None:
    statements = {
        s["Sid"]: s
        for s in _policy(
            via_services=["dynamodb.us-east-1.amazonaws.com"],
            service_principals=["cloudwatch.amazonaws.com"],
        )
    }
    use = statements["UseThroughOwningServices"]
    assert use["Condition"] == {
        "StringEquals": {"kms:ViaService": ["dynamodb.us-east-1.amazonaws.com"]}
    }
    principals = statements["ServicePrincipalsOfThisAccount"]
    assert principals["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert principals["Condition"] == {"StringEquals": {"aws:SourceAccount": "111122223333"}}
    assert "kms:Encrypt" not in principals["Action"]  # type: ignore[operator]
