"""Images come from a registry the platform creates or the spec names; no Always + mutable tag."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "images-pullable"
REGISTRY = "111122223333.dkr.ecr.us-east-1.amazonaws.com"
DIGEST = "sha256:" + "ab" * 32


def _deployment(image: str, policy: str | None = "IfNotPresent") -> dict[str, Any]:
    container: dict[str, Any] = {"name": "users", "image": image}
    if policy is not None:
        container["imagePullPolicy"] = policy
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "users", "namespace": "microservices"},
        "spec": {"template": {"spec": {"containers": [container]}}},
    }


def _data(mutability: str = "IMMUTABLE") -> Any:
    repository = resource(
        "AWS::ECR::Repository", RepositoryName="chariot-prod/users", ImageTagMutability=mutability
    )
    return template("data", {"Repo": repository})


def test_the_platform_repository_by_tag_or_digest_passes(spec: PlatformSpec) -> None:
    for image in (
        f"{REGISTRY}/chariot-prod/users:0.1.0",
        f"{REGISTRY}/chariot-prod/users@{DIGEST}",
    ):
        assert results(RULE, platform(spec, _data(), objects=[_deployment(image)])) == []
    # An immutable tag may even be pulled Always: every pull is the same image.
    always = _deployment(f"{REGISTRY}/chariot-prod/users:0.1.0", "Always")
    assert results(RULE, platform(spec, _data(), objects=[always])) == []


def test_docker_hub_image_nothing_creates_is_named(spec: PlatformSpec) -> None:
    (found,) = results(RULE, platform(spec, _data(), objects=[_deployment("chariot/users:0.1.0")]))
    assert isinstance(found, Violation)
    assert "image chariot/users:0.1.0 is in docker.io" in found.reason
    assert "registry.external" in found.reason


def test_a_repository_of_another_account_is_not_the_platforms(spec: PlatformSpec) -> None:
    image = "999999999999.dkr.ecr.us-east-1.amazonaws.com/chariot-prod/users:0.1.0"
    (found,) = results(RULE, platform(spec, _data(), objects=[_deployment(image)]))
    assert "where the platform creates no repository of that name" in found.reason


def test_external_registry_the_spec_names_passes_but_not_always_on_a_tag(
    spec: PlatformSpec,
) -> None:
    allowed = spec.model_copy(
        update={"registry": spec.registry.model_copy(update={"external": ["ghcr.io"]})}
    )
    tagged = _deployment("ghcr.io/acme/users:1.0.0")
    assert results(RULE, platform(allowed, _data(), objects=[tagged])) == []
    (found,) = results(
        RULE,
        platform(allowed, _data(), objects=[_deployment("ghcr.io/acme/users:1.0.0", "Always")]),
    )
    assert "mutable tag and imagePullPolicy Always" in found.reason
    pinned = _deployment(f"ghcr.io/acme/users@{DIGEST}", "Always")
    assert results(RULE, platform(allowed, _data(), objects=[pinned])) == []


def test_mutable_platform_repository_with_always_fails(spec: PlatformSpec) -> None:
    always = _deployment(f"{REGISTRY}/chariot-prod/users:0.1.0", "Always")
    (found,) = results(RULE, platform(spec, _data("MUTABLE"), objects=[always]))
    assert "mutable tag" in found.reason


def test_latest_defaults_to_always(spec: PlatformSpec) -> None:
    latest = _deployment(f"{REGISTRY}/chariot-prod/users:latest", policy=None)
    (found,) = results(RULE, platform(spec, _data("MUTABLE"), objects=[latest]))
    assert "imagePullPolicy Always" in found.reason
