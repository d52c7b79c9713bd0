"""Hostile and broken input files: each is one clear error line and exit 2, never a traceback.

Every case writes a copy of the shipped `dev` spec with one defect into a temporary project and
runs the real CLI on it (issue 14: alias bombs, recursive aliases, deep nesting, bad bytes, Rich
markup in keys, folders where files belong, non-strict numbers).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chariot.cli.main import app
from tests.conftest import ROOT

runner = CliRunner()
DAY = "2026-11-26"
ENV = Path("environments/dev.yaml")
USERS = Path("services/users.yaml")

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
"""Nine aliases of nine aliases ... : 9**8 (43 million) nodes once expanded."""
BILLION_LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB


def project(tmp_path: Path) -> Path:
    """A copy of this checkout's specs (environments/dev.yaml and services/)."""
    (tmp_path / "environments").mkdir()
    shutil.copy(ROOT / ENV, tmp_path / ENV)
    shutil.copytree(ROOT / "services", tmp_path / "services")
    return tmp_path


def append(relative: Path, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as file:
            file.write(text)

    return change


def replace(relative: Path, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        text = (root / relative).read_text(encoding="utf-8")
        assert old in text
        (root / relative).write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def write_bytes(relative: Path, data: bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / relative).write_bytes((root / relative).read_bytes() + data)

    return change


def make_folder(root: Path) -> None:
    (root / ENV).unlink()
    (root / ENV).mkdir()


def remove_catalog(root: Path) -> None:
    shutil.rmtree(root / "services")


def big_file(root: Path) -> None:
    with (root / ENV).open("a", encoding="utf-8") as file:
        file.write("# padding\n" * 120_000)


CASES = {
    "alias bomb": (append(ENV, BILLION_LAUGHS), "aliases expand to more than 10000 nodes"),
    "recursive alias": (append(ENV, "l: &r [*r]\n"), "recursive alias *r"),
    "undefined alias": (append(ENV, "l: *nowhere\n"), "alias *nowhere names no anchor"),
    "300-deep block nesting": (
        append(ENV, "".join(f"{' ' * i}k:\n" for i in range(300))),
        "nested more than 64 levels deep",
    ),
    "5000-deep flow nesting": (
        append(ENV, "deep: " + "[" * 5000 + "]" * 5000 + "\n"),
        "nesting depth",
    ),
    "non-UTF-8 byte": (write_bytes(ENV, b"extra: caf\xe9\n"), "not UTF-8 text: byte 0xe9"),
    "control character": (append(ENV, "extra: a\x01b\n"), "control character U+0001"),
    "malformed YAML": (append(ENV, "extra: [unclosed\n"), "malformed YAML"),
    "two documents": (append(ENV, "---\nname: other\n"), "holds 2 YAML documents"),
    "duplicate key": (append(ENV, "name: again\n"), "name: duplicate key"),
    "markup in a key": (append(ENV, '"[/x]": 1\n'), "['[/x]']: unknown key"),
    "markup in a value": (replace(USERS, "name: users", 'name: "[/x]"'), "'[/x]'"),
    "pattern printed verbatim": (
        replace(USERS, "name: users", "name: Users"),
        "String should match pattern '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$'",
    ),
    "a bool is not a count": (
        replace(ENV, "nat_gateways: 1", "nat_gateways: true"),
        "network.nat_gateways: true is a boolean, not a number",
    ),
    "infinity is not a rate": (
        replace(USERS, "target_rps: 1000", "target_rps: 1e400"),
        "target_rps: '1e400' is text, not a number",
    ),
    "a float overflowing to infinity": (
        replace(USERS, "target_rps: 1000", "target_rps: 1.0e+400"),
        "target_rps: Input should be a finite number",
    ),
    "a number beyond the bound": (
        replace(USERS, "target_rps: 1000", "target_rps: 1.0e+12"),
        "target_rps: Input should be less than or equal to 2000000000",
    ),
    "a 5,000-digit integer": (
        replace(USERS, "target_rps: 1000", "target_rps: 1" + "0" * 5000),
        "cannot construct a value",
    ),
    "environment file is a folder": (make_folder, "dev.yaml: <yaml>: is a folder, not a YAML file"),
    "no services folder": (remove_catalog, "services: <folder>: is missing"),
    "file too large": (big_file, "at most 1.0 MiB of YAML is read"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_spec_validate_gives_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    change, message = CASES[case]
    change(project(tmp_path))
    started = time.monotonic()
    result = runner.invoke(app, ["spec", "validate", "--root", str(tmp_path), "--on", DAY])
    assert time.monotonic() - started < 10, "bounded work"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1, result.stderr
    assert message in errors[0], errors[0]
    assert "Traceback" not in result.output


def test_a_control_character_names_its_line(tmp_path: Path) -> None:
    append(ENV, "extra: a\x01b\n")(project(tmp_path))
    lines = (tmp_path / ENV).read_text().count("\n")
    result = runner.invoke(app, ["spec", "validate", "--root", str(tmp_path), "--on", DAY])
    assert f"dev.yaml:{lines}: <yaml>: control character" in result.stderr


def test_show_of_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    append(ENV, BILLION_LAUGHS)(project(tmp_path))
    result = runner.invoke(app, ["spec", "show", "-e", "dev", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "aliases expand to more than" in result.stderr


# ---------------------------------------------------------------- manifests


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "holds no Kubernetes object (empty)"),
        (b"---\n---\n", "holds no Kubernetes object (empty)"),
        (BILLION_LAUGHS.encode(), "aliases expand to more than 100000 nodes"),
        (b"l: &r [*r]\n", "recursive alias *r"),
        (b"kind: \xff\n", "not UTF-8 text"),
        (b"[" * 5000 + b"]" * 5000, "depth"),
    ],
    ids=["empty", "empty documents", "alias bomb", "recursive alias", "non-UTF-8", "deep"],
)
def test_validate_manifests_refuses_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    file = tmp_path / "object.yaml"
    file.write_bytes(content)
    result = runner.invoke(app, ["validate", "manifests", str(file), "-k", "1.35"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stdout.splitlines() if line.startswith("error")]
    assert len(errors) == 1, result.stdout
    assert message in errors[0]
    assert "0 objects in 1 files: 1 errors" in result.stdout


@pytest.mark.parametrize(
    ("out", "message"),
    [("a-file", "Not a directory"), ("/proc/chariot-test", "--out: cannot write")],
    ids=["a file", "unwritable"],
)
def test_manifests_out_that_cannot_be_written(tmp_path: Path, out: str, message: str) -> None:
    target = tmp_path / out
    target.touch() if out == "a-file" else None
    args = ["manifests", "-e", "dev", "--root", str(ROOT), "--on", DAY, "--no-validate"]
    result = runner.invoke(app, [*args, "--out", str(target)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: --out: cannot write")
    assert message in line


def test_loadtest_against_a_closed_port_is_one_line(tmp_path: Path) -> None:
    from chariot.runtime.dev.processes import free_port

    url = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(
        app,
        [
            "loadtest",
            *("--root", str(ROOT), "--on", DAY, "--state-dir", str(tmp_path)),
            *("--service", "users", "--base-url", url, "--token", "t", "--duration", "2s"),
        ],
    )
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert errors == [f"error: {url}: nothing answers (Connection refused)"]
    assert "level=" not in result.output


def test_a_bad_crd_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "crds").mkdir()
    (tmp_path / "crds" / "bad.yaml").write_text("l: &r [*r]\n")
    manifest = tmp_path / "namespace.yaml"
    manifest.write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
    crds = ["--crds", str(tmp_path / "crds")]
    result = runner.invoke(app, ["validate", "manifests", str(manifest), "-k", "1.35", *crds])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"error: --crds: {tmp_path}/crds/bad.yaml:1: recursive alias *r: "
        "it is used inside its own anchor"
    ]
