"""A small, valid meshed world for rule tests: one service with every companion object."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from chariot.k8s.validate.documents import Document
from chariot.k8s.validate.rules.base import Index, Obj, RuleContext, Violation
from chariot.k8s.validate.validator import identify

WORLD = """
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, version: stable}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: "shop/web:1.0.0"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  securityGroups: {groupIds: [sg-0web, sg-0cluster]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  updatePolicy: {updateMode: "Off"}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: shop}
spec:
  host: web.shop.svc.cluster.local
  subsets: [{name: stable, labels: {version: stable}}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-ingress}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*.shop.test"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web.shop.test]
  gateways: [istio-ingress/edge]
  http:
  - route: [{destination: {host: web, subset: stable, port: {number: 80}}}]
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec: {jwtRules: [{issuer: "https://idp.shop.test", jwksUri: "https://idp.shop.test/keys"}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: default-deny, namespace: shop}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  action: ALLOW
  rules:
  - from: [{source: {principals: [cluster.local/ns/istio-ingress/sa/gw], requestPrincipals: ["*"]}}]
    to: [{operation: {methods: [GET]}}]
"""


def world() -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(WORLD) if d]


def objects(data: list[dict[str, Any]]) -> list[Obj]:
    found = []
    for position, item in enumerate(data):
        obj, _ = identify(Document("world.yaml", position, item))
        assert obj is not None
        found.append(obj)
    return found


def run(
    rule: Callable[[Index], Iterator[Violation]],
    data: list[dict[str, Any]] | None = None,
    context: RuleContext | None = None,
) -> list[Violation]:
    return list(rule(Index(objects(world() if data is None else data), context or RuleContext())))


def edit(kind: str, name: str, change: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
    """The world with one object changed in place by `change`."""
    data = copy.deepcopy(world())
    target = next(d for d in data if d["kind"] == kind and d["metadata"]["name"] == name)
    change(target)
    return data


def without(kind: str, name: str) -> list[dict[str, Any]]:
    return [d for d in world() if not (d["kind"] == kind and d["metadata"]["name"] == name)]
