"""Secrets Manager rotation function for the edge's origin secret (HTTP API mode).

Secrets Manager calls it four times per rotation
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html):
- createSecret: a new random value as AWSPENDING;
- setSecret: wait until every authorizer instance has reloaded its accepted values (it accepts
  AWSCURRENT, AWSPENDING and AWSPREVIOUS and caches them CACHE_SECONDS), then put the pending
  value in CloudFront's origin header (UpdateDistribution), so no edge ever sends a value the
  authorizer would refuse;
- testSecret: the distribution carries the pending value and has finished deploying it (it
  waits up to 8 minutes; else it fails, and Secrets Manager tries the rotation again later);
- finishSecret: AWSPENDING becomes AWSCURRENT; the old value stays accepted as AWSPREVIOUS.
CloudFormation's dynamic reference resolves to AWSCURRENT on the next stack update, which is
the value the distribution already has.

Runs in Lambda with boto3 only (this file is the function's whole code asset).
"""

from __future__ import annotations

import os
import time
from typing import Any

import boto3

PENDING, CURRENT = "AWSPENDING", "AWSCURRENT"
# CloudFront usually deploys a change in a few minutes; testSecret waits up to 8 of them.
DEPLOY_CHECKS, DEPLOY_CHECK_SECONDS = 16, 30


def _value(secrets: Any, arn: str, **version: str) -> str:
    return str(secrets.get_secret_value(SecretId=arn, **version)["SecretString"])


def create(secrets: Any, arn: str, token: str, length: int) -> None:
    try:
        _value(secrets, arn, VersionId=token, VersionStage=PENDING)
        return  # a retried step: the pending value exists
    except secrets.exceptions.ResourceNotFoundException:
        pass
    value = secrets.get_random_password(PasswordLength=length, ExcludePunctuation=True)
    secrets.put_secret_value(
        SecretId=arn,
        ClientRequestToken=token,
        SecretString=value["RandomPassword"],
        VersionStages=[PENDING],
    )


def replace_header(config: dict[str, Any], header: str, old: str, new: str) -> bool:
    """Put `new` where an origin sends `header` with `old`; True when the config changed."""
    changed = False
    for origin in config.get("Origins", {}).get("Items", []):
        for item in origin.get("CustomHeaders", {}).get("Items", []):
            if item["HeaderName"].lower() == header and item["HeaderValue"] == old:
                item["HeaderValue"] = new
                changed = True
    return changed


def carries(config: dict[str, Any], header: str, value: str) -> bool:
    return any(
        item["HeaderName"].lower() == header and item["HeaderValue"] == value
        for origin in config.get("Origins", {}).get("Items", [])
        for item in origin.get("CustomHeaders", {}).get("Items", [])
    )


def set_secret(
    secrets: Any, cloudfront: Any, arn: str, token: str, env: dict[str, str], sleep: Any
) -> None:
    pending = _value(secrets, arn, VersionId=token, VersionStage=PENDING)
    current = _value(secrets, arn, VersionStage=CURRENT)
    distribution, header = env["DISTRIBUTION_ID"], env["HEADER"]
    found = cloudfront.get_distribution_config(Id=distribution)
    config = found["DistributionConfig"]
    if carries(config, header, pending):
        return  # a retried step: CloudFront has it already
    sleep(int(env["AUTHORIZER_CACHE_SECONDS"]) + 30)  # every authorizer accepts AWSPENDING now
    found = cloudfront.get_distribution_config(Id=distribution)
    config = found["DistributionConfig"]
    if not replace_header(config, header, current, pending):
        raise RuntimeError(f"no origin of {distribution} sends {header} with the current value")
    cloudfront.update_distribution(
        Id=distribution, IfMatch=found["ETag"], DistributionConfig=config
    )


def test_secret(
    secrets: Any, cloudfront: Any, arn: str, token: str, env: dict[str, str], sleep: Any
) -> None:
    pending = _value(secrets, arn, VersionId=token, VersionStage=PENDING)
    distribution = env["DISTRIBUTION_ID"]
    config = cloudfront.get_distribution_config(Id=distribution)["DistributionConfig"]
    if not carries(config, env["HEADER"], pending):
        raise RuntimeError(f"{distribution} does not send the pending value")
    status = ""
    for _ in range(DEPLOY_CHECKS):
        status = cloudfront.get_distribution(Id=distribution)["Distribution"]["Status"]
        if status == "Deployed":
            return
        sleep(DEPLOY_CHECK_SECONDS)
    raise RuntimeError(f"{distribution} is still {status}; the rotation is tried again later")


def finish(secrets: Any, arn: str, token: str, stages: dict[str, list[str]]) -> None:
    current = next((v for v, s in stages.items() if CURRENT in s), None)
    if current == token:
        return
    secrets.update_secret_version_stage(
        SecretId=arn, VersionStage=CURRENT, MoveToVersionId=token, RemoveFromVersionId=current
    )


def rotate(
    event: dict[str, Any], secrets: Any, cloudfront: Any, env: dict[str, str], sleep: Any
) -> None:
    arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    meta = secrets.describe_secret(SecretId=arn)
    stages: dict[str, list[str]] = meta.get("VersionIdsToStages", {})
    if not meta.get("RotationEnabled"):
        raise ValueError(f"{arn}: rotation is not enabled")
    if token not in stages:
        raise ValueError(f"{arn}: no version {token}")
    if CURRENT in stages[token]:
        return  # already rotated
    if PENDING not in stages[token]:
        raise ValueError(f"{arn}: version {token} is not pending")
    if step == "createSecret":
        create(secrets, arn, token, int(env["SECRET_LENGTH"]))
    elif step == "setSecret":
        set_secret(secrets, cloudfront, arn, token, env, sleep)
    elif step == "testSecret":
        test_secret(secrets, cloudfront, arn, token, env, sleep)
    elif step == "finishSecret":
        finish(secrets, arn, token, stages)
    else:
        raise ValueError(f"unknown step {step!r}")


def handler(event: dict[str, Any], context: Any) -> None:
    rotate(
        event,
        boto3.client("secretsmanager"),
        boto3.client("cloudfront"),
        dict(os.environ),
        time.sleep,
    )
