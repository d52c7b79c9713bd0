"""The API kinds by `spec.edge.api_gateway`: one module each, one line here."""

from __future__ import annotations

from chariot.infra.edge.apis import http, none, rest
from chariot.infra.edge.apis.base import ApiKind

APIS: dict[str, ApiKind] = {
    "http": http.KIND,
    "rest": rest.KIND,
    "none": none.KIND,
}
