"""Who callers are: the Cognito user pool the edge makes when the spec names no issuer.

Its outputs are the names chariot.k8s.issuer reads from `cdk deploy --outputs-file` for the
mesh's JWT rules.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from chariot.infra.names import prefix
from chariot.spec import platform_names as names
from chariot.spec import scopes
from chariot.spec.model import PlatformSpec


class UserPool:
    """MFA-required, admin-created users signing in by e-mail; one public client for the API."""

    def __init__(self, scope: Construct, spec: PlatformSpec, removal: RemovalPolicy) -> None:
        self.pool = cognito.UserPool(
            scope,
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
            removal_policy=removal,
        )
        # The API's scopes (spec/scopes.py) on a resource server, so tokens from the OAuth 2
        # endpoints can carry `chariot/read|write|admin`; the services and the mesh require them.
        # https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
        self.pool.add_resource_server(
            "ApiScopes",
            identifier=scopes.RESOURCE_SERVER,
            user_pool_resource_server_name=f"{prefix(spec)}-api",
            scopes=[
                cognito.ResourceServerScope(scope_name=name, scope_description=description)
                for name, description in scopes.DESCRIPTIONS.items()
            ],
        )
        self.client = self.pool.add_client(
            "Api",
            user_pool_client_name=f"{prefix(spec)}-api",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_srp=True),
            prevent_user_existence_errors=True,
        )
        self.issuer = names.cognito_issuer_url(spec.region, self.pool.user_pool_id)
        CfnOutput(scope, names.COGNITO_POOL_ID_OUTPUT, value=self.pool.user_pool_id)
        CfnOutput(scope, names.COGNITO_CLIENT_ID_OUTPUT, value=self.client.user_pool_client_id)
        CfnOutput(scope, names.COGNITO_ISSUER_OUTPUT, value=self.issuer)
        CfnOutput(scope, names.COGNITO_JWKS_OUTPUT, value=names.jwks_uri(self.issuer))


def jwt_issuer(spec: PlatformSpec, users: UserPool | None) -> tuple[str, list[str]]:
    """(issuer, audiences): the spec's, or the Cognito user pool's."""
    if spec.edge.jwt.issuer is not None:
        return spec.edge.jwt.issuer, list(spec.edge.jwt.audiences)
    if users is None:  # pragma: no cover - made whenever the spec names no issuer
        raise RuntimeError("no user pool")
    return users.issuer, [users.client.user_pool_client_id]
