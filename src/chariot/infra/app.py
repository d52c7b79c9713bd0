"""Build the CDK app of one environment: `build(spec, outdir)`; nothing happens at import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_cdk import App, cx_api

from chariot.infra.compliance import enable_nag
from chariot.infra.data_classification import classify_data_stores
from chariot.infra.raw_resource_tags import tag_raw_resources
from chariot.infra.shared import Shared
from chariot.infra.stacks.registry import STACKS
from chariot.spec.model import PlatformSpec


def cdk_context(root: Path) -> dict[str, Any]:
    """The `context` of `cdk.json`, so `chariot synth` and `cdk synth` see the same values."""
    config = root / "cdk.json"
    if not config.is_file():
        return {}
    data = json.loads(config.read_text(encoding="utf-8"))
    context = data.get("context", {})
    return dict(context) if isinstance(context, dict) else {}


def create_app(spec: PlatformSpec, outdir: Path | None, context: dict[str, Any]) -> App:
    """The app with every stack of the environment; `outdir=None` lets the CDK CLI choose."""
    app = App(
        outdir=str(outdir) if outdir else None,
        context=context,
        analytics_reporting=False,
    )
    shared = Shared()
    for factory in STACKS:
        factory(app, spec, shared)
    classify_data_stores(app, spec)
    tag_raw_resources(app, spec)
    enable_nag(app)
    return app


def build(spec: PlatformSpec, outdir: Path, root: Path) -> cx_api.CloudAssembly:
    """Synthesize every stack of `spec` into `outdir` (CloudFormation JSON + assembly)."""
    outdir.mkdir(parents=True, exist_ok=True)
    return create_app(spec, outdir, cdk_context(root)).synth()
