"""checkov on every synthesized template: the three environments, prod in the other two edge
modes, and the `variant` (cluster-autoscaler, public endpoint, custom domain).

No failed check on our own resources. What remains is listed in `ACCEPTED`, each entry matched
by check id, stack part and resource (CloudFormation type and logical id), with the reason it
stands. An unlisted failure fails the suite, and so does a listed one that no longer fails where
it applies (a stale entry would otherwise hide a regression of the same check later).

All templates are scanned in one checkov call (copied out, so tree.json and assets stay out).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pytest

from chariot.spec.dr_region import dr_serves_api
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec
from chariot.verify.checkov import Finding, run_checkov
from tests.conftest import Synthesized, needs_uvx


def _always(_: PlatformSpec) -> bool:
    return True


def _http_behind_cloudfront(spec: PlatformSpec) -> bool:
    return spec.edge.api_gateway == "http" and spec.edge.cdn.enabled


def _unused_volumes_job(spec: PlatformSpec) -> bool:
    return spec.cost.unused_volumes.enabled


def _rightsizing_job(spec: PlatformSpec) -> bool:
    return spec.cost.rightsizing.enabled


def _karpenter(spec: PlatformSpec) -> bool:
    return spec.cluster.node_autoscaler == "karpenter"


@dataclass(frozen=True)
class Accepted:
    """A failed check that stands: `resource` is `<CloudFormation type>.<logical id>`, matched
    whole as a regular expression (CDK-internal ids end in an 8-hex-digit path hash)."""

    check_id: str
    part: str
    resource: str
    reason: str
    applies: Callable[[PlatformSpec], bool] = _always

    def matches(self, finding: Finding, part: str, spec: PlatformSpec) -> bool:
        # A DR twin (`dr-<part>`: the same stack made from the DR view) shares the decisions.
        return (
            finding.check_id == self.check_id
            and part.removeprefix("dr-") == self.part
            and re.fullmatch(self.resource, finding.resource) is not None
            and self.applies(spec)
        )


HASH = "[0-9A-F]{8}"
KUBECTL_HANDLER = rf"AWS::Lambda::Function\.ClusterKubectlProviderHandler{HASH}"
KUBECTL_ON_EVENT = rf"AWS::Lambda::Function\.ClusterKubectlProviderframeworkonEvent{HASH}"
CFN_UTILS = rf"AWS::Lambda::Function\.AWSCDKCfnUtilsProviderCustomResourceProviderHandler{HASH}"
ORIGIN_AUTHORIZER = rf"AWS::Lambda::Function\.OriginSecretAuthorizer{HASH}"
UNUSED_VOLUMES_JOB = rf"AWS::Lambda::Function\.UnusedVolumesFunction{HASH}"
ORIGIN_ROTATION = rf"AWS::Lambda::Function\.OriginSecretRotationFunction{HASH}"
RIGHTSIZING_JOB = rf"AWS::Lambda::Function\.rightsizingFunction{HASH}"
AWS_CUSTOM_RESOURCE = rf"AWS::Lambda::Function\.AWS679f53fac002430cb0da5b7982bd2287{HASH}"
RESTRICT_DEFAULT_SG = (
    rf"AWS::Lambda::Function\.CustomVpcRestrictDefaultSGCustomResourceProviderHandler{HASH}"
)


def _job(
    part: str, resource: str, applies: Callable[[PlatformSpec], bool], reasons: dict[str, str]
) -> list[Accepted]:
    """A platform job's Lambda (infra/constructs/handler_function.py): one acceptance per
    check it fails, each with its reason."""
    return [Accepted(check, part, resource, why, applies) for check, why in reasons.items()]


ACCEPTED = [
    # Our resources, each a decision.
    Accepted(
        "CKV_AWS_18",
        "security",
        r"AWS::S3::Bucket\.LogBucketCC3B17E8",
        "The access-log bucket itself: logging it into itself would loop, and into another "
        "bucket only moves the question.",
    ),
    Accepted(
        "CKV_AWS_18",
        "dr",
        r"AWS::S3::Bucket\.AccessLogs8B620ECA",
        "The DR region's access-log bucket: same reason as the primary log bucket.",
    ),
    Accepted(
        "CKV_AWS_174",
        "edge",
        r"AWS::CloudFront::Distribution\.Distribution830FAC52",
        "Without spec.edge.domain_name CloudFront serves its *.cloudfront.net certificate, "
        "whose viewer TLS policy cannot be set; with a domain the check passes (TLSv1.2_2021).",
        lambda spec: spec.edge.domain_name is None,
    ),
    Accepted(
        "CKV_AWS_361",
        "data",
        r"AWS::Neptune::DBCluster\.Graph",
        "Neptune backup retention below 7 days only where the spec asks for it (dev keeps 1).",
        lambda spec: spec.data.neptune.backup_retention_days < 7,
    ),
    # CDK-internal helpers. The kubectl provider (aws-eks-v2) exposes only its layer, subnets,
    # security groups and role; these Lambdas run only while CloudFormation deploys.
    *(
        entry
        for part in ("cluster",)  # and the DR region's (its twin, Accepted.matches)
        for entry in (
            Accepted(
                "CKV_AWS_115",
                part,
                KUBECTL_HANDLER,
                f"CDK's kubectl/helm handler ({part} stack) runs only during deployments, called "
                "by the provider framework; a reserved concurrency would only throttle parallel "
                "chart installs.",
            ),
            Accepted(
                "CKV_AWS_116",
                part,
                KUBECTL_HANDLER,
                f"CDK's kubectl/helm handler ({part} stack) is invoked synchronously by the "
                "provider framework, which reports its errors to CloudFormation; an "
                "async-invocation DLQ would never receive one.",
            ),
            Accepted(
                "CKV_AWS_173",
                part,
                KUBECTL_HANDLER,
                f"CDK's kubectl/helm handler ({part} stack) has one environment variable, "
                "AWS_STS_REGIONAL_ENDPOINTS=regional: nothing secret; Lambda encrypts it at rest "
                "with its service key anyway.",
            ),
            Accepted(
                "CKV_AWS_115",
                part,
                KUBECTL_ON_EVENT,
                f"CDK's custom-resource provider framework (onEvent, {part} stack) runs once per "
                "kubectl custom resource during deployments; a reserved concurrency would only "
                "throttle deploys.",
            ),
            Accepted(
                "CKV_AWS_116",
                part,
                KUBECTL_ON_EVENT,
                f"CDK's provider framework ({part} stack) catches every handler error and answers "
                "CloudFormation's pre-signed URL with FAILED; a DLQ would hold nothing "
                "CloudFormation has not reported.",
            ),
            Accepted(
                "CKV_AWS_173",
                part,
                KUBECTL_ON_EVENT,
                f"CDK's provider framework's only environment variable ({part} stack) is the "
                "handler's ARN (USER_ON_EVENT_FUNCTION_ARN): nothing secret; Lambda encrypts it "
                "at rest anyway.",
            ),
        )
    ),
    # CfnJson's singleton Lambda (a raw CfnResource CDK writes per stack, with no props): it
    # renders the IRSA trust conditions of Karpenter, whose keys hold the deploy-time OIDC
    # issuer. Only Karpenter runs on Fargate and so needs IRSA rather than Pod Identity.
    *(
        Accepted(
            check,
            "addons",
            CFN_UTILS,
            f"CDK's CfnJson provider ({why}) runs once per deploy to turn the IRSA trust "
            "conditions into JSON; it reads and writes nothing but its CloudFormation response.",
            _karpenter,
        )
        for check, why in (
            ("CKV_AWS_115", "no reserved concurrency: one invocation per CfnJson per deploy"),
            ("CKV_AWS_116", "no DLQ: its failure already fails the CloudFormation deploy"),
            ("CKV_AWS_117", "not in the VPC: it calls no network resource, so none is needed"),
        )
    ),
    # restrictDefaultSecurityGroup's singleton Lambda: it strips the rules of the VPC's default
    # security group (a cdk-nag/CIS requirement), again a raw CfnResource with no props.
    *(
        Accepted(
            check,
            part,
            RESTRICT_DEFAULT_SG,
            f"CDK's restrict-default-SG provider of the {part} stack's VPC ({why}) runs once "
            "when the VPC is created to revoke the default security group's rules; it calls "
            "only the EC2 API.",
        )
        for check, why in (
            ("CKV_AWS_115", "no reserved concurrency: one invocation per VPC per deploy"),
            ("CKV_AWS_116", "no DLQ: its failure already fails the CloudFormation deploy"),
            ("CKV_AWS_117", "not in the VPC: it runs while the VPC it would sit in is built"),
        )
        for part in ("network",)  # and the DR region's (its twin, Accepted.matches)
    ),
    # The http edge's origin-secret authorizer (infra/constructs/origin_verify.py).
    Accepted(
        "CKV_AWS_115",
        "edge",
        ORIGIN_AUTHORIZER,
        "Its answers are cached per header value for five minutes, so it runs a few times per "
        "period; the stage throttles the rest, and a reserved concurrency can fail to deploy in "
        "accounts whose unreserved pool is at its minimum.",
        _http_behind_cloudfront,
    ),
    Accepted(
        "CKV_AWS_116",
        "edge",
        ORIGIN_AUTHORIZER,
        "API Gateway invokes the authorizer synchronously and answers the caller itself; a DLQ "
        "only receives failed asynchronous invocations.",
        _http_behind_cloudfront,
    ),
    Accepted(
        "CKV_AWS_117",
        "edge",
        ORIGIN_AUTHORIZER,
        "It reads one secret from Secrets Manager's regional endpoint and touches nothing in the "
        "VPC; running it there would only add ENIs to the pod subnets.",
        _http_behind_cloudfront,
    ),
    Accepted(
        "CKV_AWS_173",
        "edge",
        ORIGIN_AUTHORIZER,
        "Its one environment variable is the secret's ARN, not the secret; Lambda encrypts it at "
        "rest with its service key anyway.",
        _http_behind_cloudfront,
    ),
    # The unattached-EBS job (infra/constructs/unused_volumes.py), on by default.
    *_job(
        "governance",
        UNUSED_VOLUMES_JOB,
        _unused_volumes_job,
        {
            "CKV_AWS_115": "one run per schedule from one EventBridge rule, so it cannot fan "
            "out; a reserved concurrency would only risk the account's unreserved minimum",
            "CKV_AWS_116": "EventBridge retries a failed run twice, the errors metric shows it, "
            "and the next scheduled run reports the same volumes again",
            "CKV_AWS_117": "it calls the EC2 and SNS APIs only and reaches nothing in the VPC; a "
            "VPC would only add ENIs",
            "CKV_AWS_173": "its variables are a day count, a delete flag and the topic's ARN: "
            "nothing secret; Lambda encrypts them at rest anyway",
        },
    ),
    # The origin secret's rotation function (infra/constructs/origin_rotation.py), http edge.
    *_job(
        "edge",
        ORIGIN_ROTATION,
        _http_behind_cloudfront,
        {
            "CKV_AWS_115": "Secrets Manager invokes it once per rotation step every 90 days; it "
            "cannot fan out, and a reserved concurrency would only risk the unreserved minimum",
            "CKV_AWS_116": "Secrets Manager invokes it synchronously and retries a failed "
            "rotation itself; a DLQ only receives failed asynchronous invocations",
            "CKV_AWS_117": "it calls the Secrets Manager and CloudFront APIs only and reaches "
            "nothing in the VPC",
            "CKV_AWS_173": "its variables are the distribution id, a header name and two "
            "numbers, not the secret; Lambda encrypts them at rest anyway",
        },
    ),
    # The weekly right-sizing report (infra/addons/rightsizing.py), on by default; it runs in
    # the VPC (the cluster's endpoint is private), so CKV_AWS_117 passes.
    *_job(
        "addons",
        RIGHTSIZING_JOB,
        _rightsizing_job,
        {
            "CKV_AWS_115": "one run a week from one EventBridge rule, so it cannot fan out; a "
            "reserved concurrency would only risk the account's unreserved minimum",
            "CKV_AWS_116": "EventBridge retries a failed run twice, the errors metric shows it, "
            "and the next week's run reports again",
            "CKV_AWS_173": "its variables are the cluster's name, endpoint and CA certificate, "
            "the bucket, the topic and the environment: nothing secret; Lambda encrypts them",
        },
    ),
    # The AwsCustomResource singleton Lambda of the data stack: it turns on AWS Backup's
    # advanced DynamoDB backup (a region setting without a CloudFormation resource).
    *(
        Accepted(
            check,
            "data",
            AWS_CUSTOM_RESOURCE,
            f"CDK's AwsCustomResource handler ({why}) calls backup:UpdateRegionSettings once "
            "per deploy; it reads and writes no platform data.",
        )
        for check, why in (
            ("CKV_AWS_115", "no reserved concurrency: one invocation per deploy"),
            ("CKV_AWS_116", "no DLQ: invoked synchronously, its failure fails the deploy"),
            ("CKV_AWS_117", "not in the VPC: it calls only the public AWS Backup API"),
        )
    ),
]


@dataclass
class Scanned:
    """One environment's templates as scanned: its spec, its stack parts and their failures."""

    spec: PlatformSpec
    parts: set[str]
    findings: list[Finding] = field(default_factory=list)


