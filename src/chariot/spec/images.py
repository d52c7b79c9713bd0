"""What a catalog `image:` means, and where the platform keeps each service's images.

The contract (docs/manifests.md "Images"):
- `image: 0.1.0` — a **tag** of the service's own ECR repository, which the platform creates
  (`<name>-<env>/<service>`, immutable tags). The manifests render
  `<account>.dkr.ecr.<region>.amazonaws.com/<name>-<env>/<service>:0.1.0`, or `@sha256:...` when
  an images file gives the digest of that tag.
- `image: ghcr.io/acme/billing:2.3.1` (or `...@sha256:<64 hex>`) — a full reference to another
  registry; only a registry the environment names in `registry.external` is accepted.

Both sides read this module: the infrastructure names the repositories, the manifests render
the references, and a rename on either side cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAG = r"[\w][\w.-]{0,127}"
DIGEST = r"sha256:[0-9a-f]{64}"
# A tag alone, or host/path[:tag][@digest] with at least a tag or a digest.
IMAGE_PATTERN = rf"^({TAG}|[^\s/]+(/[^\s/]+)+?(:{TAG})?(@{DIGEST})?)$"
_FULL = re.compile(rf"^(?P<name>[^\s@]+?)(:(?P<tag>{TAG}))?(@(?P<digest>{DIGEST}))?$")
_TAG_ONLY = re.compile(rf"^{TAG}$")


@dataclass(frozen=True)
class ImageRef:
    """A parsed image reference: `registry/repository[:tag][@digest]`."""

    registry: str
    repository: str
    tag: str | None
    digest: str | None

    @property
    def tagged(self) -> str:
        """`registry/repository:tag` (the key of an images file)."""
        return f"{self.registry}/{self.repository}:{self.tag}"

    def __str__(self) -> str:
        if self.digest is not None:
            return f"{self.registry}/{self.repository}@{self.digest}"
        return self.tagged


def is_tag(image: str) -> bool:
    """True for a catalog image that names a tag of the service's platform repository."""
    return _TAG_ONLY.match(image) is not None


def registry_host(name: str) -> str | None:
    """The registry of a reference, by the container runtimes' rule: the first path component
    when it contains `.` or `:` or is `localhost`; None (Docker Hub) otherwise."""
    first, slash, _ = name.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first
    return None


def parse(image: str) -> ImageRef:
    """Split a full reference; a name without a registry host is Docker Hub's (`docker.io`)."""
    match = _FULL.match(image)
    if match is None:
        raise ValueError(f"not an image reference: {image!r}")
    name = match["name"]
    host = registry_host(name)
    if host is None:
        host, repository = "docker.io", name if "/" in name else f"library/{name}"
    else:
        repository = name[len(host) + 1 :]
    return ImageRef(host, repository, match["tag"], match["digest"])


def ecr_registry(account: str, region: str) -> str:
    """The private registry of an account in a region (partition `aws`)."""
    return f"{account}.dkr.ecr.{region}.amazonaws.com"


def repository_namespace(platform: str, environment: str) -> str:
    """The namespace of an environment's repositories (`chariot-prod`): what ECR replication
    filters on and what the DR region's repository creation template applies to."""
    return f"{platform}-{environment}"


def repository_name(platform: str, environment: str, service: str) -> str:
    """The ECR repository of a service's images, one per environment (`chariot-prod/assets`)."""
    return f"{repository_namespace(platform, environment)}/{service}"
