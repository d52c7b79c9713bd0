"""The explicit lists: which CloudFormation types have a price mapping and which are free.

A type in neither list is reported as unpriced by the estimate, never counted as $0.
Adding a priced type is one file under `resources/` plus one line here.
"""

from __future__ import annotations

from chariot.plan.cost.mapping import Mapping
from chariot.plan.cost.model import UsageKey
from chariot.plan.cost.resources import (
    apigateway_rest_api,
    apigateway_stage,
    apigatewayv2_api,
    backup_plan,
    backup_vault,
    cloudfront_distribution,
    cloudtrail_trail,
    cloudwatch_alarm,
    cloudwatch_composite_alarm,
    cloudwatch_dashboard,
    cognito_user_pool,
    dynamodb_global_table,
    dynamodb_table,
    ec2_eip,
    ec2_nat_gateway,
    ec2_vpc_endpoint,
    ecr_replication_configuration,
    ecr_repository,
    eks_cluster,
    eks_fargate_profile,
    eks_helm_chart,
    eks_nodegroup,
    elasticache_replication_group,
    elbv2_load_balancer,
    events_rule,
    kms_key,
    lambda_function,
    logs_log_group,
    neptune_db_cluster,
    neptune_db_instance,
    neptune_global_cluster,
    route53_health_check,
    route53resolver_query_logging,
    s3_bucket,
    secretsmanager_secret,
    sns_topic,
    sqs_queue,
    ssm_parameter,
    wafv2_web_acl,
)

MAPPINGS: dict[str, Mapping] = {
    m.type: m
    for m in (
        ec2_nat_gateway.MAPPING,
        ec2_vpc_endpoint.MAPPING,
        ec2_eip.MAPPING,
        eks_cluster.MAPPING,
        eks_nodegroup.MAPPING,
        eks_fargate_profile.MAPPING,
        eks_helm_chart.MAPPING,
        elbv2_load_balancer.MAPPING,
        apigatewayv2_api.MAPPING,
        apigateway_rest_api.MAPPING,
        apigateway_stage.MAPPING,
        wafv2_web_acl.MAPPING,
        cloudfront_distribution.MAPPING,
        dynamodb_table.MAPPING,
        dynamodb_global_table.MAPPING,
        neptune_db_instance.MAPPING,
        neptune_db_cluster.MAPPING,
        neptune_global_cluster.MAPPING,
        elasticache_replication_group.MAPPING,
        logs_log_group.MAPPING,
        s3_bucket.MAPPING,
        kms_key.MAPPING,
        cloudtrail_trail.MAPPING,
        route53_health_check.MAPPING,
        route53resolver_query_logging.MAPPING,
        secretsmanager_secret.MAPPING,
        ecr_repository.MAPPING,
        ecr_replication_configuration.MAPPING,
        cognito_user_pool.MAPPING,
        backup_vault.MAPPING,
        backup_plan.MAPPING,
        sqs_queue.MAPPING,
        events_rule.MAPPING,
        cloudwatch_alarm.MAPPING,
        cloudwatch_composite_alarm.MAPPING,
        cloudwatch_dashboard.MAPPING,
        lambda_function.MAPPING,
        sns_topic.MAPPING,
        ssm_parameter.MAPPING,
    )
}

