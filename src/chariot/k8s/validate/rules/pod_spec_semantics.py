"""Pod specs pass the checks the API server makes in code: liveness and startup probes need
successThreshold 1, container names are unique DNS labels, port names are IANA service names,
and a probe's named port is declared by its container.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chariot.k8s.validate.rules.base import Index, Violation, Workload

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
IANA_SERVICE_NAME = re.compile(r"^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$")
SINGLE_SUCCESS_PROBES = ("livenessProbe", "startupProbe")
PROBES = ("readinessProbe", *SINGLE_SUCCESS_PROBES)


def _probe_port(probe: dict[str, Any]) -> Any:
    for handler in ("httpGet", "tcpSocket", "grpc"):
        if isinstance(probe.get(handler), dict):
            return probe[handler].get("port")
    return None


def _container(workload: Workload, position: int, container: dict[str, Any]) -> Iterator[Violation]:
    base = (*workload.template_path, "spec", "containers", position)
    names = set()
    for p_index, port in enumerate(container.get("ports") or []):
        name = port.get("name")
        if name is None:
            continue
        names.add(name)
        if not IANA_SERVICE_NAME.match(str(name)):
            yield Violation(
                workload.obj,
                (*base, "ports", p_index, "name"),
                f"port name {name!r} must be an IANA service name (≤15 lowercase letters, digits, "
                "'-', with a letter)",
            )
    for kind in PROBES:
        probe = container.get(kind)
        if not isinstance(probe, dict):
            continue
        if kind in SINGLE_SUCCESS_PROBES and probe.get("successThreshold", 1) != 1:
            yield Violation(
                workload.obj,
                (*base, kind, "successThreshold"),
                f"{kind}.successThreshold must be 1 (only readiness may require several successes)",
            )
        port = _probe_port(probe)
        if isinstance(port, str) and port not in names:
            yield Violation(
                workload.obj,
                (*base, kind),
                f"{kind} uses the named port {port!r}, which the container does not declare",
            )


def check(index: Index) -> Iterator[Violation]:
    for workload in index.workloads:
        seen: set[str] = set()
        for position, container in enumerate(workload.pod_spec.get("containers") or []):
            if not isinstance(container, dict):
                continue
            name = str(container.get("name", ""))
            if name in seen or not DNS1123_LABEL.match(name):
                yield Violation(
                    workload.obj,
                    (*workload.template_path, "spec", "containers", position, "name"),
                    f"container name {name!r} must be a DNS-1123 label, unique in the pod",
                )
            seen.add(name)
            yield from _container(workload, position, container)
