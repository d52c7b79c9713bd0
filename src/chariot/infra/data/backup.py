"""AWS Backup of the data tier: PITR covers minutes (DynamoDB and Neptune restore to any second);
AWS Backup adds scheduled recovery points kept off-region in the DR vault. Job results (backup
and the copy to the DR vault) are mailed from the vault; failures also alarm (governance)."""

from __future__ import annotations

from aws_cdk import ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_backup as backup
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import custom_resources as cr
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.alert_topic import alert_topic
from chariot.infra.names import graph_cluster_id, prefix
from chariot.infra.stacks.base import ENVIRONMENT_TAG
from chariot.infra.stacks.dr import dr_vault_arn
from chariot.spec.model import PlatformSpec

# AWS Backup's shortest schedule is hourly; continuous (PITR) backups cover the minutes below.
HOURLY = events.Schedule.cron(minute="0", hour="*")
DAILY = events.Schedule.cron(minute="0", hour="5")

# The construct id CDK gives the single Lambda behind every AwsCustomResource of a stack.
AWS_CUSTOM_RESOURCE_HANDLER = "AWS679f53fac002430cb0da5b7982bd2287"

# Job results the vault mails: completions carry the state (COMPLETED, FAILED, EXPIRED ...).
VAULT_EVENTS = (
    backup.BackupVaultEvents.BACKUP_JOB_COMPLETED,
    backup.BackupVaultEvents.COPY_JOB_FAILED,
    backup.BackupVaultEvents.RESTORE_JOB_COMPLETED,
)


def environment_condition(spec: PlatformSpec) -> dict[str, str]:
    """The tag condition of the backup selection: resources of this environment only."""
    return {
        "ConditionKey": f"aws:ResourceTag/{ENVIRONMENT_TAG}",
        "ConditionValue": spec.environment,
    }


def backup_frequency(spec: PlatformSpec) -> events.Schedule:
    """Hourly when the RPO is under a day (AWS Backup's floor), else daily."""
    return HOURLY if spec.dr.rpo_minutes < 24 * 60 else DAILY


def dynamodb_advanced_backup(scope: Construct, spec: PlatformSpec) -> cr.AwsCustomResource:
    """Turn on AWS Backup's advanced DynamoDB backups in this region: only then are table
    backups managed (and encrypted) by AWS Backup, and only then can they be copied to the
    DR region. It is a region setting of the account, with no CloudFormation resource.
    https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html"""
    settings = {
        "ResourceTypeOptInPreference": {"DynamoDB": True},
        "ResourceTypeManagementPreference": {"DynamoDB": True},
    }
    call = cr.AwsSdkCall(
        service="Backup",
        action="updateRegionSettings",
        parameters=settings,
        physical_resource_id=cr.PhysicalResourceId.of(f"{prefix(spec)}-ddb-advanced-backup"),
    )
    advanced = cr.AwsCustomResource(
        scope,
        "DynamoDbAdvancedBackup",
        on_create=call,
        on_update=call,
        policy=cr.AwsCustomResourcePolicy.from_statements(
            [iam.PolicyStatement(actions=["backup:UpdateRegionSettings"], resources=["*"])]
        ),
        install_latest_aws_sdk=False,
    )
    reason = (
        "backup:UpdateRegionSettings is an account/region setting without resource-level "
        "permissions; the CDK-generated policy allows that one action only."
    )
    acknowledge(
        advanced,
        {
            "AwsSolutions-IAM5[Resource::*]": reason,
            "NIST.800.53.R5-IAMNoInlinePolicy": (
                "CDK-generated policy of the AwsCustomResource; it lives and dies with it."
            ),
        },
    )
    handler = Stack.of(scope).node.find_child(AWS_CUSTOM_RESOURCE_HANDLER)
    acknowledge(
        handler,
        {
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AWSLambdaBasicExecutionRole]": (
                "CDK-internal AwsCustomResource handler: the AWS basic execution policy "
                "lets it write its own logs, nothing else."
            ),
            "NIST.800.53.R5-LambdaConcurrency": (
                "CDK-internal handler: runs once per deployment, invoked by CloudFormation."
            ),
            "NIST.800.53.R5-LambdaDLQ": (
                "CDK-internal handler: invoked synchronously by CloudFormation, which gets "
                "its failures; an asynchronous DLQ would never receive events."
            ),
            "NIST.800.53.R5-LambdaInsideVPC": (
                "CDK-internal handler: calls only the AWS Backup API once per deployment "
                "and reads or writes no platform data."
            ),
        },
    )
    return advanced