def part_of(template: str) -> str:
    """'chariot-prod-edge.template.json' -> 'edge'; every service stack is 'services', every
    DR service stack 'dr-services'."""
    stem = PurePosixPath(template).name.removesuffix(".template.json")
    dr = re.search(r"-(dr-[a-z]+)(-\d+)?$", stem)
    if dr:
        return dr.group(1)
    if re.search(r"-services-\d+$", stem):
        return "services"
    return stem.rsplit("-", 1)[1]


def unexpected(scans: Mapping[str, Scanned], accepted: Iterable[Accepted]) -> list[str]:
    """Failures no applicable entry of `accepted` explains."""
    entries = list(accepted)
    return [
        f"{name}{f.file}: {f.resource}: {f.check_id} {f.check_name}"
        for name, scan in scans.items()
        for f in scan.findings
        if not any(a.matches(f, part_of(f.file), scan.spec) for a in entries)
    ]


def stale(scans: Mapping[str, Scanned], accepted: Iterable[Accepted]) -> list[str]:
    """Entries that apply to a scanned environment but match none of its failures."""
    return [
        f"{name}: {a.check_id} {a.part} {a.resource}"
        for a in accepted
        for name, scan in scans.items()
        if a.part in scan.parts
        and a.applies(scan.spec)
        and not any(a.matches(f, part_of(f.file), scan.spec) for f in scan.findings)
    ]


