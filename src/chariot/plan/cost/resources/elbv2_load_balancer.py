"""AWS::ElasticLoadBalancingV2::LoadBalancer: ALB/NLB hours + capacity units (+ public IPv4).

Capacity units are the largest of their dimensions (see billing.alb_lcu / nlb_nlcu); the usage
file gives the traffic. An internet-facing load balancer holds a public IPv4 address per subnet.
"""

from __future__ import annotations

from chariot.plan.cost.billing import alb_lcu, monthly_hours, nlb_nlcu
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "Load Balancers"
NEW = UsageKey(
    "load_balancer", "new_connections_per_second", "conn/s", 5, "average new connections"
)
ACTIVE = UsageKey("load_balancer", "active_connections", "connections", 100, "average concurrent")
GB_HOUR = UsageKey("load_balancer", "gb_per_hour", "GB/h", 0.5, "average bytes processed")
RULES = UsageKey("load_balancer", "rule_evaluations_per_second", "evals/s", 10, "ALB only")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    kind = resource.literal("Type", "application")
    new, w1 = ctx.use(NEW, resource)
    active, w2 = ctx.use(ACTIVE, resource)
    gb, w3 = ctx.use(GB_HOUR, resource)
    if kind == "network":
        units = nlb_nlcu(new, active, gb)
        lines = [
            ctx.line(
                COMPONENT, resource, "Network Load Balancer hours", monthly_hours(), "elb.nlb.hour"
            ),
            ctx.line(
                COMPONENT,
                resource,
                f"{units:.3g} NLCU average",
                monthly_hours(units),
                "elb.nlb.nlcu",
                [w1, w2, w3],
            ),
        ]
    else:
        rules, w4 = ctx.use(RULES, resource)
        units = alb_lcu(new, active, gb, rules)
        lines = [
            ctx.line(
                COMPONENT,
                resource,
                "Application Load Balancer hours",
                monthly_hours(),
                "elb.alb.hour",
            ),
            ctx.line(
                COMPONENT,
                resource,
                f"{units:.3g} LCU average",
                monthly_hours(units),
                "elb.alb.lcu",
                [w1, w2, w3, w4],
            ),
        ]
    if resource.literal("Scheme", "internet-facing") == "internet-facing":
        subnets = resource.literal("Subnets") or resource.literal("SubnetMappings")
        count = (
            len(subnets)
            if isinstance(subnets, list)
            else (len(ctx.spec.availability_zones) if ctx.spec else 2)
        )
        lines.append(
            ctx.line(
                "Public IPv4",
                resource,
                f"{count} public IPv4 addresses (one per subnet)",
                monthly_hours(count),
                "vpc.public_ipv4.hour",
            )
        )
    return lines


MAPPING = Mapping(
    "AWS::ElasticLoadBalancingV2::LoadBalancer", COMPONENT, (NEW, ACTIVE, GB_HOUR, RULES), price
)
