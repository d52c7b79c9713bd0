"""Shared by the cost tests: prod-shaped templates with a DR stack in another region, and a copy
of the shipped catalogs with one figure changed, for the tests that must tell which region's
catalog priced a line (the shipped two agree on most)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from chariot.plan.cost.catalog import CATALOG_DIR
from chariot.spec.model import PlatformSpec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "prod"


def catalogs_with(folder: Path, region: str, price_id: str, usd: str) -> Path:
    """`folder` holding every shipped catalog, `region`'s with `price_id` at `usd`."""
    folder.mkdir(exist_ok=True)
    for file in CATALOG_DIR.glob("*.yaml"):
        shutil.copy(file, folder)
    file = folder / f"{region}.yaml"
    text = file.read_text()
    entry = next(line for line in text.splitlines() if f"{{id: {price_id}," in line)
    edited = re.sub(r"\busd: [^,]+,", f"usd: {usd},", entry, count=1)
    file.write_text(text.replace(entry, edited))
    return folder


def with_dr_stack(prod: PlatformSpec, folder: Path, dr_region: str) -> Path:
    """Prod's fixture templates plus a DR stack (a NAT gateway and a KMS key) in `dr_region`, with
    the cloud assembly's manifest placing each stack in its region, as `chariot synth` writes it."""
    folder.mkdir()
    for template in FIXTURES.glob("*.template.json"):
        shutil.copy(template, folder)
    dr = {
        "Resources": {
            "Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": {"Ref": "A"}}},
            "Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": True}},
        }
    }
    (folder / "chariot-prod-dr-network.template.json").write_text(json.dumps(dr))
    stacks = {p.name.removesuffix(".template.json") for p in folder.glob("*.template.json")}
    manifest = {
        "artifacts": {
            stack: {
                "type": "aws:cloudformation:stack",
                "environment": f"aws://{prod.account}/"
                f"{dr_region if stack.endswith('-dr-network') else prod.region}",
            }
            for stack in stacks
        }
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder
