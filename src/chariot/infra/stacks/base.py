"""What every chariot stack shares: its name, environment and tags come from the spec."""

from __future__ import annotations

from aws_cdk import Environment, Stack, Tags
from constructs import Construct, IConstruct

from chariot.spec.model import PlatformSpec, Service
from chariot.spec.platform_names import (
    ENVIRONMENT_TAG,
    SERVICE_TAG,
    STACK_TAG,
    TEAM_TAG,
    stack_name,
)

__all__ = ["ENVIRONMENT_TAG", "PlatformStack", "tag_service"]


class PlatformStack(Stack):
    """A stack named `<name>-<environment>-<part>` in the spec's account and region."""

    part: str = ""

    def __init__(
        self,
        scope: Construct,
        spec: PlatformSpec,
        description: str,
        region: str | None = None,
        part: str | None = None,
    ) -> None:
        """`region` overrides the spec's for stacks that must live elsewhere (DR, global);
        `part` the class's for stacks made several times (the service stacks)."""
        if part is not None:
            self.part = part
        super().__init__(
            scope,
            stack_name(spec.name, spec.environment, self.part),
            env=Environment(account=spec.account, region=region or spec.region),
            description=description,
            termination_protection=spec.deletion_protection,
        )
        self.spec = spec
        # Every resource carries them; activated as cost allocation tags they split the bill
        # (and the environment tag scopes the anomaly monitor). Shared resources belong to the
        # platform team; `tag_service` gives a service's own resources its team.
        Tags.of(self).add(ENVIRONMENT_TAG, spec.environment)
        Tags.of(self).add(TEAM_TAG, spec.platform_team)
        Tags.of(self).add(STACK_TAG, self.part)


def tag_service(scope: IConstruct, service: Service) -> None:
    """Mark `scope` and its taggable children as `service`'s own: `chariot:service` and the
    service's team. At equal priority the tag applied last and closest to the resource wins, so
    these override the stack's team: https://docs.aws.amazon.com/cdk/api/v2/python/aws_cdk/TagProps.html
    (tagging: https://docs.aws.amazon.com/cdk/v2/guide/tagging.html)"""
    Tags.of(scope).add(SERVICE_TAG, service.name)
    Tags.of(scope).add(TEAM_TAG, service.team)
