"""`chariot crds import DIR`: regenerate the CRD schemas shipped in the package from upstream
CRD files (see chariot.k8s.validate.crd_sources for which files, from where)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chariot.cli.console import (
    FormatOption,
    OutputFormat,
    fail,
    out,
    parse_day,
    print_json,
    table,
)

app = typer.Typer(
    help="The CRD schemas chariot validates custom resources with.", no_args_is_help=True
)


@app.command(name="import")
def import_(
    upstream: Annotated[
        Path,
        typer.Argument(
            help="folder holding the upstream CRD files under the names docs/manifests.md lists",
            file_okay=False,
        ),
    ],
    into: Annotated[
        Path | None,
        typer.Option(
            "--into", help="where to write (default: the package's crd_schemas/)", file_okay=False
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="import date to record for changed files (YYYY-MM-DD); default today"
        ),
    ] = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Write crd_schemas/<project>/: each CRD reduced to what validation reads, plus a
    provenance.json (repository, tag, path, sha256 of each upstream file, import date)."""
    # Imported here so that `chariot --help` never loads YAML or the validator.
    from datetime import date

    from chariot.k8s.validate.crd_import import CrdImportError, import_crds
    from chariot.k8s.validate.settings import SHIPPED_DIR

    target = into if into is not None else SHIPPED_DIR
    try:
        imported = import_crds(upstream, target, parse_day(on) or date.today())
    except CrdImportError as exc:
        fail([str(exc)])
    rows = [
        {
            "project": i.source.name,
            "tag": i.source.tag,
            "crds": len(i.crds),
            "bytes": i.size,
            "result": "written" if i.changed else "unchanged",
        }
        for i in imported
    ]
    if output is OutputFormat.JSON:
        print_json({"target": str(target), "imported": rows})
        return
    out.print(table(f"CRD schemas in {target}", list(rows[0]), [list(r.values()) for r in rows]))
