"""The hot read path: a cached GET of one item, served without FastAPI's per-request machinery.

A cached read spent ~300 of its ~800 µs CPU in FastAPI itself (dependency solving for the
bearer scheme, auth and the kit, the request object, routing through the included router;
profile in docs/services.md). A `HotRead` sits in front of the FastAPI route declared with the
same path and takes only the ordinary case: a GET whose bearer token the verifier has already
verified (and which has not expired), whose account id is well formed and whose caller may read
that account. Everything else — no token, a token seen for the first time, a malformed id,
another tenant's account, HEAD — does not match here and falls through to the FastAPI route,
which answers it exactly as before; that route also remains the OpenAPI description. On a cache
hit the JSON text stored in Redis is the response body as it is (no parse and re-render).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Match, NoMatchFound, compile_path

from chariot.runtime.kit.app import Kit, cached_item, item_key, item_response, loader
from chariot.runtime.kit.asgi import Receive, Scope, Send
from chariot.runtime.kit.errors import NotFoundError
from chariot.runtime.kit.items import SLUG_PATTERN

KeyOf = Callable[[Mapping[str, str]], tuple[str, str]]
"""Path parameters -> the item's table key (the same function the declared route uses)."""

_SLUG = re.compile(SLUG_PATTERN)
_HIT = {"X-Cache": "hit"}
_STATE = "chariot.hot"


class HotRead(BaseRoute):
    """`GET path` through the cache for callers already known; others go to the next route."""

    def __init__(self, path: str, key: KeyOf, account: str = "account_id") -> None:
        self.path = path  # also the `route` label of the metrics, as for the declared route
        self.key = key
        self.account = account
        self.regex = compile_path(path)[0]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "GET":
            return Match.NONE, {}
        # the raw path: under a root_path the hot route simply never matches (falls through)
        found = self.regex.match(scope["path"])
        kit: Kit | None = getattr(scope["app"].state, "kit", None)
        if found is None or kit is None:
            return Match.NONE, {}
        params = found.groupdict()
        account = params[self.account]
        if not _SLUG.fullmatch(account):
            return Match.NONE, {}
        authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        if authorization is None:
            return Match.NONE, {}
        principal = kit.verifier.known(authorization.decode("latin-1"))
        if principal is None or not principal.may_act_on(account):
            return Match.NONE, {}
        return Match.FULL, {"route": self, "path_params": params, _STATE: kit}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        kit: Kit = scope[_STATE]
        response = await hot_item(kit, *self.key(scope["path_params"]))
        await response(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        # Unnamed: the router asks every route and moves on at NoMatchFound; the declared
        # FastAPI route behind this one answers for the read's name.
        raise NoMatchFound(name, path_params)


async def hot_item(kit: Kit, pk: str, sk: str) -> Response:
    """`cached_item`, answering a hit with the stored JSON text itself."""
    if kit.cache is None:
        return await cached_item(kit, pk, sk)
    key = item_key(pk, sk)
    raw = await kit.cache.get_raw(key)
    if raw is not None:
        return Response(raw, media_type="application/json", headers=_HIT)
    value = await kit.cache.fill(key, loader(kit, pk, sk))
    if value is None:
        raise NotFoundError("no such item")
    return item_response(value, hit=False)
