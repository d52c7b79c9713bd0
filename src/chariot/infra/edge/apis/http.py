"""`api_gateway: http`: an API Gateway HTTP API on a VPC Link to the ingress NLB.

Behind CloudFront each route's one authorizer is the origin-secret check and the JWT is checked
in the mesh (chariot.k8s.mesh_security); without CloudFront it is a JWT authorizer.
"""

from __future__ import annotations

import json

from aws_cdk import CfnOutput
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_route53_targets as route53_targets

from chariot.infra.constructs.origin_verify import HEADER
from chariot.infra.edge.apis import parameter_mapping
from chariot.infra.edge.apis.base import ApiEndpoint, ApiKind, routes
from chariot.infra.edge.apis.gateway import gateway_parts
from chariot.infra.edge.context import EdgeContext
from chariot.infra.edge.dns import api_origin_record
from chariot.infra.edge.identity import jwt_issuer
from chariot.infra.names import prefix

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


def build(ctx: EdgeContext) -> ApiEndpoint:
    spec, scope = ctx.spec, ctx.scope
    parts = gateway_parts(ctx)
    api = apigwv2.HttpApi(
        scope,
        "HttpApi",
        api_name=f"{prefix(spec)}-api",
        description="Chariot public API: /v1/<service>/...",
        create_default_stage=False,
        # With a domain CloudFront reaches the API by it; without one the default endpoint
        # is the only address (a disabled one leaves the API unreachable), and the origin
        # secret guards it.
        disable_execute_api_endpoint=ctx.origin_domain.get() is not None,
    )
    link = apigwv2.VpcLink(
        scope,
        "VpcLink",
        vpc=ctx.vpc,
        subnets=ec2.SubnetSelection(subnet_group_name="private"),
        security_groups=[parts.link_sg],
    )
    headers = spec.edge.parameter_mapping
    request_parameters = parameter_mapping.http_request_parameters(headers)
    integration = integrations.HttpNlbIntegration(
        "IngressGateway",
        ctx.ingress.listener,
        vpc_link=link,
        parameter_mapping=(
            apigwv2.ParameterMapping.from_object(
                {k: apigwv2.MappingValue.custom(v) for k, v in request_parameters.items()}
            )
            if request_parameters
            else None
        ),
    )
    authorizer: apigwv2.IHttpRouteAuthorizer
    if parts.origin is not None:
        # One authorizer per route: the origin check here, the JWT in the mesh (every
        # meshed service requires a valid token of the issuer, chariot.k8s.mesh_security).
        authorizer = parts.origin.http_authorizer()
    else:
        issuer, audiences = jwt_issuer(spec, parts.users)
        authorizer = authorizers.HttpJwtAuthorizer(
            "Jwt", issuer, jwt_audience=audiences, authorizer_name="jwt"
        )
    made: list[apigwv2.HttpRoute] = []
    route_settings = {}
    for route in routes(spec):
        made += api.add_routes(
            path=route.path,
            methods=[apigwv2.HttpMethod.ANY],
            integration=integration,
            authorizer=authorizer,
        )
        if route.service is not None:
            route_settings[f"ANY {route.path}"] = {
                "ThrottlingRateLimit": route.service.rps_limit,
                "ThrottlingBurstLimit": spec.edge.throttle_burst,
            }
    response_parameters = parameter_mapping.http_response_parameters(headers)
    if response_parameters:
        # The CDK integration has no response mapping; the routes share one CfnIntegration.
        for child in api.node.find_all():
            if isinstance(child, apigwv2.CfnIntegration):
                child.add_property_override("ResponseParameters", response_parameters)
    access = ctx.access_logs("HttpApiAccessLogs")
    stage = apigwv2.CfnStage(
        scope,
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
    for made_route in made:
        stage.node.add_dependency(made_route)
    domain_name = f"{api.api_id}.execute-api.{spec.region}.amazonaws.com"
    origin_domain = ctx.origin_domain.get()
    if origin_domain is not None and ctx.zone is not None:
        name, certificate = origin_domain
        domain = apigwv2.DomainName(
            scope,
            "ApiDomain",
            domain_name=name,
            certificate=certificate,
            security_policy=apigwv2.SecurityPolicy.TLS_1_2,
        )
        mapping = apigwv2.CfnApiMapping(
            scope, "ApiMapping", api_id=api.api_id, domain_name=domain.name, stage=stage.ref
        )
        mapping.node.add_dependency(stage)
        api_origin_record(
            scope,
            spec,
            ctx.zone,
            name,
            route53_targets.ApiGatewayv2DomainProperties(
                domain.regional_domain_name, domain.regional_hosted_zone_id
            ),
            domain.regional_domain_name,
        )
        domain_name = name
    CfnOutput(
        scope,
        "ApiEndpoint",
        value=api.api_endpoint if origin_domain is None else f"https://{domain_name}",
    )
    return ApiEndpoint(domain_name, None, HEADER, parts.origin)


KIND = ApiKind(
    summary="API Gateway HTTP API (origin-secret or JWT authorizer), VPC Link", build=build
)
