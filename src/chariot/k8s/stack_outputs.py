"""Read the file `cdk deploy --outputs-file cdk-outputs.json` writes: `{stack: {output: value}}`.

Values that exist only after a deploy (the Cognito pool, the Neptune and cache endpoints, the
security group ids) reach the manifests through this file. An output is found by its name in any
stack; CDK appends an 8-hex-digit hash to outputs defined inside a construct, and a name may be
prefixed by its construct path, so `GraphEndpoint`, `DataGraphEndpoint` and
`GraphEndpoint1A2B3C4D` all answer `GraphEndpoint` (CDK's `ExportsOutput...` outputs for
cross-stack references are skipped). Two stacks giving different values for one
name is an error: which one is meant cannot be guessed.

The file holds both regions' stacks when the strategy keeps a DR region (`cdk deploy --all`):
`regional` keeps one region's, so the primary's manifests read the primary's stacks and the DR
region's read the DR stacks (chariot.spec.platform_names.is_dr_stack), and the ambiguity rule
applies within one region.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import is_dr_stack
from chariot.spec.problems import Problem, SpecError

_CDK_HASH = r"([0-9A-F]{8})?"
# CDK's own outputs for cross-stack references (`ExportsOutputFnGetAtt<Id><Attr><hash>`): never
# what a name asks for, though their names may end like one.
_CDK_EXPORT = "ExportsOutput"


@dataclass(frozen=True)
class StackOutputs:
    """The outputs of every deployed stack, and the file they came from (for messages)."""

    file: Path
    stacks: dict[str, dict[str, str]] = field(default_factory=dict)

    def find(self, name: str) -> str | None:
        """The value of output `name` in whichever stack has it; None when no stack does."""
        pattern = re.compile(rf"^(.*?){re.escape(name)}{_CDK_HASH}$")
        found = {
            f"{stack}.{key}": value
            for stack, values in self.stacks.items()
            for key, value in values.items()
            if pattern.match(key) and not key.startswith(_CDK_EXPORT)
        }
        distinct = set(found.values())
        if len(distinct) > 1:
            where = ", ".join(sorted(found))
            raise SpecError(
                [Problem(self.file, name, f"several different values ({where}); pass one stack")]
            )
        return distinct.pop() if distinct else None

    def only(self, keep: Callable[[str], bool]) -> StackOutputs:
        """The outputs of the stacks whose name `keep` accepts."""
        return StackOutputs(self.file, {s: v for s, v in self.stacks.items() if keep(s)})


def regional(outputs: StackOutputs, spec: PlatformSpec, dr: bool) -> StackOutputs:
    """The DR region's stacks (`dr`) or every other stack (the primary region's, and any stack
    the file holds that chariot did not name)."""
    return outputs.only(lambda stack: is_dr_stack(spec.name, spec.environment, stack) == dr)


def read_json(file: Path) -> Any:
    """A JSON file the user passes; a clear one-line error for a missing or malformed one."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError([Problem(file, "<file>", f"cannot read: {exc.strerror}")]) from None
    except json.JSONDecodeError as exc:
        raise SpecError(
            [Problem(file, "<json>", f"malformed JSON: {exc.msg}", exc.lineno)]
        ) from None


def read(file: Path) -> StackOutputs:
    """Parse an outputs file; a clear one-line error for a missing or malformed one."""
    data = read_json(file)
    if not isinstance(data, dict):
        raise SpecError([Problem(file, "<root>", "expected {stack: {output: value}}")])
    stacks: dict[str, dict[str, str]] = {}
    for stack, values in data.items():
        if not isinstance(values, dict):
            raise SpecError([Problem(file, stack, "expected a mapping of output name to value")])
        stacks[str(stack)] = {str(k): str(v) for k, v in values.items()}
    return StackOutputs(file, stacks)
