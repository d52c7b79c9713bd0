"""The clone test: what a new user does (`git clone` into an empty folder, then `./scripts/setup`)
works with nothing beside the clone (no sibling folder, no other checkout) and no environment
variable pointing elsewhere.

It clones the committed HEAD (uncommitted changes are not part of it), installs through the
clone's own `scripts/install` (uv reuses its cache; node_modules come from `npm ci`) and
synthesizes every environment: about two minutes. `pytest -m "not clone"` leaves it out while
working; `scripts/test` (CI) runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chariot.spec.load import environment_names
from tests.conftest import ROOT

pytestmark = pytest.mark.clone

# Variables that would let the clone lean on this checkout instead of standing on its own.
LEANING = (
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "CHARIOT_ROOT",
    "CHARIOT_CRDS_DIR",
    "UV_PROJECT_ENVIRONMENT",
)
SETUP_TIMEOUT_S = 1500


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the clone test needs git and a git checkout of the project")
    alone = tmp_path_factory.mktemp("alone")  # the clone's parent: empty but for the clone
    target = alone / "chariot"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    assert [p.name for p in alone.iterdir()] == ["chariot"]
    yield target
    shutil.rmtree(target, ignore_errors=True)  # its .venv, node_modules and dist are large


def test_setup_in_a_fresh_clone_synthesizes_every_environment(clone: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in LEANING}
    result = subprocess.run(
        ["./scripts/setup"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, (
        f"./scripts/setup failed ({result.returncode}):\n"
        f"{_tail(result.stdout)}\n{_tail(result.stderr)}"
    )
    assert "Traceback" not in result.stderr
    for name in environment_names(clone):
        dist = clone / "dist" / name
        assert list(dist.glob("*.template.json")), name
        assert (dist / "report.md").is_file(), name
        assert list((dist / "k8s").rglob("*.yaml")), name
        assert f"{name}: outputs in dist/{name}/" in result.stdout, name
