"""The ECR repository of one catalogued service: where its images are pushed and pulled from.

- Immutable tags: a tag names one image forever, so the tag the catalog names is as pinned as a
  digest and a node pulling it twice gets the same code
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html).
- Scan on push (basic scanning) for known CVEs
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-basic.html).
- KMS with the platform's `images` key: ECR creates a grant on the key for the repository, and
  pulls decrypt through that grant, so the nodes need only their ECR pull policy
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).
- A lifecycle policy keeps the newest `registry.keep_images` images and expires the rest
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html).

The node role's `AmazonEC2ContainerRegistryPullOnly` (managed node groups and Karpenter) and
Fargate's pod execution role already allow pulling from any repository of the account.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.spec.images import repository_name
from chariot.spec.model import PlatformSpec, Service


def repository_output(service: str) -> str:
    """The stack output with a service's repository URI (`ImageRepositoryAssetsUri`)."""
    return "ImageRepository" + "".join(p.capitalize() for p in service.split("-")) + "Uri"


class ServiceRepository(Construct):
    """One private repository per service and environment, named by chariot.spec.images."""

    def __init__(
        self, scope: Construct, id: str, *, spec: PlatformSpec, service: Service, key: kms.IKey
    ) -> None:
        super().__init__(scope, id)
        keep = spec.registry.keep_images
        self.repository = ecr.Repository(
            self,
            "Repository",
            repository_name=repository_name(spec.name, spec.environment, service.name),
            image_tag_mutability=ecr.TagMutability.IMMUTABLE,
            image_scan_on_push=True,
            encryption=ecr.RepositoryEncryption.KMS,
            encryption_key=key,
            lifecycle_rules=[
                ecr.LifecycleRule(
                    description=f"keep the newest {keep} images",
                    tag_status=ecr.TagStatus.ANY,
                    max_image_count=keep,
                )
            ],
            removal_policy=(
                RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
            ),
            # CloudFormation's own EmptyOnDelete: a torn-down environment leaves no repository.
            empty_on_delete=not spec.deletion_protection,
        )
        # On the construct, so it moves with it; the outputs reader finds it by this name.
        CfnOutput(
            self,
            repository_output(service.name),
            value=self.repository.repository_uri,
            description=f"ECR repository of {service.name}'s images (push tags here)",
        )
