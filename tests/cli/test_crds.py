"""`chariot crds import`: wiring, output and one-line errors (the import itself is tested in
tests/k8s/validate/test_crd_import.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from chariot.cli.main import app
from chariot.k8s.validate.crd_sources import SOURCES

runner = CliRunner()
UPSTREAM_LIKE = Path(__file__).parents[1] / "k8s" / "validate" / "data" / "upstream"


def test_import_writes_each_project_whose_files_are_there(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    source = next(s for s in SOURCES if len(s.files) == 1)
    [local] = source.files
    shutil.copy(UPSTREAM_LIKE / "widgets-1.0.0.yaml", upstream / local)
    args = ["crds", "import", str(upstream), "--into", str(tmp_path / "out"), "--on", "2026-12-01"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["imported"]
    assert (row["project"], row["crds"], row["result"]) == (source.name, 1, "written")
    provenance = json.loads((tmp_path / "out" / source.name / "provenance.json").read_text())
    assert (provenance["tag"], provenance["imported"]) == (source.tag, "2026-12-01")
    assert (tmp_path / "out" / source.name / "test.chariot.io_widgets.json").is_file()
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert "unchanged" in again.stdout


def test_a_folder_without_the_files_is_one_line_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["crds", "import", str(tmp_path), "--into", str(tmp_path)])
    assert result.exit_code == 2
    assert "none of the upstream CRD files is there" in result.stderr
    assert "Traceback" not in result.output