@pytest.fixture(scope="module")
def scans(
    synthesized: dict[str, Synthesized],
    edge_modes: dict[str, Synthesized],
    variant: Synthesized,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Scanned]:
    """Every template of every environment and fixture variant, in one checkov run."""
    envs = {
        **synthesized,
        **{f"edge-{mode}": env for mode, env in edge_modes.items() if mode != "http"},
        "variant": variant,
    }
    root = tmp_path_factory.mktemp("checkov")
    result = {}
    for name, env in envs.items():
        target = root / name
        target.mkdir()
        templates = sorted(env.outdir.glob("*.template.json"))
        for template in templates:
            shutil.copy(template, target / template.name)
        result[name] = Scanned(env.spec, {part_of(t.name) for t in templates})
    for finding in run_checkov(root, "cloudformation"):
        # checkov names files relative to the scanned folder: /<environment>/<template>
        result[PurePosixPath(finding.file).parts[1]].findings.append(finding)
    return result


@needs_uvx
def test_every_stack_of_every_environment_is_scanned(scans: dict[str, Scanned]) -> None:
    parts = {"network", "dr", "security", "cluster", "addons", "data", "services", "edge"}
    parts.add("governance")
    assert set(scans) == {"dev", "staging", "prod", "edge-rest", "edge-none", "variant"}
    for scan in scans.values():
        # the DR region's platform and the services' roles there stand where the strategy
        # replicates data; the DR-data stack where it replicates a graph; the DR edge where
        # the DR region serves the API
        replicated = replicates_data(scan.spec)
        graph_replicated = replicated and scan.spec.data.neptune.enabled
        dr_platform = {"dr-network", "dr-security", "dr-cluster", "dr-addons", "dr-services"}
        assert scan.parts == (
            parts
            | (dr_platform if replicated else set())
            | ({"dr-data"} if graph_replicated else set())
            | ({"dr-edge"} if dr_serves_api(scan.spec) else set())
        )
    assert any("dr-cluster" in scan.parts for scan in scans.values())


