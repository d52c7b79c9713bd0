"""The observability block's tracing settings: a sampling rate Istio can apply, set per
environment."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from chariot.spec.model import PlatformSpec, Tracing


@pytest.mark.parametrize("percent", [0, 0.01, 1, 12.5, 100])
def test_sampling_accepts_what_istio_applies(percent: float) -> None:
    assert Tracing(sampling_percent=percent).sampling_percent == percent


@pytest.mark.parametrize(
    ("percent", "reason"),
    [
        (-1, "greater than or equal to 0"),
        (100.5, "less than or equal to 100"),
        (0.005, "steps of 0.01"),
        (True, "valid number"),
    ],
)
def test_sampling_refuses_what_istio_cannot(percent: object, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        Tracing.model_validate({"sampling_percent": percent})


def test_each_environment_sets_its_rate(specs: dict[str, PlatformSpec]) -> None:
    rates = {env: spec.observability.tracing.sampling_percent for env, spec in specs.items()}
    assert rates == {"dev": 100, "staging": 10, "prod": 1}
