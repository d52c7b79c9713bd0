"""The DR region differs from the platform's region: the replica bucket and the backup copy
vault exist to survive the loss of the primary region, so they cannot live in it."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    if spec.dr.dr_region == spec.region:
        yield ("dr", "dr_region"), f"the DR region must differ from the primary {spec.region}"
