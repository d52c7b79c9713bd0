"""The shape every builder returns: a Kubernetes object as plain data, plus naming helpers.

Objects are dicts (what `yaml.safe_dump` writes and what the validator reads), built by typed
functions; no YAML is ever assembled from strings.
"""

from __future__ import annotations

from typing import Any

from chariot.spec.model import Service

Manifest = dict[str, Any]

PART_OF = "chariot"
MANAGED_BY = "chariot"
STABLE = "stable"


def meta(
    name: str,
    namespace: str | None = None,
    labels: dict[str, str] | None = None,
    annotations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """ObjectMeta with the labels every chariot object carries."""
    data: dict[str, Any] = {"name": name}
    if namespace is not None:
        data["namespace"] = namespace
    data["labels"] = {
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": MANAGED_BY,
        **(labels or {}),
    }
    if annotations:
        data["annotations"] = dict(annotations)
    return data


def obj(
    api_version: str,
    kind: str,
    name: str,
    namespace: str | None = None,
    spec: dict[str, Any] | None = None,
    labels: dict[str, str] | None = None,
    annotations: dict[str, str] | None = None,
) -> Manifest:
    """A whole object; `spec: None` leaves the field out (an empty dict keeps it, e.g. deny-all)."""
    data: Manifest = {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": meta(name, namespace, labels, annotations),
    }
    if spec is not None:
        data["spec"] = spec
    return data


def service_labels(service: Service) -> dict[str, str]:
    """Labels that name the service on every object that belongs to it."""
    return {"app.kubernetes.io/name": service.name, "app": service.name}


def pod_labels(service: Service, version: str) -> dict[str, str]:
    """Pod labels: `app` and `version` are what Istio's telemetry and subsets key on."""
    return {**service_labels(service), "version": version}


def fqdn(service: Service) -> str:
    """The in-cluster DNS name of a service's Kubernetes Service."""
    return f"{service.name}.{service.namespace}.svc.cluster.local"


def workload_name(service: Service, version: str) -> str:
    """The Deployment name of one version: the service name for stable, suffixed for a canary."""
    return service.name if version == STABLE else f"{service.name}-{version}"


def versions(service: Service) -> list[str]:
    """The versions that run: stable, plus the canary when the catalog declares one."""
    return [STABLE] if service.canary is None else [STABLE, service.canary.version]


def seconds(value: float) -> str:
    """A protobuf Duration string as Istio takes it ('2s', '0.5s')."""
    return f"{value:g}s"