@needs_uvx
def test_no_failed_check_outside_the_accepted_list(scans: dict[str, Scanned]) -> None:
    assert unexpected(scans, ACCEPTED) == []


@needs_uvx
def test_no_accepted_failure_is_stale(scans: dict[str, Scanned]) -> None:
    assert stale(scans, ACCEPTED) == []


@needs_uvx
def test_with_a_custom_domain_cloudfront_passes_the_viewer_tls_check(
    scans: dict[str, Scanned],
) -> None:
    assert not [f for f in scans["variant"].findings if f.check_id == "CKV_AWS_174"]


@needs_uvx
def test_karpenter_interruption_queue_passes_the_encryption_check(
    scans: dict[str, Scanned],
) -> None:
    # CKV_AWS_27 accepts only a KMS key; the queue has one, so no environment may fail it.
    assert not [f for s in scans.values() for f in s.findings if f.check_id == "CKV_AWS_27"]


def test_every_acceptance_has_a_specific_reason() -> None:
    assert all(len(a.reason) > 60 for a in ACCEPTED)
    assert len({a.reason for a in ACCEPTED}) == len(ACCEPTED)


def test_acceptances_name_one_resource_each() -> None:
    # A type and a literal logical id (or a literal stem and CDK's path hash): no wildcard that
    # could swallow another resource.
    for a in ACCEPTED:
        kind, _, logical_id = a.resource.removesuffix(HASH).partition(r"\.")
        assert re.fullmatch(r"AWS::\w+::\w+", kind), a.resource
        assert re.fullmatch(r"[A-Za-z0-9]+", logical_id), a.resource
    assert len({(a.check_id, a.part, a.resource) for a in ACCEPTED}) == len(ACCEPTED)


