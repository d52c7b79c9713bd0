"""A Mermaid flowchart of one environment, drawn from the spec and the placements: the edge,
the VPC and cluster with each service in the pool that runs it, and the data stores. Mermaid
renders wherever Markdown does (GitHub, most editors)."""

from __future__ import annotations

import re

from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement
from chariot.spec.platform_names import table_name


def _id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _label(text: str) -> str:
    return text.replace('"', "'")


def _edge(spec: PlatformSpec) -> tuple[list[str], str]:
    """The edge from the clients to the VPC; returns its lines and the node that enters the VPC."""
    edge = spec.edge
    lines = ['  clients(["Clients"])']
    entry = "clients"
    if edge.cdn.enabled:
        waf = ""
        if edge.waf.enabled:
            waf = f"<br/>WAF: {len(edge.waf.managed_rule_groups)} managed groups + rate limit"
        lines += [f'  cdn["CloudFront {edge.cdn.price_class}{waf}"]', f"  {entry} --> cdn"]
        entry = "cdn"
    if edge.api_gateway != "none":
        kind = "HTTP API, JWT authorizer" if edge.api_gateway == "http" else "REST API"
        throttle = (
            "throttle = each service rps_limit"
            if edge.routing == "per_service"
            else "one /v1/{proxy+} route, throttle = rps_cluster"
        )
        lines += [
            f'  apigw["API Gateway {kind}<br/>{throttle}"]',
            f"  {entry} --> apigw",
            '  apigw --> vpclink["VPC Link"]',
        ]
        entry = "vpclink"
    return lines, entry


def _group(node_id: str, title: str, members: list[str], empty: str) -> list[str]:
    lines = [f'      subgraph {_id(node_id)}["{_label(title)}"]']
    lines += [f"        {member}" for member in members] or [
        f'        {_id("empty_" + node_id)}["{empty}"]'
    ]
    return [*lines, "      end"]


def _cluster(spec: PlatformSpec, placements: dict[str, Placement]) -> list[str]:
    cluster = spec.cluster
    lines = [
        f'  subgraph vpc["VPC {spec.network.vpc_cidr} · {len(spec.availability_zones)} AZs"]',
        '    nlb["internal load balancer"]',
        f'    nat["NAT gateways x{spec.network.nat_gateways}"]',
    ]
    if spec.network.interface_endpoints:
        names = ", ".join(spec.network.interface_endpoints)
        lines.append(f'    endpoints["interface endpoints: {_label(names)}"]')
    title = f"EKS {cluster.name} {cluster.kubernetes_version} · mTLS {spec.mesh.mtls}"
    lines += [
        f'    subgraph eks["{title}"]',
        '      ingress["Istio ingress gateway"]',
    ]

    def members(pool: str) -> list[str]:
        return [
            f'{_id(s.name)}["{s.name} · {s.tier.value}"]'
            for s in spec.services
            if placements[s.name].pool == pool
        ]

    for pool in cluster.node_pools:
        kind = pool.capacity_type.replace("_", "-").lower()
        title = f"{pool.name}: {pool.instance_types[0]} {kind}"
        lines += _group("pool_" + pool.name, title, members(pool.name), "(no services)")
    for profile in cluster.fargate_profiles:
        namespaces = ", ".join(s.namespace for s in profile.selectors)
        lines += _group(
            "fargate_" + profile.name,
            f"Fargate profile {profile.name}",
            members(profile.name),
            f"namespace {namespaces}",
        )
    return [*lines, "    end", "  end"]


def _data(spec: PlatformSpec) -> list[str]:
    lines: list[str] = []
    graph = cache = False
    for service in spec.services:
        node = _id(service.name)
        if service.meshed:
            lines.append(f"  ingress --> {node}")
        table = service.data.table
        if table is not None:
            tid = _id("ddb_" + table.name)
            physical = table_name(table.name, spec.environment)
            lines.append(f'  {tid}[("DynamoDB {physical} · {table.billing}")]')
            lines.append(f"  {node} --> {tid}")
        if service.data.graph and spec.data.neptune.enabled:
            graph = True
            lines.append(f"  {node} --> neptune")
        if service.data.cache and spec.data.cache.enabled:
            cache = True
            lines.append(f"  {node} --> cache")
        lines += [f"  {node} -.-> {_id(dependency)}" for dependency in service.depends_on]
    if graph:
        n = spec.data.neptune
        lines.append(
            f'  neptune[("Neptune {n.engine_version} · {n.instances} x {n.instance_class}")]'
        )
    if cache:
        c = spec.data.cache
        lines.append(
            f'  cache[("ElastiCache {c.engine} {c.engine_version} · {c.nodes} x {c.node_type}")]'
        )
    return lines


def mermaid(spec: PlatformSpec, placements: dict[str, Placement]) -> str:
    """A flowchart of the environment: edge -> mesh -> services per pool -> data stores."""
    edge, entry = _edge(spec)
    lines = ["flowchart TB", *edge, *_cluster(spec, placements), f"  {entry} --> nlb --> ingress"]
    return "\n".join([*lines, *_data(spec)])
