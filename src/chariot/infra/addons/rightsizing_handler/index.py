"""Lambda handler: the weekly right-sizing report.

Reads the VerticalPodAutoscalers, Deployments and StatefulSets from the cluster's API (as its
access entry's Kubernetes group, which a ClusterRole lets get and list exactly those), Compute
Optimizer's EC2 findings, builds the report (`report.py`), writes it to BUCKET as JSON and
markdown under reports/<date>/, and mails the summary to TOPIC_ARN.

The API token is the one `aws eks get-token` makes: a presigned STS GetCallerIdentity URL with
the cluster name in `x-k8s-aws-id`, base64url-encoded after `k8s-aws-v1.`
(https://github.com/aws/aws-cli/blob/develop/awscli/customizations/eks/get_token.py).
Runs in Lambda with boto3 and the standard library only.
"""

from __future__ import annotations

import base64
import json
import os
import ssl
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

import boto3

# The function's other module, top-level in the code asset (mypy sees this folder as part of
# the package, where no top-level `report` exists).
import report  # type: ignore[import-not-found]

TOKEN_SECONDS = 60
PATHS = (
    "/apis/autoscaling.k8s.io/v1/verticalpodautoscalers",
    "/apis/apps/v1/deployments",
    "/apis/apps/v1/statefulsets",
)


def token(cluster: str, region: str) -> str:
    """A bearer token for the EKS API, valid TOKEN_SECONDS, as the function's role."""
    sts = boto3.client(
        "sts", region_name=region, endpoint_url=f"https://sts.{region}.amazonaws.com"
    )

    def name_the_cluster(request: Any, **_: Any) -> None:
        request.headers["x-k8s-aws-id"] = cluster  # signed with the URL

    sts.meta.events.register("before-sign.sts.GetCallerIdentity", name_the_cluster)
    url = sts.generate_presigned_url(
        "get_caller_identity", ExpiresIn=TOKEN_SECONDS, HttpMethod="GET"
    )
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def kubernetes_items(endpoint: str, ca: str, bearer: str, path: str) -> list[dict[str, Any]]:
    """Every object of a list call, following `continue` pages."""
    if not endpoint.startswith("https://"):
        raise ValueError(f"the cluster endpoint must be https: {endpoint!r}")
    context = ssl.create_default_context(cadata=base64.b64decode(ca).decode())
    items: list[dict[str, Any]] = []
    cont = ""
    while True:
        query = f"?limit=500&continue={cont}" if cont else "?limit=500"
        url = endpoint + path + query  # https only (checked above)
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {bearer}"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, context=context, timeout=30) as response:  # noqa: S310
                page = json.load(response)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:  # the kind is not installed (no VPA add-on): nothing to read
                return items
            raise
        kind = page.get("kind", "List").removesuffix("List")
        for item in page.get("items", []):
            item.setdefault("kind", kind)
            items.append(item)
        cont = page.get("metadata", {}).get("continue", "")
        if not cont:
            return items


def instance_recommendations(optimizer: Any) -> tuple[str, list[dict[str, Any]]]:
    status = optimizer.get_enrollment_status().get("status", "")
    if status != "Active":
        return status, []
    found: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = optimizer.get_ec2_instance_recommendations(**kwargs)
        found += page.get("instanceRecommendations", [])
        if not page.get("nextToken"):
            return status, found
        kwargs["nextToken"] = page["nextToken"]


def run(environ: dict[str, str], now: datetime) -> dict[str, Any]:
    region = environ["AWS_REGION"]
    cluster = environ["CLUSTER_NAME"]
    bearer = token(cluster, region)
    vpas, deployments, statefulsets = (
        kubernetes_items(environ["CLUSTER_ENDPOINT"], environ["CLUSTER_CA"], bearer, path)
        for path in PATHS
    )
    enrollment, instances = instance_recommendations(boto3.client("compute-optimizer"))
    built = report.build(
        environment=environ["ENVIRONMENT"],
        cluster=cluster,
        generated_at=now.strftime("%Y-%m-%d %H:%M UTC"),
        vpas=vpas,
        workloads=[*deployments, *statefulsets],
        instances=instances,
        enrollment=enrollment,
    )
    prefix = f"reports/{now:%Y-%m-%d}/rightsizing"
    s3 = boto3.client("s3")
    bucket = environ["BUCKET"]
    s3.put_object(
        Bucket=bucket,
        Key=f"{prefix}.json",
        Body=json.dumps(built["json"], indent=1).encode(),
        ContentType="application/json",
    )
    s3.put_object(
        Bucket=bucket,
        Key=f"{prefix}.md",
        Body=built["markdown"].encode(),
        ContentType="text/markdown",
    )
    boto3.client("sns").publish(
        TopicArn=environ["TOPIC_ARN"],
        Subject=f"{environ['ENVIRONMENT']}: weekly right-sizing report"[:100],
        Message=f"{built['summary']}\n\nFull report: s3://{bucket}/{prefix}.md (and .json)",
    )
    totals: dict[str, Any] = built["json"]["totals"]
    return totals


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return run(dict(os.environ), datetime.now(UTC))