# Types AWS does not bill for by themselves (what they cause is billed elsewhere: a flow log's
# records on its log group, an add-on's pods on the nodes, a selection's backups on its plan).
FREE_TYPES: frozenset[str] = frozenset(
    {
        "AWS::CDK::Metadata",
        "AWS::CloudFormation::CustomResource",
        "AWS::CloudFormation::WaitConditionHandle",
        "AWS::EC2::VPC",
        "AWS::ECR::RepositoryCreationTemplate",  # settings for repositories replication creates
        "AWS::EC2::VPCCidrBlock",  # a secondary private range: addresses are not billed
        "AWS::EC2::Subnet",
        "AWS::EC2::RouteTable",
        "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SecurityGroupEgress",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::NetworkAclEntry",
        "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::FlowLog",
        "AWS::EC2::LaunchTemplate",
        "AWS::EC2::PrefixList",
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::InstanceProfile",
        "AWS::IAM::OIDCProvider",
        "AWS::IAM::ServiceLinkedRole",
        "AWS::EKS::Addon",
        "AWS::EKS::AccessEntry",
        "AWS::EKS::PodIdentityAssociation",
        "AWS::EKS::IdentityProviderConfig",
        "AWS::KMS::Alias",
        "AWS::Logs::ResourcePolicy",
        "AWS::Logs::SubscriptionFilter",
        "AWS::Logs::MetricFilter",
        "AWS::S3::BucketPolicy",
        "AWS::SQS::QueuePolicy",
        "AWS::SNS::TopicPolicy",
        "AWS::SNS::Subscription",
        "AWS::Lambda::Permission",
        "AWS::Lambda::LayerVersion",
        "AWS::ApiGatewayV2::Stage",
        "AWS::ApiGatewayV2::Integration",
        "AWS::ApiGatewayV2::Route",
        "AWS::ApiGatewayV2::VpcLink",
        "AWS::ApiGatewayV2::Authorizer",
        "AWS::ApiGatewayV2::DomainName",
        "AWS::ApiGatewayV2::ApiMapping",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Resource",
        "AWS::ApiGateway::Method",
        "AWS::ApiGateway::Account",
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::WAFv2::WebACLAssociation",
        "AWS::CloudFront::CachePolicy",
        "AWS::CloudFront::OriginRequestPolicy",
        "AWS::CloudFront::ResponseHeadersPolicy",
        "AWS::CloudFront::OriginAccessControl",
        "AWS::CertificateManager::Certificate",
        "AWS::Neptune::DBSubnetGroup",
        "AWS::Neptune::DBClusterParameterGroup",
        "AWS::Neptune::DBParameterGroup",
        "AWS::ElastiCache::SubnetGroup",
        "AWS::ElastiCache::ParameterGroup",
        "AWS::ElastiCache::User",
        "AWS::ElastiCache::UserGroup",
        "AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation",
        "AWS::SecretsManager::SecretTargetAttachment",
        "AWS::SecretsManager::RotationSchedule",
        "AWS::Cognito::UserPoolClient",
        "AWS::Cognito::UserPoolDomain",
        "AWS::Cognito::UserPoolGroup",
        "AWS::Cognito::UserPoolResourceServer",
        "AWS::Backup::BackupSelection",
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "AWS::CE::AnomalyMonitor",
        "AWS::CE::AnomalySubscription",
        "AWS::Events::EventBusPolicy",
        # Budgets without actions cost nothing; our budgets only notify.
        "AWS::Budgets::Budget",
        # The configuration is free; the delivered logs are priced on their log group.
        "AWS::WAFv2::LoggingConfiguration",
        # EventBridge Scheduler: 14 million invocations a month are free; the scheduled-scaling
        # schedules fire twice a weekday (~44 a month).
        "AWS::Scheduler::Schedule",
        # CDK's own custom resources: the resource is free, its handler is an AWS::Lambda::Function
        "Custom::VpcRestrictDefaultSG",
        "Custom::AWSCDKOpenIdConnectProvider",
        "Custom::AWSCDKCfnJson",
        "Custom::S3AutoDeleteObjects",
        "Custom::CDKBucketDeployment",
        "Custom::AWS",
        "Custom::AWSCDK-EKS-KubernetesResource",
    }
)


def usage_keys() -> list[UsageKey]:
    """Every usage key the mappings declare, once each."""
    keys: dict[str, UsageKey] = {}
    for mapping in MAPPINGS.values():
        for key in mapping.usage:
            keys.setdefault(key.path, key)
    return list(keys.values())
