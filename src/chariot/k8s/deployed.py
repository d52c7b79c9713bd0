"""What the data and cluster stacks created, as far as the manifests need it.

The Neptune and cache endpoints, the cache's replication group, and the security group ids
exist only after `cdk deploy`; they are read from its outputs file (`--stack-outputs`). Without
that file, or for an output it lacks, nothing is invented: the value is *pending*. A Deployment
then renders without the variable (the service refuses to start and says which one is missing)
and carries the annotation `PENDING_ANNOTATION` naming the outputs it waits for; a
SecurityGroupPolicy whose group ids are pending is not rendered. `chariot manifests` prints the
pending outputs.

Each region's manifests read their own region's stacks (chariot.k8s.stack_outputs.regional):
the DR region's graph is the Neptune global database's secondary (stack dr-data, outputs
`GraphSecondaryEndpoint`/`GraphSecondaryPort`; detached and promoted at failover it keeps its
endpoint and takes writes: https://docs.aws.amazon.com/neptune/latest/userguide/neptune-gdb-detaching.html),
its cluster security group the DR cluster's. The Cognito app client is the primary's for both
(chariot.k8s.issuer: the DR region has no pool of its own). The DR region runs no cache until
a failover makes one: while its stacks give no `CacheEndpoint`, its Deployments run the
services that declare a cache without one (`CHARIOT_CACHE_BACKEND=none`: every read goes to the
table, as when the cache is down), and no cache output is pending.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from chariot.k8s import stack_outputs
from chariot.k8s.stack_outputs import StackOutputs, regional
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.platform_names import (
    COGNITO_CLIENT_ID_OUTPUT,
    pod_security_group_output,
)

# Output names of the data stack (src/chariot/infra/stacks/data.py) and the cluster stack.
GRAPH_ENDPOINT = "GraphEndpoint"
GRAPH_PORT = "GraphPort"
CACHE_ENDPOINT = "CacheEndpoint"
CACHE_PORT = "CachePort"
CACHE_USER = "CacheUser"
CACHE_GROUP_ID = "CacheGroupId"
CLUSTER_SECURITY_GROUP = "ClusterSecurityGroupId"
# Of the edge stack: the app client whose access tokens the services accept (Cognito issuer).
COGNITO_CLIENT_ID = COGNITO_CLIENT_ID_OUTPUT

GRAPH_OUTPUTS = (GRAPH_ENDPOINT, GRAPH_PORT)
CACHE_OUTPUTS = (CACHE_ENDPOINT, CACHE_PORT, CACHE_USER, CACHE_GROUP_ID)

# What the DR region's stacks call the outputs the manifests read under another name.
DR_OUTPUTS = {GRAPH_ENDPOINT: "GraphSecondaryEndpoint", GRAPH_PORT: "GraphSecondaryPort"}
# Read from the primary region's stacks for both regions' manifests (the one user pool).
PRIMARY_REGION_OUTPUTS = (COGNITO_CLIENT_ID,)

PENDING_ANNOTATION = "chariot.io/pending-stack-outputs"


def needed(spec: PlatformSpec, service: Service, cache: bool = True) -> tuple[str, ...]:
    """Every output the objects of `service` are rendered from (`cache`: whether the region
    runs a cache)."""
    names: list[str] = []
    if spec.edge.jwt.issuer is None:
        names.append(COGNITO_CLIENT_ID)
    if service.data.graph:
        names += GRAPH_OUTPUTS
    if service.data.cache and cache:
        names += CACHE_OUTPUTS
    if service.name in spec.security.pod_security_groups:
        names += [pod_security_group_output(service.name), CLUSTER_SECURITY_GROUP]
    return tuple(names)


@dataclass(frozen=True)
class Deployed:
    """Deploy-time values by output name; a name missing from `values` is pending. `outputs`
    renames an output to what its region's stacks call it (the DR region's graph), so that a
    pending value names the output to look for."""

    values: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None
    outputs: Mapping[str, str] = field(default_factory=dict)
    # False: the region runs no cache, and the services that declare one run without it.
    cache: bool = True

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def pending(self, spec: PlatformSpec, service: Service) -> list[str]:
        return [
            self.outputs.get(name, name)
            for name in needed(spec, service, self.cache)
            if name not in self.values
        ]

    def all_pending(self, spec: PlatformSpec) -> list[str]:
        """Every pending output of the environment, once each, in a stable order."""
        seen: dict[str, None] = {}
        for service in spec.services:
            for name in self.pending(spec, service):
                seen.setdefault(name, None)
        return list(seen)

    def graph_endpoint(self) -> str | None:
        """Neptune's openCypher HTTPS base URL, when deployed."""
        host, port = self.get(GRAPH_ENDPOINT), self.get(GRAPH_PORT)
        return f"https://{host}:{port}" if host and port else None

    def cache_url(self) -> str | None:
        """TLS to the primary endpoint as the IAM-authenticated user (no password: the service
        signs a token), when deployed."""
        host, port, user = self.get(CACHE_ENDPOINT), self.get(CACHE_PORT), self.get(CACHE_USER)
        return f"rediss://{user}@{host}:{port}/0" if host and port and user else None

    def security_groups(self, service: Service) -> list[str] | None:
        """The pod's own group and the cluster's, when both are deployed."""
        own = self.get(pod_security_group_output(service.name))
        cluster = self.get(CLUSTER_SECURITY_GROUP)
        return [own, cluster] if own and cluster else None


def region_outputs(dr: bool) -> dict[str, str]:
    """Output name by the name the manifests read it under, in the region's stacks."""
    return dict(DR_OUTPUTS) if dr else {}


def undeployed(dr: bool = False) -> Deployed:
    """Nothing deployed yet: every value pending; the DR region without a cache."""
    return Deployed(outputs=region_outputs(dr), cache=not dr)


def from_outputs(spec: PlatformSpec, outputs: StackOutputs, dr: bool = False) -> Deployed:
    """The outputs the manifests use, looked up by name in the region's stacks (the DR region's
    when `dr`); the Cognito app client in the primary region's for both. The DR region has a
    cache once its stacks give one's endpoint (a failover made it)."""
    own, primary = regional(outputs, spec, dr), regional(outputs, spec, dr=False)
    cache = not dr or own.find(CACHE_ENDPOINT) is not None
    names: dict[str, None] = {}
    for service in spec.services:
        for name in needed(spec, service, cache):
            names.setdefault(name, None)
    renamed = region_outputs(dr)
    values = {}
    for name in names:
        stacks = primary if name in PRIMARY_REGION_OUTPUTS else own
        value = stacks.find(renamed.get(name, name))
        if value is not None:
            values[name] = value
    return Deployed(values, f"stack outputs {outputs.file}", renamed, cache)


def resolve(spec: PlatformSpec, file: Path | None = None, dr: bool = False) -> Deployed:
    """From `--stack-outputs` when given; otherwise everything is pending. `dr`: the values of
    the DR region's manifests."""
    if file is None:
        return undeployed(dr)
    return from_outputs(spec, stack_outputs.read(file), dr)
