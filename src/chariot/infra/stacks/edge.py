"""The edge: CloudFront + WAF -> (API Gateway HTTP | REST | nothing) -> internal NLB -> Istio.

docs/design.md "Edge wiring": the internal NLB and its IP target group are made here; the Istio
ingress gateway pods join the target group through the load balancer controller's
TargetGroupBinding, whose `targetGroupARN` is this stack's `IngressTargetGroupArn` output. The
edge mode (`spec.edge.api_gateway`) is visible in the template as the `EdgeMode` output and in
the stack description.
"""

from __future__ import annotations

import json
from typing import Any, cast

from aws_cdk import ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as route53_targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from chariot.infra.addons.base import IngressGateway
from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.origin_verify import HEADER, REST_HEADER, OriginSecret
from chariot.infra.constructs.secure_bucket import (
    secure_bucket,
    use_bucket_policy_for_access_logs,
)
from chariot.infra.log_retention import retention
from chariot.infra.names import prefix
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec import platform_names as names
from chariot.spec import scopes
from chariot.spec.model import PlatformSpec, Service, WorkloadKind

# Istio's ingress gateway: traffic on the port the add-ons stack shares (IngressGateway.http_port,
# where the gateway pods' Envoy listens), readiness on the status port.
GATEWAY_HEALTH_PORT = 15021
GATEWAY_HEALTH_PATH = "/healthz/ready"
REST_STAGE = "live"
PRICE_CLASSES = {
    "PriceClass_100": cloudfront.PriceClass.PRICE_CLASS_100,
    "PriceClass_200": cloudfront.PriceClass.PRICE_CLASS_200,
    "PriceClass_All": cloudfront.PriceClass.PRICE_CLASS_ALL,
}
ROUTED_KINDS = {WorkloadKind.API, WorkloadKind.REALTIME}


def target_group_binding(
    gateway: IngressGateway, target_group_arn: str, load_balancer_sg: str
) -> dict[str, Any]:
    """The load balancer controller's TargetGroupBinding that registers the gateway pods (IP
    targets) in the NLB's target group, and opens their security group to the NLB on the
    traffic and health-check ports."""
    return {
        "apiVersion": "elbv2.k8s.aws/v1beta1",
        "kind": "TargetGroupBinding",
        "metadata": {"name": gateway.service, "namespace": gateway.namespace},
        "spec": {
            "targetGroupARN": target_group_arn,
            "targetType": "ip",
            "serviceRef": {"name": gateway.service, "port": gateway.http_port},
            "networking": {
                "ingress": [
                    {
                        "from": [{"securityGroup": {"groupID": load_balancer_sg}}],
                        "ports": [
                            {"protocol": "TCP", "port": gateway.http_port},
                            {"protocol": "TCP", "port": GATEWAY_HEALTH_PORT},
                        ],
                    }
                ]
            },
        },
    }


def routed_services(spec: PlatformSpec) -> list[Service]:
    """Services that answer requests from outside get `/v1/<name>` routes."""
    return [s for s in spec.services if s.kind in ROUTED_KINDS]


