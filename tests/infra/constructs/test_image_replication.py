"""ECR replication: prod (warm_standby) replicates its own repositories, and only those, to the
DR region, where replicated repositories stay immutable and pruned; dev (backup_restore) has
no registry replication (it is one setting per account and region: docs/disaster-recovery.md)."""

from __future__ import annotations

import json
import re

from chariot.infra.constructs.image_replication import replicated_prefix
from chariot.spec.images import repository_name
from chariot.spec.model import PlatformSpec
from tests.conftest import Synthesized

# CloudFormation's pattern for a RepositoryFilter's Filter (PREFIX_MATCH)
FILTER = re.compile(r"^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$")


def test_prod_replicates_its_repositories_to_the_dr_region(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    spec = specs["prod"]
    env = synthesized["prod"]
    (config,) = env.resources("security", "AWS::ECR::ReplicationConfiguration").values()
    (rule,) = config["Properties"]["ReplicationConfiguration"]["Rules"]
    assert rule["Destinations"] == [{"Region": "us-west-2", "RegistryId": "111122223333"}]
    (repository_filter,) = rule["RepositoryFilters"]
    assert repository_filter == {"Filter": "chariot-prod/", "FilterType": "PREFIX_MATCH"}
    assert FILTER.match(repository_filter["Filter"])
    # every service repository matches; no other environment's does
    for service in spec.services:
        assert repository_name(spec.name, "prod", service.name).startswith(replicated_prefix(spec))
    assert not repository_name(spec.name, "prod-eu", "x").startswith(replicated_prefix(spec))


def test_replicated_repositories_in_the_dr_region_stay_immutable_and_pruned(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    (template,) = (
        synthesized["prod"].resources("dr", "AWS::ECR::RepositoryCreationTemplate").values()
    )
    props = template["Properties"]
    assert props["Prefix"] == "chariot-prod"
    assert props["AppliedFor"] == ["REPLICATION"]
    assert props["ImageTagMutability"] == "IMMUTABLE"
    assert props["EncryptionConfiguration"] == {"EncryptionType": "AES256"}
    (rule,) = json.loads(props["LifecyclePolicy"])["rules"]
    assert rule["selection"]["countNumber"] == specs["prod"].registry.keep_images


def test_backup_restore_does_not_replicate_images(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["dev"]
    assert not env.resources("security", "AWS::ECR::ReplicationConfiguration")
    assert not env.resources("dr", "AWS::ECR::RepositoryCreationTemplate")
