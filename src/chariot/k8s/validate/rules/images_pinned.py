"""Every container image is pinned: by digest, or by a tag other than `latest`.

An unpinned image (`microservice:latest`, or no tag, which means latest) changes under a
running Deployment: two pods of one ReplicaSet may run different code, and a rollback restores
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation

CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def pinned(image: str) -> bool:
    if "@sha256:" in image:
        return True
    last = image.rpartition("/")[2]
    tag = last.partition(":")[2]
    return bool(tag) and tag != "latest"


def check(index: Index) -> Iterator[Violation]:
    for workload in index.workloads:
        for field in CONTAINER_LISTS:
            for position, container in enumerate(workload.pod_spec.get(field) or []):
                image = container.get("image") if isinstance(container, dict) else None
                if isinstance(image, str) and not pinned(image):
                    yield Violation(
                        workload.obj,
                        (*workload.template_path, "spec", field, position, "image"),
                        f"image {image!r} is not pinned: use a digest (@sha256:...) or a "
                        "release tag, never latest or no tag",
                    )
