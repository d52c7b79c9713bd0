"""external-dns: publishes Service/Ingress host names into the spec's Route 53 hosted zone.

Installed only when the spec names a domain (`edge.domain_name` and `edge.hosted_zone`): with
the CloudFront default domain there is nothing to publish. Its IAM may change records only for
names under that domain.
"""

from __future__ import annotations

from typing import ClassVar

from aws_cdk import aws_iam as iam
from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec

NAMESPACE = "external-dns"
SERVICE_ACCOUNT = "external-dns"
CHART_VERSION = "1.19.0"
REPOSITORY = "https://kubernetes-sigs.github.io/external-dns"


def statements(ctx: AddonContext, zone: str) -> list[iam.PolicyStatement]:
    partition = ctx.stack.partition
    return [
        iam.PolicyStatement(
            sid="ChangeRecordsUnderTheDomain",
            actions=["route53:ChangeResourceRecordSets"],
            resources=[f"arn:{partition}:route53:::hostedzone/*"],
            conditions={
                "ForAllValues:StringLike": {
                    "route53:ChangeResourceRecordSetsNormalizedRecordNames": [zone, f"*.{zone}"]
                }
            },
        ),
        iam.PolicyStatement(
            sid="ReadZones",
            actions=[
                "route53:ListHostedZones",
                "route53:ListResourceRecordSets",
                "route53:ListTagsForResources",
            ],
            resources=["*"],
        ),
    ]


class ExternalDns:
    name: ClassVar[str] = "external-dns"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.external_dns)
    after: ClassVar[tuple[str, ...]] = ("aws-load-balancer-controller",)

    def enabled(self, spec: PlatformSpec) -> bool:
        return bool(spec.edge.domain_name and spec.edge.hosted_zone)

    def zone(self, spec: PlatformSpec) -> str:
        return (spec.edge.hosted_zone or "").rstrip(".").lower()

    def release(self, ctx: AddonContext) -> HelmRelease:
        return HelmRelease(
            release="external-dns",
            chart="external-dns",
            repository=REPOSITORY,
            version=ctx.version("external-dns", CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "provider": {"name": "aws"},
                "env": [{"name": "AWS_DEFAULT_REGION", "value": ctx.spec.region}],
                "domainFilters": [self.zone(ctx.spec)],
                "txtOwnerId": ctx.spec.cluster.name,
                # Never delete records it did not create in this run's view of the cluster.
                "policy": "upsert-only",
                "sources": ["service", "ingress"],
                "serviceAccount": {"create": True, "name": SERVICE_ACCOUNT},
                "resources": {"requests": footprints.EXTERNAL_DNS.requests()},
            },
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        identity = ctx.pod_identity(
            "Identity",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            statements=statements(ctx, self.zone(ctx.spec)),
            wildcard_reason=(
                "Route 53 list APIs have no resource-level permissions; record changes are "
                "allowed in any zone only for names under the spec's domain (condition on the "
                "normalized record names)."
            ),
        )
        chart = ctx.helm(self.release(ctx))
        chart.node.add_dependency(identity)
        return [chart]
