"""Skip a build whose inputs have not changed since it last passed.

`chariot synth` writes a record beside its outputs: a fingerprint of everything the build read,
the hash of every file it wrote, and its summary. The next synth of that environment computes
the fingerprint again (a fraction of a second, no CDK or cfn-lint import); when it matches and
every output is still there unchanged, it prints the recorded summary instead of building.

What the fingerprint covers, and so what triggers a rebuild: the environment files and usage
files (`environments/`), the service catalog (`services/`), `cdk.json`, the measured capacity
(`benchmarks/capacity.json`), the CRD folder, a `--stack-outputs` file, chariot's own source
and data (the price catalog is package data), the name and version of every installed
distribution (aws-cdk-lib, cdk-nag, cfn-lint, ...), the environment name and the day the spec
is checked on (support windows and the report's date depend on it). A build that failed is
never recorded, so its errors are shown again. `--force` builds regardless.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

import chariot

RECORD = ".chariot-build.json"
INPUT_DIRS = ("environments", "services")
INPUT_FILES = ("cdk.json", "benchmarks/capacity.json")


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _digest_files(digest: Any, label: str, base: Path, files: Iterable[Path]) -> None:
    for file in files:
        name = file.relative_to(base).as_posix() if file.is_relative_to(base) else str(file)
        digest.update(f"{label}:{name}\0".encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())


def fingerprint(
    root: Path,
    environment: str,
    day: date,
    crds_dir: Path,
    stack_outputs: Path | None,
    images: Path | None = None,
) -> str:
    """A hash of every input of one environment's build (see the module docstring)."""
    digest = hashlib.sha256(f"environment:{environment}\0day:{day.isoformat()}\0".encode())
    for folder in INPUT_DIRS:
        _digest_files(digest, "root", root, _files(root / folder))
    _digest_files(digest, "root", root, [root / f for f in INPUT_FILES if (root / f).is_file()])
    _digest_files(digest, "crds", crds_dir, _files(crds_dir))
    if stack_outputs is not None:
        _digest_files(digest, "stack-outputs", stack_outputs.parent, [stack_outputs])
    if images is not None:
        _digest_files(digest, "images", images.parent, [images])
    package = Path(chariot.__file__).parent
    _digest_files(digest, "chariot", package, _files(package))
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    digest.update("\0".join(installed).encode())
    return digest.hexdigest()


def _outputs(outdir: Path) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in _files(outdir)
        if p.name != RECORD
    }


def unchanged(outdir: Path, key: str) -> dict[str, Any] | None:
    """The recorded summary when `outdir` holds a passed build of exactly these inputs."""
    record = outdir / RECORD
    if not record.is_file():
        return None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if data.get("fingerprint") != key or data.get("outputs") != _outputs(outdir):
        return None
    summary = data.get("summary")
    return summary if isinstance(summary, dict) else None


def record(outdir: Path, key: str, summary: dict[str, Any]) -> None:
    """Remember a passed build: its fingerprint, its outputs' hashes and its summary."""
    data = {"fingerprint": key, "outputs": _outputs(outdir), "summary": summary}
    (outdir / RECORD).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


def forget(outdir: Path) -> None:
    """Drop the record before building, so a build that stops half-way is never reused."""
    (outdir / RECORD).unlink(missing_ok=True)
