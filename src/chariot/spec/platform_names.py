"""Where the platform add-ons live in the cluster, and the physical names of the data tier: the
names both sides must agree on.

The add-ons (infra) install Istio, its gateways and the metrics stack under these namespaces,
names and labels; the manifests (k8s) select, authorize and allow traffic from them. Both read
this one module (the spec is the only layer both may import), and
`tests/test_platform_contract.py` checks the synthesized Helm values against the rendered
manifests, so a rename on either side fails a test instead of a deployment.
"""

from __future__ import annotations

ISTIO_NAMESPACE = "istio-system"  # istio-base, istiod and the istio-cni node agent
ISTIOD_LABELS = {"app": "istiod"}  # set by the istiod chart on its pods

INGRESS_NAMESPACE = "istio-ingress"
# The gateway chart names the Deployment, Service and ServiceAccount after `name`.
INGRESS_GATEWAY_NAME = "istio-ingressgateway"
# What Gateways and NetworkPolicies select on; the chart's pods carry these labels.
INGRESS_GATEWAY_SELECTOR = {"istio": "ingressgateway"}
INGRESS_GATEWAY_LABELS = {"app": INGRESS_GATEWAY_NAME, **INGRESS_GATEWAY_SELECTOR}

EGRESS_NAMESPACE = "istio-egress"
EGRESS_GATEWAY_NAME = "istio-egressgateway"
EGRESS_GATEWAY_LABELS = {"app": EGRESS_GATEWAY_NAME, "istio": "egressgateway"}

KARPENTER_NAMESPACE = "karpenter"  # its controller, on a Fargate profile when the spec has one

MONITORING_NAMESPACE = "monitoring"  # Prometheus (the scraper) and prometheus-adapter

# Tracing: the OpenTelemetry collector the sidecars send spans to (OTLP over gRPC), and the name
# of the mesh's extension provider that points at it (meshConfig.extensionProviders).
TRACING_NAMESPACE = "observability"
OTEL_COLLECTOR_NAME = "otel-collector"  # the chart's fullnameOverride: Deployment and Service
OTEL_GRPC_PORT = 4317
TRACING_PROVIDER = "otel-xray"

# The custom metric (custom.metrics.k8s.io, per pod) that HPAs scale on and
# prometheus-adapter serves.
REQUESTS_PER_SECOND_METRIC = "requests_per_second"


def camel(name: str) -> str:
    """`vulnerability-scanner` -> `VulnerabilityScanner`: how per-service construct ids and
    outputs are named."""
    return "".join(part.capitalize() for part in name.replace("_", "-").split("-"))


def pod_security_group_output(service: str) -> str:
    """The data stack's output with the id of a service's pod security group; the manifests'
    SecurityGroupPolicy reads it from `cdk deploy --outputs-file`."""
    return f"PodSecurityGroup{camel(service)}Id"


def table_name(table: str, environment: str) -> str:
    """A service's DynamoDB table as created (`<Table.name>-<env>`, the seed's `UserService-prod`)
    and as the service is told (`CHARIOT_TABLE_NAME`)."""
    return f"{table}-{environment}"


def stack_name(name: str, environment: str, part: str) -> str:
    """`<name>-<env>-<part>`: every stack chariot synthesizes (chariot.infra.stacks.base)."""
    return f"{name}-{environment}-{part}"


# The DR region's stacks: `<name>-<env>-dr` (copy vault, replica buckets) and
# `<name>-<env>-dr-<part>` (dr-network, dr-cluster, dr-data, ...). `cdk deploy --all
# --outputs-file` writes both regions' outputs into one file; each region's manifests read their
# own region's stacks (chariot.k8s.stack_outputs), so an output both regions give (the cluster's
# security group, an endpoint) is never ambiguous between them.
DR_STACK_PART = "dr"


def is_dr_stack(name: str, environment: str, stack: str) -> bool:
    """Whether `stack` (a stack name of an outputs file) is one of the DR region's."""
    dr = stack_name(name, environment, DR_STACK_PART)
    return stack == dr or stack.startswith(f"{dr}-")


# Where `chariot synth` writes each region's manifests under dist/<env>/: the primary region's
# in `k8s/`, the DR region's (pilot_light, warm_standby) beside them, named after its region so
# that the folder says which cluster it is applied to.
KUBERNETES_DIR = "k8s"


def dr_kubernetes_dir(dr_region: str) -> str:
    """`k8s-<dr_region>`: the DR region's manifests, applied to the DR cluster at failover."""
    return f"{KUBERNETES_DIR}-{dr_region}"


# The edge stack's Cognito user pool, as its outputs name it and as the mesh trusts it: the edge
# stack writes these outputs, `chariot.k8s.issuer` reads them from `cdk deploy --outputs-file`.
COGNITO_POOL_ID_OUTPUT = "CognitoUserPoolId"
COGNITO_CLIENT_ID_OUTPUT = "CognitoUserPoolClientId"
COGNITO_ISSUER_OUTPUT = "CognitoIssuerUrl"
COGNITO_JWKS_OUTPUT = "CognitoJwksUri"


def cognito_issuer_url(region: str, pool_id: str) -> str:
    """The `iss` of a user pool's tokens:
    https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
    """
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"


def jwks_uri(issuer: str) -> str:
    """Where an OpenID issuer (Cognito included) publishes its signing keys."""
    return f"{issuer}/.well-known/jwks.json"


# Template metadata key under which `acknowledge_readiness` (infra) writes {rule: reason} and the
# readiness rules (verify) read it.
READINESS_ACKNOWLEDGEMENTS_KEY = "chariot:readiness"

# A bucket whose content is rebuilt from the repository, not recovered: the DR model reports it
# without a recovery target (chariot.verify.dr.stores.s3). Velero's cluster-state backups: every
# object they hold is rendered by `chariot synth` from the spec in git and applied again.
RECOVERY_TAG = "chariot:recovery"
REBUILT_FROM_REPOSITORY = "rebuilt-from-repository"

# Cost allocation tags (activated in the Billing console, they split the bill): every taggable
# resource carries the environment and the owning team (the service's `team`, else the spec's
# `platform_team`), and a resource that belongs to one service its name. Applied by
# chariot.infra (stack and service scopes), checked by the `cost-allocation-tags` readiness rule.
ENVIRONMENT_TAG = "chariot:environment"
TEAM_TAG = "chariot:team"
SERVICE_TAG = "chariot:service"
STACK_TAG = "chariot:stack"  # the stack part ('network', 'services-1'): not for billing
COST_ALLOCATION_TAGS = (ENVIRONMENT_TAG, TEAM_TAG)
# A bucket of reports a scheduled job writes again on its next run (the right-sizing report):
# nothing in it needs recovering either.
REGENERATED_ON_SCHEDULE = "regenerated-on-schedule"
