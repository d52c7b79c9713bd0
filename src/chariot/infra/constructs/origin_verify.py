"""The edge's origin secret: CloudFront adds it to every API request, the API refuses requests
without it, so the API's own public endpoint is no way around CloudFront's WAF and rate limit.

API Gateway has no setting that admits only one CloudFront distribution, and its endpoint (the
default `execute-api` one, or a regional custom domain) is public. The secret closes it:
- CloudFront sends it as an origin custom header
  (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html);
- the REST API requires it as the stage's API key (`x-api-key`, every method `ApiKeyRequired`)
  (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html);
- the HTTP API, which has neither API keys, resource policies nor AWS WAF, checks it in a Lambda
  REQUEST authorizer (simple responses, cached per header value)
  (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html).

The value lives in Secrets Manager (generated, KMS `secrets` key) and reaches CloudFront and the
API key through CloudFormation dynamic references, which never write it into the template
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html).

When a DR region serves the API too (chariot.infra.stacks.dr_edge), the secret is replicated
there under the same name, encrypted with that region's `secrets` key, and the DR API's
authorizer reads the replica: one value, so CloudFront's header is right for either region.
Rotation in the primary region propagates the new value to the replica
(https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.origin_rotation import REST_NOT_ROTATED, OriginRotation

HEADER = "x-origin-verify"  # the HTTP API's header; the REST API reads its key from x-api-key
REST_HEADER = "x-api-key"
SECRET_LENGTH = 48  # API keys need at least 20 characters
CACHE_SECONDS = 300

# Accepts the current value and, while a rotation runs, the pending one (before CloudFront sends
# it) and the previous one (while CloudFront's edges still send it).
AUTHORIZER_CODE = f'''
import hmac, os, time
import boto3

_client = boto3.client("secretsmanager")
_cache = {{"at": 0.0, "values": []}}


def _accepted():
    if time.monotonic() - _cache["at"] > {CACHE_SECONDS}:
        values = []
        for stage in ("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS"):
            try:
                got = _client.get_secret_value(
                    SecretId=os.environ["SECRET_ID"], VersionStage=stage
                )
            except _client.exceptions.ResourceNotFoundException:
                continue
            values.append(got["SecretString"].encode())
        _cache.update(at=time.monotonic(), values=values)
    return _cache["values"]


def handler(event, _context):
    given = (event.get("headers") or {{}}).get("{HEADER}", "").encode()
    return {{"isAuthorized": any(hmac.compare_digest(given, v) for v in _accepted())}}
'''

LAMBDA_REASONS = {
    "NIST.800.53.R5-LambdaConcurrency": (
        "The authorizer's answers are cached per header value for five minutes, so it runs a "
        "few times per cache period; the stage's throttling bounds the rest, and a reserved "
        "concurrency could fail in accounts whose unreserved pool is at its minimum."
    ),
    "NIST.800.53.R5-LambdaDLQ": (
        "API Gateway invokes the authorizer synchronously and answers the caller itself; a "
        "dead-letter queue only receives failed asynchronous invocations."
    ),
    "NIST.800.53.R5-LambdaInsideVPC": (
        "The authorizer reads one secret from Secrets Manager's regional endpoint and touches "
        "nothing in the VPC; running it there would only add ENIs in the pod subnets."
    ),
}


@dataclass(frozen=True)
class SecretReplica:
    """A region the secret is replicated to, and the alias of the key it is encrypted with
    there (a key of that region: the DR security stack's, deployed first)."""

    region: str
    key_alias: str


class OriginSecret(Construct):
    """The shared secret, and for the HTTP API the authorizer that checks it.

    `name` is the secret's name in every region; with `replica_of_primary` this construct
    makes no secret but uses the replica of that name in its own region (the DR edge)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        key: kms.IKey,
        logs_key: kms.IKey,
        log_retention: logs.RetentionDays,
        removal: RemovalPolicy,
        replicas: Sequence[SecretReplica] = (),
        replica_of_primary: bool = False,
    ) -> None:
        super().__init__(scope, id)
        self._key, self._logs_key = key, logs_key
        self._retention, self._removal = log_retention, removal
        self.name = name
        self.secret: secretsmanager.ISecret
        if replica_of_primary:
            self.secret = secretsmanager.Secret.from_secret_name_v2(self, "Secret", name)
            # The name's ARN without Secrets Manager's six-character suffix, which the
            # replica shares with its primary but no template of this region knows.
            self._policy_arn = f"{self.secret.secret_arn}-??????"
        else:
            self.secret = secretsmanager.Secret(
                self,
                "Secret",
                secret_name=name,
                description="CloudFront -> API Gateway origin secret (header / API key)",
                encryption_key=key,
                generate_secret_string=secretsmanager.SecretStringGenerator(
                    exclude_punctuation=True, password_length=SECRET_LENGTH
                ),
                replica_regions=[
                    secretsmanager.ReplicaRegion(
                        region=replica.region,
                        # By the alias's ARN in the replica's region (an imported alias
                        # would take this stack's region).
                        encryption_key=kms.Key.from_key_arn(
                            self,
                            f"ReplicaKey{replica.region}",
                            Stack.of(self).format_arn(
                                service="kms",
                                region=replica.region,
                                resource=replica.key_alias,
                                arn_format=ArnFormat.NO_RESOURCE_NAME,
                            ),
                        ),
                    )
                    for replica in replicas
                ],
                removal_policy=removal,
            )
            self._policy_arn = self.secret.secret_arn
        # Set by http_authorizer: the only checker that accepts a pending value.
        self.rotatable = False

    @property
    def value(self) -> str:
        """A dynamic reference to the value, resolved by CloudFormation, never in the template."""
        return self.secret.secret_value.unsafe_unwrap()

    def http_authorizer(self) -> authorizers.HttpLambdaAuthorizer:
        """A REQUEST authorizer admitting only requests that carry the secret in HEADER."""
        log_group = logs.LogGroup(
            self,
            "AuthorizerLogs",
            encryption_key=self._logs_key,
            retention=self._retention,
            removal_policy=self._removal,
        )
        log_group_resource = log_group.node.default_child
        if not isinstance(log_group_resource, logs.CfnLogGroup):  # pragma: no cover - CDK's own
            raise TypeError("a LogGroup's default child is its CfnLogGroup")
        role = iam.Role(
            self,
            "AuthorizerRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Origin-secret authorizer: read the secret, write its own logs",
        )
        # A managed policy of our own: the AWS-managed basic execution role writes to any group.
        # The key lives in the security stack and lets the account use it through Secrets
        # Manager, so an identity policy suffices (a key grant would make the stacks a cycle).
        secrets_manager = f"secretsmanager.{Stack.of(self).region}.amazonaws.com"
        policy = iam.ManagedPolicy(
            self,
            "AuthorizerPolicy",
            roles=[role],
            statements=[
                iam.PolicyStatement(
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[f"{log_group.log_group_arn}:log-stream:*"],
                ),
                iam.PolicyStatement(
                    actions=["secretsmanager:GetSecretValue"], resources=[self._policy_arn]
                ),
                iam.PolicyStatement(
                    actions=["kms:Decrypt"],
                    resources=[self._key.key_arn],
                    conditions={"StringEquals": {"kms:ViaService": secrets_manager}},
                ),
            ],
        )
        function = lambda_.Function(
            self,
            "Authorizer",
            runtime=lambda_.Runtime.PYTHON_3_14,
            handler="index.handler",
            code=lambda_.Code.from_inline(AUTHORIZER_CODE),
            description="Admits API requests that carry CloudFront's origin secret",
            timeout=Duration.seconds(5),
            memory_size=256,
            role=role,
            log_group=log_group,
            environment={"SECRET_ID": self.name},
        )
        acknowledge(function, LAMBDA_REASONS)
        acknowledge(
            policy,
            {
                f"AwsSolutions-IAM5[Resource::<{Stack.of(self).get_logical_id(log_group_resource)}"
                ".Arn>:log-stream:*]": (
                    "Lambda names its log streams at run time: the authorizer may write to any "
                    "stream of its own log group, nothing else."
                ),
            },
        )
        self.rotatable = True
        return authorizers.HttpLambdaAuthorizer(
            "OriginSecret",
            function,
            authorizer_name="origin-secret",
            identity_source=[f"$request.header.{HEADER}"],
            response_types=[authorizers.HttpLambdaResponseType.SIMPLE],
            results_cache_ttl=Duration.seconds(CACHE_SECONDS),
        )

    def keep_fresh(
        self, distribution: cloudfront.Distribution, header: str, web_acl_arn: str | None
    ) -> None:
        """Rotate every ROTATION_DAYS where the API's check accepts a pending value (the HTTP
        authorizer); else say why not (the REST API key, see REST_NOT_ROTATED)."""
        if not isinstance(self.secret, secretsmanager.Secret):
            raise TypeError("only the primary region's secret is rotated")
        if not self.rotatable:
            acknowledge(
                self.secret,
                {
                    "AwsSolutions-SMG4": REST_NOT_ROTATED,
                    "NIST.800.53.R5-SecretsManagerRotationEnabled": REST_NOT_ROTATED,
                },
            )
            return
        OriginRotation(
            self,
            "Rotation",
            secret=self.secret,
            key=self._key,
            logs_key=self._logs_key,
            log_retention=self._retention,
            removal=self._removal,
            distribution=distribution,
            header=header,
            web_acl_arn=web_acl_arn,
            secret_length=SECRET_LENGTH,
            authorizer_cache_seconds=CACHE_SECONDS,
        )
