"""AWS::ECR::ReplicationConfiguration: every image pushed to a matched repository is copied to
the destination region, where it is stored again (ECR storage per GB-month in that region) and
the copy is billed as inter-region data transfer out of the source region
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html: "data transfer
charges apply for cross-Region replication"; https://aws.amazon.com/ecr/pricing/)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey
from chariot.plan.cost.resources.ecr_repository import COMPONENT as ECR
from chariot.plan.cost.resources.ecr_repository import STORAGE

REPLICA_STORAGE = UsageKey(
    "replicas",
    "storage_gb",
    "GB-month",
    0,
    "the replicas of the matched repositories",
    derived="the matched repositories' storage (images.storage_gb each), summed",
)
PUSHED = UsageKey(
    "replicas",
    "pushed_gb_per_month",
    "GB",
    0,
    "images pushed to the matched repositories in a month, each copied once",
    derived="the replicas' storage: the repositories turn over once a month",
)


def _prefixes(resource: Resource) -> list[str]:
    rules = (resource.literal("ReplicationConfiguration") or {}).get("Rules") or []
    return [
        f.get("Filter", "")
        for rule in rules
        if isinstance(rule, dict)
        for f in rule.get("RepositoryFilters") or []
        if isinstance(f, dict) and f.get("FilterType") == "PREFIX_MATCH"
    ]


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    prefixes = _prefixes(resource)
    matched = [
        r
        for r in ctx.resources
        if r.type == "AWS::ECR::Repository"
        and r.region == resource.region
        and isinstance(name := r.literal("RepositoryName"), str)
        and any(name.startswith(p) for p in prefixes)
    ]
    stored = sum(ctx.use(STORAGE, r)[0] for r in matched)
    derived = (stored, f"{len(matched)} repositories match {', '.join(prefixes) or 'no filter'}")
    storage, why = ctx.use(REPLICA_STORAGE, resource, derived)
    pushed, pushed_why = ctx.use(PUSHED, resource, (storage, "the replicas' storage, once"))
    return [
        ctx.line(ECR, resource, "replica image storage", storage, "ecr.storage", [why]),
        ctx.line(
            ECR,
            resource,
            "replication transfer between regions",
            pushed,
            "transfer.inter_region.gb",
            [pushed_why],
        ),
    ]


MAPPING = Mapping("AWS::ECR::ReplicationConfiguration", ECR, (REPLICA_STORAGE, PUSHED), price)