def web_acl(scope: Construct, spec: PlatformSpec, acl_scope: str, key: kms.IKey) -> wafv2.CfnWebACL:
    """AWS managed rule groups from the spec, then a per-IP rate limit; logged to CloudWatch."""
    label = acl_scope.lower()
    waf = spec.edge.waf
    rules = [
        wafv2.CfnWebACL.RuleProperty(
            name=group,
            priority=priority,
            override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name=group
                )
            ),
            visibility_config=_visibility(group),
        )
        for priority, group in enumerate(waf.managed_rule_groups)
    ]
    rules.append(
        wafv2.CfnWebACL.RuleProperty(
            name="RatePerIp",
            priority=len(rules),
            action=wafv2.CfnWebACL.RuleActionProperty(block={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                    limit=waf.rate_limit_per_5min,
                    evaluation_window_sec=300,
                    aggregate_key_type="IP",
                )
            ),
            visibility_config=_visibility("RatePerIp"),
        )
    )
    acl = wafv2.CfnWebACL(
        scope,
        f"WebAcl{acl_scope.capitalize()}",
        name=f"{prefix(spec)}-{label}",
        scope=acl_scope,
        default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
        rules=rules,
        visibility_config=_visibility(f"{prefix(spec)}-{label}"),
    )
    # WAF only delivers to log groups whose name starts with `aws-waf-logs-`.
    group_name = f"aws-waf-logs-{prefix(spec)}-{label}"
    group = logs.LogGroup(
        scope,
        f"WafLogs{acl_scope.capitalize()}",
        log_group_name=group_name,
        encryption_key=key,
        retention=retention(spec.security.log_retention_days),
        removal_policy=RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY,
    )
    logging = wafv2.CfnLoggingConfiguration(
        scope,
        f"WafLogging{acl_scope.capitalize()}",
        resource_arn=acl.attr_arn,
        log_destination_configs=[
            Stack.of(scope).format_arn(
                service="logs",
                resource="log-group",
                resource_name=group_name,
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            )
        ],
    )
    group_resource = group.node.default_child
    if isinstance(group_resource, logs.CfnLogGroup):
        logging.add_resource_dependency(group_resource)
    return acl


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )


