"""Where the pinned CRDs are: `--crds`, else `$CHARIOT_CRDS_DIR`, else `../shared/crds` beside
the project root (the folder holding `environments/`).

The CRDs are upstream files kept outside the repository; docs/manifests.md says how to fetch
the same files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "CHARIOT_CRDS_DIR"
DEFAULT_RELATIVE = Path("..") / "shared" / "crds"


def default_crds_dir(root: Path) -> Path:
    return (root.resolve() / DEFAULT_RELATIVE).resolve()


def resolve_crds_dir(
    root: Path, explicit: Path | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The CRD folder to use; it must exist and hold YAML files."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        chosen, origin = explicit, "--crds"
    elif environ.get(ENV_VAR):
        chosen, origin = Path(environ[ENV_VAR]), f"${ENV_VAR}"
    else:
        chosen, origin = default_crds_dir(root), f"the default ({DEFAULT_RELATIVE} of the root)"
    if not chosen.is_dir() or not any(chosen.glob("*.y*ml")):
        raise FileNotFoundError(
            f"{chosen} (from {origin}) holds no CRD files: fetch them as docs/manifests.md "
            f"says, then pass --crds or set {ENV_VAR}"
        )
    return chosen.resolve()
