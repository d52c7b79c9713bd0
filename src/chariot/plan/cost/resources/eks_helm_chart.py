"""Custom::AWSCDK-EKS-HelmChart: the chart is free (its pods run on the priced nodes), but the
persistent volumes it claims are gp3 EBS volumes (Prometheus' server and Alertmanager volumes).

With the spec, the volumes are those the add-ons declare in their footprints
(`chariot.spec.footprints`, matched by the chart's `Release`), the same figures the add-ons set
in their chart values. A template priced without a spec falls back to the values themselves:
every `persistentVolume: {enabled: true, size: "50Gi"}` block is one volume of that size
(charts that scale a StatefulSet make one per replica: none here do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.templates import literal_json
from chariot.spec import footprints

COMPONENT = "EBS Volumes"
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)(Gi|G|Ti|T)$")
_GIB = {"Gi": 1.0, "G": 1e9 / 2**30, "Ti": 1024.0, "T": 1e12 / 2**30}


def values_volumes(values: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """(values path, GiB) of every enabled persistentVolume block."""
    if isinstance(values, dict):
        block = values.get("persistentVolume")
        if isinstance(block, dict) and block.get("enabled") is True:
            match = _SIZE.match(str(block.get("size", "")))
            if match:
                yield f"{path}persistentVolume", float(match.group(1)) * _GIB[match.group(2)]
        for key, value in values.items():
            yield from values_volumes(value, f"{path}{key}.")


def claimed(resource: Resource, ctx: Context) -> list[tuple[str, float, str]]:
    """(values path, GiB, where the figure comes from) of each volume the chart claims."""
    release = resource.literal("Release")
    if ctx.spec is not None and release:
        return [
            (v.values, float(v.gib), f"add-on footprint ({v.basis})" if v.basis else "footprint")
            for v in footprints.volumes(ctx.spec, release)
        ]
    return [
        (path, gib, f"chart values {path}: one volume")
        for path, gib in values_volumes(literal_json(resource.properties.get("Values")))
    ]


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    chart = resource.literal("Chart") or resource.logical_id
    found = claimed(resource, ctx)
    if not found:
        return [ctx.free(COMPONENT, resource, f"chart {chart}: its pods run on the priced nodes")]
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"{chart}: {path} {gib:g} GiB gp3",
            gib,
            "ebs.gp3.storage",
            [why],
        )
        for path, gib, why in found
    ]


MAPPING = Mapping("Custom::AWSCDK-EKS-HelmChart", COMPONENT, (), price)
