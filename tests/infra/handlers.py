"""Loading a Lambda handler folder's module by path, as Lambda does (the folder is not part of
the package's import path)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def load_handler(folder: Path, module: str, name: str) -> ModuleType:
    """`folder/<module>.py` as a module called `name`."""
    spec = importlib.util.spec_from_file_location(name, folder / f"{module}.py")
    assert spec is not None
    assert spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded
