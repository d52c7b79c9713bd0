"""The contract of an API kind: what it builds between CloudFront and the ingress NLB."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chariot.infra.constructs.origin_verify import OriginSecret
from chariot.infra.edge.context import EdgeContext


@dataclass(frozen=True)
class ApiEndpoint:
    """Where CloudFront's `/v1/*` behaviour reaches the API, and the header that carries the
    origin secret (None when CloudFront is off)."""

    domain: str
    origin_path: str | None
    secret_header: str
    origin: OriginSecret | None


@dataclass(frozen=True)
class ApiKind:
    """`build` adds the API to the edge; it returns None when CloudFront reaches the ingress
    NLB directly (a VPC origin). `summary` goes into the stack description.
    `enforce_private_link_rules` is False when the API reaches the NLB over PrivateLink without
    a security group the NLB's inbound rules could name."""

    summary: str
    build: Callable[[EdgeContext], ApiEndpoint | None]
    enforce_private_link_rules: bool = True
