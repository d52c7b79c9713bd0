"""Karpenter node images are pinned, and node replacement is paced by disruption budgets.

With `amiSelectorTerms: [{alias: al2023@latest}]` every AMI release drifts every node, and a
NodePool without `disruption.budgets` lets Karpenter replace them all at once (its default
default budget allows 10 % of a pool's nodes at a time; chariot states its budgets explicitly).
Karpenter recommends pinning the alias version and rolling new versions through in stages
(https://karpenter.sh/docs/tasks/managing-amis/,
https://karpenter.sh/docs/concepts/disruption/#disruption-budgets).
Objects are read from the rendered manifests and from manifests the templates apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.verify.readiness.base import (
    Platform,
    Result,
    Subject,
    Violation,
)

MANIFEST_TYPES = ("Custom::AWSCDK-EKS-KubernetesResource",)


def karpenter_objects(platform: Platform) -> Iterator[tuple[Subject, dict[str, Any]]]:
    """(where it is declared, object) for every EC2NodeClass and NodePool."""
    for obj in platform.objects("EC2NodeClass", "NodePool"):
        yield obj, dict(obj.data)
    for resource in platform.resources(*MANIFEST_TYPES):
        manifest = platform.json_property(resource, "Manifest")
        for item in manifest if isinstance(manifest, list) else []:
            if isinstance(item, dict) and item.get("kind") in ("EC2NodeClass", "NodePool"):
                yield resource, item


def _name(item: dict[str, Any]) -> str:
    return f"{item.get('kind')} {(item.get('metadata') or {}).get('name', '?')}"


def check(platform: Platform) -> Iterator[Result]:
    for subject, item in karpenter_objects(platform):
        spec = item.get("spec") or {}
        if item.get("kind") == "EC2NodeClass":
            for term in spec.get("amiSelectorTerms") or []:
                alias = str(term.get("alias", ""))
                if alias.endswith("@latest"):
                    yield Violation(
                        subject,
                        f"{_name(item)} selects AMI alias {alias!r}: every AMI release replaces "
                        "every node; pin the alias version (e.g. al2023@v20260903)",
                    )
        elif not (spec.get("disruption") or {}).get("budgets"):
            yield Violation(
                subject,
                f"{_name(item)} has no disruption budgets: an AMI or spec change may replace "
                "its nodes all at once; add spec.disruption.budgets",
            )
