"""`api_gateway: rest`: an API Gateway REST API with a stage cache, per-service throttling, a
Cognito authorizer and its own regional WAF, on a VPC Link (v1) to the ingress NLB."""

from __future__ import annotations

from itertools import groupby

from aws_cdk import CfnOutput, Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_route53_targets as route53_targets
from aws_cdk import aws_wafv2 as wafv2

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.origin_verify import REST_HEADER
from chariot.infra.edge.apis import parameter_mapping
from chariot.infra.edge.apis.base import ApiEndpoint, ApiKind, routes
from chariot.infra.edge.apis.gateway import gateway_parts
from chariot.infra.edge.context import EdgeContext
from chariot.infra.edge.dns import api_origin_record
from chariot.infra.edge.waf import web_acl
from chariot.infra.names import prefix

STAGE = "live"


def build(ctx: EdgeContext) -> ApiEndpoint:
    spec, scope = ctx.spec, ctx.scope
    parts = gateway_parts(ctx)
    if parts.users is None:  # pragma: no cover - the edge-buildable spec rule refuses it
        raise RuntimeError("the rest edge needs the Cognito user pool")
    cdn = spec.edge.cdn
    origin_domain = ctx.origin_domain.get()
    access = ctx.access_logs("RestApiAccessLogs")
    method_options = {}
    for route in routes(spec):
        if route.service is not None:
            method_options[f"{route.path}/*"] = apigw.MethodDeploymentOptions(
                throttling_rate_limit=route.service.rps_limit,
                throttling_burst_limit=spec.edge.throttle_burst,
                caching_enabled=True,
                cache_ttl=Duration.seconds(cdn.api_ttl_seconds),
                cache_data_encrypted=True,
            )
    api = apigw.RestApi(
        scope,
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
        cloud_watch_role_removal_policy=ctx.removal,
        deploy_options=apigw.StageOptions(
            stage_name=STAGE,
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
    link = apigw.VpcLink(scope, "VpcLink", targets=[ctx.ingress.nlb])
    authorizer = apigw.CognitoUserPoolsAuthorizer(
        scope, "Cognito", cognito_user_pools=[parts.users.pool]
    )
    validator = api.add_request_validator(
        "Parameters", validate_request_parameters=True, validate_request_body=True
    )
    cache_params = {f"method.request.querystring.{k}": False for k in cdn.api_cache_keys}
    mapped, mapped_from = parameter_mapping.rest_request_parameters(spec.edge.parameter_mapping)
    for _, grouped in groupby(routes(spec), key=lambda route: route.service):
        group = list(grouped)
        # A service's resources before its methods: the order in which they enter the construct
        # tree and the deployment's logical ID, so a deployed API keeps both.
        paths = [(route, api.root.resource_for_path(route.path)) for route in group]
        for route, resource in paths:
            request_params = cache_params | mapped_from
            integration_params = dict(mapped)
            if route.is_proxy:
                request_params["method.request.path.proxy"] = True
                integration_params["integration.request.path.proxy"] = "method.request.path.proxy"
            resource.add_method(
                "ANY",
                apigw.Integration(
                    type=apigw.IntegrationType.HTTP_PROXY,
                    integration_http_method="ANY",
                    uri=f"http://{ctx.ingress.nlb.load_balancer_dns_name}{route.backend_path}",
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
                api_key_required=parts.origin is not None,
            )
    if parts.origin is not None:
        # The origin secret is the stage's only API key; CloudFront sends it as x-api-key.
        key = api.add_api_key(
            "OriginKey", api_key_name=f"{prefix(spec)}-cloudfront", value=parts.origin.value
        )
        plan = api.add_usage_plan(
            "Origin",
            name=f"{prefix(spec)}-cloudfront",
            description="CloudFront's origin requests (limits stay on the stage)",
            api_stages=[apigw.UsagePlanPerApiStage(api=api, stage=api.deployment_stage)],
        )
        plan.add_api_key(key)
    if spec.edge.waf.enabled:
        acl = web_acl(scope, spec, "REGIONAL", ctx.logs_key)
        wafv2.CfnWebACLAssociation(
            scope,
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
    endpoint = ApiEndpoint(
        f"{api.rest_api_id}.execute-api.{spec.region}.amazonaws.com",
        f"/{STAGE}",
        REST_HEADER,
        parts.origin,
    )
    if origin_domain is not None and ctx.zone is not None and api.domain_name is not None:
        # The custom domain maps its root to the stage.
        api_origin_record(
            scope,
            spec,
            ctx.zone,
            origin_domain[0],
            route53_targets.ApiGatewayDomain(api.domain_name),
            api.domain_name.domain_name_alias_domain_name,
        )
        endpoint = ApiEndpoint(origin_domain[0], None, REST_HEADER, parts.origin)
    CfnOutput(
        scope,
        "ApiEndpoint",
        value=api.url if origin_domain is None else f"https://{endpoint.domain}/",
    )
    return endpoint


KIND = ApiKind(
    summary="API Gateway REST API with stage cache and WAF, VPC Link",
    build=build,
    # A REST API's VPC Link (v1) arrives over PrivateLink without a security group of its own.
    enforce_private_link_rules=False,
)
