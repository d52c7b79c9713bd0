"""ServiceRepository: immutable, scanned, KMS-encrypted, a lifecycle policy, its URI output."""

from __future__ import annotations

import json

from aws_cdk import App, Stack
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Template

from chariot.infra.constructs.service_repository import ServiceRepository, repository_output
from chariot.spec.model import PlatformSpec


def _template(spec: PlatformSpec) -> Template:
    stack = Stack(App(), "Probe")
    key = kms.Key(stack, "Key")
    ServiceRepository(stack, "Images", spec=spec, service=spec.services[0], key=key)
    return Template.from_stack(stack)


def test_repository_is_immutable_scanned_encrypted_and_pruned(
    specs: dict[str, PlatformSpec],
) -> None:
    spec = specs["prod"]
    template = _template(spec)
    (repository,) = template.find_resources("AWS::ECR::Repository").values()
    props = repository["Properties"]
    assert props["RepositoryName"] == f"chariot-prod/{spec.services[0].name}"
    assert props["ImageTagMutability"] == "IMMUTABLE"
    assert props["ImageScanningConfiguration"] == {"ScanOnPush": True}
    assert props["EncryptionConfiguration"]["EncryptionType"] == "KMS"
    assert "KmsKey" in props["EncryptionConfiguration"]
    (rule,) = json.loads(props["LifecyclePolicy"]["LifecyclePolicyText"])["rules"]
    assert rule["selection"] == {
        "tagStatus": "any",
        "countType": "imageCountMoreThan",
        "countNumber": spec.registry.keep_images,
    }
    assert repository["DeletionPolicy"] == "Retain"  # prod: deletion_protection
    outputs = template.to_json()["Outputs"]
    assert any(repository_output(spec.services[0].name) in name for name in outputs)


def test_torn_down_environment_empties_its_repository(specs: dict[str, PlatformSpec]) -> None:
    (repository,) = _template(specs["dev"]).find_resources("AWS::ECR::Repository").values()
    assert repository["DeletionPolicy"] == "Delete"
    assert repository["Properties"]["EmptyOnDelete"] is True
