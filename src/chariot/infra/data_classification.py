"""Tags every data store with its class (`chariot:data-classification`), as an aspect.

The class comes from the catalog (chariot.spec.data_classification); the aspect finds the stores
wherever a stack puts them: DynamoDB tables by their physical name (a global table is tagged on
its TableV2 construct, whose tags CDK writes on every replica), the Neptune cluster and its
instances, the cache's replication group, backup vaults, and buckets by what they hold (their
construct id). A store the aspect cannot place stays untagged, and the readiness rule
`data-stores-classified` reports it.
"""

from __future__ import annotations

import jsii
from aws_cdk import App, Aspects, IAspect, TagManager
from aws_cdk import aws_backup as backup
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_elasticache as elasticache
from aws_cdk import aws_neptune as neptune
from aws_cdk import aws_s3 as s3
from constructs import Construct, IConstruct

from chariot.spec import data_classification as classes
from chariot.spec.model import Classification, PlatformSpec

# Bucket construct id -> what it holds.
BUCKETS = {
    "LogBucket": classes.LOGS,
    "AccessLogs": classes.LOGS,
    "ObjectsBucket": classes.OBJECTS,
    "ObjectsReplica": classes.OBJECTS,
    "StaticContent": classes.STATIC,
    "StaticReplica": classes.STATIC,
    # Velero's backups of every namespace's objects, Secrets included
    "ClusterBackups": classes.OBJECTS,
    # the right-sizing reports: workload names, requests and instance ids, like the logs
    "RightSizingReports": classes.LOGS,
}


@jsii.implements(IAspect)
class ClassifyDataStores:
    def __init__(self, spec: PlatformSpec) -> None:
        self.levels = classes.store_classifications(spec)

    def level(self, node: IConstruct) -> Classification | None:
        store: str | None = None
        if isinstance(node, dynamodb.CfnTable):
            name = node.table_name
            store = f"table:{name}" if isinstance(name, str) else None
        elif isinstance(node, dynamodb.TableV2):
            child = node.node.default_child
            name = child.table_name if isinstance(child, dynamodb.CfnGlobalTable) else None
            store = f"table:{name}" if isinstance(name, str) else None
        elif isinstance(node, neptune.CfnDBCluster | neptune.CfnDBInstance):
            store = classes.GRAPH
        elif isinstance(node, elasticache.CfnReplicationGroup):
            store = classes.CACHE
        elif isinstance(node, backup.CfnBackupVault):
            store = classes.OBJECTS  # recovery points of every backed-up store
        elif isinstance(node, s3.CfnBucket):
            scope = node.node.scope
            store = BUCKETS.get(scope.node.id) if isinstance(scope, Construct) else None
        return self.levels.get(store) if store else None

    def visit(self, node: IConstruct) -> None:
        level = self.level(node)
        if level is None:
            return
        tags = TagManager.of(node)
        if tags is not None:
            tags.set_tag(classes.TAG_KEY, level)


def classify_data_stores(app: App, spec: PlatformSpec) -> None:
    """Tag the data stores of every stack of the app."""
    Aspects.of(app).add(ClassifyDataStores(spec))