class EdgeStack(PlatformStack):
    part = "edge"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        mode = spec.edge.api_gateway
        super().__init__(
            scope,
            spec,
            f"Chariot edge (mode: {mode}): CloudFront + WAF, "
            + {
                "http": "API Gateway HTTP API (origin-secret or JWT authorizer), VPC Link",
                "rest": "API Gateway REST API with stage cache and WAF, VPC Link",
                "none": "CloudFront VPC origin",
            }[mode]
            + ", internal NLB to the Istio ingress gateway",
        )
        use_bucket_policy_for_access_logs(self)
        self.removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        self.vpc = shared.get("vpc", ec2.Vpc)
        self.log_bucket = shared.get("log-bucket", s3.Bucket)
        self.logs_key = shared.get("key:logs", kms.Key)

        gateway = shared.get("ingress-gateway", IngressGateway)
        self._ingress_load_balancer(spec, gateway.http_port)
        shared.register("ingress-load-balancer", self.nlb)
        self._bind_gateway(shared.get("cluster", eks.Cluster), gateway)

        self.user_pool: cognito.UserPool | None = None
        self.api_domain: str | None = None
        self.api_origin_path: str | None = None
        self.origin: OriginSecret | None = None
        self.zone: route53.IHostedZone | None = None
        self._origin_certificate: acm.Certificate | None = None
        if spec.edge.domain_name and spec.edge.hosted_zone:
            # A context lookup: `chariot synth` names the cdk.json key to fill if it is missing.
            self.zone = route53.HostedZone.from_lookup(
                self, "Zone", domain_name=spec.edge.hosted_zone
            )
        if mode != "none":
            self.link_sg = ec2.SecurityGroup(
                self,
                "VpcLinkSecurityGroup",
                vpc=self.vpc,
                description="API Gateway VPC Link: to the ingress load balancer only",
                allow_all_outbound=False,
            )
            self.link_sg.add_egress_rule(
                self.nlb_sg, ec2.Port.tcp(80), "to the ingress load balancer"
            )
            self.nlb_sg.add_ingress_rule(
                self.link_sg, ec2.Port.tcp(80), "from the API Gateway VPC Link"
            )
            if spec.edge.jwt.issuer is None:
                self._user_pool(spec)
            # Behind CloudFront the API admits only what CloudFront forwards (origin_verify.py).
            if spec.edge.cdn.enabled:
                self.origin = OriginSecret(
                    self,
                    "OriginSecret",
                    key=shared.get("key:secrets", kms.Key),
                    logs_key=self.logs_key,
                    log_retention=retention(spec.security.log_retention_days),
                    removal=self.removal,
                )
            if mode == "http":
                self._http_api(spec)
            else:
                self._rest_api(spec)

        if spec.edge.cdn.enabled:
            self._distribution(spec)

        CfnOutput(self, "EdgeMode", value=mode, description="spec.edge.api_gateway")

    # ------------------------------------------------------------ internal load balancer

    def _ingress_load_balancer(self, spec: PlatformSpec, gateway_port: int) -> None:
        private = ec2.SubnetSelection(subnet_group_name="private")
        self.nlb_sg = ec2.SecurityGroup(
            self,
            "IngressLoadBalancerSecurityGroup",
            vpc=self.vpc,
            description="Internal NLB in front of the Istio ingress gateway",
            allow_all_outbound=False,
        )
        # The gateway pods are IP targets: their addresses are in the pod subnets (custom
        # networking), else in the private subnets.
        for cidr in spec.network.pod_subnets:
            for port in (gateway_port, GATEWAY_HEALTH_PORT):
                self.nlb_sg.add_egress_rule(
                    ec2.Peer.ipv4(cidr), ec2.Port.tcp(port), "to ingress gateway pods"
                )
        if spec.edge.api_gateway == "none":
            # CloudFront VPC origins reach the NLB through ENIs in the VPC's private subnets.
            for cidr in spec.network.subnets.private:
                self.nlb_sg.add_ingress_rule(
                    ec2.Peer.ipv4(cidr), ec2.Port.tcp(80), "from CloudFront VPC origin ENIs"
                )
        self.nlb = elbv2.NetworkLoadBalancer(
            self,
            "IngressLoadBalancer",
            vpc=self.vpc,
            internet_facing=False,
            vpc_subnets=private,
            security_groups=[self.nlb_sg],
            cross_zone_enabled=True,
            deletion_protection=spec.deletion_protection,
            # A REST API's VPC Link (v1) arrives over PrivateLink without a security group of
            # its own: the NLB's inbound rules cannot name it, so they are not applied to it.
            enforce_security_group_inbound_rules_on_private_link_traffic=(
                spec.edge.api_gateway != "rest"
            ),
        )
        self.nlb.log_access_logs(self.log_bucket, prefix="nlb")
        self.target_group = elbv2.NetworkTargetGroup(
            self,
            "IngressGateway",
            vpc=self.vpc,
            port=gateway_port,
            protocol=elbv2.Protocol.TCP,
            target_type=elbv2.TargetType.IP,
            health_check=elbv2.HealthCheck(
                protocol=elbv2.Protocol.HTTP,
                port=str(GATEWAY_HEALTH_PORT),
                path=GATEWAY_HEALTH_PATH,
                interval=Duration.seconds(10),
                healthy_threshold_count=2,
                unhealthy_threshold_count=2,
            ),
            deregistration_delay=Duration.seconds(30),
        )
        self.listener = self.nlb.add_listener(
            "Http", port=80, protocol=elbv2.Protocol.TCP, default_target_groups=[self.target_group]
        )
        if not spec.deletion_protection:
            acknowledge(
                self.nlb,
                {
                    "NIST.800.53.R5-ELBDeletionProtectionEnabled": (
                        "The spec sets deletion_protection: false for this environment, which "
                        "is torn down and rebuilt by design."
                    )
                },
            )
        acknowledge(
            self.nlb,
            {
                "NIST.800.53.R5-ELBv2ACMCertificateRequired": (
                    "Not encrypted, accepted: the listener is plain TCP:80 and the hop it "
                    "carries (API Gateway VPC Link or CloudFront VPC origin -> this internal "
                    "NLB -> Istio ingress gateway pods:80) is HTTP inside the VPC, bearer "
                    "tokens included. Security groups confine it to the VPC Link / VPC origin "
                    "ENIs and the gateway pods; Istio mTLS starts only behind the gateway. A "
                    "TLS listener needs a certificate for a name the spec does not always have "
                    "(docs/infrastructure.md, 'The ingress hop')."
                ),
            },
        )
        CfnOutput(
            self,
            "IngressTargetGroupArn",
            value=self.target_group.target_group_arn,
            description=(
                "targetGroupARN of the TargetGroupBinding that registers the Istio ingress "
                "gateway pods (targetType ip)"
            ),
        )
        CfnOutput(
            self,
            "IngressLoadBalancerSecurityGroupId",
            value=self.nlb_sg.security_group_id,
            description="the TargetGroupBinding's networking.ingress source security group",
        )

    def _bind_gateway(self, cluster: eks.Cluster, gateway: IngressGateway) -> None:
        """Apply the TargetGroupBinding once the gateway (and so the controller) is installed."""
        binding = eks.KubernetesManifest(
            self,
            "IngressTargetGroupBinding",
            cluster=cast("eks.ICluster", cluster),
            manifest=[
                target_group_binding(
                    gateway,
                    self.target_group.target_group_arn,
                    self.nlb_sg.security_group_id,
                )
            ],
            overwrite=True,
        )
        for dependency in gateway.installed:
            binding.node.add_dependency(dependency)

    # ------------------------------------------------------------ identity

    def _user_pool(self, spec: PlatformSpec) -> None:
        self.user_pool = cognito.UserPool(
            self,
            "Users",
            user_pool_name=f"{prefix(spec)}-users",
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(email=True),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_digits=True,
                require_lowercase=True,
                require_uppercase=True,
                require_symbols=True,
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=spec.deletion_protection,
            removal_policy=self.removal,
        )
        # The API's scopes (spec/scopes.py) on a resource server, so tokens from the OAuth 2
        # endpoints can carry `chariot/read|write|admin`; the services and the mesh require them.
        # https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
        self.user_pool.add_resource_server(
            "ApiScopes",
            identifier=scopes.RESOURCE_SERVER,
            user_pool_resource_server_name=f"{prefix(spec)}-api",
            scopes=[
                cognito.ResourceServerScope(scope_name=name, scope_description=description)
                for name, description in scopes.DESCRIPTIONS.items()
            ],
        )
        self.user_pool_client = self.user_pool.add_client(
            "Api",
            user_pool_client_name=f"{prefix(spec)}-api",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_srp=True),
            prevent_user_existence_errors=True,
        )
        # Names chariot.k8s.issuer reads from `cdk deploy --outputs-file` for the mesh's JWT rules.
        issuer = names.cognito_issuer_url(spec.region, self.user_pool.user_pool_id)
        CfnOutput(self, names.COGNITO_POOL_ID_OUTPUT, value=self.user_pool.user_pool_id)
        client_id = self.user_pool_client.user_pool_client_id
        CfnOutput(self, names.COGNITO_CLIENT_ID_OUTPUT, value=client_id)
        CfnOutput(self, names.COGNITO_ISSUER_OUTPUT, value=issuer)
        CfnOutput(self, names.COGNITO_JWKS_OUTPUT, value=names.jwks_uri(issuer))

    def jwt_issuer(self, spec: PlatformSpec) -> tuple[str, list[str]]:
        """(issuer, audiences): the spec's, or the Cognito user pool's."""
        if spec.edge.jwt.issuer is not None:
            return spec.edge.jwt.issuer, list(spec.edge.jwt.audiences)
        if self.user_pool is None:  # pragma: no cover - set up in __init__
            raise RuntimeError("no user pool")
        issuer = names.cognito_issuer_url(spec.region, self.user_pool.user_pool_id)
        return issuer, [self.user_pool_client.user_pool_client_id]

    def _access_logs(self, spec: PlatformSpec, construct_id: str) -> logs.LogGroup:
        return logs.LogGroup(
            self,
            construct_id,
            encryption_key=self.logs_key,
            retention=retention(spec.security.log_retention_days),
            removal_policy=self.removal,
        )

    def _origin_domain(self, spec: PlatformSpec) -> tuple[str, acm.Certificate] | None:
        """`origin.<domain>` and its regional certificate, by which CloudFront reaches the API
        when the spec has a domain (then the default execute-api endpoint is disabled)."""
        if self.zone is None or not spec.edge.domain_name or not spec.edge.cdn.enabled:
            return None
        if self._origin_certificate is None:
            self._origin_certificate = acm.Certificate(
                self,
                "OriginCertificate",
                domain_name=f"origin.{spec.edge.domain_name}",
                validation=acm.CertificateValidation.from_dns(self.zone),
            )
        return f"origin.{spec.edge.domain_name}", self._origin_certificate

    # ------------------------------------------------------------ http mode

    def _http_api(self, spec: PlatformSpec) -> None:
        api = apigwv2.HttpApi(
            self,
            "HttpApi",
            api_name=f"{prefix(spec)}-api",
            description="Chariot public API: /v1/<service>/...",
            create_default_stage=False,
            # With a domain CloudFront reaches the API by it; without one the default endpoint
            # is the only address (a disabled one leaves the API unreachable), and the origin
            # secret guards it.
            disable_execute_api_endpoint=self._origin_domain(spec) is not None,
        )
        link = apigwv2.VpcLink(
            self,
            "VpcLink",
            vpc=self.vpc,
            subnets=ec2.SubnetSelection(subnet_group_name="private"),
            security_groups=[self.link_sg],
        )
        integration = integrations.HttpNlbIntegration(
            "IngressGateway", self.listener, vpc_link=link
        )
        authorizer: apigwv2.IHttpRouteAuthorizer
        if self.origin is not None:
            # One authorizer per route: the origin check here, the JWT in the mesh (every
            # meshed service requires a valid token of the issuer, chariot.k8s.mesh_security).
            authorizer = self.origin.http_authorizer()
        else:
            issuer, audiences = self.jwt_issuer(spec)
            authorizer = authorizers.HttpJwtAuthorizer(
                "Jwt", issuer, jwt_audience=audiences, authorizer_name="jwt"
            )
        routes: list[apigwv2.HttpRoute] = []
        route_settings = {}
        for service in routed_services(spec):
            for path in (f"/v1/{service.name}", f"/v1/{service.name}/{{proxy+}}"):
                routes += api.add_routes(
                    path=path,
                    methods=[apigwv2.HttpMethod.ANY],
                    integration=integration,
                    authorizer=authorizer,
                )
                route_settings[f"ANY {path}"] = {
                    "ThrottlingRateLimit": service.rps_limit,
                    "ThrottlingBurstLimit": spec.edge.throttle_burst,
                }
        access = self._access_logs(spec, "HttpApiAccessLogs")
        stage = apigwv2.CfnStage(
            self,
            "HttpApiStage",
            api_id=api.api_id,
            stage_name="$default",
            auto_deploy=True,
            access_log_settings=apigwv2.CfnStage.AccessLogSettingsProperty(
                destination_arn=access.log_group_arn, format=json.dumps(ACCESS_LOG_FORMAT_V2)
            ),
            default_route_settings=apigwv2.CfnStage.RouteSettingsProperty(
                throttling_rate_limit=spec.performance.rps_cluster,
                throttling_burst_limit=spec.edge.throttle_burst,
                detailed_metrics_enabled=True,
            ),
            route_settings=route_settings,
        )
        for route in routes:
            stage.node.add_dependency(route)
        self.api_domain = f"{api.api_id}.execute-api.{spec.region}.amazonaws.com"
        origin_domain = self._origin_domain(spec)
        if origin_domain is not None and self.zone is not None:
            name, certificate = origin_domain
            domain = apigwv2.DomainName(
                self,
                "ApiDomain",
                domain_name=name,
                certificate=certificate,
                security_policy=apigwv2.SecurityPolicy.TLS_1_2,
            )
            mapping = apigwv2.CfnApiMapping(
                self, "ApiMapping", api_id=api.api_id, domain_name=domain.name, stage=stage.ref
            )
            mapping.node.add_dependency(stage)
            route53.ARecord(
                self,
                "ApiOriginAlias",
                zone=self.zone,
                record_name=name,
                target=route53.RecordTarget.from_alias(
                    route53_targets.ApiGatewayv2DomainProperties(
                        domain.regional_domain_name, domain.regional_hosted_zone_id
                    )
                ),
            )
            self.api_domain = name
        CfnOutput(
            self,
            "ApiEndpoint",
            value=api.api_endpoint if origin_domain is None else f"https://{self.api_domain}",
        )

    # ------------------------------------------------------------ rest mode

    def _rest_api(self, spec: PlatformSpec) -> None:
        if self.user_pool is None:  # pragma: no cover - the edge-buildable spec rule refuses it
            raise RuntimeError("the rest edge needs the Cognito user pool")
        cdn = spec.edge.cdn
        origin_domain = self._origin_domain(spec)
        access = self._access_logs(spec, "RestApiAccessLogs")
        method_options = {}
        for service in routed_services(spec):
            for path in (f"/v1/{service.name}", f"/v1/{service.name}/{{proxy+}}"):
                method_options[f"{path}/*"] = apigw.MethodDeploymentOptions(
                    throttling_rate_limit=service.rps_limit,
                    throttling_burst_limit=spec.edge.throttle_burst,
                    caching_enabled=True,
                    cache_ttl=Duration.seconds(cdn.api_ttl_seconds),
                    cache_data_encrypted=True,
                )
        api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=f"{prefix(spec)}-api",
            description="Chariot public API: /v1/<service>/..., Cognito-authorized, cached",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            domain_name=(
                apigw.DomainNameOptions(
                    domain_name=origin_domain[0],
                    certificate=origin_domain[1],
                    endpoint_type=apigw.EndpointType.REGIONAL,
                    security_policy=apigw.SecurityPolicy.TLS_1_2,
                )
                if origin_domain is not None
                else None
            ),
            disable_execute_api_endpoint=origin_domain is not None,
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=self.removal,
            deploy_options=apigw.StageOptions(
                stage_name=REST_STAGE,
                cache_cluster_enabled=True,
                cache_cluster_size="0.5",
                caching_enabled=True,
                cache_ttl=Duration.seconds(cdn.api_ttl_seconds),
                cache_data_encrypted=True,
                throttling_rate_limit=spec.performance.rps_cluster,
                throttling_burst_limit=spec.edge.throttle_burst,
                logging_level=apigw.MethodLoggingLevel.ERROR,
                metrics_enabled=True,
                tracing_enabled=True,
                access_log_destination=apigw.LogGroupLogDestination(access),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=True,
                ),
                method_options=method_options,
            ),
        )
        link = apigw.VpcLink(self, "VpcLink", targets=[self.nlb])
        authorizer = apigw.CognitoUserPoolsAuthorizer(
            self, "Cognito", cognito_user_pools=[self.user_pool]
        )
        validator = api.add_request_validator(
            "Parameters", validate_request_parameters=True, validate_request_body=True
        )
        cache_params = {f"method.request.querystring.{k}": False for k in cdn.api_cache_keys}
        version = api.root.add_resource("v1")
        for service in routed_services(spec):
            base = version.add_resource(service.name)
            proxy = base.add_resource("{proxy+}")
            for resource, backend_path in (
                (base, f"/v1/{service.name}"),
                (proxy, f"/v1/{service.name}/{{proxy}}"),
            ):
                is_proxy = resource is proxy
                request_params = dict(cache_params)
                integration_params = {}
                if is_proxy:
                    request_params["method.request.path.proxy"] = True
                    integration_params["integration.request.path.proxy"] = (
                        "method.request.path.proxy"
                    )
                resource.add_method(
                    "ANY",
                    apigw.Integration(
                        type=apigw.IntegrationType.HTTP_PROXY,
                        integration_http_method="ANY",
                        uri=f"http://{self.nlb.load_balancer_dns_name}{backend_path}",
                        options=apigw.IntegrationOptions(
                            connection_type=apigw.ConnectionType.VPC_LINK,
                            vpc_link=link,
                            request_parameters=integration_params or None,
                            cache_key_parameters=list(cache_params),
                        ),
                    ),
                    authorizer=authorizer,
                    authorization_type=apigw.AuthorizationType.COGNITO,
                    request_parameters=request_params,
                    request_validator=validator,
                    api_key_required=self.origin is not None,
                )
        if self.origin is not None:
            # The origin secret is the stage's only API key; CloudFront sends it as x-api-key.
            key = api.add_api_key(
                "OriginKey", api_key_name=f"{prefix(spec)}-cloudfront", value=self.origin.value
            )
            plan = api.add_usage_plan(
                "Origin",
                name=f"{prefix(spec)}-cloudfront",
                description="CloudFront's origin requests (limits stay on the stage)",
                api_stages=[apigw.UsagePlanPerApiStage(api=api, stage=api.deployment_stage)],
            )
            plan.add_api_key(key)
        if spec.edge.waf.enabled:
            acl = web_acl(self, spec, "REGIONAL", self.logs_key)
            wafv2.CfnWebACLAssociation(
                self,
                "RestApiWaf",
                resource_arn=api.deployment_stage.stage_arn,
                web_acl_arn=acl.attr_arn,
            )
        acknowledge(
            api,
            {
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AmazonAPIGatewayPushToCloudWatchLogs]": (
                    "API Gateway's account-wide logging role; AWS maintains this managed "
                    "policy for exactly this purpose."
                ),
                "NIST.800.53.R5-APIGWSSLEnabled": (
                    "The stage's only backend is the internal NLB behind the VPC Link, spoken "
                    "to in plain HTTP (TCP:80, see the NLB's ELBv2ACMCertificateRequired "
                    "reason); a client certificate is presented only in a TLS handshake, and "
                    "this hop has none."
                ),
            },
        )
        self.api_domain = f"{api.rest_api_id}.execute-api.{spec.region}.amazonaws.com"
        self.api_origin_path = f"/{REST_STAGE}"
        if origin_domain is not None and self.zone is not None and api.domain_name is not None:
            # The custom domain maps its root to the stage.
            route53.ARecord(
                self,
                "ApiOriginAlias",
                zone=self.zone,
                record_name=origin_domain[0],
                target=route53.RecordTarget.from_alias(
                    route53_targets.ApiGatewayDomain(api.domain_name)
                ),
            )
            self.api_domain, self.api_origin_path = origin_domain[0], None
        CfnOutput(
            self,
            "ApiEndpoint",
            value=api.url if origin_domain is None else f"https://{self.api_domain}/",
        )

    # ------------------------------------------------------------ CloudFront

    def _distribution(self, spec: PlatformSpec) -> None:
        cdn = spec.edge.cdn
        static = secure_bucket(
            self,
            "StaticContent",
            lifecycle=spec.cost.s3_lifecycle.objects,
            removal=self.removal,
            access_logs=self.log_bucket,
            access_logs_prefix="s3/static/",
        )
        acknowledge(
            static,
            {
                "NIST.800.53.R5-S3BucketReplicationEnabled": (
                    "Static web content is uploaded by whoever publishes it (the platform "
                    "writes nothing here) and can be uploaded again from its source; it is "
                    "not replicated to the DR region."
                ),
                "NIST.800.53.R5-S3DefaultEncryptionKMS": (
                    "Public web assets served through CloudFront origin access control; SSE-S3 "
                    "avoids granting CloudFront the use of a KMS key for non-secret content."
                ),
            },
        )
        static_policy = cloudfront.CachePolicy(
            self,
            "StaticCache",
            cache_policy_name=f"{prefix(spec)}-static",
            comment="static content",
            default_ttl=Duration.seconds(cdn.static_ttl_seconds),
            min_ttl=Duration.seconds(0),
            max_ttl=Duration.seconds(max(cdn.static_ttl_seconds, 31_536_000)),
            enable_accept_encoding_gzip=True,
            enable_accept_encoding_brotli=True,
        )
        # API responses are keyed on the spec's values and on the caller's token, so one
        # user's cached answer is never served to another.
        api_policy = cloudfront.CachePolicy(
            self,
            "ApiCache",
            cache_policy_name=f"{prefix(spec)}-api",
            comment=f"API responses keyed on {', '.join(cdn.api_cache_keys)} and Authorization",
            default_ttl=Duration.seconds(cdn.api_ttl_seconds),
            min_ttl=Duration.seconds(0),
            max_ttl=Duration.seconds(cdn.api_ttl_seconds),
            query_string_behavior=cloudfront.CacheQueryStringBehavior.allow_list(
                *cdn.api_cache_keys
            ),
            header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Authorization"),
            enable_accept_encoding_gzip=True,
            enable_accept_encoding_brotli=True,
        )
        api_origin: cloudfront.IOrigin
        if self.api_domain is not None:
            header = REST_HEADER if spec.edge.api_gateway == "rest" else HEADER
            api_origin = origins.HttpOrigin(
                self.api_domain,
                origin_path=self.api_origin_path,
                protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
                custom_headers={header: self.origin.value} if self.origin is not None else None,
            )
        else:
            api_origin = origins.VpcOrigin.with_network_load_balancer(
                self.nlb,
                vpc_origin_name=f"{prefix(spec)}-ingress",
                protocol_policy=cloudfront.OriginProtocolPolicy.HTTP_ONLY,
                http_port=80,
            )
        acl_arn = None
        if spec.edge.waf.enabled:
            acl_arn = web_acl(self, spec, "CLOUDFRONT", self.logs_key).attr_arn
        zone = self.zone
        certificate: acm.Certificate | None = None
        domain_names: list[str] | None = None
        if zone is not None and spec.edge.domain_name:
            domain_names = [spec.edge.domain_name]
            certificate = acm.Certificate(
                self,
                "Certificate",
                domain_name=spec.edge.domain_name,
                validation=acm.CertificateValidation.from_dns(zone),
            )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"{prefix(spec)} edge ({spec.edge.api_gateway})",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(static),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=static_policy,
                compress=True,
            ),
            additional_behaviors={
                "/v1/*": cloudfront.BehaviorOptions(
                    origin=api_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
                    cache_policy=api_policy,
                    origin_request_policy=(
                        cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER
                    ),
                    compress=True,
                )
            },
            price_class=PRICE_CLASSES[cdn.price_class],
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_logging=True,
            log_bucket=self.log_bucket,
            log_file_prefix="cloudfront/",
            web_acl_id=acl_arn,
            domain_names=domain_names,
            certificate=certificate,
        )
        if zone is not None and spec.edge.domain_name:
            target = route53.RecordTarget.from_alias(
                route53_targets.CloudFrontTarget(self.distribution)
            )
            route53.ARecord(
                self, "AliasIpv4", zone=zone, record_name=spec.edge.domain_name, target=target
            )
            route53.AaaaRecord(
                self, "AliasIpv6", zone=zone, record_name=spec.edge.domain_name, target=target
            )
        reasons = {
            "AwsSolutions-CFR1": (
                "The platform serves a global audience; there is no country it must refuse."
            ),
        }
        if certificate is None:
            reasons["AwsSolutions-CFR4"] = (
                "Without a custom domain (spec.edge.domain_name) CloudFront serves its default "
                "*.cloudfront.net certificate, whose viewer TLS policy cannot be chosen; "
                "viewers are redirected to HTTPS (the API behaviour is HTTPS only)."
            )
        if not spec.edge.waf.enabled:
            reasons["AwsSolutions-CFR2"] = (
                "The spec turns the WAF off (edge.waf.enabled: false), e.g. outside us-east-1 "
                "where CloudFront's web ACL cannot be created by this stack."
            )
        if self.api_domain is None:
            reasons["AwsSolutions-CFR5"] = (
                "The API origin is a CloudFront VPC origin spoken to in plain HTTP on port 80 "
                "(no SSLv3/TLSv1, and no TLS at all): the internal NLB has no certificate, see "
                "its ELBv2ACMCertificateRequired reason. The NLB has no internet route."
            )
        acknowledge(self.distribution, reasons)
        CfnOutput(self, "DistributionDomainName", value=self.distribution.distribution_domain_name)


ACCESS_LOG_FORMAT_V2 = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "integrationLatency": "$context.integrationLatency",
    "principal": "$context.authorizer.claims.sub",
}
