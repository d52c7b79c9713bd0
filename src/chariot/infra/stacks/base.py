"""What every chariot stack shares: its name, environment and tags come from the spec."""

from __future__ import annotations

from aws_cdk import Environment, Stack, Tags
from constructs import Construct

from chariot.spec.model import PlatformSpec

# Every resource carries it; activated as a cost allocation tag it scopes the anomaly monitor.
ENVIRONMENT_TAG = "chariot:environment"


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
            f"{spec.name}-{spec.environment}-{self.part}",
            env=Environment(account=spec.account, region=region or spec.region),
            description=description,
            termination_protection=spec.deletion_protection,
        )
        self.spec = spec
        Tags.of(self).add(ENVIRONMENT_TAG, spec.environment)
        Tags.of(self).add("chariot:stack", self.part)
