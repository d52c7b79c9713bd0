"""Property: any mutation of a valid spec loads cleanly or fails with a SpecError — nothing else."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chariot.spec.load import Source, spec_from_data
from chariot.spec.problems import SpecError
from tests.conftest import CHECK_DAY

Path_ = tuple[str | int, ...]

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["10.0.0.0/8", "10.0.1.0/24", "1.30", "fargate", "FARGATE_SPOT", "0.0.0.0/0"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(VALUES)
        else:
            parent[path[-1]] = draw(VALUES)
    return data


def test_mutations_never_escape_as_other_exceptions(spec_data: dict[str, Any]) -> None:
    source = Source(Path("environments/prod.yaml"), [Path(f"services/{i}.yaml") for i in range(3)])

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated(spec_data))
    def check(data: dict[str, Any]) -> None:
        problems = []
        try:
            spec_from_data(data, source, CHECK_DAY)
        except SpecError as exc:
            problems = exc.problems
            assert problems, "a SpecError always carries its problems"
        for problem in problems:
            assert problem.reason
            assert "\n" not in str(problem)

    check()
