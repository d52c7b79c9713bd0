"""The origin-secret rotation, step by step as Secrets Manager runs it: the authorizer may take
the pending value before CloudFront sends it, CloudFront sends it before it becomes current,
and every step can be retried."""

# The fakes take boto3's keyword names (SecretId, IfMatch, ...).
# ruff: noqa: N803

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from chariot.infra.constructs.origin_rotation import HANDLER
from tests.infra.handlers import load_handler

ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:origin-AbCdEf"
HEADER = "x-origin-verify"
ENV = {
    "DISTRIBUTION_ID": "E1ABCDEF",
    "HEADER": HEADER,
    "SECRET_LENGTH": "48",
    "AUTHORIZER_CACHE_SECONDS": "300",
}


index = load_handler(HANDLER, "index", "origin_rotation_index")


class NotFoundError(Exception):
    pass


class Secrets:
    """Secrets Manager's versions and staging labels, as the rotation API sees them."""

    class exceptions:  # noqa: N801 - boto3's spelling
        ResourceNotFoundException = NotFoundError

    def __init__(self, value: str) -> None:
        self.values = {"v1": value}
        self.stages: dict[str, list[str]] = {"v1": ["AWSCURRENT"]}
        self.generated = 0

    def begin(self) -> str:
        """What RotateSecret does: a new version id labelled AWSPENDING, no value yet."""
        token = str(uuid.uuid4())
        self.stages[token] = ["AWSPENDING"]
        return token

    def describe_secret(self, SecretId: str) -> dict[str, Any]:
        return {"RotationEnabled": True, "VersionIdsToStages": self.stages}

    def get_secret_value(
        self, SecretId: str, VersionId: str | None = None, VersionStage: str = "AWSCURRENT"
    ) -> dict[str, Any]:
        for version, stages in self.stages.items():
            if VersionStage in stages and VersionId in (None, version) and version in self.values:
                return {"SecretString": self.values[version]}
        raise NotFoundError(VersionStage)

    def get_random_password(self, PasswordLength: int, ExcludePunctuation: bool) -> dict[str, Any]:
        self.generated += 1
        return {"RandomPassword": f"{self.generated}".rjust(PasswordLength, "n")}

    def put_secret_value(
        self, SecretId: str, ClientRequestToken: str, SecretString: str, VersionStages: list[str]
    ) -> None:
        self.values[ClientRequestToken] = SecretString
        self.stages[ClientRequestToken] = list(VersionStages)

    def update_secret_version_stage(
        self, SecretId: str, VersionStage: str, MoveToVersionId: str, RemoveFromVersionId: str
    ) -> None:
        self.stages[RemoveFromVersionId] = ["AWSPREVIOUS"]
        self.stages[MoveToVersionId] = [VersionStage]


class CloudFront:
    """One distribution: its config with an ETag per version, deployed or in progress."""

    def __init__(self, value: str) -> None:
        headers = {"Quantity": 1, "Items": [{"HeaderName": HEADER, "HeaderValue": value}]}
        self.config = {
            "Origins": {
                "Quantity": 2,
                "Items": [
                    {"Id": "static", "CustomHeaders": {"Quantity": 0, "Items": []}},
                    {"Id": "api", "CustomHeaders": headers},
                ],
            }
        }
        self.etag = 1
        self.status = "Deployed"
        self.updates = 0
        self.deploy_checks: int | None = None

    def sent(self) -> str:
        return str(self.config["Origins"]["Items"][1]["CustomHeaders"]["Items"][0]["HeaderValue"])

    def get_distribution_config(self, Id: str) -> dict[str, Any]:
        return {"DistributionConfig": copy.deepcopy(self.config), "ETag": str(self.etag)}

    def update_distribution(
        self, Id: str, IfMatch: str, DistributionConfig: dict[str, Any]
    ) -> None:
        if IfMatch != str(self.etag):
            raise RuntimeError("PreconditionFailed")
        self.config, self.etag, self.status = DistributionConfig, self.etag + 1, "InProgress"
        self.updates += 1

    def get_distribution(self, Id: str) -> dict[str, Any]:
        status = self.status
        if self.deploy_checks is not None:  # deployed after that many more checks
            self.deploy_checks -= 1
            self.status = "Deployed" if self.deploy_checks <= 0 else self.status
        return {"Distribution": {"Status": status}}


