"""Local tables have exactly the shape the spec gives the CDK data stack."""

from __future__ import annotations

from chariot.runtime.dev.tables import create_table_request, table_name
from chariot.spec.model import PlatformSpec


def test_names_keys_indexes_and_billing_follow_the_spec(spec: PlatformSpec) -> None:
    assets = create_table_request(spec.service("assets"), "dev")
    assert assets["TableName"] == "AssetService-dev"
    assert assets["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert [i["IndexName"] for i in assets["GlobalSecondaryIndexes"]] == ["GSI1"]
    assert assets["GlobalSecondaryIndexes"][0]["KeySchema"] == [
        {"AttributeName": "gsi1pk", "KeyType": "HASH"},
        {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
    ]
    assert {a["AttributeName"] for a in assets["AttributeDefinitions"]} == {
        "pk",
        "sk",
        "gsi1pk",
        "gsi1sk",
    }
    assert assets["BillingMode"] == "PAY_PER_REQUEST"
    vulns = create_table_request(spec.service("vulnerabilities"), "prod")
    assert vulns["TableName"] == "VulnerabilityService-prod"
    assert vulns["BillingMode"] == "PROVISIONED"
    assert vulns["ProvisionedThroughput"] == {"ReadCapacityUnits": 100, "WriteCapacityUnits": 100}
    assert "GlobalSecondaryIndexes" not in vulns
    assert table_name(spec.service("users"), "staging") == "UserService-staging"
