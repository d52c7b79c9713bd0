"""cdk-nag on every synth, and suppressions that always carry a reason.

Both packs run as validation plugins: any unacknowledged error-level finding stops synthesis,
so a template that reaches `dist/` has passed AwsSolutions and NIST 800-53 rev 5. Readiness
rules (chariot.verify.readiness) run on the written templates; their acknowledgements travel in
the resource's template Metadata, where the rules read them.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Acknowledgment, App, CfnResource, Validations
from cdk_nag import AwsSolutionsChecks, NIST80053R5Checks
from constructs import IConstruct

from chariot.spec.platform_names import READINESS_ACKNOWLEDGEMENTS_KEY as ACKNOWLEDGEMENTS_KEY

PACKS = ("AwsSolutions", "NIST.800.53.R5")


def enable_nag(app: App) -> None:
    """Run the AwsSolutions and NIST80053R5 packs on the whole app."""
    Validations.of(app).add_plugins(
        AwsSolutionsChecks(app, verbose=True, write_suppressions_to_cloud_formation=True),
        NIST80053R5Checks(app, verbose=True, write_suppressions_to_cloud_formation=True),
    )


def acknowledge(construct: IConstruct, reasons: Mapping[str, str]) -> None:
    """Suppress findings on `construct` and its children: {rule id: why it does not apply}."""
    for rule, reason in reasons.items():
        if not reason.strip():
            raise ValueError(f"suppression of {rule} needs a reason")
        pack = rule.split("-", 1)[0]
        if pack not in PACKS:
            raise ValueError(f"{rule}: unknown rule pack {pack!r} (known: {', '.join(PACKS)})")
        Validations.of(construct).acknowledge(Acknowledgment(id=f"{pack}::{rule}", reason=reason))


def acknowledge_readiness(construct: IConstruct, reasons: Mapping[str, str]) -> None:
    """Acknowledge readiness findings on `construct`'s own CloudFormation resource (a
    CfnResource, or the construct's default child): {rule name: why it does not apply here}.

    Only that one resource carries the reasons, so an acknowledgement never spreads to
    siblings where it would be stale (the readiness runner reports stale ones)."""
    resource = construct if isinstance(construct, CfnResource) else construct.node.default_child
    if not isinstance(resource, CfnResource):
        raise TypeError(f"{construct.node.path}: no CloudFormation resource to acknowledge on")
    for rule, reason in reasons.items():
        if not reason.strip():
            raise ValueError(f"acknowledgement of readiness rule {rule} needs a reason")
    existing = resource.get_metadata(ACKNOWLEDGEMENTS_KEY) or {}
    resource.add_metadata(ACKNOWLEDGEMENTS_KEY, {**existing, **reasons})
