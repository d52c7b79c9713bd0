"""The data tier: a DynamoDB table per catalogued service, the Neptune graph, the Valkey cache,
their security groups, and AWS Backup with copies to the DR region.

Only the EKS cluster security group and the pod security groups of the services named in
`spec.security.pod_security_groups` reach the graph (8182) and the cache (6379). The pod
security groups are made here; their ids are outputs for the SecurityGroupPolicy objects.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_backup as backup
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_elasticache as elasticache
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_neptune as neptune
from aws_cdk import custom_resources as cr
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.alert_topic import alert_topic
from chariot.infra.constructs.service_repository import ServiceRepository
from chariot.infra.eks.service_identity import DataTier, ServiceIdentity
from chariot.infra.log_retention import retention
from chariot.infra.names import cache_group_id, graph_cluster_id, prefix
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.dr import dr_vault_arn
from chariot.spec.model import PlatformSpec, Service, Table
from chariot.spec.platform_names import table_name

GRAPH_PORT = 8182
CACHE_PORT = 6379
# ElastiCache refuses a maintenance window that overlaps the snapshot window (03:00-04:00).
CACHE_MAINTENANCE_WINDOW = "sun:05:00-sun:06:00"
NEPTUNE_FAMILY = "neptune1.4"
# AWS Backup's shortest schedule is hourly; continuous (PITR) backups cover the minutes below.
HOURLY = events.Schedule.cron(minute="0", hour="*")
DAILY = events.Schedule.cron(minute="0", hour="5")


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("_", "-").split("-"))


def pod_sg_services(spec: PlatformSpec) -> list[Service]:
    """Catalogued services named in spec.security.pod_security_groups (others are ignored
    here; the spec's reference rules report unknown names)."""
    named = set(spec.security.pod_security_groups)
    return [s for s in spec.services if s.name in named]


# The construct id CDK gives the single Lambda behind every AwsCustomResource of a stack.
AWS_CUSTOM_RESOURCE_HANDLER = "AWS679f53fac002430cb0da5b7982bd2287"

# Job results the vault mails: completions carry the state (COMPLETED, FAILED, EXPIRED ...).
VAULT_EVENTS = (
    backup.BackupVaultEvents.BACKUP_JOB_COMPLETED,
    backup.BackupVaultEvents.COPY_JOB_FAILED,
    backup.BackupVaultEvents.RESTORE_JOB_COMPLETED,
)


def backup_frequency(spec: PlatformSpec) -> events.Schedule:
    """Hourly when the RPO is under a day (AWS Backup's floor), else daily."""
    return HOURLY if spec.dr.rpo_minutes < 24 * 60 else DAILY


class DataStack(PlatformStack):
    part = "data"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(scope, spec, "Chariot data tier: DynamoDB, Neptune, ElastiCache, Backup")
        # Backup copies go to the vault of the DR stack.
        self.add_stack_dependency(shared.get("dr-stack", Stack))
        self.removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        self.vpc = shared.get("vpc", ec2.Vpc)
        # EKS hands out its cluster security group as an interface (it is not a CDK SecurityGroup).
        self.cluster_sg = shared.get(
            "cluster-security-group",
            ec2.ISecurityGroup,  # type: ignore[type-abstract]
        )
        self.logs_key = shared.get("key:logs", kms.Key)
        self.database_subnets = self.vpc.select_subnets(subnet_group_name="database").subnet_ids

        self.tables = self._tables(spec, shared.get("key:tables", kms.Key))
        self._security_groups(spec)
        self.graph: neptune.CfnDBCluster | None = None
        if spec.data.neptune.enabled:
            self.graph = self._graph(spec, shared.get("key:graph", kms.Key))
        self.cache: elasticache.CfnReplicationGroup | None = None
        self.cache_user_arn: str | None = None
        if spec.data.cache.enabled:
            self.cache = self._cache(spec, shared.get("key:cache", kms.Key))
        self._backup(spec, shared.get("key:backup", kms.Key), shared.get("key:alerts", kms.Key))
        self.identities = self._service_identities(
            spec, shared.get("cluster", eks.Cluster), shared.get("key:tables", kms.Key)
        )
        images_key = shared.get("key:images", kms.Key)
        self.repositories = {
            service.name: ServiceRepository(
                self, f"Images{camel(service.name)}", spec=spec, service=service, key=images_key
            )
            for service in spec.services
        }

    # ------------------------------------------------------------ DynamoDB

    def _tables(self, spec: PlatformSpec, key: kms.IKey) -> dict[str, dynamodb.Table]:
        tables = {}
        for service in spec.services:
            if service.data.table is not None:
                tables[service.name] = self._table(spec, service.data.table, key)
        return tables

    def _table(self, spec: PlatformSpec, table: Table, key: kms.IKey) -> dynamodb.Table:
        provisioned = table.provisioned if table.billing == "provisioned" else None
        string = dynamodb.AttributeType.STRING
        resource = dynamodb.Table(
            self,
            f"Table{table.name}",
            # The same name the manifests give the service as CHARIOT_TABLE_NAME.
            table_name=table_name(table.name, spec.environment),
            partition_key=dynamodb.Attribute(name=table.partition_key, type=string),
            sort_key=(
                dynamodb.Attribute(name=table.sort_key, type=string) if table.sort_key else None
            ),
            billing_mode=(
                dynamodb.BillingMode.PROVISIONED
                if provisioned
                else dynamodb.BillingMode.PAY_PER_REQUEST
            ),
            read_capacity=provisioned.read_capacity if provisioned else None,
            write_capacity=provisioned.write_capacity if provisioned else None,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=spec.deletion_protection,
            table_class=dynamodb.TableClass(table.table_class),
            removal_policy=self.removal,
        )
        for index in table.indexes:
            resource.add_global_secondary_index(
                index_name=index.name,
                partition_key=dynamodb.Attribute(name=index.partition_key, type=string),
                sort_key=(
                    dynamodb.Attribute(name=index.sort_key, type=string) if index.sort_key else None
                ),
                projection_type=dynamodb.ProjectionType.ALL,
                read_capacity=provisioned.read_capacity if provisioned else None,
                write_capacity=provisioned.write_capacity if provisioned else None,
            )
        if provisioned and provisioned.autoscaling:
            scaling = provisioned.autoscaling
            for capacity in (
                resource.auto_scale_read_capacity(
                    min_capacity=scaling.min_capacity, max_capacity=scaling.max_capacity
                ),
                resource.auto_scale_write_capacity(
                    min_capacity=scaling.min_capacity, max_capacity=scaling.max_capacity
                ),
            ):
                capacity.scale_on_utilization(target_utilization_percent=scaling.target_utilization)
            for index in table.indexes:
                for capacity in (
                    resource.auto_scale_global_secondary_index_read_capacity(
                        index.name,
                        min_capacity=scaling.min_capacity,
                        max_capacity=scaling.max_capacity,
                    ),
                    resource.auto_scale_global_secondary_index_write_capacity(
                        index.name,
                        min_capacity=scaling.min_capacity,
                        max_capacity=scaling.max_capacity,
                    ),
                ):
                    capacity.scale_on_utilization(
                        target_utilization_percent=scaling.target_utilization
                    )
        CfnOutput(self, f"Table{table.name}Name", value=resource.table_name)
        return resource

    # ------------------------------------------------------------ security groups

    def _security_groups(self, spec: PlatformSpec) -> None:
        self.graph_sg = ec2.SecurityGroup(
            self,
            "GraphSecurityGroup",
            vpc=self.vpc,
            description=f"Neptune: {GRAPH_PORT} from the EKS cluster and named pod groups only",
            allow_all_outbound=False,
        )
        self.cache_sg = ec2.SecurityGroup(
            self,
            "CacheSecurityGroup",
            vpc=self.vpc,
            description=f"ElastiCache: {CACHE_PORT} from the EKS cluster and named pod groups only",
            allow_all_outbound=False,
        )
        # Without egress rules CDK adds a "disallow all" rule to 255.255.255.255/32: the data
        # stores never open connections themselves.
        for target, port, what in (
            (self.graph_sg, GRAPH_PORT, "Neptune"),
            (self.cache_sg, CACHE_PORT, "the cache"),
        ):
            target.add_ingress_rule(
                self.cluster_sg, ec2.Port.tcp(port), f"{what} from the EKS cluster security group"
            )

        self.pod_sgs: dict[str, ec2.SecurityGroup] = {}
        for service in pod_sg_services(spec):
            pod_sg = ec2.SecurityGroup(
                self,
                f"PodSecurityGroup{camel(service.name)}",
                vpc=self.vpc,
                description=(
                    f"Pods of {service.name} (SecurityGroupPolicy, with the cluster security "
                    "group): egress to the data stores it declares"
                ),
                allow_all_outbound=False,
            )
            if service.data.graph:
                pod_sg.add_egress_rule(self.graph_sg, ec2.Port.tcp(GRAPH_PORT), "to Neptune")
                self.graph_sg.add_ingress_rule(
                    pod_sg, ec2.Port.tcp(GRAPH_PORT), f"Neptune from {service.name} pods"
                )
            if service.data.cache:
                pod_sg.add_egress_rule(self.cache_sg, ec2.Port.tcp(CACHE_PORT), "to the cache")
                self.cache_sg.add_ingress_rule(
                    pod_sg, ec2.Port.tcp(CACHE_PORT), f"cache from {service.name} pods"
                )
            self.pod_sgs[service.name] = pod_sg
            CfnOutput(
                self,
                f"PodSecurityGroup{camel(service.name)}Id",
                value=pod_sg.security_group_id,
                description=f"securityGroupIds of the SecurityGroupPolicy for {service.name}",
            )

    # ------------------------------------------------------------ Neptune

    def _graph(self, spec: PlatformSpec, key: kms.IKey) -> neptune.CfnDBCluster:
        graph = spec.data.neptune
        cluster_id = graph_cluster_id(spec)
        subnets = neptune.CfnDBSubnetGroup(
            self,
            "GraphSubnets",
            db_subnet_group_description="Neptune: the database subnets",
            subnet_ids=self.database_subnets,
            db_subnet_group_name=f"{prefix(spec)}-graph",
        )
        parameters = neptune.CfnDBClusterParameterGroup(
            self,
            "GraphParameters",
            family=NEPTUNE_FAMILY,
            description="Neptune cluster parameters: audit log on",
            parameters={"neptune_enable_audit_log": 1},
        )
        # Neptune writes to this group; creating it first sets retention and encryption.
        audit_logs = logs.LogGroup(
            self,
            "GraphAuditLogs",
            log_group_name=f"/aws/neptune/{cluster_id}/audit",
            encryption_key=self.logs_key,
            retention=retention(spec.security.log_retention_days),
            removal_policy=self.removal,
        )
        cluster = neptune.CfnDBCluster(
            self,
            "Graph",
            db_cluster_identifier=cluster_id,
            engine_version=graph.engine_version,
            db_subnet_group_name=subnets.ref,
            db_cluster_parameter_group_name=parameters.ref,
            vpc_security_group_ids=[self.graph_sg.security_group_id],
            storage_encrypted=True,
            kms_key_id=key.key_arn,
            iam_auth_enabled=True,
            enable_cloudwatch_logs_exports=["audit"],
            backup_retention_period=graph.backup_retention_days,
            preferred_backup_window=graph.backup_window,
            preferred_maintenance_window=graph.maintenance_window,
            deletion_protection=spec.deletion_protection,
            copy_tags_to_snapshot=True,
        )
        audit_resource = audit_logs.node.default_child
        if isinstance(audit_resource, logs.CfnLogGroup):
            cluster.add_resource_dependency(audit_resource)
        # Snapshot on delete for the data; instances hold none (docs/design.md, "Facts found").
        cluster.apply_removal_policy(
            RemovalPolicy.SNAPSHOT if spec.deletion_protection else RemovalPolicy.DESTROY
        )
        zones = spec.availability_zones
        for n in range(graph.instances):
            instance = neptune.CfnDBInstance(
                self,
                f"GraphInstance{n + 1}",
                db_cluster_identifier=cluster.ref,
                db_instance_class=graph.instance_class,
                db_instance_identifier=f"{cluster_id}-{n + 1}",
                availability_zone=zones[n % len(zones)],
                # The spec pins the engine (data.neptune.engine_version); automatic minor
                # upgrades would move the cluster off that pin behind CloudFormation's back
                # and the next stack update would ask for a downgrade. Upgrades go through the
                # spec. Patches still arrive in the maintenance window (Neptune applies them
                # regardless): https://docs.aws.amazon.com/neptune/latest/userguide/release-types.html
                auto_minor_version_upgrade=False,
                preferred_maintenance_window=graph.maintenance_window,
            )
            instance.apply_removal_policy(self.removal)
            acknowledge(
                instance,
                {
                    "AwsSolutions-N2": (
                        "The spec pins the engine to a patch version "
                        "(data.neptune.engine_version); automatic minor upgrades would drift the "
                        "cluster off the template's pin. "
                        "Upgrades are a spec change; Neptune still applies patches itself."
                    )
                },
            )
        if graph.instances < 2:
            acknowledge(
                cluster,
                {
                    "AwsSolutions-N1": (
                        f"The {spec.environment} spec runs a single Neptune instance "
                        "(data.neptune.instances: 1) to save cost; prod runs one per zone."
                    )
                },
            )
        if graph.backup_retention_days < 7:
            acknowledge(
                cluster,
                {
                    "AwsSolutions-N3": (
                        f"The {spec.environment} spec keeps "
                        f"{graph.backup_retention_days} day(s) of Neptune backups on purpose; "
                        "prod keeps 7."
                    )
                },
            )
        CfnOutput(self, "GraphEndpoint", value=cluster.attr_endpoint)
        CfnOutput(self, "GraphPort", value=cluster.attr_port)
        CfnOutput(self, "GraphReadEndpoint", value=cluster.attr_read_endpoint)
        CfnOutput(
            self,
            "GraphResourceId",
            value=cluster.attr_cluster_resource_id,
            description="for neptune-db:connect policies (IAM authentication)",
        )
        return cluster

    # ------------------------------------------------------------ ElastiCache

    def _cache(self, spec: PlatformSpec, key: kms.IKey) -> elasticache.CfnReplicationGroup:
        cache = spec.data.cache
        group_id = cache_group_id(spec)
        subnets = elasticache.CfnSubnetGroup(
            self,
            "CacheSubnets",
            description="ElastiCache: the database subnets",
            subnet_ids=self.database_subnets,
            cache_subnet_group_name=f"{prefix(spec)}-cache",
        )
        # RBAC with IAM authentication: no password exists anywhere. The mandatory `default`
        # user is switched off, so unauthenticated connections get nothing.
        default_user = elasticache.CfnUser(
            self,
            "CacheDefaultUser",
            engine=cache.engine,
            user_id=f"{prefix(spec)}-default",
            user_name="default",
            access_string="off -@all",
            no_password_required=True,
        )
        app_user_name = f"{prefix(spec)}-app"
        app_user = elasticache.CfnUser(
            self,
            "CacheAppUser",
            engine=cache.engine,
            user_id=app_user_name,  # IAM authentication requires id == name
            user_name=app_user_name,
            access_string="on ~* &* +@all -@dangerous",
            authentication_mode={"Type": "iam"},
        )
        users = elasticache.CfnUserGroup(
            self,
            "CacheUsers",
            engine=cache.engine,
            user_group_id=f"{prefix(spec)}-cache-users",
            user_ids=[default_user.ref, app_user.ref],
        )
        slow_log = logs.LogGroup(
            self,
            "CacheSlowLog",
            encryption_key=self.logs_key,
            retention=retention(spec.security.log_retention_days),
            removal_policy=self.removal,
        )
        replicated = cache.nodes > 1
        group = elasticache.CfnReplicationGroup(
            self,
            "Cache",
            replication_group_id=group_id,
            replication_group_description=f"{spec.name} {spec.environment} cache ({cache.engine})",
            engine=cache.engine,
            engine_version=cache.engine_version,
            cache_node_type=cache.node_type,
            num_cache_clusters=cache.nodes,
            automatic_failover_enabled=replicated,
            multi_az_enabled=replicated,
            preferred_cache_cluster_a_zs=[
                spec.availability_zones[n % len(spec.availability_zones)]
                for n in range(cache.nodes)
            ],
            transit_encryption_enabled=True,
            transit_encryption_mode="required",
            at_rest_encryption_enabled=True,
            kms_key_id=key.key_arn,
            user_group_ids=[users.ref],
            snapshot_retention_limit=cache.snapshot_retention_days,
            snapshot_window=cache.snapshot_window,
            preferred_maintenance_window=CACHE_MAINTENANCE_WINDOW,
            port=CACHE_PORT,
            cache_subnet_group_name=subnets.ref,
            security_group_ids=[self.cache_sg.security_group_id],
            auto_minor_version_upgrade=True,
            log_delivery_configurations=[
                elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty(
                    destination_type="cloudwatch-logs",
                    log_format="json",
                    log_type="slow-log",
                    destination_details=elasticache.CfnReplicationGroup.DestinationDetailsProperty(
                        cloud_watch_logs_details=elasticache.CfnReplicationGroup.CloudWatchLogsDestinationDetailsProperty(
                            log_group=slow_log.log_group_name
                        )
                    ),
                )
            ],
        )
        group.apply_removal_policy(self.removal)
        reasons = {
            "AwsSolutions-AEC6": (
                "Authentication is RBAC (a user group) with IAM authentication: stronger than "
                "an AUTH token and leaves no secret to store or rotate; the rule only looks for "
                "an AuthToken."
            ),
            "NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup": (
                f"Snapshots are kept {cache.snapshot_retention_days} day(s) as the spec says: "
                f"the cache holds derived data with a {cache.ttl_seconds} s TTL that is rebuilt "
                "from DynamoDB and Neptune, which are the backed-up stores."
            ),
            "AwsSolutions-AEC5": (
                f"{CACHE_PORT} is the port the services and the security groups are built "
                "around; only the cluster and named pod security groups reach it."
            ),
        }
        if not replicated:
            reasons["AwsSolutions-AEC4"] = (
                f"The {spec.environment} spec runs one cache node (data.cache.nodes: 1) to save "
                "cost; there is no replica to fail over to. prod runs three across zones."
            )
        acknowledge(group, reasons)
        self.cache_user_arn = app_user.attr_arn
        CfnOutput(self, "CacheEndpoint", value=group.attr_primary_end_point_address)
        CfnOutput(self, "CachePort", value=group.attr_primary_end_point_port)
        CfnOutput(
            self,
            "CacheGroupId",
            value=group.ref,
            description="the host part of the IAM authentication token the services sign",
        )
        CfnOutput(self, "CacheReaderEndpoint", value=group.attr_reader_end_point_address)
        CfnOutput(self, "CacheUser", value=app_user_name, description="IAM-authenticated RBAC user")
        CfnOutput(
            self,
            "CacheUserArn",
            value=app_user.attr_arn,
            description="with the replication group, the resources of elasticache:Connect",
        )
        return group

    # ------------------------------------------------------------ workload identity

    def _service_identities(
        self, spec: PlatformSpec, cluster: eks.Cluster, table_key: kms.IKey
    ) -> dict[str, ServiceIdentity]:
        """One Pod Identity role per catalogued service, for the ServiceAccount the manifests
        render (`<namespace>/<service>`), granted only its own data."""
        tier = DataTier(
            tables=self.tables,
            table_key=table_key,
            graph_resource_id=(
                self.graph.attr_cluster_resource_id if self.graph is not None else None
            ),
            cache_group_id=self.cache.ref if self.cache is not None else None,
            cache_user_arn=self.cache_user_arn,
        )
        identities = {}
        for service in spec.services:
            identity = ServiceIdentity(
                self, f"Identity{camel(service.name)}", cluster=cluster, service=service, tier=tier
            )
            identities[service.name] = identity
            CfnOutput(
                self,
                f"ServiceRole{camel(service.name)}Arn",
                value=identity.role.role_arn,
                description=f"Pod Identity role of {service.namespace}/{service.name}",
            )
        return identities

    # ------------------------------------------------------------ AWS Backup

    def _dynamodb_advanced_backup(self, spec: PlatformSpec) -> cr.AwsCustomResource:
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
            self,
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
        handler = self.node.find_child(AWS_CUSTOM_RESOURCE_HANDLER)
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

    def _backup(self, spec: PlatformSpec, key: kms.IKey, alerts_key: kms.IKey) -> None:
        """PITR covers minutes (DynamoDB and Neptune restore to any second); AWS Backup adds
        scheduled recovery points kept off-region in the DR vault. Job results (backup and the
        copy to the DR vault) are mailed from the vault; failures also alarm (governance)."""
        vault = backup.BackupVault(
            self,
            "Vault",
            backup_vault_name=f"{prefix(spec)}-data",
            encryption_key=key,
            removal_policy=self.removal,
            # https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
            notification_topic=alert_topic(
                self,
                "BackupNotifications",
                spec,
                alerts_key,
                purpose="backup-notifications",
                publisher_sid="BackupOfThisAccount",
                publisher="backup.amazonaws.com",
            ),
            notification_events=list(VAULT_EVENTS),
        )
        advanced = self._dynamodb_advanced_backup(spec)
        dr_vault = backup.BackupVault.from_backup_vault_arn(self, "DrVault", dr_vault_arn(spec))
        keep = Duration.days(35)
        plan = backup.BackupPlan(
            self,
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
        resources = [backup.BackupResource.from_dynamo_db_table(t) for t in self.tables.values()]
        if self.graph is not None:
            resources.append(
                backup.BackupResource.from_arn(
                    Stack.of(self).format_arn(
                        service="rds",
                        resource="cluster",
                        resource_name=graph_cluster_id(spec),
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    )
                )
            )
        role = iam.Role(
            self,
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
            "DataTier", resources=resources, role=role, allow_restores=False
        )
        selection.node.add_dependency(advanced)
        CfnOutput(self, "BackupVaultName", value=vault.backup_vault_name)
