"""An HPA and a VPA never both act on the same resource of the same workload.

The HPA's utilization target is relative to the pods' requests; a VPA that changes those
requests (updateMode Auto, Recreate, InPlaceOrRecreate or Initial) moves the target under the
HPA and the two chase each other. A VPA in `Off` mode only recommends and never conflicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s.validate.rules.base import Index, Obj, Violation

PASSIVE_MODES = {"Off"}
DEFAULT_MODE = "Recreate"  # what the VPA does when updatePolicy is left out
DEFAULT_RESOURCES = ("cpu", "memory")


def hpa_resources(hpa: Obj) -> set[str]:
    names = set()
    for metric in hpa.get("spec", "metrics") or []:
        kind = metric.get("type")
        if kind == "Resource":
            names.add(str((metric.get("resource") or {}).get("name")))
        elif kind == "ContainerResource":
            names.add(str((metric.get("containerResource") or {}).get("name")))
    return names


def vpa_resources(vpa: Obj) -> set[str]:
    """Resources the VPA changes: per container policy, unless that container is Off."""
    policies: list[dict[str, Any]] = vpa.get("spec", "resourcePolicy", "containerPolicies") or []
    if not policies:
        return set(DEFAULT_RESOURCES)
    names: set[str] = set()
    for policy in policies:
        if policy.get("mode") == "Off":
            continue
        names |= set(policy.get("controlledResources") or DEFAULT_RESOURCES)
    return names


def check(index: Index) -> Iterator[Violation]:
    hpas = index.of_kind("HorizontalPodAutoscaler")
    for vpa in index.of_kind("VerticalPodAutoscaler"):
        mode = vpa.get("spec", "updatePolicy", "updateMode") or DEFAULT_MODE
        if mode in PASSIVE_MODES:
            continue
        target = vpa.get("spec", "targetRef") or {}
        for hpa in hpas:
            ref = hpa.get("spec", "scaleTargetRef") or {}
            if hpa.namespace != vpa.namespace or (ref.get("kind"), ref.get("name")) != (
                target.get("kind"),
                target.get("name"),
            ):
                continue
            shared = sorted(hpa_resources(hpa) & vpa_resources(vpa))
            if shared:
                yield Violation(
                    vpa,
                    ("spec", "updatePolicy", "updateMode"),
                    f"updateMode {mode} resizes {'/'.join(shared)} requests of "
                    f"{target.get('kind')} {target.get('name')} while HPA {hpa.name} scales it "
                    f"on {'/'.join(shared)} utilization: they fight; use updateMode Off "
                    "(recommendations) or Initial without those resources, and let the HPA "
                    "scale on cpu and requests per second",
                )
