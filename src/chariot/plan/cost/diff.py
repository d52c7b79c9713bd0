"""`cost diff`: what changes between two estimates, line by line and per component, and why.

Lines are matched by (component, resource, price id) and their order among equal keys, so a
node group that gains a part-time layer, or a backup rule that keeps more restore points, is one
changed line with its quantity before and after, not a removal and an addition.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from chariot.plan.cost.estimate import CostEstimate
from chariot.plan.cost.model import CostLine

Key = tuple[str, str, str, int]


@dataclass(frozen=True)
class LineChange:
    component: str
    resource: str
    price_id: str
    description: str
    before_usd: float
    after_usd: float
    reason: str  # added, removed, quantity, price, quantity and price

    @property
    def delta_usd(self) -> float:
        return round(self.after_usd - self.before_usd, 2)


@dataclass(frozen=True)
class ComponentChange:
    component: str
    before_usd: float
    after_usd: float

    @property
    def delta_usd(self) -> float:
        return round(self.after_usd - self.before_usd, 2)


@dataclass(frozen=True)
class CostDiff:
    before: str
    after: str
    before_usd: float
    after_usd: float
    lines: list[LineChange]
    components: list[ComponentChange]

    @property
    def delta_usd(self) -> float:
        return round(self.after_usd - self.before_usd, 2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "before_usd": self.before_usd,
            "after_usd": self.after_usd,
            "delta_usd": self.delta_usd,
            "components": [{**asdict(c), "delta_usd": c.delta_usd} for c in self.components],
            "lines": [{**asdict(line), "delta_usd": line.delta_usd} for line in self.lines],
        }


def _keyed(lines: list[CostLine]) -> dict[Key, CostLine]:
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    keyed: dict[Key, CostLine] = {}
    for line in lines:
        base = (line.component, line.resource, line.price_id)
        keyed[(*base, seen[base])] = line
        seen[base] += 1
    return keyed


def _reason(before: CostLine, after: CostLine) -> str:
    quantity = before.quantity != after.quantity
    price = before.unit_usd != after.unit_usd
    if quantity and price:
        return (
            f"quantity {before.quantity:g} -> {after.quantity:g} {after.unit}, "
            f"price ${before.unit_usd:g} -> ${after.unit_usd:g}"
        )
    if price:
        return f"price ${before.unit_usd:g} -> ${after.unit_usd:g} per {after.unit}"
    return f"quantity {before.quantity:g} -> {after.quantity:g} {after.unit}"


def diff(before: CostEstimate, after: CostEstimate, before_name: str, after_name: str) -> CostDiff:
    """Every line whose monthly cost differs, biggest change first, and the component totals."""
    old, new = _keyed(before.lines), _keyed(after.lines)
    changes: list[LineChange] = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and a.monthly_usd == b.monthly_usd:
            continue
        line = b if b is not None else a
        if line is None:
            continue
        reason = "added" if a is None else "removed" if b is None else _reason(a, b)
        changes.append(
            LineChange(
                line.component,
                line.resource,
                line.price_id,
                line.description,
                a.monthly_usd if a else 0.0,
                b.monthly_usd if b else 0.0,
                reason,
            )
        )
    changes.sort(key=lambda c: (-abs(c.delta_usd), c.component, c.resource))
    totals_a = {c.component: c.monthly_usd for c in before.components()}
    totals_b = {c.component: c.monthly_usd for c in after.components()}
    components = [
        ComponentChange(name, totals_a.get(name, 0.0), totals_b.get(name, 0.0))
        for name in sorted({*totals_a, *totals_b})
        if round(totals_a.get(name, 0.0) - totals_b.get(name, 0.0), 2)
    ]
    components.sort(key=lambda c: (-abs(c.delta_usd), c.component))
    return CostDiff(
        before_name,
        after_name,
        before.total_usd,
        after.total_usd,
        [c for c in changes if c.delta_usd],
        components,
    )


def _usd(value: float, signed: bool = False) -> str:
    sign = "+" if signed and value > 0 else "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def render_markdown(result: CostDiff, limit: int = 30) -> str:
    """A pull-request comment: the headline delta, the components, then the lines (folded)."""
    out = [
        f"## Cost diff: {result.before} -> {result.after}",
        "",
        f"**{_usd(result.delta_usd, signed=True)} a month** "
        f"({_usd(result.before_usd)} -> {_usd(result.after_usd)})",
        "",
    ]
    if not result.lines:
        return "\n".join([*out, "No line changes its monthly cost.", ""])
    out += ["| component | before | after | change |", "|---|---:|---:|---:|"]
    out += [
        f"| {c.component} | {_usd(c.before_usd)} | {_usd(c.after_usd)} | "
        f"{_usd(c.delta_usd, signed=True)} |"
        for c in result.components
    ]
    shown = result.lines[:limit]
    out += [
        "",
        f"<details><summary>{len(result.lines)} lines changed</summary>",
        "",
        "| component | resource | line | change | why |",
        "|---|---|---|---:|---|",
    ]
    out += [
        f"| {c.component} | `{c.resource}` | {c.description} | "
        f"{_usd(c.delta_usd, signed=True)} | {c.reason} |"
        for c in shown
    ]
    if len(result.lines) > limit:
        out.append(f"| ... | | {len(result.lines) - limit} more (see --format json) | | |")
    out += ["", "</details>", ""]
    return "\n".join(out)
