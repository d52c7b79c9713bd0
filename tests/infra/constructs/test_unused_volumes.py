"""The unattached-EBS job: its handler against a real (moto) EC2 and SNS server, and its IAM."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from chariot.infra.constructs.unused_volumes import HANDLER, UnusedVolumesJob
from chariot.spec.model import PlatformSpec
from tests.infra.handlers import load_handler

REGION = "us-east-1"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


def _clients(url: str) -> tuple[Any, Any]:
    kwargs: dict[str, Any] = {
        "endpoint_url": url,
        "region_name": REGION,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    return boto3.client("ec2", **kwargs), boto3.client("sns", **kwargs)


def test_reports_then_deletes_only_what_is_allowed(moto_url: str) -> None:
    ec2, sns_client = _clients(moto_url)
    topic = sns_client.create_topic(Name="alerts")["TopicArn"]
    zone = f"{REGION}a"
    loose = ec2.create_volume(AvailabilityZone=zone, Size=10)["VolumeId"]
    kept = ec2.create_volume(
        AvailabilityZone=zone,
        Size=5,
        TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "chariot:keep", "Value": "true"}]}
        ],
    )["VolumeId"]
    handler = load_handler(HANDLER, "index", "unused_volumes_index")
    later = datetime.now(UTC) + timedelta(days=8)  # both volumes are 8 days old by then

    report = handler.run(
        ec2,
        sns_client,
        now=later,
        environ={"OLDER_THAN_DAYS": "7", "DELETE": "false", "TOPIC_ARN": topic},
    )
    assert {loose, kept} <= set(report["found"])
    assert report["deleted"] == []

    too_young = handler.run(
        ec2, sns_client, now=datetime.now(UTC), environ={"OLDER_THAN_DAYS": "7", "TOPIC_ARN": topic}
    )
    assert not {loose, kept} & set(too_young["found"])

    cleaned = handler.run(
        ec2,
        sns_client,
        now=later,
        environ={"OLDER_THAN_DAYS": "7", "DELETE": "true", "TOPIC_ARN": topic},
    )
    assert loose in cleaned["deleted"]
    assert kept not in cleaned["deleted"]
    remaining = {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
    assert kept in remaining
    assert loose not in remaining


def _policy(spec: PlatformSpec, delete: bool) -> list[dict[str, Any]]:
    job = spec.cost.unused_volumes.model_copy(update={"delete": delete})
    spec = spec.model_copy(update={"cost": spec.cost.model_copy(update={"unused_volumes": job})})
    app = App()
    stack = Stack(app, "Probe", env=Environment(account=spec.account, region=spec.region))
    key = kms.Key(stack, "Key")
    UnusedVolumesJob(
        stack,
        "Job",
        spec=spec,
        topic=sns.Topic(stack, "Topic"),
        topic_key=key,
        logs_key=key,
    )
    template = Template.from_stack(stack)
    (rule,) = template.find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["ScheduleExpression"] == "cron(0 6 ? * MON *)"
    (policy,) = template.find_resources("AWS::IAM::ManagedPolicy").values()
    statements: list[dict[str, Any]] = policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def test_may_delete_only_when_the_spec_allows_and_never_kept_volumes(
    specs: dict[str, PlatformSpec],
) -> None:
    report_only = json.dumps(_policy(specs["prod"], delete=False))
    assert "ec2:DeleteVolume" not in report_only
    (delete,) = [
        s for s in _policy(specs["prod"], delete=True) if s["Action"] == "ec2:DeleteVolume"
    ]
    assert delete["Condition"] == {"StringNotEquals": {"aws:ResourceTag/chariot:keep": "true"}}
