from __future__ import annotations

from pathlib import Path

import pytest

from chariot.k8s.images import read, resolve
from chariot.spec.problems import SpecError

DIGEST = "sha256:" + "0f" * 32


def test_images_file_maps_tags_to_digests(tmp_path: Path) -> None:
    file = tmp_path / "images.json"
    file.write_text(f'{{"1.dkr.ecr.us-east-1.amazonaws.com/chariot-prod/users:0.1.0": "{DIGEST}"}}')
    assert resolve(file).digests == {
        "1.dkr.ecr.us-east-1.amazonaws.com/chariot-prod/users:0.1.0": DIGEST
    }
    assert resolve(None).digests == {}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"ghcr.io/a/b:1": "sha256:short"}', "ghcr.io/a/b:1: expected a digest sha256:<64"),
        (f'{{"ghcr.io/a/b": "{DIGEST}"}}', "ghcr.io/a/b: expected a key registry/repository:tag"),
        ("[1]", "<root>: expected"),
        ("{", "<json>: malformed JSON"),
    ],
)
def test_bad_images_file_is_one_clear_line(tmp_path: Path, content: str, reason: str) -> None:
    file = tmp_path / "images.json"
    file.write_text(content)
    with pytest.raises(SpecError) as raised:
        read(file)
    (problem,) = raised.value.problems
    assert reason in str(problem)
    assert str(file) in str(problem)
