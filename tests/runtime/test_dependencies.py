"""The runtime imports nothing outside `chariot[runtime]`: the container image installs only
that extra (images/Dockerfile), so a service module importing e.g. yaml or aws_cdk would start
here and fail in the pod. Every chariot.runtime module is imported in a fresh interpreter and
each distribution it loaded must be chariot's base or runtime requirement, or one of theirs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata

from packaging.requirements import Requirement

RUNTIME_EXTRA = "runtime"

# In a fresh interpreter, every module of another distribution is made unimportable (as in
# the image, where it is not installed), then every chariot.runtime module is imported. A hard
# import of a blocked module fails; an optional one (httpx's `try: import rich`) degrades.
_IMPORT_ALL_WITHOUT = """
import importlib, importlib.abc, json, pkgutil, sys
blocked = set(json.loads(sys.argv[1]))

class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r} (not in chariot[runtime])")
        return None

sys.meta_path.insert(0, Absent())
import chariot.runtime
for module in pkgutil.walk_packages(chariot.runtime.__path__, "chariot.runtime."):
    importlib.import_module(module.name)
"""


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure(distribution: str, extras: frozenset[str]) -> set[str]:
    """`distribution` with `extras` and everything it requires, by normalized name."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(distribution, extras)]
    while todo:
        name, wanted = todo.pop()
        if (_normal(name), wanted) in seen:
            continue
        seen.add((_normal(name), wanted))
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": e}) for e in wanted or {""}):
                todo.append((requirement.name, frozenset(requirement.extras)))
    return {name for name, _ in seen}


def test_the_runtime_imports_only_its_extra() -> None:
    allowed = _closure("chariot", frozenset({RUNTIME_EXTRA}))
    assert {"fastapi", "granian", "redis", "boto3"} <= allowed
    assert not {"aws-cdk-lib", "cdk-nag", "pyyaml", "typer", "rich"} & allowed
    blocked = sorted(
        module
        for module, distributions in metadata.packages_distributions().items()
        if not {_normal(d) for d in distributions} & allowed
    )
    assert {"aws_cdk", "yaml", "typer"} <= set(blocked)
    run = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL_WITHOUT, json.dumps(blocked)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr.strip().splitlines()[-1]


def test_the_image_installs_the_runtime_extra_only() -> None:
    """The extra this file checks is the one the image installs, with no hand-kept exclusions."""
    from pathlib import Path

    dockerfile = (Path(__file__).parents[2] / "images" / "Dockerfile").read_text()
    syncs = [line for line in dockerfile.splitlines() if line.startswith("RUN uv sync")]
    assert len(syncs) == 2
    for line in syncs:
        assert f"--extra {RUNTIME_EXTRA}" in line
        assert "--no-dev" in line
        assert "--all-extras" not in line
        assert "--no-install-package" not in line
