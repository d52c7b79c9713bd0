"""Every container image in the manifests is pullable from a registry the platform creates or the
spec names, and no mutable tag is pulled with `imagePullPolicy: Always`.

A Docker Hub reference (`chariot/users:0.1.0`) with nothing creating that repository leaves the
pods in ImagePullBackOff (or, worse, runs whatever a stranger pushed under that name). An image
counts as the platform's when its registry is this account's ECR in the stack's region and an
`AWS::ECR::Repository` of that name is in the templates; its tag is immutable when that
repository says `ImageTagMutability: IMMUTABLE`
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html). Other
registries must be listed in the spec's `registry.external`. A mutable tag pulled `Always`
lets two pods of one ReplicaSet run different code; pin it by digest instead. Kubernetes pulls
`Always` by default for `:latest` or no tag
(https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.spec.images import ecr_registry, parse
from chariot.verify.readiness.base import KubernetesObject, Platform, Result, Violation

CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
POD_SPECS = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}


def containers(obj: KubernetesObject) -> Iterator[dict[str, Any]]:
    pod = obj.get(*POD_SPECS[obj.kind])
    if not isinstance(pod, dict):
        return
    for field in CONTAINER_LISTS:
        for container in pod.get(field) or []:
            if isinstance(container, dict) and isinstance(container.get("image"), str):
                yield container


def platform_repositories(platform: Platform) -> dict[str, bool]:
    """`registry/repository` of every ECR repository in the templates -> its tags are immutable."""
    found = {}
    for repository in platform.resources("AWS::ECR::Repository"):
        name = platform.text(repository.template, repository.get("RepositoryName"))
        if name is None:
            continue
        registry = ecr_registry(repository.template.account, repository.template.region)
        found[f"{registry}/{name}"] = repository.get("ImageTagMutability") == "IMMUTABLE"
    return found


def check(platform: Platform) -> Iterator[Result]:
    repositories = platform_repositories(platform)
    external = set(platform.spec.registry.external)
    for obj in platform.objects(*POD_SPECS):
        for container in containers(obj):
            image = str(container["image"])
            try:
                ref = parse(image)
            except ValueError:
                yield Violation(
                    obj, f"container {container.get('name')!r}: {image!r} is not an image"
                )
                continue
            name = f"{ref.registry}/{ref.repository}"
            ours = name in repositories
            if not ours and ref.registry not in external:
                yield Violation(
                    obj,
                    f"container {container.get('name')!r}: image {image} is in {ref.registry}, "
                    "where the platform creates no repository of that name and which the "
                    "spec's registry.external does not name: the pull can fail or fetch "
                    "anyone's image",
                )
            immutable = ref.digest is not None or (ours and repositories[name])
            policy = container.get("imagePullPolicy") or (
                "Always" if ref.tag in (None, "latest") and ref.digest is None else "IfNotPresent"
            )
            if policy == "Always" and not immutable:
                yield Violation(
                    obj,
                    f"container {container.get('name')!r}: image {image} has a mutable tag and "
                    "imagePullPolicy Always: pods of one rollout may run different images; pin "
                    "it by digest or use the platform's immutable repository",
                )
