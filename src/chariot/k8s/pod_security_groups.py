"""SecurityGroupPolicy objects: the pods of each service in `spec.security.pod_security_groups`
get their own security group (made by the data stack) through the VPC resource controller.

The list holds the service's pod group AND the EKS cluster security group: a pod with only its
own group could no longer reach CoreDNS, istiod or the other sidecars, which the cluster group
admits. Both ids exist only after `cdk deploy`; without them (no `--stack-outputs`, or outputs
that lack them) no policy is rendered and the Deployment's pending annotation names them — the
pods then keep the node's groups, which the data tier also admits (the cluster group).
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj, service_labels

API_VERSION = "vpcresources.k8s.aws/v1beta1"


def build(ctx: RenderContext) -> Iterator[Manifest]:
    named = set(ctx.spec.security.pod_security_groups)
    for service in ctx.spec.services:
        if service.name not in named:
            continue
        groups = ctx.deployed.security_groups(service)
        if groups is None:
            continue
        yield obj(
            API_VERSION,
            "SecurityGroupPolicy",
            service.name,
            service.namespace,
            {
                # every version's pods (stable and canary) carry the service labels
                "podSelector": {"matchLabels": service_labels(service)},
                "securityGroups": {"groupIds": groups},
            },
            service_labels(service),
        )
