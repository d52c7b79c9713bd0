from __future__ import annotations

from pathlib import Path

import pytest

from chariot.k8s.validate.settings import ENV_VAR, default_crds_dir, resolve_crds_dir


def _crds(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("kind: CustomResourceDefinition\n")
    return folder


def test_default_is_shared_crds_beside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    root.mkdir()
    crds = _crds(tmp_path / "shared" / "crds")
    assert default_crds_dir(root) == crds
    assert resolve_crds_dir(root, environ={}) == crds


def test_option_beats_environment_beats_default(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    root.mkdir()
    _crds(tmp_path / "shared" / "crds")
    from_env = _crds(tmp_path / "env")
    explicit = _crds(tmp_path / "explicit")
    assert resolve_crds_dir(root, None, {ENV_VAR: str(from_env)}) == from_env
    assert resolve_crds_dir(root, explicit, {ENV_VAR: str(from_env)}) == explicit


def test_missing_folder_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"docs/manifests.md"):
        resolve_crds_dir(tmp_path, environ={})
