"""A WAF web ACL: AWS managed rule groups from the spec, then a per-IP rate limit; logged to
CloudWatch. CloudFront's (scope CLOUDFRONT) and the REST API stage's (scope REGIONAL)."""

from __future__ import annotations

from aws_cdk import ArnFormat, RemovalPolicy, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from chariot.infra.log_retention import retention
from chariot.infra.names import prefix
from chariot.spec.model import PlatformSpec


def web_acl(scope: Construct, spec: PlatformSpec, acl_scope: str, key: kms.IKey) -> wafv2.CfnWebACL:
    label = acl_scope.lower()
    waf = spec.edge.waf
    rules = [
        wafv2.CfnWebACL.RuleProperty(
            name=group,
            priority=priority,
            override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name=group
                )
            ),
            visibility_config=_visibility(group),
        )
        for priority, group in enumerate(waf.managed_rule_groups)
    ]
    rules.append(
        wafv2.CfnWebACL.RuleProperty(
            name="RatePerIp",
            priority=len(rules),
            action=wafv2.CfnWebACL.RuleActionProperty(block={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                    limit=waf.rate_limit_per_5min,
                    evaluation_window_sec=300,
                    aggregate_key_type="IP",
                )
            ),
            visibility_config=_visibility("RatePerIp"),
        )
    )
    acl = wafv2.CfnWebACL(
        scope,
        f"WebAcl{acl_scope.capitalize()}",
        name=f"{prefix(spec)}-{label}",
        scope=acl_scope,
        default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
        rules=rules,
        visibility_config=_visibility(f"{prefix(spec)}-{label}"),
    )
    # WAF only delivers to log groups whose name starts with `aws-waf-logs-`.
    group_name = f"aws-waf-logs-{prefix(spec)}-{label}"
    group = logs.LogGroup(
        scope,
        f"WafLogs{acl_scope.capitalize()}",
        log_group_name=group_name,
        encryption_key=key,
        retention=retention(spec.security.log_retention_days),
        removal_policy=RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY,
    )
    logging = wafv2.CfnLoggingConfiguration(
        scope,
        f"WafLogging{acl_scope.capitalize()}",
        resource_arn=acl.attr_arn,
        log_destination_configs=[
            Stack.of(scope).format_arn(
                service="logs",
                resource="log-group",
                resource_name=group_name,
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            )
        ],
    )
    group_resource = group.node.default_child
    if isinstance(group_resource, logs.CfnLogGroup):
        logging.add_resource_dependency(group_resource)
    return acl


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )
