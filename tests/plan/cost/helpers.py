"""Shared by the cost tests: a copy of the shipped catalogs with one figure changed, for the
tests that must tell which region's catalog priced a line (the shipped two agree on most)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from chariot.plan.cost.catalog import CATALOG_DIR


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
