"""Resources one stack makes for the stacks after it, registered by name.

A second registration under the same name fails loudly, so two stacks can never silently
disagree about which VPC or key is "the" one.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


class Shared:
    def __init__(self) -> None:
        self._items: dict[str, Any] = {}

    def register(self, name: str, value: Any) -> None:
        if name in self._items:
            raise ValueError(f"shared resource {name!r} is already registered")
        self._items[name] = value

    def get(self, name: str, kind: type[T]) -> T:
        """The resource called `name`; it must exist and be a `kind` (an interface is fine)."""
        try:
            value = self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"no shared resource {name!r} (registered: {known})") from None
        return value  # type: ignore[no-any-return]

    def __contains__(self, name: str) -> bool:
        return name in self._items
