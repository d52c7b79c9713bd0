"""The dr-strategy-meets-targets rule: a strategy that cannot meet dr's targets is refused with
the figures it does achieve."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from chariot.spec.dr_strategies import strategies
from tests.spec.helpers import load, problems


def test_prod_is_warm_standby_within_15_and_5(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    spec = load(tmp_path, spec_data)
    assert spec.dr.strategy == "warm_standby"
    chosen = strategies(spec)["warm_standby"]
    assert (chosen.rpo.minutes, chosen.rto.minutes) == (1.0, 15.0)
    assert spec.dr.objects_rpo == 15


def test_backup_restore_is_refused_at_15_and_5_with_its_figures(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["dr"].update(strategy="backup_restore", rto_minutes=15)  # the architecture's targets
    (line,) = problems(tmp_path, data)
    assert "dr.strategy: backup_restore achieves RPO 60 min and RTO 1440 min" in line
    assert "not the targets RPO 5 min / RTO 15 min: choose warm_standby" in line


def test_pilot_light_misses_an_rto_of_15(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["dr"].update(strategy="pilot_light", rto_minutes=15)
    (line,) = problems(tmp_path, data)
    assert "pilot_light achieves RPO 1 min and RTO 60 min" in line


def test_pilot_light_is_accepted_with_an_hour(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["dr"].update(strategy="pilot_light", rto_minutes=60)
    assert load(tmp_path, data).dr.strategy == "pilot_light"


def test_an_rpo_under_a_minute_is_met_by_none(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["dr"]["rpo_minutes"] = 0.5
    assert problems(tmp_path, data)  # not a positive integer: refused structurally
    data["dr"].update(rpo_minutes=1, rto_minutes=10)
    (line,) = problems(tmp_path, data)
    assert "no strategy meets them" in line


def test_objects_cannot_promise_less_than_s3_replication_time_control(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    del data["dr"]["objects_rpo_minutes"]
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "dr.rpo_minutes: S3 objects replicate with a 15-minute RPO at best (Replication Time "
        "Control, 99.99 % within 15 minutes: "
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html), "
        "not 5 min: set dr.objects_rpo_minutes: 15"
    )
