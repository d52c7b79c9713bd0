"""Entry point: `chariot <group> <command>`. Each command group lives in its own module."""

from __future__ import annotations

import typer

from chariot.cli import dev, loadtest, spec

app = typer.Typer(
    name="chariot",
    help="One typed platform spec -> AWS CDK stacks, Kubernetes manifests, plans and costs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(spec.app, name="spec")
app.add_typer(dev.app, name="dev")
app.command(name="loadtest")(loadtest.loadtest)


def main() -> None:
    app()