# The judging logic itself, on findings made up here (no checkov needed).


def _finding(check_id: str, resource: str, template: str = "chariot-prod-cluster") -> Finding:
    return Finding(check_id, "", f"/prod/{template}.template.json", resource, None, None)


HANDLER = "AWS::Lambda::Function.ClusterKubectlProviderHandler2E05C68A"
ENTRY = Accepted("CKV_AWS_115", "cluster", KUBECTL_HANDLER, "reason")


def test_an_entry_matches_only_its_check_part_and_resource(
    specs: dict[str, PlatformSpec],
) -> None:
    spec = specs["prod"]
    assert ENTRY.matches(_finding("CKV_AWS_115", HANDLER), "cluster", spec)
    assert not ENTRY.matches(_finding("CKV_AWS_116", HANDLER), "cluster", spec)
    assert not ENTRY.matches(_finding("CKV_AWS_115", HANDLER), "addons", spec)
    other = "AWS::Lambda::Function.ClusterKubectlProviderHandlerX2E05C68A"
    assert not ENTRY.matches(_finding("CKV_AWS_115", other), "cluster", spec)
    ours = "AWS::Lambda::Function.MyFunction2E05C68A"
    assert not ENTRY.matches(_finding("CKV_AWS_115", ours), "cluster", spec)


def test_an_unlisted_failure_and_a_stale_entry_are_both_reported(
    specs: dict[str, PlatformSpec],
) -> None:
    listed = Scanned(specs["prod"], {"cluster"}, [_finding("CKV_AWS_115", HANDLER)])
    assert unexpected({"prod": listed}, [ENTRY]) == []
    assert stale({"prod": listed}, [ENTRY]) == []

    unlisted = Scanned(specs["prod"], {"cluster"}, [_finding("CKV_AWS_116", HANDLER)])
    assert len(unexpected({"prod": unlisted}, [ENTRY])) == 1
    assert stale({"prod": unlisted}, [ENTRY]) == [f"prod: CKV_AWS_115 cluster {KUBECTL_HANDLER}"]

    # An entry is only stale where it applies and its stack was scanned.
    not_scanned = Scanned(specs["prod"], {"network"}, [])
    assert stale({"prod": not_scanned}, [ENTRY]) == []
    never = Accepted("CKV_AWS_115", "cluster", KUBECTL_HANDLER, "reason", lambda _: False)
    assert stale({"prod": Scanned(specs["prod"], {"cluster"}, [])}, [never]) == []
