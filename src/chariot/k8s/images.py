"""The image reference each container runs, and the digests an images file pins them to.

A catalog tag becomes a reference into the service's own ECR repository
(`<account>.dkr.ecr.<region>.amazonaws.com/<name>-<env>/<service>:<tag>`, chariot.spec.images);
a full reference (to a registry in `registry.external`) is used as written. When the images
file (`chariot manifests --images FILE`) gives the digest of a `registry/repository:tag`, the
reference is pinned by digest instead. The file is JSON, `{"<registry>/<repository>:<tag>":
"sha256:<64 hex>"}`, e.g. written by CI after `docker push` from
`aws ecr describe-images --query 'imageDetails[0].imageDigest'`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from chariot.k8s.stack_outputs import read_json
from chariot.spec.images import DIGEST, ImageRef, ecr_registry, is_tag, parse, repository_name
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.problems import Problem, SpecError

_DIGEST = re.compile(rf"^{DIGEST}$")


@dataclass(frozen=True)
class ImageDigests:
    """Known digests by `registry/repository:tag`, and the file they came from."""

    digests: Mapping[str, str] = field(default_factory=dict)
    source: Path | None = None

    def pin(self, ref: ImageRef) -> ImageRef:
        """`ref` by digest when its tag's digest is known (a given digest is kept)."""
        if ref.digest is not None or ref.tag is None:
            return ref
        digest = self.digests.get(ref.tagged)
        return ref if digest is None else ImageRef(ref.registry, ref.repository, ref.tag, digest)


def reference(spec: PlatformSpec, service: Service, image: str, digests: ImageDigests) -> str:
    """The `image:` of a container of `service` whose catalog image is `image`."""
    if is_tag(image):
        ref = ImageRef(
            ecr_registry(spec.account, spec.region),
            repository_name(spec.name, spec.environment, service.name),
            image,
            None,
        )
    else:
        ref = parse(image)
    return str(digests.pin(ref)) if ref.digest is None else image


def read(file: Path) -> ImageDigests:
    """Parse an images file; a one-line error naming the file and entry for anything else."""
    data = read_json(file)
    if not isinstance(data, dict):
        raise SpecError([Problem(file, "<root>", 'expected {"registry/repository:tag": digest}')])
    problems = []
    for key, digest in data.items():
        try:
            ref = parse(str(key))
        except ValueError:
            ref = None
        if ref is None or ref.tag is None or ref.digest is not None:
            problems.append(Problem(file, str(key), "expected a key registry/repository:tag"))
        elif not isinstance(digest, str) or not _DIGEST.match(digest):
            problems.append(Problem(file, str(key), "expected a digest sha256:<64 hex digits>"))
    if problems:
        raise SpecError(problems)
    return ImageDigests({str(parse(k).tagged): str(v) for k, v in data.items()}, file)


def resolve(file: Path | None) -> ImageDigests:
    """From `--images` when given; otherwise every image is referenced by its tag."""
    return ImageDigests() if file is None else read(file)
