"""checkov (kubernetes framework) checks our rendered manifests may fail, each with its reason.

The test `tests/k8s/test_checkov_exceptions.py` runs checkov on every environment's manifests
and fails on any failed check not listed here — and on any entry here that no longer fails.
"""

from __future__ import annotations

EXCEPTIONS: dict[str, str] = {
    "CKV_K8S_15": (
        "Image pull policy should be Always: IfNotPresent on purpose. The platform's tags are "
        "immutable (ECR) or pinned by digest, so a node's cached image is the right one; every "
        "node may pull from the account's ECR anyway (node role), so Always adds no access "
        "check, only a registry round trip per pod start and a failed start when ECR is down"
    ),
    "CKV_K8S_43": (
        "Image should use digest: until an images file (`--images`) gives the digests, a "
        "service's image is referenced by tag in its own ECR repository, whose tags are "
        "immutable (so the tag names one image); with the file the images are pinned by digest"
    ),
}