def _step(
    secrets: Secrets, cloudfront: CloudFront, token: str, step: str, waits: list[float]
) -> None:
    event = {"SecretId": ARN, "ClientRequestToken": token, "Step": step}
    index.rotate(event, secrets, cloudfront, ENV, waits.append)


def test_a_full_rotation_switches_cloudfront_before_the_secret() -> None:
    secrets, cloudfront, waits = Secrets("old"), CloudFront("old"), []
    token = secrets.begin()
    _step(secrets, cloudfront, token, "createSecret", waits)
    new = secrets.values[token]
    assert len(new) == 48
    assert new != "old"
    assert cloudfront.sent() == "old"
    _step(secrets, cloudfront, token, "setSecret", waits)
    assert waits == [330]  # the authorizer's cache, then CloudFront
    assert cloudfront.sent() == new
    assert secrets.stages["v1"] == ["AWSCURRENT"]  # not current before CloudFront deployed it
    cloudfront.deploy_checks = 3  # CloudFront deploys while testSecret waits
    _step(secrets, cloudfront, token, "testSecret", waits)
    assert waits == [330, 30, 30, 30]  # three checks saw InProgress
    _step(secrets, cloudfront, token, "finishSecret", waits)
    assert secrets.stages[token] == ["AWSCURRENT"]
    assert secrets.stages["v1"] == ["AWSPREVIOUS"]  # still accepted while edges update


def test_retried_steps_do_nothing_twice() -> None:
    secrets, cloudfront, waits = Secrets("old"), CloudFront("old"), []
    token = secrets.begin()
    _step(secrets, cloudfront, token, "createSecret", waits)
    _step(secrets, cloudfront, token, "createSecret", waits)
    assert secrets.generated == 1
    _step(secrets, cloudfront, token, "setSecret", waits)
    _step(secrets, cloudfront, token, "setSecret", waits)
    assert cloudfront.updates == 1
    assert waits == [330]


def test_a_distribution_that_does_not_send_the_current_value_stops_the_rotation() -> None:
    secrets, cloudfront, waits = Secrets("old"), CloudFront("something else"), []
    token = secrets.begin()
    _step(secrets, cloudfront, token, "createSecret", waits)
    with pytest.raises(RuntimeError, match="with the current value"):
        _step(secrets, cloudfront, token, "setSecret", waits)
    assert cloudfront.updates == 0


def test_a_version_that_is_not_pending_is_refused() -> None:
    secrets, cloudfront, waits = Secrets("old"), CloudFront("old"), []
    with pytest.raises(ValueError, match="no version"):
        _step(secrets, cloudfront, "unknown", "createSecret", waits)
    secrets.stages["v2"] = ["AWSPREVIOUS"]
    with pytest.raises(ValueError, match="not pending"):
        _step(secrets, cloudfront, "v2", "createSecret", waits)


def test_a_distribution_still_deploying_fails_the_test_step() -> None:
    secrets, cloudfront, waits = Secrets("old"), CloudFront("old"), []
    token = secrets.begin()
    _step(secrets, cloudfront, token, "createSecret", waits)
    _step(secrets, cloudfront, token, "setSecret", waits)
    with pytest.raises(RuntimeError, match="still InProgress"):
        _step(secrets, cloudfront, token, "testSecret", waits)
    assert len(waits) == 1 + index.DEPLOY_CHECKS
    assert secrets.stages[token] == ["AWSPENDING"]  # not made current
