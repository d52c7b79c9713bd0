"""Validate objects the infra layer applies (Karpenter's NodePools, EC2NodeClass) with chariot's
own validator and the shipped CRD schemas: pruning, int-or-string, defaults and CEL rules, as the
API server would (test helper)."""

from __future__ import annotations

from typing import Any

from chariot.k8s.validate.documents import Document
from chariot.k8s.validate.settings import resolve_crds_dir
from chariot.k8s.validate.validator import validate_documents

KUBERNETES_VERSION = "1.35"


def errors(obj: dict[str, Any]) -> list[str]:
    """Why the API server would refuse `obj` (empty when it is accepted)."""
    document = Document("<object>", 0, obj)
    report = validate_documents([document], KUBERNETES_VERSION, resolve_crds_dir())
    return [f"{f.path}: [{f.rule}] {f.reason}" for f in report.errors]
