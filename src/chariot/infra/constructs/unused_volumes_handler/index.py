"""Lambda handler: list EBS volumes attached to nothing for longer than OLDER_THAN_DAYS, delete
them when DELETE is "true" (never one tagged chariot:keep=true), and mail the list to TOPIC_ARN.

Runs in Lambda with boto3 only (this file is the function's whole code asset).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.exceptions import ClientError

KEEP_TAG = "chariot:keep"


def _kept(volume: dict[str, Any]) -> bool:
    return any(
        t.get("Key") == KEEP_TAG and t.get("Value") == "true" for t in volume.get("Tags", [])
    )


def unattached(ec2: Any, now: datetime, older_than_days: int) -> list[dict[str, Any]]:
    """Volumes in state `available` (attached to nothing) created before the cut-off."""
    cutoff = now - timedelta(days=older_than_days)
    found = []
    pages = ec2.get_paginator("describe_volumes").paginate(
        Filters=[{"Name": "status", "Values": ["available"]}]
    )
    for page in pages:
        for volume in page["Volumes"]:
            if volume["CreateTime"] < cutoff:
                found.append(volume)
    return sorted(found, key=lambda v: v["CreateTime"])


def run(ec2: Any, sns: Any, *, now: datetime, environ: dict[str, str]) -> dict[str, Any]:
    days = int(environ["OLDER_THAN_DAYS"])
    delete = environ.get("DELETE") == "true"
    volumes = unattached(ec2, now, days)
    deleted: list[str] = []
    failed: list[str] = []
    lines = []
    for volume in volumes:
        vid, size = volume["VolumeId"], volume["Size"]
        action = "kept (report only)"
        if delete and _kept(volume):
            action = f"kept ({KEEP_TAG}=true)"
        elif delete:
            try:
                ec2.delete_volume(VolumeId=vid)
            except ClientError as exc:
                failed.append(vid)
                action = f"not deleted: {exc.response['Error']['Code']}"
            else:
                deleted.append(vid)
                action = "deleted"
        created = volume["CreateTime"].date().isoformat()
        lines.append(f"{vid} {size} GiB {volume['VolumeType']}, created {created}: {action}")
    if volumes:
        total = sum(v["Size"] for v in volumes)
        sns.publish(
            TopicArn=environ["TOPIC_ARN"],
            Subject=f"{len(volumes)} unattached EBS volumes ({total} GiB)"[:100],
            Message="\n".join(
                [f"EBS volumes attached to nothing, created more than {days} days ago:", *lines]
            ),
        )
    return {
        "found": [v["VolumeId"] for v in volumes],
        "deleted": deleted,
        "failed": failed,
    }


def handler(event: Any, context: Any) -> dict[str, Any]:
    return run(
        boto3.client("ec2"),
        boto3.client("sns"),
        now=datetime.now(UTC),
        environ=dict(os.environ),
    )
