"""Entry point: `chariot <group> <command>`. Each command group lives in its own module."""

from __future__ import annotations

import os
import sys

import typer

from chariot.cli import check, cost, crds, dev, dr, loadtest, manifests, plan, spec, synth

app = typer.Typer(
    name="chariot",
    help="One typed platform spec -> AWS CDK stacks, Kubernetes manifests, plans and costs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(spec.app, name="spec")
app.command()(synth.synth)
app.command(name="check")(check.check)
app.command(name="plan")(plan.plan)
app.add_typer(cost.app, name="cost")
app.command(name="dr")(dr.dr)
app.command("manifests")(manifests.render)
app.add_typer(manifests.validate_app, name="validate")
app.add_typer(crds.app, name="crds")
app.add_typer(dev.app, name="dev")
app.command(name="loadtest")(loadtest.loadtest)


# Piped output (CI logs, `| less`) gets wide tables instead of rich's 80-column default;
# an explicit COLUMNS still wins.
PIPE_COLUMNS = "200"


def main() -> None:
    if not sys.stdout.isatty():
        os.environ.setdefault("COLUMNS", PIPE_COLUMNS)
    app()
