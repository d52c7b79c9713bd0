"""The typed platform specification: one environment file plus the service catalog.

Structural rules (types, ranges, unknown keys) live here as pydantic constraints; rules that
relate several fields (subnets inside the VPC, meshed workloads off Fargate, ...) live in
`chariot.spec.rules` so each one can name the exact field it rejects.
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    model_validator,
)

from chariot.spec.images import is_tag, parse
from chariot.spec.node_images import AL2023_ALIAS

# ---------------------------------------------------------------- shared value types


class Model(BaseModel):
    """Base for every spec object: unknown keys are errors and values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _cidr(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a CIDR must be a string such as 10.0.1.0/24")
    try:
        network = ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid IPv4 CIDR ({exc})") from None
    return str(network)


# A number in the spec is a number: YAML's `true` is not a count (pydantic's lax mode would read
# it as 1), the string "1e400" (YAML 1.1 floats need a dot) is not infinity, and no quantity
# passes MAX_NUMBER, so the arithmetic of the plan and the cost stays finite.
MAX_NUMBER = 2_000_000_000
Int = Annotated[int, Strict(), Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
Float = Annotated[float, Strict(), Field(ge=-MAX_NUMBER, le=MAX_NUMBER, allow_inf_nan=False)]
PositiveInt = Annotated[Int, Field(gt=0)]
PositiveFloat = Annotated[Float, Field(gt=0)]

Cidr = Annotated[str, BeforeValidator(_cidr)]
DnsLabel = Annotated[str, Field(pattern=r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
LabelMap = dict[
    Annotated[
        str, Field(pattern=r"^([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
    ],
    str,
]
Percent = Annotated[Float, Field(gt=0, le=100)]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
# HH:MM-HH:MM (daily) and ddd:HH:MM-ddd:HH:MM (weekly), as AWS database APIs take them.
DailyWindow = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")]
WeeklyWindow = Annotated[
    str,
    Field(
        pattern=r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-"
        r"(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$"
    ),
]
Cron = Annotated[str, Field(pattern=r"^(\S+\s+){4}\S+$", description="five-field cron, UTC")]
# A team name, the value of the `chariot:team` cost allocation tag (tag values allow far more;
# a DNS-label-like name also fits Kubernetes labels).
Team = Annotated[str, Field(pattern=r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]

_CPU = re.compile(r"^(\d+)m$|^(\d+(\.\d+)?)$")
_MEM = re.compile(r"^(\d+)(Mi|Gi)$")


def _cpu(value: Any) -> str:
    if not isinstance(value, str) or not _CPU.match(value):
        raise ValueError(f"{value!r} is not a CPU quantity such as '500m' or '2'")
    return value


def _memory(value: Any) -> str:
    if not isinstance(value, str) or not _MEM.match(value):
        raise ValueError(f"{value!r} is not a memory quantity such as '512Mi' or '2Gi'")
    return value


CpuQuantity = Annotated[str, BeforeValidator(_cpu)]
MemoryQuantity = Annotated[str, BeforeValidator(_memory)]


def millicores(quantity: str) -> int:
    """'500m' -> 500, '2' -> 2000."""
    return int(quantity[:-1]) if quantity.endswith("m") else int(float(quantity) * 1000)


def mebibytes(quantity: str) -> int:
    """'512Mi' -> 512, '2Gi' -> 2048."""
    match = _MEM.match(quantity)
    if match is None:  # pragma: no cover - guarded by MemoryQuantity
        raise ValueError(quantity)
    return int(match.group(1)) * (1024 if match.group(2) == "Gi" else 1)


class Bounds(Model):
    """An inclusive min/max pair (replicas, capacity units, ...)."""

    min: Annotated[Int, Field(ge=0)]
    max: PositiveInt


# ---------------------------------------------------------------- network


class GatewayEndpoint(StrEnum):
    S3 = "s3"
    DYNAMODB = "dynamodb"


class Subnets(Model):
    """Exact CIDRs per tier; the n-th entry is placed in the n-th availability zone."""

    public: list[Cidr]
    private: list[Cidr]
    database: list[Cidr]
    pods: list[Cidr] = Field(
        default=[],
        description="one per zone inside network.pod_cidr: where pods get their addresses "
        "(VPC CNI custom networking); nodes stay in the private subnets",
    )


class FlowLogs(Model):
    enabled: StrictBool = True
    traffic_type: Literal["ALL", "ACCEPT", "REJECT"] = "ALL"
    retention_days: PositiveInt = 365


class Network(Model):
    vpc_cidr: Cidr
    pod_cidr: Cidr | None = Field(
        default=None,
        description="a secondary VPC CIDR for pod addresses (e.g. 100.64.0.0/16); needs "
        "subnets.pods and vpc-cni custom networking",
    )
    subnets: Subnets
    nat_gateways: Annotated[Int, Field(ge=0)]
    gateway_endpoints: list[GatewayEndpoint] = [GatewayEndpoint.S3, GatewayEndpoint.DYNAMODB]
    interface_endpoints: list[Annotated[str, Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")]] = []
    flow_logs: FlowLogs = FlowLogs()

    @property
    def pod_subnets(self) -> list[str]:
        """Where pods take their IP addresses: the pod subnets, else the private ones."""
        return list(self.subnets.pods or self.subnets.private)


# ---------------------------------------------------------------- cluster


class LogType(StrEnum):
    API = "api"
    AUDIT = "audit"
    AUTHENTICATOR = "authenticator"
    CONTROLLER_MANAGER = "controllerManager"
    SCHEDULER = "scheduler"


class EndpointAccess(Model):
    """Private endpoint always; a public one only with an explicit allow list.

    The way in for people is chosen here: `public` with `public_cidrs` (kubectl straight to the
    endpoint from those networks), or `ssm_port_forwarding` (AWS Systems Manager port forwarding
    through a node to the private endpoint: no bastion, no SSH, no inbound rule).
    """

    private: Literal[True] = True
    public: StrictBool = False
    public_cidrs: list[Cidr] = []
    ssm_port_forwarding: StrictBool = Field(
        default=False,
        description="a managed policy that lets cluster.admins port-forward to the private "
        "endpoint through the cluster's nodes with Session Manager",
    )

    @model_validator(mode="after")
    def _public_needs_cidrs(self) -> EndpointAccess:
        if self.public and not self.public_cidrs:
            raise ValueError("a public endpoint needs public_cidrs (an open endpoint is refused)")
        if self.public and "0.0.0.0/0" in self.public_cidrs:
            raise ValueError("public_cidrs must not contain 0.0.0.0/0")
        if not self.public and self.public_cidrs:
            raise ValueError("public_cidrs is set but public is false")
        return self


class EksAddon(Model):
    """An EKS managed add-on; `version: null` takes the pin of `chariot.spec.addon_versions` for
    the cluster's Kubernetes version, else the version EKS makes its default on creation day."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    version: str | None = None
    configuration: dict[str, Any] = {}


class FargateSelector(Model):
    namespace: DnsLabel
    labels: LabelMap = {}


class FargateProfile(Model):
    name: DnsLabel
    selectors: Annotated[list[FargateSelector], Field(min_length=1, max_length=5)]


class TaintEffect(StrEnum):
    NO_SCHEDULE = "NoSchedule"
    PREFER_NO_SCHEDULE = "PreferNoSchedule"
    NO_EXECUTE = "NoExecute"


class Taint(Model):
    key: str
    value: str
    effect: TaintEffect


def _capacity_type(value: Any) -> Any:
    if isinstance(value, str) and value.upper().replace("-", "_") == "FARGATE_SPOT":
        raise ValueError(
            "EKS does not support Fargate Spot (it is an ECS feature): use SPOT on an EC2 "
            "node pool or a Karpenter spot NodePool"
        )
    return value


_GRAVITON_FAMILY = re.compile(r"^[a-z]+\d+g[a-z]*$")


def is_graviton(instance_type: str) -> bool:
    """m7g.large, c6gn.xlarge, r8gd.2xlarge: an AWS Graviton (arm64) instance type."""
    return bool(_GRAVITON_FAMILY.match(instance_type.split(".", 1)[0]))


class NodePool(Model):
    """A pool of nodes with one owner: a managed node group, or a Karpenter NodePool."""

    name: DnsLabel
    instance_types: Annotated[list[str], Field(min_length=1)]
    capacity_type: Annotated[Literal["ON_DEMAND", "SPOT"], BeforeValidator(_capacity_type)]
    min_size: Annotated[Int, Field(ge=0)]
    max_size: PositiveInt
    desired_size: Annotated[Int, Field(ge=0)]
    disk_size_gib: Annotated[Int, Field(ge=20, le=16384)] = 50
    labels: LabelMap = {}
    taints: list[Taint] = []
    autoscaled: StrictBool = Field(
        default=True,
        description="true: cluster.node_autoscaler owns the pool (Karpenter: a NodePool and no "
        "managed node group; cluster-autoscaler: a node group it resizes); false: a managed "
        "node group of desired_size that only cost.scheduled_scaling may resize",
    )


Duration = Annotated[str, Field(pattern=r"^([0-9]+(s|m|h))+$|^Never$")]


class Karpenter(Model):
    graviton: StrictBool = False
    consolidation: StrictBool = True
    consolidate_after: Duration = Field(
        default="1m", description="how long a node stays underused before Karpenter consolidates"
    )
    expire_after: Duration = Field(
        default="720h", description="node lifetime before Karpenter replaces it (fresh AMIs)"
    )
    ami_alias: Annotated[str, Field(pattern=r"^al2023@v\d{8}$")] = Field(
        default=AL2023_ALIAS,
        description="the pinned AL2023 node image release (never @latest): al2023@vYYYYMMDD",
    )
    disruption_budget: Annotated[str, Field(pattern=r"^((100|[0-9]{1,2})%|[0-9]+)$")] = Field(
        default="10%",
        description="at most this many nodes of a NodePool are disrupted at once (drift, "
        "expiry, consolidation)",
    )


GitPath = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]


class GitOps(Model):
    """Argo CD keeps the cluster at the manifests `chariot synth` rendered for this environment,
    as committed to `repository` (docs/operations.md, "GitOps")."""

    repository: Annotated[str, Field(pattern=r"^(https://[^\s@]+|ssh://\S+|git@[^:\s]+:\S+)$")] = (
        Field(description="the Git repository holding the rendered manifests (https or ssh)")
    )
    revision: Annotated[str, Field(pattern=r"^[A-Za-z0-9._/-]+$")] = Field(
        default="main", description="the branch, tag or commit Argo CD follows"
    )
    path: GitPath | None = Field(
        default=None, description="the folder in the repository; default dist/<environment>/k8s"
    )
    prune: bool = Field(default=True, description="delete objects removed from the folder")
    self_heal: bool = Field(default=True, description="undo changes made outside Git")

    @model_validator(mode="after")
    def _inside_the_repository(self) -> GitOps:
        if self.path is not None and ".." in self.path.split("/"):
            raise ValueError("path must stay inside the repository (no '..')")
        return self


class Cluster(Model):
    name: DnsLabel
    kubernetes_version: Annotated[str, Field(pattern=r"^1\.\d{2}$")]
    endpoint: EndpointAccess = EndpointAccess()
    logging: list[LogType] = list(LogType)
    addons: list[EksAddon] = []
    node_autoscaler: Literal["karpenter", "cluster-autoscaler"] = "karpenter"
    karpenter: Karpenter = Karpenter()
    fargate_profiles: list[FargateProfile] = []
    node_pools: Annotated[list[NodePool], Field(min_length=1)]
    admins: list[Annotated[str, Field(pattern=r"^arn:aws[a-z-]*:iam::\d{12}:role/\S+$")]] = Field(
        default=[],
        description="IAM role ARNs given AmazonEKSClusterAdminPolicy through EKS access entries",
    )
    helm_versions: dict[DnsLabel, Annotated[str, Field(pattern=r"^v?\d+\.\d+\.\d+\S*$")]] = Field(
        default={}, description="Helm chart version overrides by release name"
    )
    gitops: GitOps | None = Field(
        default=None, description="Argo CD syncing the rendered manifests from a repository"
    )

    @property
    def node_group_pools(self) -> list[NodePool]:
        """The pools a managed node group implements: all of them under cluster-autoscaler, the
        ones Karpenter does not own (autoscaled: false) under Karpenter."""
        if self.node_autoscaler == "cluster-autoscaler":
            return list(self.node_pools)
        return [p for p in self.node_pools if not p.autoscaled]


# ---------------------------------------------------------------- service catalog


class Tier(StrEnum):
    CRITICAL = "critical"
    STANDARD = "standard"
    BATCH = "batch"


class TierResources(Model):
    """Per-pod requests and replica bounds of a tier (the seed's resource allocation)."""

    cpu: CpuQuantity
    memory: MemoryQuantity
    replicas: Bounds


class WorkloadKind(StrEnum):
    API = "api"
    BACKGROUND = "background"
    REALTIME = "realtime"
    BATCH_ANALYTICS = "batch-analytics"


def _compute(value: Any) -> Any:
    if isinstance(value, str) and value.lower().replace("-", "_") == "fargate_spot":
        raise ValueError("EKS does not support Fargate Spot (it is an ECS feature): use ec2_spot")
    return value


Compute = Annotated[
    Literal["auto", "ec2_on_demand", "ec2_spot", "fargate"], BeforeValidator(_compute)
]

AttributeName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,255}$")]


class SecondaryIndex(Model):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{3,255}$")]
    partition_key: AttributeName
    sort_key: AttributeName | None = None


class Autoscaling(Model):
    target_utilization: Annotated[Float, Field(ge=20, le=90)] = 70
    min_capacity: PositiveInt
    max_capacity: PositiveInt


class Provisioned(Model):
    read_capacity: PositiveInt
    write_capacity: PositiveInt
    autoscaling: Autoscaling | None = None


class Table(Model):
    """The service's own DynamoDB table (named `<TableName>-<env>`)."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9]{2,200}$")]
    partition_key: AttributeName = "pk"
    sort_key: AttributeName | None = "sk"
    indexes: list[SecondaryIndex] = []
    billing: Literal["on_demand", "provisioned"] = "on_demand"
    provisioned: Provisioned | None = None
    table_class: Literal["STANDARD", "STANDARD_INFREQUENT_ACCESS"] = "STANDARD"
    point_in_time_recovery: bool = Field(
        default=True,
        description="continuous backups (restore to any second of the last 35 days); billed "
        "per GB. A global table (dr.strategy pilot_light or warm_standby) must keep it: "
        "replication copies a bad write to every replica",
    )

    @model_validator(mode="after")
    def _provisioned_needs_capacity(self) -> Table:
        if self.billing == "provisioned" and self.provisioned is None:
            raise ValueError("billing 'provisioned' needs a 'provisioned' block with capacities")
        if self.billing == "on_demand" and self.provisioned is not None:
            raise ValueError("a 'provisioned' block is only valid with billing 'provisioned'")
        return self


Classification = Literal["public", "internal", "confidential", "restricted"]


class DataNeeds(Model):
    table: Table | None = None
    graph: StrictBool = False
    cache: StrictBool = False
    classification: Classification | None = Field(
        default=None,
        description="the class of the data this service stores (required when it stores any): "
        "public | internal | confidential | restricted; tags every store that holds it",
    )

    @property
    def stores_data(self) -> bool:
        """Whether the service keeps data of its own: a table, graph nodes or cache entries."""
        return self.table is not None or self.graph or self.cache


def _catalog_image(image: str) -> str:
    """A tag of the service's platform repository, or a full reference pinned by tag or digest
    (chariot.spec.images has the contract)."""
    if is_tag(image):
        return image
    try:
        ref = parse(image)
    except ValueError:
        ref = None
    if ref is None or (ref.tag is None and ref.digest is None):
        raise ValueError(
            "expected a tag of the service's own repository (e.g. 0.1.0) or a full reference "
            "with a tag or digest (e.g. ghcr.io/acme/billing:2.3.1)"
        )
    return image


CatalogImage = Annotated[str, AfterValidator(_catalog_image)]


class Canary(Model):
    """A second version that receives `weight` percent of the traffic."""

    version: DnsLabel
    image: CatalogImage
    weight: Annotated[Int, Field(ge=1, le=99)]


VpaMode = Literal["recommend", "initial", "none"]
"""How the VerticalPodAutoscaler treats a service: `recommend` (updateMode Off: recommendations
only), `initial` (requests set when a pod is created, never resized while it runs) or `none`
(no VPA; then the HPA may also scale on memory)."""


class Service(Model):
    """One catalog entry: everything a service team declares to get a running service."""

    name: DnsLabel
    description: str = ""
    team: Team = Field(
        description="the team that owns the service: its resources' `chariot:team` cost "
        "allocation tag"
    )
    namespace: DnsLabel
    tier: Tier
    kind: WorkloadKind
    image: CatalogImage
    port: Annotated[Int, Field(ge=1024, le=65535)] = 8080
    target_rps: Annotated[Float, Field(ge=0)]
    rps_limit: PositiveInt
    latency_slo_ms: PositiveInt
    execution_time_minutes: Annotated[Float, Field(ge=0)] = 0
    fault_tolerant: StrictBool = False
    meshed: StrictBool = True
    compute: Compute = "auto"
    canary: Canary | None = None
    data: DataNeeds = DataNeeds()
    depends_on: list[DnsLabel] = []
    vpa: VpaMode = "recommend"


# ---------------------------------------------------------------- edge and mesh


class Cdn(Model):
    enabled: StrictBool = True
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = "PriceClass_100"
    static_ttl_seconds: Annotated[Int, Field(ge=0)] = 86400
    api_ttl_seconds: Annotated[Int, Field(ge=0)] = 300
    api_cache_keys: list[str] = ["user_id", "account_id"]


class Waf(Model):
    enabled: StrictBool = True
    rate_limit_per_5min: Annotated[Int, Field(ge=10, le=2_000_000_000)] = 2000
    managed_rule_groups: list[str] = [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    ]


class Jwt(Model):
    """Who issues the tokens. `issuer: null` means the Cognito user pool the edge creates."""

    issuer: Annotated[str, Field(pattern=r"^https://\S+$")] | None = None
    jwks_uri: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    audiences: list[str] = []

    @model_validator(mode="after")
    def _issuer_and_jwks_together(self) -> Jwt:
        if (self.issuer is None) != (self.jwks_uri is None):
            raise ValueError("issuer and jwks_uri are set together (or both left out for Cognito)")
        return self


EdgeRouting = Literal["per_service", "shared"]
"""How the API Gateway routes `/v1/...`: `per_service` gives each routed service its own routes
(throttled at its `rps_limit`), `shared` one `/v1/{proxy+}` route to the mesh's ingress, whose
VirtualServices route per service (spec.edge_routes says when per_service no longer fits)."""


# An HTTP header name (RFC 9110 token), lower case: API Gateway matches names case-insensitively.
HeaderName = Annotated[str, Field(pattern=r"^[a-z0-9!#$%&'*+.^_`|~-]{1,128}$")]


class ParameterMapping(Model):
    """Headers API Gateway sets or removes on every route's integration (chariot.spec.rules.
    edge_parameter_mapping checks them against what API Gateway accepts). A value is a mapping
    expression in the HTTP API's syntax: `$context.<variable>`, `$request.header.<name>`,
    `$request.querystring.<name>`, `$request.path.<name>`, `$stageVariables.<name>`
    (responses: `$response.header.<name>`, `$context.<variable>`), or a constant."""

    set_request_headers: dict[HeaderName, str] = Field(
        default={}, description="header -> value, overwriting what the client sent"
    )
    remove_request_headers: list[HeaderName] = Field(
        default=[], description="headers dropped before the request reaches the mesh"
    )
    set_response_headers: dict[HeaderName, str] = Field(
        default={}, description="header -> value on every response (http API only)"
    )
    remove_response_headers: list[HeaderName] = Field(
        default=[], description="internal headers dropped from every response (http API only)"
    )

    @property
    def empty(self) -> bool:
        return not (
            self.set_request_headers
            or self.remove_request_headers
            or self.set_response_headers
            or self.remove_response_headers
        )


class Edge(Model):
    api_gateway: Literal["http", "rest", "none"] = "http"
    routing: EdgeRouting = "per_service"
    cdn: Cdn = Cdn()
    waf: Waf = Waf()
    throttle_burst: PositiveInt = 2000
    jwt: Jwt = Jwt()
    domain_name: str | None = None
    hosted_zone: str | None = None
    parameter_mapping: ParameterMapping = ParameterMapping()


class Retries(Model):
    attempts: Annotated[Int, Field(ge=0, le=10)] = 3
    per_try_timeout_seconds: PositiveFloat = 2
    retry_on: str = "5xx,reset,connect-failure,retriable-4xx"


class OutlierDetection(Model):
    consecutive_5xx_errors: PositiveInt = 3
    interval_seconds: PositiveInt = 30
    base_ejection_seconds: PositiveInt = 30
    max_ejection_percent: Annotated[Int, Field(ge=1, le=100)] = 50


class ConnectionPool(Model):
    max_connections: PositiveInt = 100
    http1_max_pending_requests: PositiveInt = 50
    max_requests_per_connection: PositiveInt = 10


class FaultDelay(Model):
    percent: Percent
    fixed_delay_seconds: PositiveFloat


class FaultAbort(Model):
    percent: Percent
    http_status: Annotated[Int, Field(ge=400, le=599)]


class Chaos(Model):
    """An explicit chaos profile: the only way fault injection reaches a VirtualService."""

    services: Annotated[list[DnsLabel], Field(min_length=1)]
    delay: FaultDelay | None = None
    abort: FaultAbort | None = None

    @model_validator(mode="after")
    def _some_fault(self) -> Chaos:
        if self.delay is None and self.abort is None:
            raise ValueError("a chaos profile needs a delay, an abort or both")
        return self


class MeshComponent(Model):
    """Requests, limits and replica bounds (HPA) of an Istio control-plane or gateway Deployment."""

    cpu_request: CpuQuantity
    memory_request: MemoryQuantity
    cpu_limit: CpuQuantity
    memory_limit: MemoryQuantity
    replicas: Bounds

    @model_validator(mode="after")
    def _sane(self) -> MeshComponent:
        if not 1 <= self.replicas.min <= self.replicas.max:
            raise ValueError("replicas must satisfy 1 <= min <= max (the HPA's bounds)")
        if millicores(self.cpu_request) > millicores(self.cpu_limit):
            raise ValueError("cpu_request is above cpu_limit")
        if mebibytes(self.memory_request) > mebibytes(self.memory_limit):
            raise ValueError("memory_request is above memory_limit")
        return self


class Mesh(Model):
    mtls: Literal["STRICT", "PERMISSIVE"] = "STRICT"
    load_balancer: Literal["LEAST_REQUEST", "ROUND_ROBIN", "RANDOM"] = "LEAST_REQUEST"
    locality_failover: StrictBool = Field(
        default=True,
        description="prefer endpoints in the caller's zone, fail over to other zones when outlier "
        "detection ejects them (cuts cross-zone transfer and latency)",
    )
    retries: Retries = Retries()
    timeout_seconds: PositiveFloat = 10
    outlier_detection: OutlierDetection = OutlierDetection()
    connection_pool: ConnectionPool = ConnectionPool()
    chaos: Chaos | None = Field(
        default=None, description="fault injection for the named services; never set in prod"
    )
    # The seed's IstioOperator values: istiod 500m/2Gi -> 1/4Gi, gateways 100m/128Mi -> 2/1Gi.
    istiod: MeshComponent = MeshComponent(
        cpu_request="500m",
        memory_request="2048Mi",
        cpu_limit="1000m",
        memory_limit="4096Mi",
        replicas=Bounds(min=2, max=10),
    )
    ingress_gateway: MeshComponent = MeshComponent(
        cpu_request="100m",
        memory_request="128Mi",
        cpu_limit="2000m",
        memory_limit="1024Mi",
        replicas=Bounds(min=2, max=10),
    )
    egress_gateway: MeshComponent = MeshComponent(
        cpu_request="100m",
        memory_request="128Mi",
        cpu_limit="2000m",
        memory_limit="1024Mi",
        replicas=Bounds(min=2, max=5),
    )


# ---------------------------------------------------------------- data stores


class Neptune(Model):
    enabled: StrictBool = True
    engine_version: Annotated[str, Field(pattern=r"^1\.4\.\d+\.\d+$")] = "1.4.5.1"
    instance_class: Annotated[str, Field(pattern=r"^db\.[a-z0-9]+\.[a-z0-9]+$")]
    instances: Annotated[Int, Field(ge=1, le=16)]
    backup_retention_days: Annotated[Int, Field(ge=1, le=35)] = 7
    backup_window: DailyWindow = "03:00-04:00"
    maintenance_window: WeeklyWindow = "sun:04:00-sun:05:00"


class Cache(Model):
    enabled: StrictBool = True
    engine: Literal["valkey", "redis"] = "valkey"
    engine_version: str = "8.0"
    node_type: Annotated[str, Field(pattern=r"^cache\.[a-z0-9]+\.[a-z0-9]+$")]
    nodes: Annotated[Int, Field(ge=1, le=6)]
    snapshot_retention_days: Annotated[Int, Field(ge=0, le=35)] = 7
    snapshot_window: DailyWindow = "03:00-04:00"
    ttl_seconds: PositiveInt = 300


class DataStores(Model):
    neptune: Neptune
    cache: Cache


# ---------------------------------------------------------------- security, ops, cost, DR


DataEventScope = Literal["all", "write", "none"]


class TrailDataEvents(Model):
    """Which object-level calls the trail records (CloudTrail data events, billed per event)."""

    s3: DataEventScope = Field(
        default="all", description="the platform's objects bucket: reads and writes, or writes"
    )
    dynamodb: DataEventScope = Field(
        default="write",
        description="the services' tables; reads at thousands of requests/s cost thousands a month",
    )


class Security(Model):
    kms_key_rotation: Literal[True] = True
    cloudtrail: StrictBool = True
    trail_data_events: TrailDataEvents = TrailDataEvents()
    dns_query_logs: StrictBool = True
    log_retention_days: PositiveInt = 365
    pod_security_groups: list[DnsLabel] = Field(
        default=[], description="services whose pods get a SecurityGroupPolicy to the data tier"
    )


class Registry(Model):
    """Where the services' images come from: the platform's ECR repository per service, and the
    other registries a catalog image may name in full (chariot.spec.images)."""

    keep_images: Annotated[Int, Field(ge=1, le=10_000)] = Field(
        default=50, description="lifecycle policy: the newest N images of a repository are kept"
    )
    external: list[Annotated[str, Field(pattern=r"^[a-z0-9.-]+(:\d+)?$")]] = Field(
        default=[],
        description="registry hosts a catalog image may name in full (e.g. public.ecr.aws)",
    )


class Stacks(Model):
    """How the CloudFormation stacks are cut (chariot.spec.service_stacks has the rule)."""

    service_stacks: Annotated[int, Field(ge=1, le=200)] = Field(
        default=32,
        description="how many stacks `<name>-<env>-services-<n>` the per-service resources "
        "(table, Pod Identity role and policy, ECR repository) are hashed into: a service's "
        "stack is 1 + sha256(name) mod this number; changing it moves (replaces) tables",
    )


class Thresholds(Model):
    cpu_percent: Percent = 80
    memory_percent: Percent = 85
    disk_percent: Percent = 80
    network_errors_percent: Percent = 1


class Availability(Model):
    """The share of a tier's requests that must not fail (5xx), in percent, over the SLO window."""

    critical: Annotated[float, Field(ge=90, lt=100)] = 99.9
    standard: Annotated[float, Field(ge=90, lt=100)] = 99.5
    batch: Annotated[float, Field(ge=90, lt=100)] = 99.0

    def of(self, tier: Tier) -> float:
        return float(getattr(self, tier.value))


class Slo(Model):
    """What the burn-rate alerts defend: availability per tier here, latency from
    `performance.latency` (p50/p90/p99: that share of requests under that many ms)."""

    window_days: Annotated[int, Field(ge=7, le=90)] = Field(
        default=30, description="the SLO period an error budget is spent over"
    )
    availability: Availability = Availability()


def _istio_precision(value: float) -> float:
    """Istio reads a sampling percentage to 0.01 (istio.io/latest/docs/tasks/observability/
    distributed-tracing/sampling): a finer value would silently be another rate."""
    if abs(value * 100 - round(value * 100)) > 1e-9:
        raise ValueError(f"{value} has more than two decimals; Istio samples in steps of 0.01")
    return value


SamplingPercent = Annotated[Float, Field(ge=0, le=100), AfterValidator(_istio_precision)]


class Tracing(Model):
    """Distributed tracing: the mesh's sidecars report spans through an OpenTelemetry collector
    to AWS X-Ray (docs/operations.md, "Tracing")."""

    enabled: StrictBool = True
    sampling_percent: SamplingPercent = Field(
        default=1.0,
        description="share of requests (0-100, steps of 0.01) whose trace the mesh starts and "
        "reports; a request that arrives with a sampling decision keeps it",
    )
    transaction_search: StrictBool = Field(
        default=True,
        description="create the account's X-Ray Transaction Search setting (the OTLP endpoint "
        "needs it); false where the account has it already, since it is one per account",
    )


class Observability(Model):
    alarm_email: Email
    thresholds: Thresholds = Thresholds()
    slo: Slo = Slo()
    tracing: Tracing = Tracing()


class Budget(Model):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,100}$")]
    limit_usd: PositiveFloat
    threshold_percent: Percent
    email: Email
    service_filter: str | None = Field(
        default=None, description="an AWS cost-explorer service name; empty for all services"
    )


class AnomalyDetection(Model):
    """Cost anomaly alerts. By default a customer-managed (CUSTOM) monitor of the costs tagged
    with this environment's `chariot:environment` tag; `monitor_arn` subscribes to a monitor
    that exists instead (an AWS-managed SERVICE monitor is one per account, and most accounts
    already have it)."""

    enabled: StrictBool = True
    sensitivity: Literal["HIGH", "MEDIUM", "LOW"] = "HIGH"
    email: Email
    monitor_arn: (
        Annotated[str, Field(pattern=r"^arn:aws[a-z-]*:ce::\d{12}:anomalymonitor/[A-Za-z0-9-]+$")]
        | None
    ) = None


class Lifecycle(Model):
    ia_days: PositiveInt
    glacier_days: PositiveInt
    expire_days: PositiveInt

    @model_validator(mode="after")
    def _ordered(self) -> Lifecycle:
        if not self.ia_days < self.glacier_days < self.expire_days:
            raise ValueError("days must grow: ia_days < glacier_days < expire_days")
        return self


class S3Lifecycle(Model):
    objects: Lifecycle
    logs: Lifecycle


class ScheduledAction(Model):
    cron: Cron
    desired: Annotated[Int, Field(ge=0)]


class ScheduledScaling(Model):
    enabled: StrictBool = False
    node_pool: DnsLabel | None = None
    business_hours: ScheduledAction | None = None
    off_hours: ScheduledAction | None = None


class UnusedVolumes(Model):
    """A scheduled job that mails the EBS volumes attached to nothing for longer than
    `older_than_days` (counted from creation: EC2 records no detach time) and deletes them when
    `delete` is true; a volume tagged `chariot:keep=true` is never deleted."""

    enabled: bool = True
    schedule: Cron = Field(default="0 6 * * 1", description="when the job runs (UTC)")
    older_than_days: Annotated[int, Field(ge=1, le=3650)] = 7
    delete: bool = Field(default=False, description="delete what the report lists")


class RightSizing(Model):
    """A weekly report of the VPA's recommendations for every container and Compute
    Optimizer's findings for the cluster's nodes, written to S3 and summarised by mail to the
    alerts topic (docs/operations.md, "Right-sizing report")."""

    enabled: StrictBool = True
    schedule: Cron = Field(default="0 7 * * 1", description="when the report runs (UTC)")
    keep_days: Annotated[int, Field(ge=90, le=3650)] = Field(
        default=400, description="how long reports are kept in their bucket (at least 90 days)"
    )


class CostGovernance(Model):
    budgets: list[Budget] = []
    anomaly_detection: AnomalyDetection | None = None
    daily_charges_alarm_usd: PositiveFloat | None = None
    s3_lifecycle: S3Lifecycle
    scheduled_scaling: ScheduledScaling = ScheduledScaling()
    unused_volumes: UnusedVolumes = UnusedVolumes()
    rightsizing: RightSizing = RightSizing()


DrStrategy = Literal["backup_restore", "pilot_light", "warm_standby"]
"""How the platform survives the loss of its region (chariot.spec.dr_strategies has what each
one runs in the DR region, what it costs and the recovery it achieves)."""


class ClusterBackup(Model):
    """Velero backups of the cluster's Kubernetes objects to S3 (docs/operations.md)."""

    enabled: bool = True
    schedule: Cron = Field(default="0 3 * * *", description="when the backup runs (UTC)")
    retention_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        default=30, description="how long Velero keeps each backup"
    )


class DisasterRecovery(Model):
    """The recovery targets for the loss of a zone or of the region, and the strategy that must
    meet them (the dr-strategy-meets-targets rule refuses one that cannot)."""

    strategy: DrStrategy = Field(
        description="backup_restore (copies only) | pilot_light (data replicated, compute "
        "scaled to the control plane) | warm_standby (data replicated, services running at "
        "minimum replicas)"
    )
    rto_minutes: PositiveInt
    rpo_minutes: PositiveInt
    objects_rpo_minutes: PositiveInt | None = Field(
        default=None,
        description="the RPO accepted for S3 objects (default rpo_minutes): S3 Replication "
        "Time Control promises 99.99 % of objects within 15 minutes, and no S3 mechanism less",
    )
    dr_region: Annotated[str, Field(pattern=r"^[a-z]{2}(-[a-z]+)+-\d$")]
    cluster_backup: ClusterBackup = ClusterBackup()
    vpc_cidr: Cidr = Field(
        default="10.64.0.0/16",
        description="the DR region's VPC (pilot_light, warm_standby): the DR cluster and the "
        "graph's secondary cluster; keep it apart from network.vpc_cidr so the two can be peered",
    )
    availability_zones: list[str] | None = Field(
        default=None,
        description="the DR region's zones for that VPC and its cluster (default: its zones a "
        "and b)",
    )

    @property
    def zones(self) -> list[str]:
        """The DR VPC's zones: as given, else `<dr_region>a` and `<dr_region>b`."""
        return self.availability_zones or [f"{self.dr_region}a", f"{self.dr_region}b"]

    @property
    def objects_rpo(self) -> int:
        """The RPO target for S3 objects."""
        return self.objects_rpo_minutes or self.rpo_minutes


class LatencyTargets(Model):
    p50_ms: PositiveInt
    p90_ms: PositiveInt
    p99_ms: PositiveInt

    @model_validator(mode="after")
    def _ordered(self) -> LatencyTargets:
        if not self.p50_ms <= self.p90_ms <= self.p99_ms:
            raise ValueError("latency targets must grow: p50_ms <= p90_ms <= p99_ms")
        return self


class Performance(Model):
    latency: LatencyTargets
    rps_per_service: PositiveInt
    rps_cluster: PositiveInt
    cpu_target_percent: Percent = 70
    memory_target_percent: Percent = 80
    requests_per_pod_target: PositiveInt = 800


# ---------------------------------------------------------------- the whole spec


def _account(value: str) -> str:
    if not re.fullmatch(r"\d{12}", value):
        raise ValueError("an AWS account id is 12 digits")
    return value


class PlatformSpec(Model):
    """One environment of the platform, with its service catalog."""

    name: DnsLabel
    environment: DnsLabel
    platform_team: Team = Field(
        description="the team that owns the shared resources (network, cluster, edge, data "
        "stores): their `chariot:team` cost allocation tag; a service's own resources carry "
        "its catalog entry's `team`"
    )
    account: Annotated[str, AfterValidator(_account)]
    region: Annotated[str, Field(pattern=r"^[a-z]{2}(-[a-z]+)+-\d$")]
    availability_zones: Annotated[list[str], Field(min_length=2, max_length=6)]
    network: Network
    cluster: Cluster
    tiers: dict[Tier, TierResources]
    services: list[Service] = []
    edge: Edge = Edge()
    mesh: Mesh = Mesh()
    data: DataStores
    security: Security = Security()
    registry: Registry = Registry()
    stacks: Stacks = Stacks()
    observability: Observability
    cost: CostGovernance
    dr: DisasterRecovery
    performance: Performance
    deletion_protection: StrictBool = True

    def service(self, name: str) -> Service:
        """The catalog entry called `name` (KeyError when there is none)."""
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    @property
    def meshed_namespaces(self) -> set[str]:
        return {s.namespace for s in self.services if s.meshed}
