"""Business-hours / off-hours node counts (spec.cost.scheduled_scaling).

A managed node group's Auto Scaling group name is not a CloudFormation attribute, so instead of
`AWS::AutoScaling::ScheduledAction` an EventBridge Scheduler schedule calls the EKS API
(`UpdateNodegroupConfig`, desired size only) at the spec's times, in UTC.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_scheduler as scheduler
from constructs import Construct

from chariot.spec.model import ScheduledAction, ScheduledScaling

UPDATE_NODEGROUP_TARGET = "arn:aws:scheduler:::aws-sdk:eks:updateNodegroupConfig"
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def _day(token: str) -> str:
    return _DAYS[int(token)] if token.isdigit() else token.upper()


def _days(field: str) -> str:
    """Cron day-of-week (0-7, Sunday 0 or 7) as EventBridge day names (SUN-SAT)."""
    parts = []
    for part in field.split(","):
        item, slash, step = part.partition("/")
        step = slash + step
        if "-" in item:
            start, end = item.split("-", 1)
            parts.append(f"{_day(start)}-{_day(end)}{step}")
        else:
            parts.append(f"{_day(item) if item != '*' else '*'}{step}")
    return ",".join(parts)


def eventbridge_cron(cron: str) -> str:
    """A five-field cron (min hour dom month dow) as EventBridge's six-field `cron(...)`.

    EventBridge wants `?` in one of day-of-month / day-of-week and counts weekdays by name.
    """
    minute, hour, dom, month, dow = cron.split()
    if dow != "*":
        if dom != "*":
            raise ValueError(f"{cron!r}: EventBridge cannot combine day-of-month and day-of-week")
        return f"cron({minute} {hour} ? {month} {_days(dow)} *)"
    return f"cron({minute} {hour} {dom} {month} ? *)"


class ScheduledNodeScaling(Construct):
    """Sets the desired size of one node group on the spec's business and off-hours schedules."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: eks.Cluster,
        nodegroup: eks.Nodegroup,
        nodegroup_name: str,
        schedule: ScheduledScaling,
    ) -> None:
        super().__init__(scope, id)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com").with_conditions(
                {"StringEquals": {"aws:SourceAccount": Stack.of(self).account}}
            ),
            description=f"EventBridge Scheduler: resize node group {nodegroup_name} on schedule",
        )
        iam.ManagedPolicy(
            self,
            "Policy",
            description=f"Only UpdateNodegroupConfig on {nodegroup_name}",
            statements=[
                iam.PolicyStatement(
                    actions=["eks:UpdateNodegroupConfig"],
                    resources=[nodegroup.nodegroup_arn],
                )
            ],
            roles=[self.role],
        )
        self.schedules: dict[str, scheduler.CfnSchedule] = {}
        actions: dict[str, ScheduledAction | None] = {
            "business-hours": schedule.business_hours,
            "off-hours": schedule.off_hours,
        }
        for name, action in actions.items():
            if action is None:
                continue
            self.schedules[name] = scheduler.CfnSchedule(
                self,
                name,
                description=f"{nodegroup_name}: {action.desired} nodes ({name}, {action.cron})",
                schedule_expression=eventbridge_cron(action.cron),
                schedule_expression_timezone="UTC",
                flexible_time_window=scheduler.CfnSchedule.FlexibleTimeWindowProperty(mode="OFF"),
                target=scheduler.CfnSchedule.TargetProperty(
                    arn=UPDATE_NODEGROUP_TARGET,
                    role_arn=self.role.role_arn,
                    input=Stack.of(self).to_json_string(
                        {
                            "ClusterName": cluster.cluster_name,
                            "NodegroupName": nodegroup_name,
                            "ScalingConfig": {"DesiredSize": action.desired},
                        }
                    ),
                ),
            )
            self.schedules[name].node.add_dependency(nodegroup)
