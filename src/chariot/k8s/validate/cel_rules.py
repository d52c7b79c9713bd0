"""Evaluate a CRD's `x-kubernetes-validations` CEL rules, as the API server does on create.

The `common-expression-language` package runs standard CEL plus cel-go's string and list
extensions (`cel.stdlib`); the few Kubernetes-only functions the pinned CRDs use (`find`,
`findAll`, `isURL`, `url(...).getScheme()` and friends) are provided here. Transition rules
(those that read `oldSelf`) only run on update and are skipped, as on create.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import cel
from cel.stdlib import STDLIB_FUNCTIONS


def _find(text: str, pattern: str) -> str:
    match = re.search(pattern, text)
    return match.group(0) if match else ""


def _find_all(text: str, pattern: str, limit: int = -1) -> list[str]:
    found = [m.group(0) for m in re.finditer(pattern, text)]
    return found if limit < 0 else found[:limit]


def _is_url(text: str) -> bool:
    """Kubernetes' isURL: an absolute URL or an absolute path (Go's url.ParseRequestURI)."""
    if not isinstance(text, str) or not text:
        return False
    parts = urlsplit(text)
    return bool(parts.scheme and (parts.netloc or parts.path)) or text.startswith("/")


def _url(text: str) -> str:
    if not _is_url(text):
        raise ValueError(f"URL parse error during conversion from string: {text!r}")
    return text


def _scheme(text: str) -> str:
    return urlsplit(text).scheme


def _host(text: str) -> str:
    return urlsplit(text).netloc


def _hostname(text: str) -> str:
    return urlsplit(text).hostname or ""


def _port(text: str) -> str:
    port = urlsplit(text).port
    return "" if port is None else str(port)


def _path(text: str) -> str:
    return urlsplit(text).path


KUBERNETES_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "find": _find,
    "findAll": _find_all,
    "isURL": _is_url,
    "url": _url,
    "getScheme": _scheme,
    "getHost": _host,
    "getHostname": _hostname,
    "getPort": _port,
    "getEscapedPath": _path,
}
FUNCTIONS: dict[str, Callable[..., Any]] = {**STDLIB_FUNCTIONS, **KUBERNETES_FUNCTIONS}


@dataclass(frozen=True)
class Outcome:
    """A rule's verdict: passed, failed (with the rule's message), or could not be evaluated."""

    passed: bool
    message: str
    error: bool = False


@functools.cache
def _compile(rule: str) -> Any:
    return cel.compile(rule)


def is_transition_rule(rule: str) -> bool:
    """Rules that compare with the stored object (`oldSelf`) run only on update."""
    return "oldSelf" in _compile(rule).variables()


def _message(rule: dict[str, Any], value: Any) -> str | None:
    """A `messageExpression`'s text, as the server prefers it to `message` when it evaluates."""
    expression = rule.get("messageExpression")
    if not expression:
        return None
    try:
        text = _compile(expression).execute(
            cel.Context(variables={"self": value}, functions=FUNCTIONS)
        )
    except Exception:  # a broken message expression falls back to `message`, as on the server
        return None
    return text if isinstance(text, str) and text.strip() else None


def evaluate(rule: dict[str, Any], value: Any) -> Outcome:
    """Run one x-kubernetes-validations entry against `self = value`."""
    text = rule["rule"]
    message = rule.get("message") or f"failed rule: {text}"
    try:
        program = _compile(text)
        result = program.execute(cel.Context(variables={"self": value}, functions=FUNCTIONS))
    except KeyError as exc:
        return Outcome(False, f"rule {text!r}: no such key {exc.args[0]!r}", error=True)
    except Exception as exc:  # the CEL runtime raises several unrelated types
        return Outcome(False, f"rule {text!r} could not be evaluated: {exc}", error=True)
    if result is True:
        return Outcome(True, "")
    if result is False:
        return Outcome(False, _message(rule, value) or message)
    return Outcome(False, f"rule {text!r} returned {result!r}, not a boolean", error=True)
