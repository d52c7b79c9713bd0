from __future__ import annotations

from pathlib import Path

import pytest

from chariot.k8s.validate.settings import ENV_VAR, SHIPPED_DIR, crd_files, resolve_crds_dir


def _crds(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("kind: CustomResourceDefinition\n")
    return folder


def test_default_is_the_shipped_schemas() -> None:
    assert resolve_crds_dir(environ={}) == SHIPPED_DIR
    assert SHIPPED_DIR.is_relative_to(Path(__file__).resolve().parents[3] / "src" / "chariot")


def test_option_beats_environment_beats_shipped(tmp_path: Path) -> None:
    from_env = _crds(tmp_path / "env")
    explicit = _crds(tmp_path / "explicit")
    assert resolve_crds_dir(None, {ENV_VAR: str(from_env)}) == from_env
    assert resolve_crds_dir(explicit, {ENV_VAR: str(from_env)}) == explicit


def test_a_folder_without_crds_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"holds no CRD files .* leave both unset"):
        resolve_crds_dir(tmp_path, environ={})
    with pytest.raises(FileNotFoundError, match=rf"from \${ENV_VAR}"):
        resolve_crds_dir(None, {ENV_VAR: str(tmp_path / "missing")})


def test_provenance_files_are_not_crd_files() -> None:
    files = crd_files(SHIPPED_DIR)
    assert files
    assert not any(f.name == "provenance.json" for f in files)
