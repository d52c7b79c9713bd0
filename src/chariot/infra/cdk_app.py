"""The program `cdk.json` runs: `npx cdk synth -c env=prod` builds that environment's stacks."""

from __future__ import annotations

import sys
from pathlib import Path

from aws_cdk import App

from chariot.infra.app import create_app
from chariot.spec.load import load_spec
from chariot.spec.problems import SpecError


def main() -> None:
    probe = App()
    environment = probe.node.try_get_context("env")
    if not isinstance(environment, str) or not environment:
        sys.stderr.write("cdk.json: context 'env' is missing: run `npx cdk synth -c env=prod`\n")
        raise SystemExit(2)
    root = Path.cwd()
    try:
        spec = load_spec(root, environment)
    except SpecError as exc:
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(2) from None
    # The CDK CLI passes outdir and context (cdk.json's included) through the environment.
    try:
        create_app(spec, None, {}).synth()
    except SpecError as exc:  # a stack refused a combination it cannot build
        sys.stderr.write(f"{exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
