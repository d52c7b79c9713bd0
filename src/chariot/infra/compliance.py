"""cdk-nag on every synth, and suppressions that always carry a reason.

Both packs run as validation plugins: any unacknowledged error-level finding stops synthesis,
so a template that reaches `dist/` has passed AwsSolutions and NIST 800-53 rev 5.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Acknowledgment, App, Validations
from cdk_nag import AwsSolutionsChecks, NIST80053R5Checks
from constructs import IConstruct

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
