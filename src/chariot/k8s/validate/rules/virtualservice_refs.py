"""Every VirtualService's gateways, hosts, destinations and subsets exist.

A missing gateway or a host no gateway serves leaves the route unattached; a destination host
with no Service, or a subset no DestinationRule defines, answers 503 (`NR` / no healthy
upstream) at run time.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from chariot.k8s.validate.rules.base import Index, Obj, Violation

MESH = "mesh"


def _gateway(index: Index, ref: str, namespace: str) -> Obj | None:
    gateway_namespace, _, name = ref.rpartition("/")
    return index.find("Gateway", gateway_namespace or namespace, name)


def _gateway_hosts(gateway: Obj) -> list[str]:
    hosts: list[str] = []
    for server in gateway.get("spec", "servers") or []:
        for host in server.get("hosts") or []:
            hosts.append(str(host).rpartition("/")[2])  # drop a "namespace/" prefix
    return hosts


def _host_served(host: str, served: list[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(host, pattern) or fnmatch.fnmatchcase(pattern, host)
        for pattern in served
    )


def _subsets(index: Index, service: Obj) -> set[str]:
    names: set[str] = set()
    for rule in index.of_kind("DestinationRule"):
        host = rule.get("spec", "host")
        target = index.resolve_host(str(host), rule.namespace) if host else None
        if target is service:
            names |= {str(s.get("name")) for s in rule.get("spec", "subsets") or []}
    return names


def _routes(vs: Obj) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    for protocol in ("http", "tcp", "tls"):
        for r_index, route in enumerate(vs.get("spec", protocol) or []):
            for d_index, entry in enumerate(route.get("route") or []):
                yield (
                    ("spec", protocol, r_index, "route", d_index, "destination"),
                    entry.get("destination") or {},
                )


def check(index: Index) -> Iterator[Violation]:
    for vs in index.of_kind("VirtualService"):
        gateways = vs.get("spec", "gateways") or [MESH]
        hosts = [str(h) for h in vs.get("spec", "hosts") or []]
        for g_index, ref in enumerate(gateways):
            if ref == MESH:
                for h_index, host in enumerate(hosts):
                    if "*" not in host and index.resolve_host(host, vs.namespace) is None:
                        yield Violation(
                            vs,
                            ("spec", "hosts", h_index),
                            f"host {host!r} is bound to the mesh but no Service has that name",
                        )
                continue
            gateway = _gateway(index, str(ref), vs.namespace)
            if gateway is None:
                yield Violation(
                    vs,
                    ("spec", "gateways", g_index),
                    f"gateway {ref!r} does not exist: the route is never attached",
                )
                continue
            served = _gateway_hosts(gateway)
            for h_index, host in enumerate(hosts):
                if not _host_served(host, served):
                    yield Violation(
                        vs,
                        ("spec", "hosts", h_index),
                        f"host {host!r} is not served by gateway {ref} (hosts {served})",
                    )
        for path, destination in _routes(vs):
            target = destination.get("host")
            if not target:
                continue
            service = index.resolve_host(str(target), vs.namespace)
            if service is None:
                yield Violation(
                    vs, (*path, "host"), f"destination {target!r} is no Service among these objects"
                )
                continue
            subset = destination.get("subset")
            if subset and subset not in _subsets(index, service):
                yield Violation(
                    vs,
                    (*path, "subset"),
                    f"subset {subset!r} of {target} is defined by no DestinationRule",
                )
