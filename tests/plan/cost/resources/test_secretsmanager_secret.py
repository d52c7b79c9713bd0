"""A secret and each of its replicas are billed per month, a replica at its region's catalog."""

from __future__ import annotations

from datetime import date

from chariot.plan.cost.catalog import load_catalog
from chariot.plan.cost.mapping import Context
from chariot.plan.cost.model import Pricer, Resource
from chariot.plan.cost.resources import secretsmanager_secret
from chariot.plan.cost.usage import Usage

TODAY = date(2026, 12, 2)


def test_a_replicated_secret_is_billed_in_each_region() -> None:
    pricers = {r: Pricer(load_catalog(r)) for r in ("us-east-1", "us-west-2")}
    ctx = Context(pricers["us-east-1"], Usage(), TODAY, regional=pricers)
    secret = Resource(
        "chariot-prod-edge",
        "OriginSecret",
        "AWS::SecretsManager::Secret",
        {"Name": "s", "ReplicaRegions": [{"Region": "us-west-2", "KmsKeyId": "alias/k"}]},
        "us-east-1",
    )
    lines = {x.description: x for x in secretsmanager_secret.price(secret, ctx)}
    assert set(lines) == {"secret", "API calls", "replica in us-west-2"}
    replica = lines["replica in us-west-2"]
    assert (replica.quantity, replica.unit_usd, replica.catalog) == (1, 0.40, "us-west-2.yaml")
    plain = Resource("s", "Other", "AWS::SecretsManager::Secret", {}, "us-east-1")
    assert [x.description for x in secretsmanager_secret.price(plain, ctx)] == [
        "secret",
        "API calls",
    ]
