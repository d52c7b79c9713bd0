"""Custom::AWSCDK-EKS-HelmChart: the chart is free (its pods run on the priced nodes), but the
persistent volumes its values ask for are gp3 EBS volumes (Prometheus' server volume).

Every `persistentVolume: {enabled: true, size: "50Gi"}` block in the chart's values is one
volume of that size (charts that scale a StatefulSet make one per replica: none here do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.templates import literal_json

COMPONENT = "EBS Volumes"
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)(Gi|G|Ti|T)$")
_GIB = {"Gi": 1.0, "G": 1e9 / 2**30, "Ti": 1024.0, "T": 1e12 / 2**30}


def volumes(values: Any, path: str = "") -> Iterator[tuple[str, float]]:
    """(values path, GiB) of every enabled persistentVolume block."""
    if isinstance(values, dict):
        block = values.get("persistentVolume")
        if isinstance(block, dict) and block.get("enabled") is True:
            match = _SIZE.match(str(block.get("size", "")))
            if match:
                yield f"{path}persistentVolume", float(match.group(1)) * _GIB[match.group(2)]
        for key, value in values.items():
            yield from volumes(value, f"{path}{key}.")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    chart = resource.literal("Chart") or resource.logical_id
    found = list(volumes(literal_json(resource.properties.get("Values"))))
    if not found:
        return [ctx.free(COMPONENT, resource, f"chart {chart}: its pods run on the priced nodes")]
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"{chart}: {path} {gib:g} GiB gp3",
            gib,
            "ebs.gp3.storage",
            [f"chart values {path}: one volume"],
        )
        for path, gib in found
    ]


MAPPING = Mapping("Custom::AWSCDK-EKS-HelmChart", COMPONENT, (), price)
