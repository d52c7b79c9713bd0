"""A catalog image names a tag of the platform's own repository or a registry the spec allows.

A full reference to any other registry (Docker Hub included) is an image the platform neither
builds, scans nor keeps: nodes may be unable to pull it (rate limits, no egress) and nobody
reviewed it. The environment lists the registries it trusts in `registry.external`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.images import is_tag, parse
from chariot.spec.model import PlatformSpec
from chariot.spec.problems import Loc
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    allowed = set(spec.registry.external)
    for index, service in enumerate(spec.services):
        images: list[tuple[Loc, str]] = [(("services", index, "image"), service.image)]
        if service.canary is not None:
            images.append((("services", index, "canary", "image"), service.canary.image))
        for loc, image in images:
            if is_tag(image):
                continue
            registry = parse(image).registry
            if registry not in allowed:
                yield (
                    loc,
                    f"service {service.name!r} names an image in {registry}, which is neither "
                    "the platform's own repository (write just the tag, e.g. 0.1.0) nor a "
                    f"registry in registry.external ({', '.join(sorted(allowed)) or 'none'})",
                )
