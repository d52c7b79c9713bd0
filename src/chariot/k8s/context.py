"""What every builder receives: the spec, where each service runs, the JWT issuer, the values
only a deploy knows (endpoints, security group ids) and the images' known digests."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from chariot.k8s.deployed import Deployed
from chariot.k8s.images import ImageDigests
from chariot.k8s.issuer import JwtIssuer
from chariot.k8s.objects import Manifest
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.placement import Placement


@dataclass(frozen=True)
class RenderContext:
    """Input of the builders. Placements come from the planner (or the CLI's stand-in)."""

    spec: PlatformSpec
    placements: Mapping[str, Placement]
    issuer: JwtIssuer | None = None
    deployed: Deployed = field(default_factory=Deployed)
    images: ImageDigests = field(default_factory=ImageDigests)

    def placement(self, service: Service) -> Placement:
        try:
            return self.placements[service.name]
        except KeyError:
            raise ValueError(f"no placement for service {service.name!r}") from None

    @property
    def namespaces(self) -> list[str]:
        """Namespaces that hold at least one catalogued service."""
        return sorted({s.namespace for s in self.spec.services})

    def services_in(self, namespace: str) -> list[Service]:
        return [s for s in self.spec.services if s.namespace == namespace]

    def meshed(self, namespace: str) -> bool:
        return namespace in self.spec.meshed_namespaces

    def callers(self, service: Service) -> list[Service]:
        """Services that declare `depends_on: [service]`."""
        return [s for s in self.spec.services if service.name in s.depends_on]

    def dependencies(self, service: Service) -> list[Service]:
        return [self.spec.service(name) for name in service.depends_on]


Builder = Callable[[RenderContext], Iterator[Manifest]]
