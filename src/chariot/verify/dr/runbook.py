"""The DR runbook of one environment, as data: the failover and failback steps in order, each
with its exact commands (AWS CLI, kubectl), the check that says it worked and who approves it,
and how to run a game day.

Built from the spec and the synthesized DR model (chariot.verify.dr.assess): a store contributes
the steps of the mechanism `chariot dr` found for it in the templates (a global table replica is
checked, a Neptune secondary is detached and promoted, backup copies are restored), with the
identifiers the templates name. Values that exist only once deployed (a recovery point, a
distribution id) are fetched by a command of the step itself. chariot.report.runbook renders
it to `dist/<env>/runbook.md`.

Commands and their sources:
- Neptune detach-and-promote (region lost) and managed switchover (game day, healthy regions):
  https://docs.aws.amazon.com/neptune/latest/userguide/neptune-gdb-disaster-recovery.html,
  https://docs.aws.amazon.com/neptune/latest/userguide/neptune-gdb-detaching.html,
  https://docs.aws.amazon.com/cli/latest/reference/neptune/failover-global-cluster.html
- DynamoDB global tables: every replica takes writes; ReplicationLatency per receiving region:
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-CoreConcepts.html
- S3 replication status and RTC metrics:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-status.html,
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html
- CloudFront origin groups: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
- AWS Backup restores: https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-a-backup.html
- The DR cluster's standby node group (pilot_light: zero nodes until failover), resized through
  its scaling configuration: https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html
- The DR manifests, applied server-side from their kustomization and waited on:
  https://kubernetes.io/docs/reference/using-api/server-side-apply/,
  https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chariot.spec.dr_region import STANDBY_LABELS, standby_nodes
from chariot.spec.images import repository_name
from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import dr_kubernetes_dir, stack_name
from chariot.verify.dr.model import DrReport, Failure, minutes
from chariot.verify.dr.stores.neptune import global_id
from chariot.verify.dr.stores.s3 import origins
from chariot.verify.readiness.base import Platform, Resource, as_list

INCIDENT_COMMANDER = "the incident commander"


@dataclass(frozen=True)
class Step:
    """One action: what to run, what says it worked, and who approves it first (None: no
    approval beyond the phase's)."""

    title: str
    why: str
    commands: tuple[str, ...] = ()
    check: str = ""
    check_commands: tuple[str, ...] = ()
    approval: str | None = None


@dataclass(frozen=True)
class StoreLine:
    """A store's region-loss recovery as `chariot dr` judged it."""

    kind: str
    name: str
    mechanism: str
    rpo: str
    rto: str
    met: bool | None


@dataclass(frozen=True)
class Runbook:
    environment: str
    strategy: str
    region: str
    dr_region: str
    rpo_minutes: float
    rto_minutes: float
    approver: str
    stores: tuple[StoreLine, ...]
    failover: tuple[Step, ...]
    failback: tuple[Step, ...]
    game_day: tuple[Step, ...]


def approver(spec: PlatformSpec) -> str:
    """Who decides a failover: the owner the spec names for alarms, else the incident
    commander."""
    email = spec.observability.alarm_email
    if email:
        return f"the platform owner on {email} (observability.alarm_email), as {INCIDENT_COMMANDER}"
    return INCIDENT_COMMANDER


@dataclass
class _Graph:
    primary: str
    global_id: str | None = None
    secondary: str | None = None


@dataclass
class _Facts:
    """What the steps name, read from the spec and the templates."""

    spec: PlatformSpec
    global_tables: list[str] = field(default_factory=list)
    regional_tables: list[str] = field(default_factory=list)
    graphs: list[_Graph] = field(default_factory=list)
    replicated_buckets: list[_Replicated] = field(default_factory=list)
    origin_group: bool = False
    republished: list[str] = field(default_factory=list)  # origin buckets without a replica
    distribution_comment: str | None = None
    dr_clusters: list[str] = field(default_factory=list)
    standby: _Standby | None = None  # the DR cluster's standby node group
    dr_addons: bool = False  # a DR add-on stack installs Istio and the metrics stack there
    vault: str | None = None
    images_replicated: bool = False

    @property
    def region(self) -> str:
        return self.spec.region

    @property
    def dr(self) -> str:
        return self.spec.dr.dr_region

    def cluster_arn(self, region: str, identifier: str) -> str:
        return f"arn:aws:rds:{region}:{self.spec.account}:cluster:{identifier}"


@dataclass(frozen=True)
class _Standby:
    """The managed node group the DR manifests' pods select, as the templates size it."""

    name: str
    instance_type: str
    desired: int
    max_size: int


def _standby(platform: Platform, region: str) -> _Standby | None:
    for group in platform.resources("AWS::EKS::Nodegroup"):
        labels = group.get("Labels") or {}
        if group.template.region != region or not STANDBY_LABELS.items() <= labels.items():
            continue
        scaling = group.get("ScalingConfig") or {}
        types = as_list(group.get("InstanceTypes"))
        return _Standby(
            _text(platform, group, "NodegroupName") or group.logical_id,
            str(types[0]) if types else "",
            int(scaling.get("DesiredSize", 0)),
            int(scaling.get("MaxSize", 0)),
        )
    return None


def _text(platform: Platform, resource: Resource, *path: str) -> str | None:
    return platform.text(resource.template, resource.get(*path))


def _graphs(platform: Platform) -> list[_Graph]:
    """The primary clusters, each with its global database and secondary, if any."""
    home = platform.spec.region
    clusters = platform.resources("AWS::Neptune::DBCluster")
    graphs = []
    for cluster in clusters:
        if cluster.template.region != home:
            continue
        gid = global_id(platform, cluster)
        secondaries = [
            _text(platform, c, "DBClusterIdentifier")
            for c in clusters
            if c.template.region != home and gid and global_id(platform, c) == gid
        ]
        graphs.append(
            _Graph(
                _text(platform, cluster, "DBClusterIdentifier") or cluster.logical_id,
                gid,
                next((s for s in secondaries if s), None),
            )
        )
    return graphs


@dataclass(frozen=True)
class _Replicated:
    """A bucket replicating to `replica`; `served` when CloudFront serves it."""

    stack: str
    logical_id: str
    replica: str
    served: bool

    def source(self, region: str) -> str:
        """A shell line setting $SOURCE to the bucket's physical name."""
        return f"SOURCE=$({_physical(region, self.stack, self.logical_id)})"


def _replicated_buckets(platform: Platform) -> list[_Replicated]:
    served = origins(platform)
    found = []
    for bucket in platform.resources("AWS::S3::Bucket"):
        for rule in as_list(bucket.get("ReplicationConfiguration", "Rules")):
            arn = platform.text(bucket.template, (rule.get("Destination") or {}).get("Bucket"))
            if arn:
                found.append(
                    _Replicated(
                        bucket.template.stack,
                        bucket.logical_id,
                        arn.rsplit(":", 1)[-1],
                        id(bucket) in served,
                    )
                )
    return found


def _facts(platform: Platform, report: DrReport) -> _Facts:
    spec = platform.spec
    facts = _Facts(spec)
    for row in report.rows:
        if row.recovery.failure is not Failure.REGION:
            continue
        if row.recovery.mechanism.startswith("global table replica"):
            facts.global_tables.append(row.store.name)
        elif row.store.kind.startswith("DynamoDB"):
            facts.regional_tables.append(row.store.name)
        elif row.recovery.mechanism.startswith("published content"):
            facts.republished.append(row.store.logical_id)
    facts.graphs = _graphs(platform)
    facts.replicated_buckets = _replicated_buckets(platform)
    for cdn in platform.resources("AWS::CloudFront::Distribution"):
        facts.distribution_comment = _text(platform, cdn, "DistributionConfig", "Comment")
        facts.origin_group = bool(cdn.get("DistributionConfig", "OriginGroups", "Items"))
    facts.dr_clusters = [
        name
        for c in platform.resources("AWS::EKS::Cluster")
        if c.template.region == facts.dr and (name := _text(platform, c, "Name"))
    ]
    facts.standby = _standby(platform, facts.dr)
    addons = stack_name(spec.name, spec.environment, "dr-addons")
    facts.dr_addons = any(t.stack == addons for t in platform.templates)
    vaults = [
        _text(platform, v, "BackupVaultName")
        for v in platform.resources("AWS::Backup::BackupVault")
        if v.template.region == facts.dr
    ]
    facts.vault = next((v for v in vaults if v), None)
    facts.images_replicated = bool(platform.resources("AWS::ECR::ReplicationConfiguration"))
    return facts


def _namespaces(spec: PlatformSpec) -> list[str]:
    return sorted({s.namespace for s in spec.services})


def _physical(region: str, stack: str, logical_id: str) -> str:
    return (
        f"aws cloudformation describe-stack-resource --region {region} --stack-name {stack} "
        f"--logical-resource-id {logical_id} "
        "--query StackResourceDetail.PhysicalResourceId --output text"
    )


SITE_ANSWERS = "curl -sS -o /dev/null -w '%{http_code}\\n' https://<DomainName>/"


def _find_distribution(facts: _Facts) -> str:
    """The distribution's id and domain, by its comment (the edge stack sets it)."""
    return (
        'aws cloudfront list-distributions --query "DistributionList.Items'
        f"[?Comment=='{facts.distribution_comment}'].[Id, DomainName]\" --output text"
    )


def _declare(facts: _Facts, who: str) -> Step:
    spec = facts.spec
    return Step(
        f"Declare the loss of {facts.region} and decide to fail over to {facts.dr}",
        "A failover moves writes to the DR region; writes made in the primary after it are "
        "lost or must be merged by hand, so it is a decision, not an alarm's reflex.",
        (),
        f"The AWS Health Dashboard (https://health.aws.amazon.com/health/status) shows "
        f"{facts.region} impaired, and the platform's alarms ({spec.observability.alarm_email}) "
        "agree; the decision, its time and its approver are written in the incident log.",
        (),
        who,
    )


def _freeze(facts: _Facts, who: str) -> Step:
    scale = tuple(
        f"kubectl --context {facts.spec.cluster.name} -n {ns} scale deployment --all --replicas=0"
        for ns in _namespaces(facts.spec)
    )
    return Step(
        f"Stop writes in {facts.region}, if it still answers",
        "Writes the primary accepts after the switch would diverge from the DR region's data.",
        (
            f"aws eks update-kubeconfig --region {facts.region} --name {facts.spec.cluster.name} "
            f"--alias {facts.spec.cluster.name}",
            *scale,
        ),
        "No service pod runs in the primary cluster (or the region does not answer at all).",
        tuple(
            f"kubectl --context {facts.spec.cluster.name} -n {ns} get deployments"
            for ns in _namespaces(facts.spec)
        ),
        who,
    )


def _replicas(facts: _Facts, region: str, title: str, why: str, check: str) -> Step:
    """A step that checks every global table and its replicas from `region`."""
    return Step(
        title,
        why,
        (),
        check,
        (
            f"for t in {' '.join(facts.global_tables)}; do aws dynamodb describe-table "
            f"--region {region} --table-name $t --query '[Table.TableName, Table.TableStatus, "
            "Table.Replicas[].[RegionName, ReplicaStatus]]' --output text; done",
        ),
    )


def _tables_failover(facts: _Facts) -> list[Step]:
    steps = []
    if facts.global_tables:
        steps.append(
            _replicas(
                facts,
                facts.dr,
                f"Tables: use the {facts.dr} replicas of the global tables",
                "Every replica of a global table takes reads and writes; nothing is promoted. "
                "The last second of writes before the loss may not have replicated (RPO about "
                "1 s).",
                f"Each table is ACTIVE in {facts.dr} and its {facts.dr} replica is ACTIVE.",
            )
        )
    if facts.regional_tables:
        steps.append(_restore_step(facts, "Tables", facts.regional_tables))
    return steps


def _restore_step(facts: _Facts, what: str, names: list[str]) -> Step:
    vault = facts.vault or f"{facts.spec.name}-{facts.spec.environment}-dr"
    return Step(
        f"{what}: restore {', '.join(names)} from the newest copy in {vault}",
        "Only AWS Backup copies are in the DR region: the data is as old as the newest copy "
        "(RPO the copy interval), and the restore takes as long as the data is large.",
        (
            f"aws backup list-recovery-points-by-backup-vault --region {facts.dr} "
            f"--backup-vault-name {vault} --query 'sort_by(RecoveryPoints, &CreationDate)"
            "[].[ResourceArn, RecoveryPointArn, CreationDate]' --output table",
            f"aws backup get-recovery-point-restore-metadata --region {facts.dr} "
            f"--backup-vault-name {vault} --recovery-point-arn <RecoveryPointArn of the newest "
            "copy of the resource>",
            "aws iam list-roles --query \"Roles[?contains(RoleName, 'BackupRole')].Arn\" "
            "--output text",
            f"aws backup start-restore-job --region {facts.dr} --recovery-point-arn "
            "<RecoveryPointArn> --iam-role-arn <the BackupRole ARN> --metadata "
            "file://restore-metadata.json  # the metadata printed above, name kept",
        ),
        "The restore job is COMPLETED and the restored resource is ACTIVE (table) or "
        "available (graph) in the DR region.",
        (
            f"aws backup list-restore-jobs --region {facts.dr} --query "
            "'RestoreJobs[].[RestoreJobId, Status, CreatedResourceArn]' --output table",
        ),
    )


def _graph_failover(facts: _Facts, who: str) -> list[Step]:
    steps = []
    for graph in facts.graphs:
        if graph.secondary and graph.global_id:
            arn = facts.cluster_arn(facts.dr, graph.secondary)
            steps.append(
                Step(
                    f"Graph: detach and promote {graph.secondary} in {facts.dr}",
                    "A Neptune global database's secondary is read-only until it is removed "
                    "from the global database; it then becomes a standalone read-write "
                    "cluster. The managed failover API is for healthy regions only, not for "
                    "a region outage.",
                    (
                        f"aws neptune remove-from-global-cluster --region {facts.dr} "
                        f"--global-cluster-identifier {graph.global_id} "
                        f"--db-cluster-identifier {arn}",
                    ),
                    f"{graph.secondary} is available, no longer a member of "
                    f"{graph.global_id}, and has a writer instance; its Endpoint is the "
                    "graph's writer for the DR region's services.",
                    (
                        f"aws neptune describe-db-clusters --region {facts.dr} "
                        f"--db-cluster-identifier {graph.secondary} --query "
                        "'DBClusters[0].[Status, Endpoint, DBClusterMembers[?IsClusterWriter]"
                        ".DBInstanceIdentifier]' --output text",
                        f"aws neptune describe-global-clusters --region {facts.dr} "
                        f"--global-cluster-identifier {graph.global_id} --query "
                        "'GlobalClusters[0].GlobalClusterMembers[].DBClusterArn'",
                    ),
                    who,
                )
            )
        else:
            steps.append(_restore_step(facts, "Graph", [graph.primary]))
    return steps


def _objects_failover(facts: _Facts) -> list[Step]:
    steps = []
    for bucket in facts.replicated_buckets:
        stack, logical_id, replica = bucket.stack, bucket.logical_id, bucket.replica
        if bucket.served and facts.origin_group:
            steps.append(
                Step(
                    f"Static content: CloudFront already serves {replica}",
                    "The distribution's default behaviour is an origin group: every GET/HEAD "
                    "the primary bucket fails is sent to the replica, request by request. "
                    "Publishers upload to the replica until failback.",
                    (),
                    "The distribution answers 200 for the site, and its origin group lists "
                    "the replica.",
                    (
                        _find_distribution(facts),
                        "aws cloudfront get-distribution-config --id <Id> --query "
                        "'DistributionConfig.OriginGroups.Items[].Members.Items[].OriginId'",
                        SITE_ANSWERS,
                    ),
                )
            )
            continue
        steps.append(
            Step(
                f"Objects ({logical_id}, {stack}): writers and readers switch to {replica}",
                "Replication copied every object version to the replica (RTC: 99.99 % within "
                "15 minutes); objects written in the last minutes before the loss may be "
                "missing.",
                (),
                f"The replica answers in {facts.dr} and holds replicated objects "
                "(ReplicationStatus REPLICA).",
                (
                    f"aws s3api head-bucket --region {facts.dr} --bucket {replica}",
                    f"aws s3api list-objects-v2 --region {facts.dr} --bucket {replica} "
                    "--max-items 1 --query 'Contents[0].Key' --output text",
                    f"aws s3api head-object --region {facts.dr} --bucket {replica} --key <Key> "
                    "--query ReplicationStatus",
                ),
            )
        )
    return steps


def _republish(facts: _Facts, who: str) -> list[Step]:
    return [
        Step(
            f"Static content ({logical_id}): publish it again in {facts.dr}",
            f"{facts.spec.dr.strategy} keeps no replica of the static content: it is uploaded "
            "again from its source to a new bucket in the DR region, and the distribution's "
            "origin is changed to that bucket (with its origin access control).",
            (
                f"aws s3 mb s3://<new bucket> --region {facts.dr}",
                "aws s3 sync <the content's source> s3://<new bucket>",
                _find_distribution(facts),
                "aws cloudfront get-distribution-config --id <Id> --query DistributionConfig "
                "> dist-config.json  # then set the S3 origin's DomainName to the new bucket",
                "aws cloudfront update-distribution --id <Id> --if-match $(aws cloudfront "
                "get-distribution-config --id <Id> --query ETag --output text) "
                "--distribution-config file://dist-config.json",
            ),
            "The distribution is Deployed and answers 200 for the site.",
            (
                "aws cloudfront get-distribution --id <Id> --query Distribution.Status",
                SITE_ANSWERS,
            ),
            who,
        )
        for logical_id in facts.republished
    ]


def _compute_failover(facts: _Facts, who: str) -> list[Step]:
    """The DR cluster's steps when the templates hold one with its standby group (pilot_light,
    warm_standby); otherwise the platform is deployed in the DR region on the day."""
    spec = facts.spec
    if facts.dr_clusters and facts.standby is not None:
        return _standby_compute(facts, facts.dr_clusters[0], facts.standby, who)
    standing = (
        f"{facts.dr_clusters[0]} runs its control plane and nodes there, but it has no node "
        "group for the services, so "
        if facts.dr_clusters
        else f"No cluster is synthesized in {facts.dr} for {spec.dr.strategy}: "
    )
    return [
        Step(
            f"Compute: deploy the platform in {facts.dr}",
            f"{standing}the stacks are deployed there on the day (set `region` to the DR region "
            "and `dr.dr_region` to another one in the environment's spec), the images are "
            "pushed again unless replicated, and DNS is pointed at the new edge.",
            (
                f"chariot synth --env {spec.environment}",
                f"npx cdk deploy --all -c env={spec.environment}",
            ),
            "`chariot check` passes and the services answer through the new distribution.",
            (f"chariot check --env {spec.environment}",),
            who,
        )
    ]


def _kubeconfig(region: str, cluster: str) -> str:
    return f"aws eks update-kubeconfig --region {region} --name {cluster} --alias {cluster}"


def _scale_standby(facts: _Facts, cluster: str, standby: _Standby, who: str) -> Step:
    """pilot_light: the standby group runs no node until failover; it gets warm_standby's size
    (every service at its minimum replicas, the add-ons' pods)."""
    nodes = standby_nodes(facts.spec, standby.instance_type)
    group = f"--region {facts.dr} --cluster-name {cluster} --nodegroup-name {standby.name}"
    labels = ",".join(f"{k}={v}" for k, v in STANDBY_LABELS.items())
    return Step(
        f"Compute: scale {cluster}'s {standby.name} node group to {nodes} nodes",
        f"{facts.spec.dr.strategy} keeps the group at zero nodes; the DR manifests put every "
        f"EC2 service on it ({labels}), so it needs room for each service at its minimum "
        f"replicas and the add-ons' pods ({nodes} x {standby.instance_type}, the size "
        "warm_standby keeps). A later deploy of the DR cluster stack sets the template's size "
        "again: keep the spec's strategy in mind before deploying during the outage.",
        (
            _kubeconfig(facts.dr, cluster),
            f"aws eks update-nodegroup-config {group} --scaling-config "
            f"minSize={nodes},maxSize={max(nodes, standby.max_size)},desiredSize={nodes}",
        ),
        f"The node group is ACTIVE at {nodes} nodes and {nodes} nodes labelled {labels} are Ready.",
        (
            f"aws eks wait nodegroup-active {group}",
            f"aws eks describe-nodegroup {group} --query "
            "'nodegroup.[status, scalingConfig]' --output text",
            f"kubectl --context {cluster} get nodes -l {labels}",
        ),
        who,
    )


def _standby_compute(facts: _Facts, cluster: str, standby: _Standby, who: str) -> list[Step]:
    spec = facts.spec
    folder = f"dist/{spec.environment}/{dr_kubernetes_dir(facts.dr)}"
    steps = [] if standby.desired else [_scale_standby(facts, cluster, standby, who)]
    addons = (
        f"the DR add-on stack ({stack_name(spec.name, spec.environment, 'dr-addons')}) runs "
        "Istio and the metrics stack there"
        if facts.dr_addons
        else "no add-on stack is synthesized for the DR cluster yet: Istio's kinds are refused "
        "until Istio runs there"
    )
    warm = (
        "warm_standby keeps the services running there at their minimum replicas (the same "
        "apply after every deploy); applying again is idempotent and brings them to the last "
        "rendered state, with the promoted graph."
        if standby.desired
        else "Nothing runs the services there until now."
    )
    namespaces = _namespaces(spec)
    cached = [s.name for s in spec.services if s.data.cache]
    no_cache = (
        f" No cache runs in {facts.dr}: {', '.join(cached)} run without one "
        "(CHARIOT_CACHE_BACKEND=none), every read going to the table."
        if cached
        else ""
    )
    steps.append(
        Step(
            f"Compute: apply the DR manifests to {cluster}",
            f"{warm} `chariot synth` renders the DR region's objects into {folder}/ (every "
            "EC2 service on the standby node group, images from the DR region's registry, "
            f"the DR stacks' endpoints, the primary's JWT issuer); {addons}. Rendered with "
            "the outputs file of the last `cdk deploy --all --outputs-file` (kept by the "
            "deploy pipeline: the primary region's stacks cannot be read once it is lost), so "
            "the Neptune secondary's endpoint, promoted above, and the security group ids are "
            f"filled in.{no_cache}",
            (
                _kubeconfig(facts.dr, cluster),
                f"chariot manifests --env {spec.environment} --dr --stack-outputs cdk-outputs.json",
                f"kubectl --context {cluster} apply --server-side -k {folder}",
            ),
            "Every Deployment is Available with its pods Ready, on nodes of the standby group.",
            tuple(
                f"kubectl --context {cluster} -n {ns} wait --for=condition=Available "
                "deployment --all --timeout=10m"
                for ns in namespaces
            )
            + tuple(f"kubectl --context {cluster} -n {ns} get pods -o wide" for ns in namespaces),
            who,
        )
    )
    return steps


def _images_check(facts: _Facts) -> Step | None:
    if not facts.images_replicated:
        return None
    spec = facts.spec
    repositories = " ".join(
        repository_name(spec.name, spec.environment, s.name) for s in spec.services
    )
    return Step(
        "Images: the DR region's registry holds the running tags",
        "ECR replicates every image pushed after replication was configured; the DR nodes "
        "pull from their own region.",
        (),
        "Each repository exists in the DR region with the tags the manifests name.",
        (
            f"for r in {repositories}; do aws ecr describe-images --region {facts.dr} "
            "--repository-name $r --query 'imageDetails[].imageTags[]' --output text; done",
        ),
    )


def _failover(facts: _Facts, who: str) -> list[Step]:
    steps = [_declare(facts, who), _freeze(facts, who)]
    steps += _tables_failover(facts)
    steps += _graph_failover(facts, who)
    steps += _objects_failover(facts)
    steps += _republish(facts, who)
    images = _images_check(facts)
    steps += [images] if images else []
    steps += _compute_failover(facts, who)
    steps.append(
        Step(
            "Cache: nothing to restore",
            "The cache holds derived entries; the services fail open to the tables and the "
            "graph while it is cold (runtime/kit/cache.py).",
            (),
            "Latency returns to its target as the cache warms.",
        )
    )
    return steps


def _copy_back(facts: _Facts, bucket: _Replicated) -> Step:
    """Failback: what was written to the replica during the outage goes back."""
    logical_id, replica = bucket.logical_id, bucket.replica
    return Step(
        f"Objects ({logical_id}): copy what was written to {replica} back",
        "Replication runs one way; objects written to the replica during the outage "
        "exist only there.",
        (
            bucket.source(facts.region),
            f"aws s3 sync s3://{replica} s3://$SOURCE --source-region {facts.dr} "
            f"--region {facts.region}",
        ),
        "A second sync copies nothing.",
        (
            f"aws s3 sync s3://{replica} s3://$SOURCE --source-region {facts.dr} "
            f"--region {facts.region} --dryrun",
        ),
    )


def _failback(facts: _Facts, who: str) -> list[Step]:
    spec = facts.spec
    steps = [
        Step(
            f"Decide to fail back to {facts.region}",
            "The primary region is healthy again; failback is a planned change in a "
            "maintenance window.",
            (),
            f"AWS Health shows {facts.region} resolved; `chariot check --env "
            f"{spec.environment}` passes on the current outputs.",
            (f"chariot check --env {spec.environment}",),
            who,
        )
    ]
    if facts.global_tables:
        steps.append(
            _replicas(
                facts,
                facts.region,
                f"Tables: the {facts.region} replicas catch up by themselves",
                "Global tables replicate the writes made in the DR region back once the region "
                "is reachable.",
                f"Every {facts.region} replica is ACTIVE and ReplicationLatency towards it is "
                "back to seconds.",
            )
        )
    for graph in facts.graphs:
        if not (graph.secondary and graph.global_id):
            continue
        promoted = facts.cluster_arn(facts.dr, graph.secondary)
        rebuilt = f"{graph.global_id}-failback"
        steps.append(
            Step(
                f"Graph: rebuild the global database from {graph.secondary} and switch over "
                f"to {facts.region}",
                f"{graph.primary} is stale (writes went to {graph.secondary}); a new global "
                f"database with the promoted cluster as source gets a secondary in "
                f"{facts.region}, then a managed switchover (no data loss) makes it primary. "
                "Afterwards the data and DR-data stacks are brought back in line (import the "
                "new clusters, or replace the old ones by name) and deployed.",
                (
                    f"aws neptune remove-from-global-cluster --region {facts.region} "
                    f"--global-cluster-identifier {graph.global_id} --db-cluster-identifier "
                    f"{facts.cluster_arn(facts.region, graph.primary)}",
                    f"aws neptune create-global-cluster --region {facts.dr} "
                    f"--global-cluster-identifier {rebuilt} --source-db-cluster-identifier "
                    f"{promoted}",
                    f"aws neptune create-db-cluster --region {facts.region} "
                    f"--db-cluster-identifier {graph.primary}-failback --engine neptune "
                    f"--global-cluster-identifier {rebuilt} --db-subnet-group-name <the data "
                    "stack's graph subnet group> --vpc-security-group-ids <the graph security "
                    "group> --storage-encrypted --kms-key-id "
                    f"alias/{spec.name}-{spec.environment}-graph",
                    f"aws neptune failover-global-cluster --region {facts.dr} "
                    f"--global-cluster-identifier {rebuilt} --target-db-cluster-identifier "
                    f"{facts.cluster_arn(facts.region, graph.primary + '-failback')} "
                    "--switchover",
                ),
                f"{graph.primary}-failback is the writer member of {rebuilt}.",
                (
                    f"aws neptune describe-global-clusters --region {facts.region} "
                    f"--global-cluster-identifier {rebuilt} --query "
                    "'GlobalClusters[0].GlobalClusterMembers[].[DBClusterArn, IsWriter]' "
                    "--output text",
                ),
                who,
            )
        )
    steps += [_copy_back(facts, bucket) for bucket in facts.replicated_buckets]
    steps.append(
        Step(
            f"Traffic: back to {facts.region}",
            "The primary's health checks turn healthy and Route 53's failover records answer "
            "with the primary again; CloudFront's origin group tries the primary bucket first "
            "on every request anyway. Scale the primary's services back up first.",
            tuple(
                f"kubectl --context {spec.cluster.name} -n {ns} scale deployment --all "
                "--replicas=<the HPA minimum in the report>"
                for ns in _namespaces(spec)
            ),
            "The primary's deployments are ready and the services answer through the edge.",
            tuple(
                f"kubectl --context {spec.cluster.name} -n {ns} get deployments"
                for ns in _namespaces(spec)
            ),
            who,
        )
    )
    return steps


def _measure_replication(facts: _Facts, bucket: _Replicated) -> Step:
    """Game day: a canary through the replication rule, and its RTC latency."""
    logical_id, replica = bucket.logical_id, bucket.replica
    return Step(
        f"Measure replication of {logical_id} to {replica}",
        "RTC publishes ReplicationLatency per rule; a canary object shows the path end to end.",
        (
            bucket.source(facts.region),
            f"echo gameday | aws s3 cp - s3://$SOURCE/gameday/canary --region {facts.region}",
        ),
        "The canary is in the replica with ReplicationStatus REPLICA within 15 minutes,"
        " and ReplicationLatency's maximum stays under 900 s.",
        (
            f"aws s3api head-object --region {facts.dr} --bucket {replica} --key "
            "gameday/canary --query ReplicationStatus",
            f"aws cloudwatch get-metric-statistics --region {facts.region} --namespace "
            "AWS/S3 --metric-name ReplicationLatency --dimensions "
            f"Name=SourceBucket,Value=$SOURCE Name=DestinationBucket,Value={replica} "
            "Name=RuleId,Value=to-dr-region --statistics Maximum --period 300 "
            "--start-time <an hour ago> --end-time <now>",
        ),
    )


def _game_day(facts: _Facts, report: DrReport, who: str) -> list[Step]:
    spec = facts.spec
    steps = [
        Step(
            "Plan it",
            "A game day measures the figures chariot plans with (Neptune promotion, traffic "
            "moving, the runbook's own duration) on this environment, in a window announced "
            "to its users.",
            (f"chariot dr --env {spec.environment}",),
            f"The table printed is the baseline: targets RPO {minutes(report.targets.rpo_minutes)}"
            f", RTO {minutes(report.targets.rto_minutes)}.",
            (),
            who,
        )
    ]
    for graph in facts.graphs:
        if graph.secondary and graph.global_id:
            steps.append(
                Step(
                    f"Switch the graph over to {facts.dr} and back, timed",
                    "A managed switchover (healthy regions, no data loss) exercises the "
                    "promotion; the time it takes replaces the 10-minute planning figure in "
                    "spec/dr_strategies.py.",
                    (
                        f"aws neptune failover-global-cluster --region {facts.region} "
                        f"--global-cluster-identifier {graph.global_id} "
                        "--target-db-cluster-identifier "
                        f"{facts.cluster_arn(facts.dr, graph.secondary)} --switchover",
                        f"aws neptune failover-global-cluster --region {facts.dr} "
                        f"--global-cluster-identifier {graph.global_id} "
                        "--target-db-cluster-identifier "
                        f"{facts.cluster_arn(facts.region, graph.primary)} --switchover",
                    ),
                    "Each switchover ends with the target as writer; write down both durations.",
                    (
                        f"aws neptune describe-global-clusters --region {facts.region} "
                        f"--global-cluster-identifier {graph.global_id} --query "
                        "'GlobalClusters[0].[Status, GlobalClusterMembers[].[DBClusterArn, "
                        "IsWriter]]' --output text",
                    ),
                    who,
                )
            )
    steps += [_measure_replication(facts, bucket) for bucket in facts.replicated_buckets]
    if facts.global_tables:
        table = facts.global_tables[0]
        steps.append(
            Step(
                "Read the global tables' replication latency",
                "ReplicationLatency per receiving region is what the 1-second RPO rests on.",
                (),
                "The maximum over the last day is seconds, not minutes.",
                (
                    f"aws cloudwatch get-metric-statistics --region {facts.region} --namespace "
                    f"AWS/DynamoDB --metric-name ReplicationLatency --dimensions "
                    f"Name=TableName,Value={table} Name=ReceivingRegion,Value={facts.dr} "
                    "--statistics Maximum --period 3600 --start-time <a day ago> "
                    "--end-time <now>",
                ),
            )
        )
    steps.append(
        Step(
            "Run the failover section against the DR region, then the failback section",
            "Within the announced window, with the primary healthy: the steps, their checks "
            "and their time are what the next incident will rely on.",
            (),
            "Every check above passed; the total time is within the RTO target, or the "
            "figures in spec/dr_strategies.py and docs/disaster-recovery.md are corrected.",
            (f"chariot dr --env {spec.environment}",),
            who,
        )
    )
    return steps


def build_runbook(platform: Platform, report: DrReport) -> Runbook:
    """The environment's runbook from its spec and the DR model of its templates."""
    spec = platform.spec
    facts = _facts(platform, report)
    who = approver(spec)
    lines = tuple(
        StoreLine(
            row.store.kind,
            row.store.name,
            row.recovery.mechanism,
            minutes(row.recovery.rpo.minutes),
            minutes(row.recovery.rto.minutes),
            row.met,
        )
        for row in report.rows
        if row.recovery.failure is Failure.REGION and row.store.targeted
    )
    return Runbook(
        spec.environment,
        report.strategy,
        spec.region,
        spec.dr.dr_region,
        report.targets.rpo_minutes,
        report.targets.rto_minutes,
        who,
        lines,
        tuple(_failover(facts, who)),
        tuple(_failback(facts, who)),
        tuple(_game_day(facts, report, who)),
    )
