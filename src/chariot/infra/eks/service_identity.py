"""Pod Identity for a catalogued service: exactly the data-tier access its runtime uses.

The ServiceAccount `<namespace>/<service>` rendered by `chariot.k8s` gets a role that may:
- call the DynamoDB actions the service kit issues (`runtime/kit/repository.py`) on its own
  table and its named indexes, nothing else;
- use the tables' KMS key only through DynamoDB (`kms:ViaService`);
- connect to Neptune with IAM authentication and read/write/delete through openCypher queries,
  when the service declares `data.graph`;
- connect to the cache as the IAM-authenticated RBAC user, when it declares `data.cache`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.eks.nag import wildcard_findings
from chariot.infra.eks.pod_identity import PodIdentity
from chariot.spec.model import Service

# What `chariot.runtime.kit.repository.Repository` calls (readiness: DescribeTable).
TABLE_ACTIONS = (
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
)
INDEX_ACTIONS = ("dynamodb:Query",)
# What DynamoDB asks of the caller's principal for a table under a customer-managed key.
KEY_ACTIONS = ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")
# openCypher over HTTPS with IAM auth: connect, then the query-level data actions.
GRAPH_ACTIONS = (
    "neptune-db:connect",
    "neptune-db:ReadDataViaQuery",
    "neptune-db:WriteDataViaQuery",
    "neptune-db:DeleteDataViaQuery",
)
CACHE_ACTIONS = ("elasticache:Connect",)

GRAPH_WILDCARD_REASON = (
    "Neptune's IAM data actions are scoped as <cluster-resource-id>/*: the '*' is the path of "
    "the data-plane request, not other clusters; this names the one cluster of the platform."
)


@dataclass(frozen=True)
class DataTier:
    """The shared data-tier resources a service identity may be granted (its own table comes
    apart: it lives in the service's stack)."""

    table_key: kms.IKey
    graph_resource_id: str | None
    cache_group_id: str | None
    cache_user_arn: str | None


def statements(
    stack: Stack, service: Service, table: dynamodb.ITable | None, tier: DataTier
) -> list[iam.PolicyStatement]:
    """The least-privilege statements of one service, from what it declares in the catalog."""
    result: list[iam.PolicyStatement] = []
    table_spec = service.data.table
    if table_spec is not None and table is not None:
        result.append(
            iam.PolicyStatement(
                sid="OwnTable", actions=list(TABLE_ACTIONS), resources=[table.table_arn]
            )
        )
        if table_spec.indexes:
            result.append(
                iam.PolicyStatement(
                    sid="OwnIndexes",
                    actions=list(INDEX_ACTIONS),
                    resources=[f"{table.table_arn}/index/{i.name}" for i in table_spec.indexes],
                )
            )
        result.append(
            iam.PolicyStatement(
                sid="TableKeyThroughDynamoDB",
                actions=list(KEY_ACTIONS),
                resources=[tier.table_key.key_arn],
                conditions={
                    "StringEquals": {"kms:ViaService": f"dynamodb.{stack.region}.amazonaws.com"}
                },
            )
        )
    if service.data.graph and tier.graph_resource_id is not None:
        result.append(
            iam.PolicyStatement(
                sid="GraphQueries",
                actions=list(GRAPH_ACTIONS),
                resources=[
                    stack.format_arn(
                        service="neptune-db",
                        resource=tier.graph_resource_id,
                        resource_name="*",
                        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
                    )
                ],
            )
        )
    if service.data.cache and tier.cache_group_id is not None and tier.cache_user_arn:
        result.append(
            iam.PolicyStatement(
                sid="CacheAsAppUser",
                actions=list(CACHE_ACTIONS),
                resources=[
                    stack.format_arn(
                        service="elasticache",
                        resource="replicationgroup",
                        resource_name=tier.cache_group_id,
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    ),
                    tier.cache_user_arn,
                ],
            )
        )
    return result


class ServiceIdentity(Construct):
    """The Pod Identity role and association of one catalogued service."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: eks.Cluster,
        service: Service,
        table: dynamodb.ITable | None,
        tier: DataTier,
    ) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        granted: Sequence[iam.PolicyStatement] = statements(stack, service, table, tier)
        self.identity = PodIdentity(
            self,
            "PodIdentity",
            cluster=cluster,
            namespace=service.namespace,
            service_account=service.name,
            statements=granted,
        )
        self.role = self.identity.role
        # Only the Neptune resource may carry a wildcard; any other would stay a nag finding.
        findings = {
            finding: reason
            for finding, reason in wildcard_findings(stack, granted, GRAPH_WILDCARD_REASON).items()
            if ":neptune-db:" in finding
        }
        if findings and self.identity.policy is not None:
            acknowledge(self.identity.policy, findings)
