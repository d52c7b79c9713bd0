"""ECR replication of the environment's images to the DR region, so that the DR region's nodes
pull from a registry of their own region when the primary region is lost.

- `registry_replication` (primary region): an `AWS::ECR::ReplicationConfiguration` with one rule,
  destination `dr.dr_region` of this account, filtered to the environment's repositories
  (`PREFIX_MATCH` on `<name>-<env>/`). It is a registry setting: ONE per account and region,
  and deploying it replaces the registry's whole configuration (PutReplicationConfiguration
  "creates or updates the replication configuration for a registry"). An account that already
  has one, made by hand or by another environment in the same region, loses its rules on
  deploy: merge them into one configuration first (docs/disaster-recovery.md).
  https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecr-replicationconfiguration.html
  https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecr-replicationconfiguration-repositoryfilter.html
- Only images pushed after the configuration exists are replicated; ECR creates the
  repositories in the destination under the same names.
  https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
- `replicated_repositories` (DR region): an `AWS::ECR::RepositoryCreationTemplate` for
  `REPLICATION` on the same namespace, so the repositories ECR creates there keep immutable tags
  and the spec's lifecycle. Encryption is AES256: a KMS key in a template needs a custom role
  for ECR to assume; the images are not secrets (the source repositories use the images key).
  https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create.html
"""

from __future__ import annotations

import json

from aws_cdk import aws_ecr as ecr
from constructs import Construct

from chariot.spec.images import repository_namespace
from chariot.spec.model import PlatformSpec


def replicated_prefix(spec: PlatformSpec) -> str:
    """The repository-name prefix the replication rule matches: every service of the
    environment and nothing of another environment (`chariot-prod/`)."""
    return f"{repository_namespace(spec.name, spec.environment)}/"


def registry_replication(scope: Construct, spec: PlatformSpec) -> ecr.CfnReplicationConfiguration:
    """This registry's replication: the environment's repositories to `dr.dr_region`."""
    return ecr.CfnReplicationConfiguration(
        scope,
        "ImageReplication",
        replication_configuration=ecr.CfnReplicationConfiguration.ReplicationConfigurationProperty(
            rules=[
                ecr.CfnReplicationConfiguration.ReplicationRuleProperty(
                    destinations=[
                        ecr.CfnReplicationConfiguration.ReplicationDestinationProperty(
                            region=spec.dr.dr_region, registry_id=spec.account
                        )
                    ],
                    repository_filters=[
                        ecr.CfnReplicationConfiguration.RepositoryFilterProperty(
                            filter=replicated_prefix(spec), filter_type="PREFIX_MATCH"
                        )
                    ],
                )
            ]
        ),
    )


def _lifecycle(keep: int) -> str:
    """The lifecycle the source repositories have (constructs/service_repository.py)."""
    rule = {
        "rulePriority": 1,
        "description": f"keep the newest {keep} images",
        "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": keep},
        "action": {"type": "expire"},
    }
    return json.dumps({"rules": [rule]})


def replicated_repositories(
    scope: Construct, spec: PlatformSpec
) -> ecr.CfnRepositoryCreationTemplate:
    """The settings of the repositories replication creates in the DR region."""
    return ecr.CfnRepositoryCreationTemplate(
        scope,
        "ReplicatedRepositories",
        prefix=repository_namespace(spec.name, spec.environment),
        applied_for=["REPLICATION"],
        description=f"Replicas of {spec.name}-{spec.environment}'s service images",
        image_tag_mutability="IMMUTABLE",
        encryption_configuration=ecr.CfnRepositoryCreationTemplate.EncryptionConfigurationProperty(
            encryption_type="AES256"
        ),
        lifecycle_policy=_lifecycle(spec.registry.keep_images),
    )