def data_backup(
    scope: Construct,
    spec: PlatformSpec,
    *,
    key: kms.IKey,
    alerts_key: kms.IKey,
    graph: bool,
    removal: RemovalPolicy,
) -> None:
    """The vault, the plan with its DR copies, and the selection of the data stores."""
    vault = backup.BackupVault(
        scope,
        "Vault",
        backup_vault_name=f"{prefix(spec)}-data",
        encryption_key=key,
        removal_policy=removal,
        # https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
        notification_topic=alert_topic(
            scope,
            "BackupNotifications",
            spec,
            alerts_key,
            purpose="backup-notifications",
            publisher_sid="BackupOfThisAccount",
            publisher="backup.amazonaws.com",
        ),
        notification_events=list(VAULT_EVENTS),
    )
    advanced = dynamodb_advanced_backup(scope, spec)
    dr_vault = backup.BackupVault.from_backup_vault_arn(scope, "DrVault", dr_vault_arn(spec))
    keep = Duration.days(35)
    plan = backup.BackupPlan(
        scope,
        "BackupPlan",
        backup_plan_name=f"{prefix(spec)}-data",
        backup_vault=vault,
        backup_plan_rules=[
            backup.BackupPlanRule(
                rule_name="frequent-with-dr-copy",
                schedule_expression=backup_frequency(spec),
                start_window=Duration.hours(1),
                completion_window=Duration.hours(2),
                delete_after=Duration.days(2),
                copy_actions=[
                    backup.BackupPlanCopyActionProps(
                        destination_backup_vault=dr_vault, delete_after=Duration.days(2)
                    )
                ],
            ),
            backup.BackupPlanRule(
                rule_name="daily-with-dr-copy",
                schedule_expression=DAILY,
                start_window=Duration.hours(1),
                completion_window=Duration.hours(8),
                delete_after=keep,
                copy_actions=[
                    backup.BackupPlanCopyActionProps(
                        destination_backup_vault=dr_vault, delete_after=keep
                    )
                ],
            ),
        ],
    )
    stack = Stack.of(scope)
    arns = [stack.format_arn(service="dynamodb", resource="table", resource_name="*")]
    if graph:
        arns.append(
            stack.format_arn(
                service="rds",
                resource="cluster",
                resource_name=graph_cluster_id(spec),
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            )
        )
    role = iam.Role(
        scope,
        "BackupRole",
        assumed_by=iam.ServicePrincipal("backup.amazonaws.com"),
        managed_policies=[
            iam.ManagedPolicy.from_aws_managed_policy_name(
                f"service-role/AWSBackupServiceRolePolicyFor{what}"
            )
            for what in ("Backup", "Restores")
        ],
    )
    acknowledge(
        role,
        {
            f"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            f"AWSBackupServiceRolePolicyFor{what}]": (
                "AWS-maintained policy that AWS Backup documents for its service role; it "
                "follows the resource types Backup supports."
            )
            for what in ("Backup", "Restores")
        },
    )
    selection = plan.add_selection(
        "DataTier",
        resources=[backup.BackupResource.from_arn(arn) for arn in arns],
        role=role,
        allow_restores=False,
    )
    # Tables by tag, not by ARN: they live in the service stacks, and a list of ARNs would make
    # this stack import one value per table (and change with every service added).
    # `Resources` are OR'd, `Conditions` AND'd with them: every table of this account and region
    # that carries this environment's tag (as every resource of the platform does), and the
    # Neptune cluster (tagged too).
    # https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-backup-backupselection-backupselectionresourcetype.html
    cfn = selection.node.default_child
    if isinstance(cfn, backup.CfnBackupSelection):
        cfn.add_property_override(
            "BackupSelection.Conditions",
            {"StringEquals": [environment_condition(spec)]},
        )
    selection.node.add_dependency(advanced)
    CfnOutput(scope, "BackupVaultName", value=vault.backup_vault_name)
