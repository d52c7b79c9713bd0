"""Fuzz `chariot spec validate` through real files: any field of any spec file, any value or
hostile YAML text, gives exit 0, or exit 2 with one line per problem naming its file; never a
traceback, never more than a set amount of memory. Bounded for CI: a fixed number of examples,
derandomized (the same examples every run), well under a minute.
"""

from __future__ import annotations

import copy
import json
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from chariot.cli.main import app
from tests.conftest import ROOT
from tests.spec.test_properties import mutated

runner = CliRunner()
DAY = "2026-11-26"
MEMORY_LIMIT = 64 * 1024 * 1024
MARKER = "__hostile__"

FLOW_BOMB = "[&a [lol, lol, lol, lol, lol, lol, lol, lol, lol], " + ", ".join(
    f"&{name} [{', '.join([f'*{previous}'] * 9)}]"
    for previous, name in zip("abcdefg", "bcdefgh", strict=True)
)
HOSTILE = [
    "&r [*r]",
    "*undefined",
    FLOW_BOMB + "]",
    "[" * 5000 + "]" * 5000,
    "{" * 300 + "}" * 300,
    "!!python/object/apply:os.system ['true']",
    "!!binary AAAA====",
    "1" + "0" * 5000,
    "1e400",
    ".inf",
    "-.nan",
    "0x7fffffffffffffffffff",
    "true",
    "'[/x] [a-z] [bold]'",
    "{a: 1, a: 2}",
    '"a\\x01b"',
    "a\x01b",
    "x" * 100_000,
    "[unclosed",
    "- item",
    "? complex\n: key",
    "2026-13-45",
    "!!timestamp 2026-02-30",
]


def _dev_tree() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "environments" / "dev.yaml").read_text())
    data["services"] = [
        yaml.safe_load(p.read_text()) for p in sorted((ROOT / "services").glob("*.yaml"))
    ]
    return data


BASE = _dev_tree()


@st.composite
def hostile_tree(draw: st.DrawFn) -> tuple[dict[str, str | bytes], bool]:
    """File name -> content: the dev spec with mutated fields, and maybe one field's value
    replaced by raw hostile YAML text (or a raw byte that is not UTF-8); and whether it was."""
    data = draw(mutated(BASE))
    services = data.pop("services", []) if isinstance(data.get("services"), list) else []
    documents: dict[str, Any] = {"environments/dev.yaml": data}
    for index, service in enumerate(services):
        documents[f"services/{index:02d}.yaml"] = service
    name = draw(st.sampled_from(sorted(documents)))
    document = documents[name]
    fragment = draw(st.none() | st.sampled_from(HOSTILE))
    if fragment is not None and isinstance(document, dict) and document:
        key = draw(st.sampled_from(sorted(document, key=str)))
        document = {**copy.copy(document), key: MARKER}
        documents[name] = document
    files: dict[str, str | bytes] = {
        file: yaml.safe_dump(content, sort_keys=False) for file, content in documents.items()
    }
    text = files[name]
    if fragment is not None and isinstance(text, str) and MARKER in text:
        files[name] = text.replace(MARKER, fragment, 1)
    raw_byte = draw(st.integers(0, 9)) == 0
    if raw_byte:
        files[name] = str(files[name]).encode() + b"\nextra: \xff\n"
    return files, fragment is not None or raw_byte


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@settings(
    max_examples=60,
    deadline=5000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tree=hostile_tree())
def test_any_spec_file_gives_success_or_one_line_per_problem(
    tree: tuple[dict[str, str | bytes], bool],
) -> None:
    files, hostile = tree
    args = ["spec", "validate", "-e", "dev", "--on", DAY, "-f", "json"]
    peak = 0
    with tempfile.TemporaryDirectory(prefix="chariot-fuzz-") as folder:
        _write(Path(folder), files)
        if hostile:  # memory is measured where it could blow up (tracing is 4x slower)
            tracemalloc.start()
        try:
            result = runner.invoke(app, [*args, "--root", folder])
            if hostile:
                _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2), result.output
    assert peak < MEMORY_LIMIT, f"{peak / 2**20:.0f} MiB"
    problems = json.loads(result.stdout)["problems"]
    assert bool(problems) == (result.exit_code == 2)
    for problem in problems:
        assert "\n" not in problem
        assert problem.startswith(folder), problem
