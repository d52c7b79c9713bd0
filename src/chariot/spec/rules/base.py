"""The contract of a spec rule: yield (field path, reason) for each violation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from chariot.spec.model import PlatformSpec
from chariot.spec.problems import Loc


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the spec: the day the spec is checked for."""

    on: date


Violation = tuple[Loc, str]


class Rule(Protocol):
    def __call__(self, spec: PlatformSpec, ctx: Context) -> Iterator[Violation]: ...
