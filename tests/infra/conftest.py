"""Fixtures for infra tests: prod synthesized once more per non-default edge mode."""

from __future__ import annotations

import pytest

from chariot.spec.model import PlatformSpec
from tests.conftest import ROOT, Synthesized

OTHER_EDGE_MODES = ("rest", "none")


def with_edge_mode(spec: PlatformSpec, mode: str) -> PlatformSpec:
    return spec.model_copy(update={"edge": spec.edge.model_copy(update={"api_gateway": mode})})


@pytest.fixture(scope="session")
def edge_modes(
    specs: dict[str, PlatformSpec],
    synthesized: dict[str, Synthesized],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Synthesized]:
    """prod with each edge mode: `http` is prod as written, `rest` and `none` synthesized here
    (cdk-nag included), so every mode must pass the same checks."""
    from chariot.infra.synthesis import synthesize

    out = tmp_path_factory.mktemp("edge-modes")
    result = {"http": synthesized["prod"]}
    for mode in OTHER_EDGE_MODES:
        spec = with_edge_mode(specs["prod"], mode)
        synthesize(spec, out / mode, ROOT)
        result[mode] = Synthesized(out / mode, spec)
    return result
